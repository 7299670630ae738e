import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { SEVERITIES, URGENCIES, type Severity, type Urgency } from '../../dispatch/priority.js';

export const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export const ALERT_STATUSES = ['Actual', 'Exercise', 'Test'] as const;

export class CreateAlertDto {
  @IsString()
  @Length(1, 160)
  headline!: string;

  @IsString()
  @Length(1, 100)
  event!: string;

  @IsIn(SEVERITIES)
  severity!: Severity;

  @IsIn(URGENCIES)
  urgency!: Urgency;

  @IsIn(CERTAINTIES)
  certainty!: (typeof CERTAINTIES)[number];

  @IsIn(ALERT_STATUSES)
  status!: (typeof ALERT_STATUSES)[number];

  /** `{ polygons?: GeoJSON Polygon|MultiPolygon[], circles?: [{ lat, lon, radiusKm }] }`, checked by the areas module. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  area!: Record<string, unknown>;

  /** Message text per BCP 47 language tag. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  @IsObject()
  texts!: Record<string, string>;
}

export class RejectAlertDto {
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class CancelAlertDto {
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}
