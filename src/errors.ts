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

/** 401: no usable credentials. `challenge` becomes the WWW-Authenticate header (RFC 6750). */
export class UnauthorizedError extends Error {
  readonly statusCode = 401;
  constructor(
    detail: string,
    readonly challenge: string,
  ) {
    super(detail);
    this.name = 'UnauthorizedError';
  }
}

/** 403: the key is valid but lacks the scope. */
export class ForbiddenError extends Error {
  readonly statusCode = 403;
  constructor(
    detail: string,
    readonly challenge: string,
  ) {
    super(detail);
    this.name = 'ForbiddenError';
  }
}

/** A violated rule of the data: 422 with every violation listed. */
export class UnprocessableError extends Error {
  readonly statusCode = 422;
  constructor(readonly errors: { in: 'body' | 'path' | 'query' | 'header'; name: string; message: string }[]) {
    super(errors.map((e) => `${e.name}: ${e.message}`).join('; '));
    this.name = 'UnprocessableError';
  }
}

/** 409: the request conflicts with the state of the data (a slug taken, a record still referenced). */
export class ConflictError extends Error {
  readonly statusCode = 409;
  constructor(detail: string) {
    super(detail);
    this.name = 'ConflictError';
  }
}

/** 412 / 428: optimistic concurrency. */
export class PreconditionError extends Error {
  constructor(
    readonly statusCode: 412 | 428,
    detail: string,
  ) {
    super(detail);
    this.name = 'PreconditionError';
  }
}
