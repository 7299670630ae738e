import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsEmail, IsISO8601, IsIn, IsNumber, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, MaxLength,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, E164, LANGUAGE_TAG, MAX_EMAIL_LENGTH, MAX_LOCATIONS, MAX_REGIONS, MAX_TAGS, TAG, type Channel } from '../subscriber.rules.js';

const EMAIL_MESSAGE = { message: 'email must be an email address such as ana@example.org' };

export class LocationDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon!: number;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  label?: string;
}

export class ConsentDto {
  @IsString()
  @Length(1, 100)
  source!: string;

  @IsISO8601({ strict: true })
  at!: string;

  /** Version of the consent wording the citizen agreed to. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  wordingVersion?: string;
}

/** What a person tells Beacon about themselves, through an admin or the self-service opt-in (which adds its phone). */
export class SubscriberPreferencesDto {
  @Matches(LANGUAGE_TAG, { message: 'language must be a BCP 47 tag such as en or pt-BR' })
  language!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHANNELS.length)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels!: Channel[];

  /** Where the subscriber may be; at least one location or one followed region. */
  @IsArray()
  @ArrayMaxSize(MAX_LOCATIONS)
  @ValidateNested({ each: true })
  @Type(() => LocationDto)
  locations!: LocationDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @ArrayUnique()
  @Matches(TAG, { each: true, message: 'each tag must be lower-case letters, digits, - or _ (at most 40)' })
  tags?: string[];

  /** Ids of named areas (areas library) to follow. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REGIONS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  regions?: string[];
}

/** A person as an admin registers them: a phone number, an email address, or both. */
export class SubscriberProfileDto extends SubscriberPreferencesDto {
  @IsOptional()
  @Matches(E164, { message: 'phone must be an E.164 number such as +447700900123' })
  phone?: string;

  /** Stored with its domain in lower case. */
  @IsOptional()
  @IsEmail({}, EMAIL_MESSAGE)
  @MaxLength(MAX_EMAIL_LENGTH)
  email?: string;
}

export class CreateSubscriberDto extends SubscriberProfileDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent!: ConsentDto;
}

export class UpdateSubscriberDto {
  @IsOptional()
  @Matches(E164, { message: 'phone must be an E.164 number such as +447700900123' })
  phone?: string;

  @IsOptional()
  @IsEmail({}, EMAIL_MESSAGE)
  @MaxLength(MAX_EMAIL_LENGTH)
  email?: string;

  @IsOptional()
  @Matches(LANGUAGE_TAG, { message: 'language must be a BCP 47 tag such as en or pt-BR' })
  language?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHANNELS.length)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels?: Channel[];

  /** Replaces every location. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LOCATIONS)
  @ValidateNested({ each: true })
  @Type(() => LocationDto)
  locations?: LocationDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @ArrayUnique()
  @Matches(TAG, { each: true, message: 'each tag must be lower-case letters, digits, - or _ (at most 40)' })
  tags?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REGIONS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  regions?: string[];
}
