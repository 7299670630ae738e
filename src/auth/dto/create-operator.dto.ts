import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
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
}

export class RotateKeyDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_KEY_LIFETIME_DAYS)
  keyExpiresInDays?: number;
}
