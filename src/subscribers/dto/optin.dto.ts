import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { SubscriberProfileDto } from './create-subscriber.dto.js';

export class StartOptinDto extends SubscriberProfileDto {
  /** Version of the consent wording shown to the citizen, e.g. `2026-11`. */
  @IsString()
  @Length(1, 100)
  wordingVersion!: string;
}

export class ConfirmOptinDto {
  @IsUUID('all')
  attemptId!: string;

  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits sent to the phone' })
  code!: string;
}
