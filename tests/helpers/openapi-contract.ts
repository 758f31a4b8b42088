import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Response, Test } from 'supertest';

/**
 * Contract checks: a real HTTP answer must be one the COMMITTED OpenAPI document (openapi/openapi.json)
 * promises. We read the file, not the live /openapi.json, because the committed file is what clients
 * generate code from; tests/api/openapi.test.ts separately proves the file equals what the routes generate.
 */

export const OPENAPI_DOCUMENT_FILE = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url));

/** The parts of the document this helper reads; everything else is passed to ajv untouched. */
interface MediaTypeObject {
  schema?: unknown;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaTypeObject>;
}
type PathItem = Partial<Record<string, { responses?: Record<string, ResponseObject> }>>;
export interface OpenApiDocument {
  openapi: string;
  paths?: Record<string, PathItem>;
  components?: { schemas?: Record<string, unknown> };
}

/** One HTTP exchange, as far as the contract cares. `path` may carry a query string; it is ignored. */
export interface HttpExchange {
  method: string;
  path: string;
  status: number;
  /** The Content-Type header as sent, parameters included; undefined when there is none. */
  contentType: string | undefined;
  /** The raw body text; '' or undefined when there is no body. */
  text: string | undefined;
  /** The response headers (a fetch Headers or Node's header object); undefined skips the header checks. */
  headers?: HeaderSource;
}

type HeaderSource = Headers | Record<string, string | string[] | number | undefined>;

export class OpenApiContractError extends Error {
  override name = 'OpenApiContractError';
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** The whole document is registered in ajv under this id, so `#/components/...` refs resolve against it. */
const DOCUMENT_ID = 'urn:econsec-api:openapi';

interface Contract {
  document: OpenApiDocument;
  ajv: Ajv2020;
  routes: CompiledRoute[];
}

interface CompiledRoute {
  template: string;
  pattern: RegExp;
  /** One entry per segment, 0 literal and 1 templated: the lower, the more specific (see matchRoute). */
  specificity: number[];
}

let contract: Contract | undefined;

/** Loaded once per test file (vitest forks a process per file), then shared by every check. */
function loadContract(): Contract {
  if (contract) return contract;
  const document = JSON.parse(readFileSync(OPENAPI_DOCUMENT_FILE, 'utf8')) as OpenApiDocument;
  if (!document.openapi?.startsWith('3.1.')) {
    throw new OpenApiContractError(`${OPENAPI_DOCUMENT_FILE}: expected OpenAPI 3.1, found ${String(document.openapi)}`);
  }
  // strict: false because OpenAPI schemas carry keywords ajv does not know (example, discriminator, xml...).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  formats.default(ajv);
  // The document itself is not a JSON Schema, so skip meta-validation of the root; each component schema is
  // meta-validated below, so a typo such as `"type": "strnig"` is reported as such rather than ignored.
  ajv.addSchema(document as object, DOCUMENT_ID, undefined, false);
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    assertValidSchema(ajv, schema, `#/components/schemas/${name}`);
  }
  const routes = Object.keys(document.paths ?? {}).map(compileRoute);
  contract = { document, ajv, routes };
  return contract;
}

function assertValidSchema(ajv: Ajv2020, schema: unknown, where: string): void {
  if (typeof schema === 'boolean') return;
  if (!ajv.validateSchema(schema as object)) {
    throw new OpenApiContractError(`${where} in ${OPENAPI_DOCUMENT_FILE} is not a valid JSON Schema:\n${formatErrors(ajv.errors)}`);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileRoute(template: string): CompiledRoute {
  const segments = template.split('/').slice(1);
  const source = segments
    .map((segment) =>
      // A parameter matches within one segment only; literal text around it (e.g. `{id}.json`) must match exactly.
      segment
        .split(/(\{[^}]+\})/)
        .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : escapeRegExp(part)))
        .join(''),
    )
    .join('/');
  return {
    template,
    pattern: new RegExp(`^/${source}$`),
    specificity: segments.map((segment) => (segment.includes('{') ? 1 : 0)),
  };
}

