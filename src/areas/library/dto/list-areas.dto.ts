import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class ListAreasDto {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  kind?: string;

  /** Part of the name, case-insensitive. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class ImportAreasQueryDto {
  /** Kind given to features whose properties name none (e.g. `county`). */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  kind?: string;
}
