import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { E164 } from '../subscriber.rules.js';
import { SubscriberPreferencesDto } from './create-subscriber.dto.js';

/** The self-service opt-in verifies a phone number (the code goes to it), so a phone is required and no email is taken. */
export class StartOptinDto extends SubscriberPreferencesDto {
  @Matches(E164, { message: 'phone must be an E.164 number such as +447700900123' })
  phone!: string;

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
