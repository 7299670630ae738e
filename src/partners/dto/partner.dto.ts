import { IsBoolean, IsIn, IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';

export const PARTNER_FORMATS = ['cap', 'json'] as const;
export type PartnerFormat = (typeof PARTNER_FORMATS)[number];

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const URL_MESSAGE = { message: 'url must be an http:// or https:// URL' };

export class CreatePartnerDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  @MaxLength(2000)
  url!: string;

  @IsIn(PARTNER_FORMATS)
  format!: PartnerFormat;

  /** The HMAC key; generated when not given. Shown once, in the answer to the creation. */
  @IsOptional()
  @IsString()
  @Length(16, 200)
  secret?: string;
}

export class UpdatePartnerDto {
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  @MaxLength(2000)
  url?: string;

  @IsOptional()
  @IsIn(PARTNER_FORMATS)
  format?: PartnerFormat;

  /** A new HMAC key chosen by the admin (the answer does not repeat it). */
  @IsOptional()
  @IsString()
  @Length(16, 200)
  secret?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
