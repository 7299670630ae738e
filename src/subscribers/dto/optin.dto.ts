import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { CHANNELS, E164, LANGUAGE_TAG, MAX_LOCATIONS, MAX_REGIONS, MAX_TAGS, TAG, type Channel } from '../subscriber.rules.js';
import { LocationDto } from './create-subscriber.dto.js';

export class StartOptinDto {
  @Matches(E164, { message: 'phone must be an E.164 number such as +447700900123' })
  phone!: string;

  @Matches(LANGUAGE_TAG, { message: 'language must be a BCP 47 tag such as en or pt-BR' })
  language!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHANNELS.length)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels!: Channel[];

  @IsArray()
  @ArrayMaxSize(MAX_LOCATIONS)
  @ValidateNested({ each: true })
  @Type(() => LocationDto)
  locations!: LocationDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REGIONS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  regions?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @ArrayUnique()
  @Matches(TAG, { each: true, message: 'each tag must be lower-case letters, digits, - or _ (at most 40)' })
  tags?: string[];

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
