import { z } from 'zod';
import { documentedJsonSchema } from './openapi-wire-forms.js';

/**
 * The HTTP headers of the contract: the request headers that carry meaning (as parameters) and the response headers
 * a client may act on, each declared once under `components` and referenced from every operation and response that
 * has it, so that a generated client types `If-Match` on a PATCH and `ETag` on a 200.
 *
 * Which responses send which header is said here, beside the header, as a rule on the operation (its method, path,
 * status and parameters), because the headers are sent by the platform's hooks rather than by the handlers: the
 * request id, the rate limit, the HTTP caching, language negotiation and authentication each add theirs to every
 * route they cover. The test suite checks every answer it receives against these declarations
 * (tests/helpers/openapi-contract.ts): a required header missing, or a header sent that is not declared, fails it.
 */

/** A documented operation as the rules see it. */
export interface OperationFacts {
  method: string;
  path: string;
  status: string;
  /** Its query parameters' names. */
  query: ReadonlySet<string>;
  /** Whether it documents a 304, that is whether it answers conditional GETs. */
  revalidates: boolean;
}

interface HeaderDeclaration {
  description: string;
  schema: z.ZodType;
  /** Sent on every response the rule selects (else: on some, as the description says). */
  required: boolean;
  on: (operation: OperationFacts) => boolean;
}

/** The probes are not rate-limited (src/modules/health/routes.ts). */
const isProbe = ({ path }: OperationFacts) => path === '/healthz' || path === '/readyz';
/** 414 (a path segment longer than any id) is answered by the router itself, before any hook runs: no header is added. */
const hooksRan = ({ status }: OperationFacts) => status !== '414';
const underApi = ({ path }: OperationFacts) => path.startsWith('/v1/') || path.startsWith('/problems');
const isRead = (o: OperationFacts) => o.method === 'get' && o.revalidates && (o.status === '200' || o.status === '304');
const isWrittenRecord = ({ method, path, status }: OperationFacts) =>
  status === '201' || (status === '200' && (method === 'patch' || (method === 'post' && path.endsWith('/restore'))));

const rateLimitHeader = (what: string): HeaderDeclaration => ({
  description: `${what} (IETF draft RateLimit header fields). Sent while rate limiting is on (RATE_LIMIT_MAX > 0), on every answer of a counted route.`,
  schema: z.int().min(0),
  required: false,
  on: (o) => !isProbe(o) && hooksRan(o) && o.status !== '503',
});

export const responseHeaders = {
  'X-Request-Id': {
    description: 'The id of this request, also in a problem’s `requestId` and in the server logs: the one the client sent in X-Request-Id if it was short and plain, else a new UUID.',
    schema: z.string().meta({ examples: ['3f0c6b0e-6a4e-4d55-9a5a-2f7c3c1d9b21'] }),
    required: true,
    on: hooksRan,
  },
  ETag: {
    description: 'The strong validator of this representation: send it back in If-None-Match (reads: 304 when unchanged) or If-Match (writes: 412 when changed since).',
    schema: z.string().regex(/^(W\/)?"[^"]*"$/).meta({ examples: ['"1fb2b8cbf0b1d2a6"'] }),
    required: true,
    on: (o) => isRead(o) || isWrittenRecord(o),
  },
  'Cache-Control': {
    description: 'How long a cache may reuse the answer without revalidating (CACHE_MAX_AGE seconds).',
    schema: z.string().meta({ examples: ['public, max-age=60'] }),
    required: true,
    on: isRead,
  },
  'Last-Modified': {
    description: 'When the data last changed (any write moves it); If-Modified-Since takes it back.',
    schema: z.string().meta({ examples: ['Mon, 15 Jun 2026 00:00:00 GMT'] }),
    required: false,
    on: (o) => o.path.startsWith('/v1/') && hooksRan(o),
  },
  Vary: {
    description: 'The request headers the answer depends on (Accept-Language, and Accept for the problem pages), for caches.',
    schema: z.string().meta({ examples: ['Accept-Language'] }),
    required: false,
    on: (o) => underApi(o) && hooksRan(o),
  },
  'Content-Language': {
    description: 'The language of the labels in the answer: `lang` if given, else the best match of Accept-Language, else ja. Bodies of statements stay Japanese.',
    schema: z.enum(['ja', 'en']).meta({ examples: ['ja'] }),
    required: false,
    on: (o) => underApi(o) && hooksRan(o),
  },
  Link: {
    description: 'RFC 8288 link to the next page (`rel="next"`), the same URL as `nextCursor` gives; absent on the last page.',
    schema: z.string().meta({ examples: ['</v1/statements?limit=2&cursor=eyJrIjpbIjIwMjYtMDUtMDciXX0>; rel="next"'] }),
    required: false,
    on: (o) => o.method === 'get' && o.status === '200' && o.query.has('cursor'),
  },
  Location: {
    description: 'The URL of the record just created.',
    schema: z.string().meta({ examples: ['/v1/statements/japan-france-summit-2026-04-joint-statement'] }),
    required: true,
    on: (o) => o.status === '201',
  },
  'Content-Disposition': {
    description: 'attachment, with the file name a browser saves the export under.',
    schema: z.string().meta({ examples: ['attachment; filename="econsec-statements-2026-06-15.csv"'] }),
    required: true,
    on: (o) => o.path.startsWith('/v1/export/') && o.status === '200',
  },
  'RateLimit-Limit': rateLimitHeader('The requests the budget allows per window'),
  'RateLimit-Remaining': rateLimitHeader('The requests left in this window'),
  'RateLimit-Reset': rateLimitHeader('Seconds until the window ends and the budget is whole again'),
  'Retry-After': {
    description: 'Seconds to wait before trying again: with every 429, and with a 503 when the server sheds load.',
    schema: z.int().min(0).meta({ examples: [10] }),
    required: false,
    on: (o) => o.status === '429' || o.status === '503',
  },
  'WWW-Authenticate': {
    description: 'The RFC 6750 challenge: `error="invalid_request"` or `"invalid_token"` (401), `"insufficient_scope"` with the scope needed (403).',
    schema: z.string().meta({ examples: ['Bearer realm="econsec-api", error="invalid_token"'] }),
    required: true,
    on: (o) => o.status === '401' || o.status === '403',
  },
  'Accept-Post': {
    description: 'The media types this POST takes (with a 415).',
    schema: z.string().meta({ examples: ['application/json'] }),
    required: true,
    on: (o) => o.method === 'post' && o.status === '415',
  },
  'Accept-Patch': {
    description: 'The media types this PATCH takes (with a 415).',
    schema: z.string().meta({ examples: ['application/json'] }),
    required: true,
    on: (o) => o.method === 'patch' && o.status === '415',
  },
} satisfies Record<string, HeaderDeclaration>;

