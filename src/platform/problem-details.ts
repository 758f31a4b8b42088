import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ForbiddenError, InvalidQueryError, UnauthorizedError, UnprocessableError } from '../errors.js';
import { defaultProblemType, problemTypes, problemTypeUri, type ProblemTypeName } from './problem-types.js';
import { PROBLEM_CONTENT_TYPE, type Problem, type ProblemFieldError } from '../schemas/problem.js';

/**
 * Every error answer of the API, whoever raises it (a route, validation, Fastify itself, or Node's HTTP
 * parser), is an RFC 9457 problem document. 5xx answers never carry internals: the details go to the log,
 * tied to the answer by its request id.
 */

/** The `type` and `title` of a problem: its kind's (problem-types.ts), or about:blank for a status without one. */
export function problemType(status: number, name: ProblemTypeName | undefined = defaultProblemType(status)): { type: string; title: string } {
  if (name) return { type: problemTypeUri(name), title: problemTypes[name].title };
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error' };
}

export interface ProblemInit {
  status: number;
  detail: string;
  /** A kind more specific than its status's default; declared in problem-types.ts, so that it has a page. */
  kind?: ProblemTypeName;
  errors?: ProblemFieldError[];
}

export function buildProblem(request: Pick<FastifyRequest, 'url' | 'id'>, init: ProblemInit): Problem {
  const kind = problemType(init.status, init.kind);
  return {
    type: kind.type,
    title: kind.title,
    status: init.status,
    detail: init.detail,
    instance: request.url,
    requestId: String(request.id),
    ...(init.errors ? { errors: init.errors } : {}),
  };
}

/** Sends a problem; the body is serialised here so that no route's response schema can reject it. */
export function sendProblem(reply: FastifyReply, init: ProblemInit): FastifyReply {
  const problem = buildProblem(reply.request, init);
  return reply.code(init.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

const validationLocation: Record<string, ProblemFieldError['in']> = {
  querystring: 'query',
  params: 'path',
  body: 'body',
  headers: 'header',
};

function fieldName(location: ProblemFieldError['in'], instancePath: string): string {
  // Query, path and header inputs are named as the client wrote them (the n-th value of a comma-separated
  // list is still that parameter); body inputs as JSON pointers.
  if (location === 'body') return instancePath || '/';
  return instancePath.split('/').filter(Boolean)[0] ?? '(all)';
}

function listPosition(location: ProblemFieldError['in'], instancePath: string): string {
  const index = location === 'body' ? undefined : instancePath.split('/').filter(Boolean)[1];
  return index !== undefined && /^\d+$/.test(index) ? ` (value ${Number(index) + 1} of the list)` : '';
}

function validationErrors(error: FastifyError): ProblemFieldError[] {
  const location = validationLocation[error.validationContext ?? ''] ?? 'body';
  if (hasZodFastifySchemaValidationErrors(error)) {
    return error.validation.map((issue) => {
      const unknownKeys = (issue.params as { keys?: unknown }).keys;
      if (issue.keyword === 'unrecognized_keys' && Array.isArray(unknownKeys)) {
        return unknownKeys.map((key) => ({
          in: location,
          name: location === 'body' ? `${issue.instancePath.replace(/\/$/, '')}/${String(key)}` : String(key),
          message: location === 'query' ? 'unknown query parameter' : 'unknown field',
        }));
      }
      return [
        {
          in: location,
          name: fieldName(location, issue.instancePath),
          message: `${issue.message ?? 'is invalid'}${listPosition(location, issue.instancePath)}`,
        },
      ];
    }).flat();
  }
  return (error.validation ?? []).map((issue) => ({
    in: location,
    name: fieldName(location, issue.instancePath),
    message: issue.message ?? 'is invalid',
  }));
}

function describeFieldErrors(errors: ProblemFieldError[]): string {
  return errors.map((e) => `${e.in} ${e.name}: ${e.message}`).join('; ');
}

/** Fastify's body errors, said so that a client can act on them: the limit, the one accepted media type. */
function bodyProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): ProblemInit | undefined {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, detail: `The request body is larger than the ${request.routeOptions.bodyLimit} bytes this server accepts.` };
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    // JSON only (src/platform/abuse-limits.ts), unless the route's schema names what it consumes.
    const accepted = (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes ?? ['application/json'];
    // RFC 5789 §2.2 (Accept-Patch) and its POST counterpart name what the server accepts.
    if (request.method === 'PATCH') reply.header('accept-patch', accepted.join(', '));
    if (request.method === 'POST') reply.header('accept-post', accepted.join(', '));
    const given = request.headers['content-type'];
    return {
      status: 415,
      detail: `The body must be sent with Content-Type: ${accepted.join(' or ')}; this one came ${given ? `as ${given}` : 'without a Content-Type'}.`,
    };
  }
  return undefined;
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof UnauthorizedError || error instanceof ForbiddenError) {
      reply.header('www-authenticate', error.challenge);
      return sendProblem(reply, { status: error.statusCode, detail: error.message });
    }
    if (error instanceof UnprocessableError) {
      return sendProblem(reply, {
        status: 422,
        detail: error.message,
        errors: error.errors,
      });
    }
    if (error instanceof InvalidQueryError) {
      return sendProblem(reply, {
        status: 400,
        kind: 'invalid-parameters',
        detail: error.message,
        errors: error.errors,
      });
    }
    if (error.validation) {
      const errors = validationErrors(error);
      return sendProblem(reply, {
        status: 400,
        kind: 'invalid-parameters',
        detail: describeFieldErrors(errors),
        errors,
      });
    }
    const body = bodyProblem(error, request, reply);
    if (body) {
      request.log.info({ err: { code: error.code, message: error.message } }, 'request rejected');
      return sendProblem(reply, body);
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    // A 503 is the server declining work (load shedding, src/platform/abuse-limits.ts): a warning, no stack.
    if (status === 503) request.log.warn({ err: { code: error.code, message: error.message } }, 'request shed');
    if (status >= 500) {
      if (status !== 503) request.log.error({ err: error }, 'request failed');
      return sendProblem(reply, {
        status,
        detail:
          status === 503
            ? 'The service is temporarily unable to answer; try again shortly.'
            : `The server could not answer this request. Quote request id ${String(request.id)} when reporting it.`,
      });
    }
    request.log.info({ err: { code: error.code, message: error.message } }, 'request rejected');
    return sendProblem(reply, { status, detail: error.message });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      status: 404,
      detail: `There is no resource at ${request.method} ${request.url.split('?')[0] ?? ''}. The API lives under /v1; see /docs.`,
    }),
  );
}

/** Errors Fastify raises before routing (a malformed URL, say): same shape as any other error. */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, request, reply) => {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void sendProblem(reply, { status, detail: error.message });
};

/**
 * Errors of Node's HTTP parser (a header too large, a malformed request line) happen before Fastify sees a
 * request: answer them on the raw socket, still as problem+json.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException & { bytesParsed?: number }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const kind = problemType(status);
  const body = JSON.stringify({
    type: kind.type,
    title: kind.title,
    status,
    detail:
      status === 431
        ? 'The request headers are larger than the server accepts.'
        : status === 408
          ? 'The request took too long to arrive.'
          : 'The request could not be parsed as HTTP.',
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
