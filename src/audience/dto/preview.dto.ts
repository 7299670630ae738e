import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { CHANNELS, LANGUAGE_TAG, MAX_TAGS, TAG, type Channel } from '../../subscribers/subscriber.rules.js';

export class AudienceFiltersDto {
  /** Only these channels (each person still on their first preferred one of them). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels?: Channel[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(LANGUAGE_TAG, { each: true, message: 'each language must be a BCP 47 tag such as en or pt-BR' })
  languages?: string[];

  /** Subscribers having any of these tags. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TAGS)
  @Matches(TAG, { each: true, message: 'each tag must be lower-case letters, digits, - or _ (at most 40)' })
  tags?: string[];
}

export class AudiencePreviewDto {
  /** `{ polygons?, circles?, areaIds?, geocodes? }`: their union. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  area!: Record<string, unknown>;

  @IsOptional()
  @ValidateNested()
  @Type(() => AudienceFiltersDto)
  filters?: AudienceFiltersDto;
}
