import { allClear } from './all-clear.js';
import { boilWater } from './boil-water.js';
import { evacuationOrder } from './evacuation-order.js';
import { floodWarning } from './flood-warning.js';
import { sheltersOpen } from './shelters-open.js';
import { shelterInPlace } from './shelter-in-place.js';
import type { StarterTemplate } from './starter.js';

/** Seeded at start-up when their key is free (see StarterTemplatesSeeder). */
export const STARTER_TEMPLATES: readonly StarterTemplate[] = [evacuationOrder, shelterInPlace, floodWarning, sheltersOpen, boilWater, allClear];
