import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Min, ValidateNested } from 'class-validator';
import { AudienceFiltersDto } from '../../audience/dto/preview.dto.js';
import { SEVERITIES, URGENCIES, type Severity, type Urgency } from '../../dispatch/priority.js';

export const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export const ALERT_STATUSES = ['Actual', 'Exercise', 'Test'] as const;

/** The template an alert is rendered from: Beacon renders every language of that version (or those asked). */
export class AlertTemplateDto {
  @IsUUID()
  id!: string;

  /** Default: the template's current version. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** Name to value, checked against the template's typed variables (400 `template.invalid_variables` names each bad one). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsDefined()
  @IsObject()
  variables!: Record<string, unknown>;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { each: true, message: 'each language must be a BCP 47 tag such as en or pt-BR' })
  languages?: string[];
}

/** Alert content: `texts` (with `headline` and `event`), or a `template` that renders them, or both. */
export class CreateAlertDto {
  /** Required without a template; with one, overrides the template's headline. */
  @IsOptional()
  @IsString()
  @Length(1, 160)
  headline?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  event?: string;

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

  /** Message text per BCP 47 language tag. Required without a template; with one, a language given here replaces its rendering. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  texts?: Record<string, string>;

  @IsOptional()
  @ValidateNested()
  @Type(() => AlertTemplateDto)
  template?: AlertTemplateDto;

  /** When the dispatch may start, with its UTC offset; approving before then schedules the alert. */
  @ApiPropertyOptional({ example: '2026-11-25T18:00:00-06:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  onset?: string;

  /** After this nothing is sent. */
  @ApiPropertyOptional({ example: '2026-11-26T06:00:00-06:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expires?: string;

  /** Who inside the area may receive: `{ channels?, languages?, tags? }`, each "any of". Part of the content hash. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceFiltersDto)
  filters?: AudienceFiltersDto;
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

  /** The cancellation notice per language, when the alert reached people (default: Beacon's own notice, see docs/CAP.md). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  texts?: Record<string, string>;
}
