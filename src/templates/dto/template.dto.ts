import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import type { LanguageContent, WhatsAppSpec } from '../domain/template-definition.js';
import type { VariableDefinition } from '../domain/variables.js';

/** The content of a version; the nested parts are checked by the templates domain (`template.invalid_definition`). */
export class TemplateContentDto {
  @IsString()
  @Length(1, 120)
  name!: string;

  @IsOptional()
  @IsString()
  @Length(0, 1000)
  description?: string;

  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'defaultLanguage must be a BCP 47 tag such as en or pt-BR' })
  defaultLanguage!: string;

  /** `[{ name, type: text|number|datetime|duration|url|phone|place|places, required, label?, maxLength? }]` */
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  @IsArray()
  variables!: VariableDefinition[];

  /** Texts per language tag: `{ event, headline, description, instruction, short, long, web?, contact? }`. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } })
  @IsObject()
  languages!: Record<string, LanguageContent>;

  /** `{ name, parameterFormat: positional|named, parameters: [field or variable], languageCodes? }` */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  whatsapp?: WhatsAppSpec;
}

export class CreateTemplateDto extends TemplateContentDto {
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'key must be 2..63 lower-case letters, digits and -, such as evacuation-order' })
  key!: string;
}

export class UpdateTemplateDto extends TemplateContentDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class TemplateVersionQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export class PreviewTemplateDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** Values by variable name; checked against the version's variables (`template.invalid_variables`). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  variables!: Record<string, unknown>;

  /** Languages to render (e.g. those of the audience); default: every language of the template. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { each: true, message: 'each language must be a BCP 47 tag such as en or pt-BR' })
  languages?: string[];
}

export function contentOf(dto: TemplateContentDto): Record<string, unknown> {
  const { name, description, defaultLanguage, variables, languages, whatsapp } = dto;
  return { name, description, defaultLanguage, variables, languages, whatsapp };
}
