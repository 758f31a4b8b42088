import type { ProblemFieldError } from './schemas/problem.js';

/**
 * Errors that the domain raises and the error handler turns into problems. Repositories throw these
 * rather than knowing about HTTP replies.
 */
export class InvalidQueryError extends Error {
  readonly statusCode = 400;
  constructor(readonly errors: ProblemFieldError[]) {
    super(errors.map((e) => `${e.in} ${e.name}: ${e.message}`).join('; '));
    this.name = 'InvalidQueryError';
  }
}

export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(detail: string) {
    super(detail);
    this.name = 'NotFoundError';
  }
}
