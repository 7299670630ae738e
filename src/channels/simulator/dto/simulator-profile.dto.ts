import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import type { SimulatorProfile } from '../simulator-profile.js';

const HOUR_MS = 3_600_000;

/** Changes to the simulator's behaviour; fields left out keep their value. */
export class SimulatorProfileDto implements Partial<SimulatorProfile> {
  @IsOptional() @IsNumber() @Min(0) @Max(HOUR_MS) latencyMs?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) rate429?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) rate5xx?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) permanentFailureRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) timeoutRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(HOUR_MS) timeoutHoldMs?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(HOUR_MS) deliverDelayMs?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(HOUR_MS) readDelayMs?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) readRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) duplicateRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) replyRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) helpRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(HOUR_MS) replyDelayMs?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(HOUR_MS) jitterMs?: number;
}
