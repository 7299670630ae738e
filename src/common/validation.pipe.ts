import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { errorBody } from './error.filter.js';

interface FieldProblem {
  field: string;
  problems: string[];
}

/** Strips nothing silently: unknown fields are rejected, and every problem is named by its path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const unknown = fields.filter((field) => field.problems.some((problem) => problem.includes('should not exist')));
      const code = unknown.length > 0 ? 'unknown_field' : 'validation_failed';
      const first = fields[0];
      const message = first ? `${first.field}: ${first.problems[0]}` : 'The request body is invalid.';
      return new BadRequestException(errorBody(code, message, { fields }));
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
