import { NotFoundError } from '../common/domain-error.js';

export class PartnerNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('partner.not_found', `No partner ${id}.`);
  }
}
