import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-error.js';

export class SubscriberNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('subscriber.not_found', `No subscriber ${id}.`);
  }
}

export class PhoneTakenError extends ConflictError {
  constructor() {
    super('subscriber.phone_taken', 'A subscriber with this phone number already exists.');
  }
}

export class EmailTakenError extends ConflictError {
  constructor() {
    super('subscriber.email_taken', 'A subscriber with this email address already exists.');
  }
}

export class SubscriberErasedError extends ConflictError {
  constructor(id: string) {
    super('subscriber.erased', `Subscriber ${id} was erased; their contact data is gone.`);
  }
}

export class UnknownRegionError extends InvalidInputError {
  constructor(missing: string[]) {
    super('subscriber.unknown_region', `No area in the library with id ${missing.join(', ')}.`, { field: 'regions', missing });
  }
}

export class ImportConflictError extends ConflictError {
  constructor() {
    super(
      'subscriber.import_conflict',
      'A phone number or email address of the file was registered by someone else while the import ran; nothing was imported. Run the import again.',
    );
  }
}
