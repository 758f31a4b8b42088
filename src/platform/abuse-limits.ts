import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';
import { problemResponse } from '../schemas/problem.js';
import { registerLoadShedding } from './load-shedding.js';
import { registerRateLimit, type KeyVerifier } from './rate-limit.js';
import { registerSecurityHeaders } from './security-headers.js';

/**
 * Abuse limits: what keeps one client, or a burst of load, from taking the service down for everyone. Each limit
 * has its file (rate-limit.ts, load-shedding.ts, security-headers.ts); this one registers them in their order and
 * bounds requests themselves.
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
  registerSecurityHeaders(app);
  await registerLoadShedding(app, config);
  const { admitRead } = registerRateLimit(app, config, verifyKey);

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
  return { admitRead };
}