/** Compares segment by segment: the first literal segment where the other is templated wins (OpenAPI §4.8.8). */
function compareSpecificity(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < Math.min(a.specificity.length, b.specificity.length); i++) {
    const diff = (a.specificity[i] ?? 0) - (b.specificity[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function matchRoute(routes: CompiledRoute[], rawPath: string): CompiledRoute | undefined {
  let path = rawPath.split('?')[0]?.split('#')[0] ?? '';
  // The app runs with ignoreTrailingSlash, so /healthz/ is the same operation as /healthz.
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return routes.filter((route) => route.pattern.test(path)).sort(compareSpecificity)[0];
}

/** Exact code first, then its class (`4XX`, any letter case), then `default`. */
function pickResponse(responses: Record<string, ResponseObject>, status: number): [string, ResponseObject] | undefined {
  const exact = responses[String(status)];
  if (exact) return [String(status), exact];
  const range = Object.keys(responses).find((key) => key.toUpperCase() === `${Math.floor(status / 100)}XX`);
  if (range) return [range, responses[range]!];
  if (responses.default) return ['default', responses.default];
  return undefined;
}

function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type || undefined;
}

/** An exact media type first, then a documented range such as `application/*` or `*\/*`. */
function pickContent(content: Record<string, MediaTypeObject>, mediaType: string): string | undefined {
  const keys = Object.keys(content);
  const [type] = mediaType.split('/');
  return (
    keys.find((key) => key.toLowerCase() === mediaType) ??
    keys.find((key) => key.toLowerCase() === `${type}/*`) ??
    keys.find((key) => key === '*/*')
  );
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** RFC 6901: the escaped JSON pointer of a schema inside the document. */
function pointer(...tokens: string[]): string {
  return '#/' + tokens.map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const where = e.instancePath === '' ? '(root)' : e.instancePath;
      const extra =
        e.keyword === 'additionalProperties'
          ? ` '${String((e.params as { additionalProperty?: unknown }).additionalProperty)}'`
          : e.keyword === 'enum' || e.keyword === 'const'
            ? ` ${JSON.stringify(e.params)}`
            : '';
      return `  - ${where} ${e.message ?? 'is invalid'}${extra}  [${e.keyword}]`;
    })
    .join('\n');
}

function excerpt(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

function validatorFor(c: Contract, schemaPointer: string, schema: unknown): ValidateFunction {
  const ref = `${DOCUMENT_ID}${schemaPointer}`;
  // ajv caches compiled schemas by key, so each response schema is compiled once per process.
  const cached = c.ajv.getSchema(ref);
  if (cached) return cached;
  assertValidSchema(c.ajv, schema, schemaPointer);
  c.ajv.addSchema({ $ref: ref }, ref);
  const compiled = c.ajv.getSchema(ref);
  if (!compiled) throw new OpenApiContractError(`could not compile ${schemaPointer}`);
  return compiled;
}

/**
 * Checks one exchange against the committed document; throws OpenApiContractError with every finding.
 * Use expectMatchesOpenApi / checked for supertest responses; this form exists for other HTTP clients
 * (fetch, raw sockets) and for testing the checker itself.
 */
export function assertMatchesOpenApi(exchange: HttpExchange): void {
  const c = loadContract();
  const method = exchange.method.toLowerCase();
  const line = `${exchange.method.toUpperCase()} ${exchange.path} → ${exchange.status}`;
  const fail = (why: string): never => {
    throw new OpenApiContractError(`${line}: ${why}\n(checked against ${OPENAPI_DOCUMENT_FILE})`);
  };

  const route = matchRoute(c.routes, exchange.path);
  if (!route) return fail(`no path of the OpenAPI document matches ${exchange.path.split('?')[0] ?? ''}`);
  const pathItem = c.document.paths?.[route.template] ?? {};
  const operation = pathItem[method];
  if (!operation || !HTTP_METHODS.has(method)) {
    const documented = Object.keys(pathItem).filter((m) => HTTP_METHODS.has(m)).map((m) => m.toUpperCase());
    return fail(`${route.template} does not document ${method.toUpperCase()} (it documents ${documented.join(', ') || 'nothing'})`);
  }
  const responses = operation.responses ?? {};
  const picked = pickResponse(responses, exchange.status);
  if (!picked) {
    return fail(
      `status ${exchange.status} is not documented for ${method.toUpperCase()} ${route.template} ` +
        `(documented: ${Object.keys(responses).join(', ') || 'none'})`,
    );
  }
  const [statusKey, response] = picked;
  if (exchange.headers) checkHeaders(c, response, exchange.headers, fail);

  const mediaType = mediaTypeOf(exchange.contentType);
  const text = exchange.text ?? '';
  // 204, 304 and HEAD never carry a body; for them (and any empty answer) the documented status is the contract.
  if (exchange.status === 204 || exchange.status === 304 || method === 'head' || (text === '' && !mediaType)) return;

  const content = response.content ?? {};
  if (!mediaType) return fail(`the response has a body but no Content-Type`);
  const contentKey = pickContent(content, mediaType);
  if (!contentKey) {
    return fail(
      `content type ${mediaType} is not documented for status ${statusKey} ` +
        `(documented: ${Object.keys(content).join(', ') || 'no body'})\nbody: ${excerpt(text)}`,
    );
  }
  const schema = content[contentKey]?.schema;
  // A media type without a schema promises nothing about the body's shape.
  if (schema === undefined) return;

  let body: unknown = text;
  if (isJsonMediaType(mediaType)) {
    try {
      body = JSON.parse(text);
    } catch (error) {
      return fail(`the ${mediaType} body is not valid JSON (${(error as Error).message})\nbody: ${excerpt(text)}`);
    }
  }
  const schemaPointer = pointer('paths', route.template, method, 'responses', statusKey, 'content', contentKey, 'schema');
  const validate = validatorFor(c, schemaPointer, schema);
  if (!validate(body)) {
    fail(
      `the ${mediaType} body does not match ${schemaPointer}\n${formatErrors(validate.errors)}\nbody: ${excerpt(text)}`,
    );
  }
}

function headerNames(source: HeaderSource): Set<string> {
  const names = new Set<string>();
  if (typeof (source as Headers).forEach === 'function' && typeof (source as Headers).get === 'function') (source as Headers).forEach((_value, name) => names.add(name.toLowerCase()));
  else for (const [name, value] of Object.entries(source)) if (value !== undefined) names.add(name.toLowerCase());
  return names;
}

/**
 * Headers no operation declares: the framing of HTTP itself, the security headers helmet puts on every answer
 * alike (src/platform/security-headers.ts), and CORS, which answers the browser rather than the client code.
 */
const UNDECLARED_HEADERS = new Set([
  'content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding',
  'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'cross-origin-embedder-policy',
  'origin-agent-cluster', 'referrer-policy', 'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control',
  'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection',
]);
const isCors = (name: string) => name.startsWith('access-control-');

interface HeaderObject {
  $ref?: string;
  required?: boolean;
}

/** The response's declared headers, by lower-case name, with whether each is required. */
function declaredHeaders(c: Contract, response: ResponseObject): Map<string, boolean> {
  const declared = new Map<string, boolean>();
  const components = (c.document.components as { headers?: Record<string, HeaderObject> } | undefined)?.headers ?? {};
  for (const [name, header] of Object.entries((response as { headers?: Record<string, HeaderObject> }).headers ?? {})) {
    const resolved = header.$ref ? components[header.$ref.slice('#/components/headers/'.length)] : header;
    if (!resolved) throw new OpenApiContractError(`${header.$ref ?? name}: no such header component`);
    declared.set(name.toLowerCase(), resolved.required === true);
  }
  return declared;
}

/** A required header must be sent; a header sent must be declared (UNDECLARED_HEADERS aside). */
function checkHeaders(c: Contract, response: ResponseObject, source: HeaderSource, fail: (why: string) => never): void {
  const sent = headerNames(source);
  const declared = declaredHeaders(c, response);
  const missing = [...declared].filter(([name, required]) => required && !sent.has(name)).map(([name]) => name);
  const undeclared = [...sent].filter((name) => !declared.has(name) && !UNDECLARED_HEADERS.has(name) && !isCors(name));
  if (missing.length > 0) fail(`the required header(s) ${missing.join(', ')} were not sent (sent: ${[...sent].sort().join(', ')})`);
  if (undeclared.length > 0) fail(`the header(s) ${undeclared.join(', ')} were sent but are not declared for this response (declared: ${[...declared.keys()].join(', ') || 'none'})`);
}

/** What supertest 7 exposes at runtime but @types/superagent does not declare: the Node ClientRequest. */
interface NodeClientRequestLike {
  method?: unknown;
  path?: unknown;
}

/**
 * Checks a supertest response against the committed OpenAPI document; throws (failing the test) when the
 * path, method, status or content type is undocumented or the body does not match the schema.
 * The request line comes from `res.req` (Node's ClientRequest: `method`, and `path` with the query string);
 * pass `request` to override it, e.g. for responses not produced by supertest.
 */
export function expectMatchesOpenApi(res: Response, request?: { method: string; path: string }): void {
  const clientRequest = (res as unknown as { req?: NodeClientRequestLike }).req;
  let method = request?.method;
  let path = request?.path;
  if (!method || !path) {
    if (typeof clientRequest?.method === 'string' && typeof clientRequest.path === 'string') {
      method = clientRequest.method;
      path = clientRequest.path;
    } else {
      // Fallback to superagent's own request, whose url is absolute.
      method = res.request.method;
      const url = new URL(res.request.url);
      path = url.pathname + url.search;
    }
  }
  assertMatchesOpenApi({
    method,
    path,
    status: res.status,
    contentType: res.headers['content-type'],
    text: typeof res.text === 'string' ? res.text : undefined,
    headers: res.headers as HeaderSource,
  });
}

/**
 * Awaits a supertest request and checks the answer against the contract, so every test can be written as
 * `const res = await checked(request(app.server).get('/healthz').expect(200));`.
 * Chained `.expect(...)` assertions run first, so a wrong status fails with supertest's message.
 */
export async function checked(test: Test): Promise<Response> {
  const res = await test;
  expectMatchesOpenApi(res);
  return res;
}

/**
 * The path template of `templates` that `path` matches (query string ignored), preferring literal segments
 * over templated ones; undefined when none does. Exported so the matching rules can be tested on their own.
 */
export function matchPathTemplate(templates: string[], path: string): string | undefined {
  return matchRoute(templates.map(compileRoute), path)?.template;
}

/** The committed document, parsed (shared with the checker): for tests that need to know what it documents. */
export function openApiDocument(): OpenApiDocument {
  return loadContract().document;
}