interface ParameterDeclaration {
  name: string;
  description: string;
  schema: z.ZodType;
  required: boolean;
  on: (operation: Omit<OperationFacts, 'status'>) => boolean;
}

/** Request headers as parameters, under these component names. Authorization is the security scheme's. */
export const requestHeaders = {
  IfMatch: {
    name: 'If-Match',
    description: 'The ETag of the record as you last read it: the change is made only if it still is (else 412). Required: without it, 428.',
    schema: z.string().meta({ examples: ['"1fb2b8cbf0b1d2a6"'] }),
    required: true,
    on: (o) => o.method === 'patch' || o.method === 'delete',
  },
  IfNoneMatch: {
    name: 'If-None-Match',
    description: 'The ETag of the answer you hold: 304 with no body if it is still the current one.',
    schema: z.string().meta({ examples: ['"1fb2b8cbf0b1d2a6"'] }),
    required: false,
    on: (o) => o.method === 'get' && o.revalidates,
  },
  IfModifiedSince: {
    name: 'If-Modified-Since',
    description: 'The Last-Modified of the answer you hold: 304 if the data has not changed since (If-None-Match wins when both are sent).',
    schema: z.string().meta({ examples: ['Mon, 15 Jun 2026 00:00:00 GMT'] }),
    required: false,
    on: (o) => o.method === 'get' && o.revalidates,
  },
  AcceptLanguage: {
    name: 'Accept-Language',
    description: 'The language of labels when `lang` is absent: ja or en, the best match (q-values honoured); ja otherwise.',
    schema: z.string().meta({ examples: ['en-GB,en;q=0.9,ja;q=0.5'] }),
    required: false,
    on: (o) => o.query.has('lang'),
  },
  XRequestId: {
    name: 'X-Request-Id',
    description: 'Your id for this request (1–128 of A–Z a–z 0–9 . _ : -), echoed in the X-Request-Id answer and in the logs; anything else is replaced by a new id.',
    schema: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/).meta({ examples: ['dashboard-7f3a'] }),
    required: false,
    on: () => true,
  },
} satisfies Record<string, ParameterDeclaration>;

const jsonSchemaOf = (schema: z.ZodType) => {
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, { io: 'output', override: documentedJsonSchema }) as Record<string, unknown>;
  // The examples go on the header or parameter object, where Swagger UI and Redocly look for them.
  const { examples, ...rest } = json as { examples?: unknown[] } & Record<string, unknown>;
  return { schema: rest, example: examples?.[0] };
};

/** components.headers and components.parameters of the document. */
export function headerComponents() {
  return {
    headers: Object.fromEntries(
      Object.entries(responseHeaders).map(([name, { description, schema, required }]) => [name, { description, required, ...jsonSchemaOf(schema) }]),
    ),
    parameters: Object.fromEntries(
      Object.entries(requestHeaders).map(([key, { name, description, schema, required }]) => [key, { name, in: 'header', description, required, ...jsonSchemaOf(schema) }]),
    ),
  };
}

interface DocumentedParameter {
  in?: string;
  name?: string;
  $ref?: string;
}
interface DocumentedOperation {
  parameters?: DocumentedParameter[];
  responses?: Record<string, { headers?: Record<string, unknown> }>;
}

/** Adds to every operation of `paths` the header parameters and response headers the rules above give it. */
export function declareHeaders(paths: unknown): void {
  for (const [path, item] of Object.entries((paths ?? {}) as Record<string, Record<string, DocumentedOperation>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const query = new Set((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name ?? ''));
      const facts = { method, path, query, revalidates: Boolean(operation.responses?.['304']) };
      const parameters = Object.entries(requestHeaders)
        .filter(([, declaration]) => declaration.on(facts))
        .map(([key]) => ({ $ref: `#/components/parameters/${key}` }));
      if (parameters.length > 0) operation.parameters = [...(operation.parameters ?? []), ...parameters];
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const names = Object.entries(responseHeaders).filter(([, declaration]) => declaration.on({ ...facts, status }));
        if (names.length > 0) response.headers = Object.fromEntries(names.map(([name]) => [name, { $ref: `#/components/headers/${name}` }]));
      }
    }
  }
}
