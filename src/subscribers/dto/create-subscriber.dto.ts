import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { CHANNELS, type Channel } from '../subscriber.rules.js';

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
}

export class CreateSubscriberDto {
  @Matches(/^\+[1-9]\d{7,14}$/, { message: 'phone must be an E.164 number such as +447700900123' })
  phone!: string;

  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'language must be a BCP 47 tag such as en or pt-BR' })
  language!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHANNELS.length)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels!: Channel[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => LocationDto)
  locations!: LocationDto[];

  @ValidateNested()
  @Type(() => ConsentDto)
  consent!: ConsentDto;
}
