import ipaddr from 'ipaddr.js';
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { apiKeyIdOf } from '../modules/api-keys/queries.js';
import { bearerToken } from './auth.js';
import { FixedWindowLimiter } from './fixed-window-limiter.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Returns the id of a valid, unrevoked key, or null. */
export type KeyVerifier = (key: string) => Promise<string | null>;

/**
 * Which budget a request draws from: its API key's id (never the key) when the key is real, else its IP.
 * The key is verified (one look-up by primary key): a made-up id must not buy a fresh budget.
 */
export async function rateLimitClient(request: Pick<FastifyRequest, 'headers' | 'ip'>, verify: KeyVerifier): Promise<RateLimitClient> {
  const token = wellFormedKey(request.headers.authorization);
  const id = token ? await verify(token) : null;
  return id ? { kind: 'key', id } : ipClient(request.ip);
}

type RateLimitClient = { kind: 'key' | 'ip'; id: string };
const ipClient = (ip: string): RateLimitClient => ({ kind: 'ip', id: budgetAddress(ip) });

/** The key of a `Bearer esk_<id>_…` header that has a key's form; only such a request can draw from a key's budget. */
function wellFormedKey(header: string | undefined): string | null {
  const token = header ? bearerToken(header) : null;
  return token && apiKeyIdOf(token) ? token : null;
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

/** The budget a request counts against: reads and writes apart, per key or per IP. */
function budgetKey(write: boolean, client: RateLimitClient): string {
  return `${write ? 'write' : 'read'}|${client.kind}|${client.id}`;
}

class TooManyRequestsError extends Error {
  readonly statusCode = 429;
  constructor(detail: string) {
    super(detail);
    this.name = 'TooManyRequestsError';
  }
}

/**
 * Rate limits per API key (when a well-formed, real `Bearer esk_<id>_…` is sent) or else per client IP, with a
 * stricter budget for writes: a 429 problem with Retry-After and RateLimit-* headers. Routes with
 * `config.rateLimit: false` (health probes) are not counted. Returns the cached-answer lane's way in to the same
 * budgets.
 */
export function registerRateLimit(
  app: FastifyInstance,
  config: Pick<Config, 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WRITE_MAX' | 'RATE_LIMIT_WINDOW_SECONDS'>,
  verifyKey: KeyVerifier,
): { admitRead: (request: IncomingMessage) => Record<string, string> | null } {
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
    const count = (client: RateLimitClient) => {
      const { count, msLeft } = limit.hit(budgetKey(write, client), Date.now());
      reply.headers(rateLimitHeaders(limit, count, msLeft));
      if (count <= limit.max) return done();
      const reset = Math.ceil(msLeft / 1000);
      reply.header('retry-after', reset);
      const who = client.kind === 'key' ? 'this API key' : 'this IP address';
      const what = write ? 'write requests (POST, PATCH, DELETE)' : 'requests';
      done(new TooManyRequestsError(`Rate limit exceeded: at most ${limit.max} ${what} per ${window} s from ${who}; try again in ${reset} s.`));
    };
    // Without a key there is nothing to look up, and no promise: the IP's budget at once.
    if (!wellFormedKey(request.headers.authorization)) return count(ipClient(request.ip));
    rateLimitClient(request, verifyKey).then(count, done);
  });

  return {
    /**
     * For the cached-answer lane, a GET from the same budget as the hook above, on the same terms: counts it and
     * returns its RateLimit-* headers, or null (uncounted) when the budget is spent or the request has a key, leaving
     * it to the hook.
     */
    admitRead: (request) => {
      if (!readLimit) return {};
      // A request with a key draws from the key's budget, which takes a look-up: left to the hook (uncounted here).
      if (wellFormedKey(request.headers.authorization)) return null;
      const counted = readLimit.hitWithin(budgetKey(false, ipClient(request.socket.remoteAddress ?? '')), Date.now());
      return counted ? rateLimitHeaders(readLimit, counted.count, counted.msLeft) : null;
    },
  };
}
