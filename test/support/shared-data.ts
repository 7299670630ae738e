import { join } from 'node:path';

/** `../shared/data` beside the repository, as laid out for developers and CI. */
export const SHARED_DATA = process.env.BEACON_SHARED_DATA ?? join(import.meta.dirname, '../../../shared/data');
