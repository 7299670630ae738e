import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ALERT_STATUSES } from './create-alert.dto.js';

/** What the approver reviewed: the alert view's `contentHash`, and its status typed again. */
export class ApproveAlertDto {
  /** `contentHash` of GET /api/v1/alerts/:id; 409 `alert.content_changed` when the alert would now send something else. */
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'contentHash must be the 64 hex digits of the alert view\'s contentHash' })
  contentHash!: string;

  /** Must equal the alert's status (for a live alert: "Actual", typed a second time); else 400 `alert.status_not_confirmed`. */
  @ApiPropertyOptional({ enum: ALERT_STATUSES })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  confirmStatus?: (typeof ALERT_STATUSES)[number];
}
