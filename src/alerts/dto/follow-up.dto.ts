import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateAlertDto } from './create-alert.dto.js';

/**
 * An Update of a sent alert: every field is optional, and what is not given is copied from the earlier
 * alert (status never changes: an Update keeps the earlier alert's status).
 */
export class UpdateMessageDto extends PartialType(OmitType(CreateAlertDto, ['status'] as const)) {}
