import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/templates/domain/duration.js';
import { InvalidVariablesError, validateVariables, type VariableProblem } from '../../src/templates/domain/variable-values.js';
import { InvalidTemplateError, parseVariableDefinitions, type VariableDefinition } from '../../src/templates/domain/variables.js';

const definitions: VariableDefinition[] = [
  { name: 'area', type: 'text', required: true, maxLength: 20 },
  { name: 'level', type: 'number', required: false },
  { name: 'until', type: 'datetime', required: false },
  { name: 'lasts', type: 'duration', required: false },
  { name: 'site', type: 'url', required: false },
  { name: 'hotline', type: 'phone', required: false },
  { name: 'shelter', type: 'place', required: false },
  { name: 'shelters', type: 'places', required: false },
];

function problemsOf(variables: unknown): VariableProblem[] {
  try {
    validateVariables(definitions, variables);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidVariablesError);
    const invalid = error as InvalidVariablesError;
    expect(invalid.code).toBe('template.invalid_variables');
    expect(invalid.status).toBe(400);
    return invalid.problems;
  }
  return [];
}

describe('supplied variables', () => {
  it('accepts every type in its documented shape', () => {
    const values = validateVariables(definitions, {
      area: ' Riverside ',
      level: 4.2,
      until: { at: '2026-11-25T18:00:00-06:00', timeZone: 'America/Chicago' },
      lasts: 'P1DT12H',
      site: 'https://city.example/flood',
      hotline: '+15555550100',
      shelter: { name: 'Hall', lat: 41.5, lon: -90.5 },
      shelters: [{ name: 'School', address: '1 Main St', lat: 41.5, lon: -90.5, capacity: 300, accessible: true }],
    });
    expect(values.get('area')).toEqual({ type: 'text', value: 'Riverside' });
    expect(values.get('until')).toEqual({ type: 'datetime', at: new Date('2026-11-26T00:00:00Z'), timeZone: 'America/Chicago' });
    expect(values.get('lasts')).toMatchObject({ type: 'duration', value: { days: 1, hours: 12 } });
    expect(values.size).toBe(8);
  });

  it('names a missing required variable, an extra one and an ill-typed one, all at once', () => {
    expect(problemsOf({ level: 'high', wind: 90 })).toEqual([
      { variable: 'area', problem: 'missing', message: 'area is required.' },
      { variable: 'level', problem: 'invalid', message: 'level must be a finite number.' },
      { variable: 'wind', problem: 'unexpected', message: 'wind is not a variable of this template.' },
    ]);
  });

  it.each([
    ['area', 'x'.repeat(21), 'at most 20'],
    ['area', 'line\nbreak', 'control characters'],
    ['area', 'spoof\u202Eevil', 'control characters'],
    ['level', Number.NaN, 'finite number'],
    ['until', '2026-11-25T18:00:00Z', 'timeZone'],
    ['until', { at: '2026-11-25T18:00:00', timeZone: 'Europe/Lisbon' }, 'with offset'],
    ['until', { at: '2026-11-25T18:00:00Z', timeZone: 'Mars/Olympus' }, 'unknown time zone'],
    ['until', { at: '2026-02-30T18:00:00Z', timeZone: 'UTC' }, 'not a real date-time'],
    ['lasts', '2 hours', 'ISO 8601 duration'],
    ['lasts', 'PT', 'ISO 8601 duration'],
    ['site', 'javascript:alert(1)', 'http(s) URL'],
    ['site', 'https://user:pw@example.org', 'user name or password'],
    ['hotline', '555-0100', 'E.164'],
    ['hotline', '+0123456789', 'E.164'],
    ['shelter', { name: 'Hall', lat: 91, lon: 0 }, 'lat between'],
    ['shelter', { name: 'Hall', lat: 1, lon: 2, capacity: 3 }, 'unknown field "capacity"'],
    ['shelters', [], 'list of 1..50'],
    ['shelters', [{ name: 'School', lat: 1, lon: 2, capacity: -1 }], '[0] has a capacity'],
    ['shelters', [{ name: 'School', lat: 1, lon: 2, accessible: 'yes' }], 'accessible that is not true or false'],
  ])('refuses %s = %j', (name, value, message) => {
    const problems = problemsOf({ area: 'Riverside', [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ variable: name, problem: 'invalid' });
    expect(problems[0]!.message).toContain(message);
  });

  it('reads only own properties: a __proto__ key is an unexpected variable, not a way to supply one', () => {
    expect(problemsOf(JSON.parse('{"__proto__": {"area": "x"}}'))).toEqual([
      { variable: 'area', problem: 'missing', message: 'area is required.' },
      { variable: '__proto__', problem: 'unexpected', message: '__proto__ is not a variable of this template.' },
    ]);
  });
});

describe('ISO 8601 durations', () => {
  it.each([
    ['PT2H30M', { hours: 2, minutes: 30 }],
    ['P1D', { days: 1 }],
    ['P2W', { weeks: 2 }],
    ['P1Y2M3DT4H5M6S', { years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 }],
  ])('%s', (text, expected) => {
    expect(parseDuration(text)).toMatchObject(expected);
  });
  it.each(['', 'P', 'PT', 'P1DT', '1D', 'PT1.5H', 'P-1D'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('variable definitions', () => {
  it.each([
    [[{ name: 'Area', type: 'text', required: true }], 'variables[0].name'],
    [[{ name: 'a', type: 'colour', required: true }], 'variables[0].type'],
    [[{ name: 'a', type: 'text' }], 'variables[0].required'],
    [[{ name: 'a', type: 'text', required: true }, { name: 'a', type: 'number', required: true }], 'variables[1].name'],
    [[{ name: 'a', type: 'number', required: true, maxLength: 3 }], 'variables[0].maxLength'],
    [[{ name: 'a', type: 'text', required: true, default: 'x' }], 'variables[0].default'],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => parseVariableDefinitions(input)).toThrow(InvalidTemplateError);
    try {
      parseVariableDefinitions(input);
    } catch (error) {
      expect((error as InvalidTemplateError).details).toMatchObject({ field });
    }
  });
});
