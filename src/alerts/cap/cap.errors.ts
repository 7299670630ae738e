import { InvalidInputError } from '../../common/domain-error.js';

export type CapErrorCode =
  | 'cap.malformed'
  | 'cap.doctype_forbidden'
  | 'cap.wrong_namespace'
  | 'cap.invalid'
  | 'cap.unsupported'
  | 'cap.empty_body';

/** A CAP document refused at the edge: `details.path` names the element, e.g. `alert/info[1]/urgency`. */
export class CapError extends InvalidInputError {
  declare readonly code: CapErrorCode;

  constructor(code: CapErrorCode, message: string, details?: { path?: string; [key: string]: unknown }) {
    super(code, message, details);
  }
}
