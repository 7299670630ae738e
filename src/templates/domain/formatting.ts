import { DURATION_UNITS, type Duration } from './duration.js';
import type { Place, PlaceItem, VariableValue } from './variable-values.js';

/** One formatted value; the kind lets an output make links of URLs and phone numbers. */
export interface Piece {
  text: string;
  kind: 'text' | 'url' | 'phone';
}

const UNIT_OF: Record<(typeof DURATION_UNITS)[number], string> = {
  years: 'year',
  months: 'month',
  weeks: 'week',
  days: 'day',
  hours: 'hour',
  minutes: 'minute',
  seconds: 'second',
};

/** Locale-aware formatting through Intl, one instance per language. */
export class ValueFormatter {
  constructor(readonly language: string) {}

  /** A variable's value, or one of its fields; undefined when that field is absent. */
  format(value: VariableValue, field?: string): Piece | undefined {
    switch (value.type) {
      case 'text':
        return text(value.value);
      case 'number':
        return text(this.number(value.value));
      case 'datetime':
        return text(this.dateTime(value.at, value.timeZone, field));
      case 'duration':
        return text(this.duration(value.value));
      case 'url':
        return { text: value.value, kind: 'url' };
      case 'phone':
        return { text: value.value, kind: 'phone' };
      case 'place':
        return field === undefined ? text(placeLine(value.value)) : this.placeField(value.value, field);
      case 'places':
        return text(new Intl.ListFormat(this.language, { type: 'conjunction' }).format(value.value.map((place) => place.name)));
    }
  }

  /** A field of one place of a list, inside `{{#each}}`; `number` is its position from 1. */
  itemField(item: PlaceItem, index: number, field: string): Piece | undefined {
    switch (field) {
      case 'capacity':
        return item.capacity === undefined ? undefined : text(this.number(item.capacity));
      case 'number':
        return text(this.number(index + 1));
      case 'accessible':
        return item.accessible ? text('✓') : undefined;
      default:
        return this.placeField(item, field);
    }
  }

  number(value: number): string {
    return new Intl.NumberFormat(this.language, { maximumFractionDigits: 2 }).format(value);
  }

  dateTime(at: Date, timeZone: string, field?: string): string {
    const time: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', timeZone, timeZoneName: 'short' };
    const day: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', timeZone };
    if (field === 'time') return new Intl.DateTimeFormat(this.language, time).format(at);
    if (field === 'date') return new Intl.DateTimeFormat(this.language, { ...day, year: 'numeric' }).format(at);
    // A warning is about the coming hours or days: the weekday says more than the year.
    return new Intl.DateTimeFormat(this.language, { ...day, ...time }).format(at);
  }

  /** `PT2H30M` -> "2 hours, 30 minutes" / "2 horas y 30 minutos" / "ساعتان و30 دقيقة". */
  duration(duration: Duration): string {
    const parts = DURATION_UNITS.filter((unit) => duration[unit] > 0).map((unit) =>
      new Intl.NumberFormat(this.language, { style: 'unit', unit: UNIT_OF[unit], unitDisplay: 'long' }).format(duration[unit]),
    );
    if (parts.length === 0) return new Intl.NumberFormat(this.language, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(0);
    return new Intl.ListFormat(this.language, { type: 'unit', style: 'long' }).format(parts);
  }

  private placeField(place: Place, field: string): Piece | undefined {
    switch (field) {
      case 'name':
        return text(place.name);
      case 'address':
        return place.address === undefined ? undefined : text(place.address);
      case 'lat':
        return text(place.lat.toFixed(5));
      case 'lon':
        return text(place.lon.toFixed(5));
      case 'map':
        return { text: mapUrl(place), kind: 'url' };
      default:
        return undefined;
    }
  }
}

export function mapUrl(place: Place): string {
  const lat = place.lat.toFixed(5);
  const lon = place.lon.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

function placeLine(place: Place): string {
  return place.address ? `${place.name}, ${place.address}` : place.name;
}

function text(value: string): Piece {
  return { text: value, kind: 'text' };
}
