import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import ipaddr from 'ipaddr.js';
import { isIPv6 } from 'node:net';
import { bearerToken } from './auth.js';
import { FixedWindowLimiter } from './fixed-window-limiter.js';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';
import { apiKeyIdOf } from '../modules/api-keys/queries.js';
import { problemResponse } from '../schemas/problem.js';

/**
 * Abuse limits: what keeps one client, or a burst of load, from taking the service down for everyone.
 *
 * - rate limits per API key (when a well-formed `Bearer esk_<id>_…` is sent) or else per client IP, with a
 *   stricter budget for writes: 429 problem with Retry-After and RateLimit-* headers;
 * - body size (413), JSON bodies only as application/json (415), request and connection timeouts (408);
 * - security headers (helmet) with a Content-Security-Policy that forbids everything on JSON answers and
 *   allows exactly what Swagger UI needs on /docs;
 * - load shedding (under-pressure): 503 problem with Retry-After while the event loop lags or memory is
 *   above its threshold, instead of slowing down for everyone until the process falls over.
 *
 * The error answers themselves (429, 503, 413, 415) are problems made by src/platform/problem-details.ts.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: never shed this route under load (the liveness probe must keep answering). */
    loadShedding?: boolean;
    /** false: no rate limit on this route (health probes). */
    rateLimit?: boolean;
  }
}

export type AbuseLimitsConfig = Pick<
  Config,
  | 'RATE_LIMIT_MAX'
  | 'RATE_LIMIT_WRITE_MAX'
  | 'RATE_LIMIT_WINDOW_SECONDS'
  | 'BODY_LIMIT_BYTES'
  | 'REQUEST_TIMEOUT_MS'
  | 'MAX_EVENT_LOOP_DELAY_MS'
  | 'MAX_HEAP_USED_BYTES'
  | 'MAX_RSS_BYTES'
>;

/** Seconds a shed request is told to wait (Retry-After); under-pressure re-measures every second. */
export const LOAD_SHEDDING_RETRY_AFTER_SECONDS = 10;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The server options that bound a request: body size, and how long a client may take to send its request
 * (`requestTimeout`, which covers the headers too) or leave the connection idle (`connectionTimeout`,
 * twice as long, so that a stalled request gets its 408 first). Timeouts apply to the listening server,
 * not to `inject`. Node checks for expired requests every `connectionsCheckingInterval` (30 s by default),
 * so that interval follows the timeout.
 */
export function serverLimitOptions(
  config: Pick<Config, 'BODY_LIMIT_BYTES' | 'REQUEST_TIMEOUT_MS'>,
): Pick<FastifyServerOptions, 'bodyLimit' | 'requestTimeout' | 'connectionTimeout'> & {
  http: { requestTimeout?: number; headersTimeout?: number; connectionsCheckingInterval?: number };
} {
  const timeout = config.REQUEST_TIMEOUT_MS;
  return {
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestTimeout: timeout,
    connectionTimeout: timeout * 2,
    http:
      timeout > 0
        ? {
            requestTimeout: timeout,
            headersTimeout: Math.min(60_000, timeout),
            connectionsCheckingInterval: Math.min(30_000, Math.max(25, Math.ceil(timeout / 10))),
          }
        : {},
  };
}

/** JSON answers load nothing and may not be framed: the strictest policy there is. */
const API_CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * Swagger UI at /docs: its own scripts, styles, images and fonts, and fetches to this origin (the document
 * and "Try it out"); no inline scripts, nothing from elsewhere. Swagger UI injects one inline <style>, hence
 * 'unsafe-inline' for styles only (tests/e2e/browser.e2e.test.ts fails on any CSP violation). Set by
 * @fastify/swagger-ui (`staticCSP`) on its routes, replacing the API's policy there.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Returns the id of a valid, unrevoked key, or null. */
export type KeyVerifier = (key: string) => string | null;

/**
 * Which budget a request draws from: its API key's id (never the key) when the key is real, else its IP.
 * The key is verified (one look-up by primary key): a made-up id must not buy a fresh budget.
 */
export function rateLimitClient(request: Pick<FastifyRequest, 'headers' | 'ip'>, verify: KeyVerifier): { kind: 'key' | 'ip'; id: string } {
  const header = request.headers.authorization;
  if (header) {
    const token = bearerToken(header);
    const id = token && apiKeyIdOf(token) ? verify(token) : null;
    if (id) return { kind: 'key', id };
  }
  return { kind: 'ip', id: budgetAddress(request.ip) };
}

/**
 * The address an IP budget is kept for: an IPv4 address as it is; an IPv4-mapped IPv6 address as its IPv4 address;
 * any other IPv6 address as its /64 network (one host or household is given a whole /64, so counting single
 * addresses would let it rotate through fresh budgets), written in RFC 5952 form.
 */
export function budgetAddress(ip: string): string {
  if (!isIPv6(ip)) return ip.toLowerCase();
  const address = ipaddr.IPv6.parse(ip);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  return ipaddr.IPv6.networkAddressFromCIDR(`${ip}/64`).toString();
}

/**
 * Helmet's headers, worked out once. @fastify/helmet runs helmet's middleware factory on every request,
 * which cost more than answering a cached request; with no per-request nonces the headers never change,
 * so they are computed at start-up and set as they are.
 */
function staticSecurityHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/** The budget a request counts against: reads and writes apart, per key or per IP. */
function budgetKey(write: boolean, client: ReturnType<typeof rateLimitClient>): string {
  return `${write ? 'write' : 'read'}|${client.kind}|${client.id}`;
}

class TooManyRequestsError extends Error {
  readonly statusCode = 429;
  constructor(detail: string) {
    super(detail);
    this.name = 'TooManyRequestsError';
  }
}

class ServiceUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(readonly pressure: { type: string; value: number | undefined }) {
    super(`Shedding load: ${pressure.type} is above its threshold (${String(pressure.value ?? 'unhealthy')}).`);
    this.name = 'ServiceUnavailableError';
  }
}

/**
 * Registers helmet, load shedding and rate limiting, and accepts bodies only as application/json.
 * Register after CORS (so that 429 and 503 answers carry its headers and preflights are never limited) and
 * before the OpenAPI plugin and the routes (429 and 503 are added to every documented route's responses).
 */
export async function registerAbuseLimits(
  app: FastifyInstance,
  config: AbuseLimitsConfig,
  verifyKey: KeyVerifier,
): Promise<{ admitRead: (request: IncomingMessage) => Record<string, string> | null }> {
  // Only JSON bodies: Fastify's text/plain parser would hand strings to the routes. Any other content type
  // (or none, when there is a body) is a 415, which the problem handler answers naming application/json.
  app.removeContentTypeParser('text/plain');

  const securityHeaders = staticSecurityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    // The other headers are helmet's defaults: nosniff, no referrer, same-origin opener and resource policy,
    // and HSTS, which browsers honour only over HTTPS (i.e. behind a TLS-terminating proxy).
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });

  await app.register(underPressure, {
    maxEventLoopDelay: config.MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: config.MAX_HEAP_USED_BYTES,
    maxRssBytes: config.MAX_RSS_BYTES,
    exposeStatusRoute: false,
    // Rejecting makes the request an error, which the problem handler answers as a 503 problem.
    pressureHandler: async (request, reply, type, value) => {
      if (request.routeOptions.config.loadShedding === false) return;
      reply.header('retry-after', String(LOAD_SHEDDING_RETRY_AFTER_SECONDS));
      throw new ServiceUnavailableError({ type, value });
    },
  });

  const window = config.RATE_LIMIT_WINDOW_SECONDS;
  const limiter = (max: number) => (max === 0 ? undefined : new FixedWindowLimiter(max, window * 1000));
  const readLimit = limiter(config.RATE_LIMIT_MAX);
  const writeLimit = limiter(config.RATE_LIMIT_WRITE_MAX);
  // One hook picks the budget for every request, 404s included; RateLimit-Limit, RateLimit-Remaining and
  // RateLimit-Reset (IETF draft) on every answer, Retry-After on a 429.
  const rateLimitHeaders = (limit: FixedWindowLimiter, count: number, msLeft: number) => ({
    'ratelimit-limit': String(limit.max),
    'ratelimit-remaining': String(Math.max(0, limit.max - count)),
    'ratelimit-reset': String(Math.ceil(msLeft / 1000)),
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.rateLimit === false) return done();
    const write = WRITE_METHODS.has(request.method);
    const limit = write ? writeLimit : readLimit;
    if (!limit) return done();
    const client = rateLimitClient(request, verifyKey);
    const { count, msLeft } = limit.hit(budgetKey(write, client), Date.now());
    reply.headers(rateLimitHeaders(limit, count, msLeft));
    if (count <= limit.max) return done();
    const reset = Math.ceil(msLeft / 1000);
    reply.header('retry-after', reset);
    const who = client.kind === 'key' ? 'this API key' : 'this IP address';
    const what = write ? 'write requests (POST, PATCH, DELETE)' : 'requests';
    done(new TooManyRequestsError(`Rate limit exceeded: at most ${limit.max} ${what} per ${window} s from ${who}; try again in ${reset} s.`));
  });

  // Every documented route can answer 429 and 503 (unless it is exempt): say so in the OpenAPI document.
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
    if (!schema?.response || schema.hide) return;
    const response = { ...schema.response };
    if (route.config?.rateLimit !== false && !response[429]) {
      response[429] = problemResponse('Too many requests from this API key or IP address; see Retry-After and the RateLimit-* headers.');
    }
    if (route.config?.loadShedding !== false && !response[503]) {
      response[503] = problemResponse('The server is overloaded and sheds load; try again after Retry-After seconds.');
    }
    route.schema = { ...schema, response };
  });

  return {
    /**
     * For the cached-answer lane, a GET from the same budget as the hook above, on the same terms: counts it and
     * returns its RateLimit-* headers, or null (uncounted) when the budget is spent, leaving the 429 to the hook.
     */
    admitRead: (request) => {
      if (!readLimit) return {};
      const client = rateLimitClient({ headers: request.headers, ip: request.socket.remoteAddress ?? '' }, verifyKey);
      const counted = readLimit.hitWithin(budgetKey(false, client), Date.now());
      return counted ? rateLimitHeaders(readLimit, counted.count, counted.msLeft) : null;
    },
  };
}
