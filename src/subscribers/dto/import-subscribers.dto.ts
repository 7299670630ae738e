import { IsIn, IsOptional } from 'class-validator';

export class ImportSubscribersQueryDto {
  /** Needed when the body is streamed with another content type (e.g. application/octet-stream). */
  @IsOptional()
  @IsIn(['csv', 'ndjson'])
  format?: 'csv' | 'ndjson';
}
