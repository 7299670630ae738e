import { ConflictError, NotFoundError } from '../common/domain-error.js';

export class TemplateNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('template.not_found', `No template ${id}.`);
  }
}

export class TemplateVersionNotFoundError extends NotFoundError {
  constructor(id: string, version: number, latest: number) {
    super('template.version_not_found', `Template ${id} has no version ${version} (latest: ${latest}).`, { version, latest });
  }
}

export class TemplateKeyTakenError extends ConflictError {
  constructor(key: string) {
    super('template.key_taken', `A template with key ${key} already exists.`, { key });
  }
}

export class TemplateVersionConflictError extends ConflictError {
  constructor(expected: number, current: number) {
    super('template.version_conflict', `The template is at version ${current}, not ${expected}: someone changed it meanwhile; reload and apply your change again.`, { expected, current });
  }
}
