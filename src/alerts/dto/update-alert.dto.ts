import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';
import { AudienceFiltersDto } from '../../audience/dto/preview.dto.js';
import { SEVERITIES, URGENCIES, type Severity, type Urgency } from '../../dispatch/priority.js';
import { ALERT_STATUSES, CERTAINTIES } from './create-alert.dto.js';

/** A present field must be valid: `null` is refused for fields that cannot be cleared. */
const present = ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/**
 * PATCH /api/v1/alerts/:id: the fields to change, each optional. `filters` and `expires` take `null`
 * to clear them. An Exercise or Test alert never becomes Actual (409 `alert.status_immutable`).
 */
export class UpdateAlertDto {
  @present
  @IsString()
  @Length(1, 160)
  headline?: string;

  @present
  @IsString()
  @Length(1, 100)
  event?: string;

  @present
  @IsIn(SEVERITIES)
  severity?: Severity;

  @present
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @present
  @IsIn(CERTAINTIES)
  certainty?: (typeof CERTAINTIES)[number];

  @present
  @IsIn(ALERT_STATUSES)
  status?: (typeof ALERT_STATUSES)[number];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @present
  @IsObject()
  area?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @present
  @IsObject()
  texts?: Record<string, string>;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceFiltersDto)
  filters?: AudienceFiltersDto | null;

  /** After this nothing is sent; `null`: never expires. */
  @ApiPropertyOptional({ nullable: true, example: '2026-11-26T06:00:00-06:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expires?: string | null;
}
