import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ALERT_STATES, type AlertState } from '../alert-lifecycle.js';

export class ListAlertsDto {
  @IsOptional()
  @IsIn(ALERT_STATES)
  state?: AlertState;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
