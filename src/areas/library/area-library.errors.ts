import { InvalidInputError } from '../../common/domain-error.js';

export type AreaLibraryErrorCode = 'area.unknown_named_area' | 'area.invalid_named_area' | 'area.invalid_feature_collection';

export class AreaLibraryError extends InvalidInputError {
  declare readonly code: AreaLibraryErrorCode;

  constructor(code: AreaLibraryErrorCode, message: string, details: Record<string, unknown>) {
    super(code, message, details);
  }
}
