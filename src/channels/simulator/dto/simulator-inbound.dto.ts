import { Type } from 'class-transformer';
import { IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class SimulatedLocationDto {
  @IsNumber() @Min(-90) @Max(90) latitude!: number;
  @IsNumber() @Min(-180) @Max(180) longitude!: number;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
}

export class SimulatedButtonDto {
  @IsString() @MaxLength(200) text!: string;
  @IsString() @MaxLength(200) payload!: string;
}

/** A message a simulated person sends to Beacon: text, a tapped button or a shared location. */
export class SimulatorInboundDto {
  /** E.164 or digits. */
  @Matches(/^\+?\d{6,15}$/) from!: string;
  @IsOptional() @Matches(/^\d{1,20}$/) phoneNumberId?: string;
  @IsOptional() @IsString() @MaxLength(4096) text?: string;
  @IsOptional() @ValidateNested() @Type(() => SimulatedButtonDto) button?: SimulatedButtonDto;
  @IsOptional() @ValidateNested() @Type(() => SimulatedLocationDto) location?: SimulatedLocationDto;
  /** The wamid of the alert this answers. */
  @IsOptional() @IsString() @MaxLength(200) replyTo?: string;
}
