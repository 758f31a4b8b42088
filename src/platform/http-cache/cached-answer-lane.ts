import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';

/**
 * The cached-answer lane: a GET whose answer the response cache holds, current, is answered by the HTTP server's
 * request listener before the request reaches Fastify (no routing, no request and reply objects, no hook chain).
 *
 * Why: a dashboard polls the same URLs and mostly revalidates them. Answered from the cache through Fastify, such a
 * request still paid for routing, ten hooks and the onSend chain, which cost more than everything else together
 * (a 304 ran at 0.55–0.64× a bare Fastify route writing 32 KB). Here it costs a map look-up, the data-version check,
 * the rate-limit count and one writeHead.
 *
 * Nothing a client sees changes. The lane replays the headers of an answer Fastify made for the same cache entry
 * (captured by the response cache), with the per-request ones made afresh exactly as the hooks make them
 * (X-Request-Id, RateLimit-*), decides 304 with the HTTP caching plugin's own rules, and logs the two lines Fastify
 * logs. Anything it is not sure of goes to Fastify: other methods, an Origin (CORS answers depend on it) or an
 * Authorization header (the rate-limit budget and, where reads need a key, access depend on it), an exhausted rate
 * limit (the 429 is Fastify's), load shedding, a server that is closing, an entry with no captured headers yet.
 * tests/api/cached-answer-lane.test.ts compares every header of both ways, for 200s, 304s and both languages.
 */

/** A header of a captured answer: its value, or null for one made afresh per request. */
export type HeaderTemplate = ReadonlyArray<readonly [name: string, value: string | null]>;

/** What the response cache gives the lane for a request it can answer. */
export interface ReplayableAnswer {
  body: Buffer;
  /** The 200's Content-Type; a 304 carries none. */
  contentType: string;
  template: HeaderTemplate;
  /** 304 when the request's validators match the answer, else 200. */
  status: 200 | 304;
}

export interface CachedAnswerLaneParts {
  /** The response cache's current answer for this request, or undefined. */
  find: (request: IncomingMessage) => ReplayableAnswer | undefined;
  /** Counts the request against its rate-limit budget and returns its RateLimit-* headers (none when unlimited), or
   * null without counting when the budget is spent: Fastify then counts it and answers the 429. */
  admit: (request: IncomingMessage) => Record<string, string> | null;
  /** The request id, made as Fastify's genReqId makes it. */
  requestId: (request: IncomingMessage) => string;
  /** True while the server sheds load: Fastify answers the 503. */
  underPressure: () => boolean;
  /** Fastify's logger (pino): the lane logs each request as Fastify does, when info is enabled. */
  log: Pick<Logger, 'isLevelEnabled' | 'child'>;
}

/**
 * Whether an answer to these request headers depends only on the URL and the language, so that it can be replayed
 * to another such request: CORS headers depend on `Origin`, the rate-limit budget (and, where reads need a key,
 * access) on `Authorization`. The response cache captures headers, and the lane answers, only for these.
 */
export function answerIsReplayable(headers: IncomingHttpHeaders): boolean {
  return headers.origin === undefined && headers.authorization === undefined;
}

/** Made afresh on every answer: never captured. */
export const PER_REQUEST_HEADERS = new Set(['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']);

export interface CachedAnswerLaneOptions {
  /**
   * The lane's switch: off, Fastify answers everything. Even on, the lane answers only once a response cache feeds it
   * (src/platform/http-cache/index.ts) and the app is ready.
   */
  on: boolean;
}

export class CachedAnswerLane {
  private readonly on: boolean;
  private find: CachedAnswerLaneParts['find'] | null = null;
  private parts: CachedAnswerLaneParts | null = null;
  private closing = false;
  /** Answers given by the lane (for tests and diagnostics). */
  answered = 0;

  constructor({ on }: CachedAnswerLaneOptions) {
    this.on = on;
  }

  /** The response cache the lane answers from (given by the HTTP caching registration). */
  answerFrom(find: CachedAnswerLaneParts['find']): void {
    this.find = find;
  }

  /**
   * Turns the lane on once the app is ready, if its switch is on and a response cache feeds it; until then (and
   * otherwise) every request goes to Fastify.
   */
  enable(parts: Omit<CachedAnswerLaneParts, 'find'>): void {
    if (this.on && this.find) this.parts = { ...parts, find: this.find };
  }

  /** From the moment the app starts closing, Fastify answers everything (its 503 while closing). */
  close(): void {
    this.closing = true;
  }

  /**
   * Fastify's serverFactory: the HTTP/1 server Fastify would make (same options, timeouts and keep-alive), whose
   * listener offers each request to the lane first.
   */
  serverFactory = (handler: (request: IncomingMessage, response: ServerResponse) => void, options: FastifyServerOptions): Server => {
    const server = createServer((options as { http?: object }).http ?? {}, (request, response) => {
      if (!this.answer(request, response)) handler(request, response);
    });
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket !== undefined && options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };

  /** Answers the request and returns true, or returns false having done nothing. */
  answer(request: IncomingMessage, response: ServerResponse): boolean {
    const parts = this.parts;
    if (!parts || this.closing || request.method !== 'GET') return false;
    const { headers } = request;
    if (!answerIsReplayable(headers)) return false;
    const started = performance.now();
    let found: ReplayableAnswer | undefined;
    let limits: Record<string, string> | null;
    try {
      found = parts.find(request);
      if (!found || parts.underPressure()) return false;
      limits = parts.admit(request);
      if (!limits) return false;
    } catch {
      // A database that fails (closed, corrupt) fails in Fastify, whose error handler answers the problem.
      return false;
    }

    const id = parts.requestId(request);
    const out: string[] = [];
    for (const [name, value] of found.template) {
      const fresh = value ?? (name === 'x-request-id' ? id : limits[name]);
      if (fresh !== undefined) out.push(name, fresh);
    }
    if (found.status === 200) out.push('content-type', found.contentType, 'content-length', String(found.body.length));
    // What Fastify writes for the empty body of a 304 (src/platform/http-cache/conditional-get.ts empties it).
    else out.push('content-length', '0');

    const log = parts.log.isLevelEnabled('info') ? parts.log.child({ reqId: id }) : null;
    if (log) {
      log.info({ req: { method: request.method, url: request.url, headers, host: headers.host ?? '', ip: request.socket.remoteAddress, socket: request.socket } }, 'incoming request');
      response.once('finish', () => {
        log.info({ res: { statusCode: response.statusCode }, responseTime: performance.now() - started }, 'request completed');
      });
    }
    this.answered += 1;
    response.writeHead(found.status, out);
    response.end(found.status === 200 ? found.body : undefined);
    return true;
  }
}
