import { PickType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { MAX_ALLOWED_AREAS } from '../operator-areas.js';
import { MAX_KEY_LIFETIME_DAYS } from '../operator-keys.js';
import { ROLES, type Role } from '../roles.js';

export class CreateOperatorDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_KEY_LIFETIME_DAYS)
  keyExpiresInDays?: number;

  /** Library area ids the operator's alerts must lie within; absent, null or empty = anywhere. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ALLOWED_AREAS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  allowedAreaIds?: string[] | null;
}

/** What an admin may change on an operator, checked as at creation; null or [] lifts the area restriction. */
export class UpdateOperatorDto extends PickType(CreateOperatorDto, ['allowedAreaIds'] as const) {}

export class RotateKeyDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_KEY_LIFETIME_DAYS)
  keyExpiresInDays?: number;
}
