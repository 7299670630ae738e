import { InvalidInputError } from '../common/domain-error.js';

export type AreaErrorCode =
  | 'area.empty'
  | 'area.invalid_geometry'
  | 'area.coordinates_out_of_range'
  | 'area.ring_not_closed'
  | 'area.ring_too_short'
  | 'area.self_intersection'
  | 'area.too_many_vertices'
  | 'area.invalid_circle';

/** Where the fault is, as a path into the request's `area` field, plus what the code needs. */
export interface AreaErrorDetails {
  path: string;
  [key: string]: unknown;
}

export class AreaError extends InvalidInputError {
  declare readonly code: AreaErrorCode;
  declare readonly details: AreaErrorDetails;

  constructor(code: AreaErrorCode, message: string, details: AreaErrorDetails) {
    super(code, message, details);
  }
}
