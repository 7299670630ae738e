import { InvalidInputError } from '../../common/domain-error.js';
import type { SimulatorProfile } from './simulator-profile.js';

/** Applies profile changes to a simulator; an out-of-range field is the client's 400, not a 500. */
export function configureProfile(simulator: { configure(changes: Partial<SimulatorProfile>): SimulatorProfile }, changes: Partial<SimulatorProfile>): SimulatorProfile {
  try {
    return simulator.configure(changes);
  } catch (error) {
    if (error instanceof RangeError) throw new InvalidInputError('simulator.invalid_profile', error.message);
    throw error;
  }
}
