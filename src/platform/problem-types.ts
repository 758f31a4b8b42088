/**
 * The kinds of problem this API reports, declared once. The error handler (problem-details.ts) takes each
 * answer's `type` and `title` from here, and GET /problems/<name> (src/modules/problem-types/) serves each
 * entry as a page, so every `type` the server can emit is a URI that answers.
 *
 * `description` is written for a client developer: what happened and what to do about it. Paragraphs are
 * separated by blank lines; `backticks` mark code (the pages render them as <code> and as Markdown).
 */
interface ProblemTypeEntry {
  status: number;
  title: string;
  description: string;
  /** Raised by name only: not the default kind of its status (a 400 is `invalid-request` unless said otherwise). */
  specific?: true;
}

export const problemTypes = {
  'invalid-parameters': {
    status: 400,
    title: 'Invalid request parameters',
    specific: true,
    description:
      'A query parameter, path parameter, header or body field has a value the operation does not accept, or is not one it knows (unknown parameters are refused rather than ignored).\n\n' +
      'The `errors` array names each failing input: `in` (`query`, `path`, `header` or `body`), `name` (the parameter as you wrote it, or a JSON pointer such as `/text` into the body) and `message`. ' +
      '`detail` says the same in one line. Fix those inputs and send the request again; the accepted values of every parameter are in the OpenAPI document at `/openapi.json`.',
  },
  'invalid-request': {
    status: 400,
    title: 'Invalid request',
    description:
      'The request could not be read: a body that is not valid JSON, an empty body sent with `Content-Type: application/json`, a malformed URL, or bytes that are not HTTP.\n\n' +
      '`detail` says what could not be parsed. Check how your client encodes the URL and the body; this is not about the values themselves (those are `invalid-parameters`).',
  },
  unauthorized: {
    status: 401,
    title: 'Authentication required',
    description:
      'The operation needs an API key and none was sent, or the one sent is unknown, revoked or malformed. Writes always need a key; reads need one only where the server runs with `REQUIRE_AUTH_FOR_READS=true`.\n\n' +
      'Send `Authorization: Bearer esk_…` with a key made by `npm run keys -- create --name NAME --scope write`. `detail` says what was wrong; the `WWW-Authenticate` header says it as RFC 6750 does (`error="invalid_token"` for an unknown or revoked key).',
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    description:
      'The API key is valid but lacks the scope this operation needs (`read`, `write` or `admin`; imports need `admin`).\n\n' +
      '`detail` and the `WWW-Authenticate` header (`error="insufficient_scope", scope="…"`) name the scope required. Use a key with that scope; a key\'s scopes are fixed when it is created.',
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    description:
      'There is no resource at this path: the id or slug does not exist (or was deleted), or the path is not one of the API\'s.\n\n' +
      'Resources live under `/v1`; ids are the ones the list endpoints return. The operations are listed in `/docs` and `/openapi.json`.',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    description: 'The path exists but does not answer this HTTP method. The OpenAPI document lists the methods of every path.',
  },
  'not-acceptable': {
    status: 406,
    title: 'Not acceptable',
    description:
      'None of the representations this resource has matches the `Accept` header of the request.\n\n' +
      '`detail` lists the media types offered; send one of them in `Accept`, or `*/*`.',
  },
  'request-timeout': {
    status: 408,
    title: 'Request timeout',
    description:
      'The request (its headers or its body) took longer to arrive than the server waits, so the connection was closed.\n\n' +
      'Send the whole request promptly; for a large import, check the network path rather than retrying in a loop.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    description:
      'The request conflicts with the state of the data: a slug or id already taken, a record still referenced by others, or a restore of a record that is not deleted.\n\n' +
      '`detail` names the conflicting record. GET the current state, then change the request (another slug, remove the references first).',
  },
  'precondition-failed': {
    status: 412,
    title: 'Precondition failed',
    description:
      'The `If-Match` header names an ETag that is no longer current: someone changed the record after your last GET.\n\n' +
      'GET the record again, re-apply your change to what it holds now, and send it with the new `ETag` in `If-Match`. Nothing was written.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    description:
      'The request body is larger than the server accepts (`BODY_LIMIT_BYTES`; `detail` gives the limit in bytes).\n\n' +
      'Send less at once: split an import into several requests.',
  },
  'uri-too-long': {
    status: 414,
    title: 'URI too long',
    description: 'The request URL is longer than the server accepts. Send fewer or shorter query parameters, or split the request.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    description:
      'The body was sent with a `Content-Type` the operation does not accept, or without one.\n\n' +
      'Bodies are JSON: send `Content-Type: application/json` (the NDJSON import names its own type). The `Accept-Patch` or `Accept-Post` header of the answer lists what is accepted.',
  },
  'unprocessable-content': {
    status: 422,
    title: 'The data would break a rule',
    description:
      'The body is well-formed but the data it describes would break one of the record\'s rules: a partner or theme that does not exist, a highlighted passage that is not in the text, a date outside its meeting, a dataset file that does not parse.\n\n' +
      'The `errors` array lists every violation at once, each with `name` (a JSON pointer into the body) and `message`. Fix them all and send again; nothing was written.',
  },
  'precondition-required': {
    status: 428,
    title: 'Precondition required',
    description:
      'Changes (PATCH, DELETE) must say which state of the record they were made from, so that they cannot overwrite a change you have not seen.\n\n' +
      'Send `If-Match` with the `ETag` of your last GET of the record (`If-Match: *` overrides the check deliberately).',
  },
  'too-many-requests': {
    status: 429,
    title: 'Too many requests',
    description:
      'This API key or IP address has used up its budget of requests for the current window (writes have a smaller budget than reads).\n\n' +
      'Wait the number of seconds in `Retry-After` before the next request. `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` on every answer let you pace yourself; revalidating with `If-None-Match` still counts, but is cheap.',
  },
  'request-header-fields-too-large': {
    status: 431,
    title: 'Request header fields too large',
    description: 'The request headers together are larger than the server accepts. Send fewer or smaller headers (large cookies are a common cause).',
  },
  'internal-error': {
    status: 500,
    title: 'Internal server error',
    description:
      'The server failed to answer a request it should have answered. The details are in the server\'s log, not in the answer.\n\n' +
      'Quote the `requestId` of the problem (also in the `X-Request-Id` header) when you report it.',
  },
  'service-unavailable': {
    status: 503,
    title: 'Service unavailable',
    description:
      'The server is overloaded and sheds load, or its database does not answer. It is temporary.\n\n' +
      'Retry after the number of seconds in `Retry-After`, with backoff. `/readyz` answers 200 again once the server takes work.',
  },
} as const satisfies Record<string, ProblemTypeEntry>;

export type ProblemTypeName = keyof typeof problemTypes;

export const PROBLEM_TYPE_PREFIX = '/problems/';

/** Every name in the registry, in its order. */
export const problemTypeNames = Object.keys(problemTypes) as ProblemTypeName[];

/** The kind of problem a status means when nothing more specific is said. */
const defaultByStatus = new Map<number, ProblemTypeName>(
  problemTypeNames
    .filter((name) => !('specific' in problemTypes[name]))
    .map((name) => [problemTypes[name].status, name]),
);

export function defaultProblemType(status: number): ProblemTypeName | undefined {
  return defaultByStatus.get(status);
}

export function isProblemTypeName(name: string): name is ProblemTypeName {
  return Object.hasOwn(problemTypes, name);
}

export function problemTypeUri(name: ProblemTypeName): string {
  return `${PROBLEM_TYPE_PREFIX}${name}`;
}
