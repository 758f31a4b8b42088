import { createRequire } from 'node:module';

/**
 * autocannon 8 ships no type declarations: these are the few parts of its programmatic API the bench uses
 * (see node_modules/autocannon/README.md, "API" and "Autocannon events").
 */
export interface AutocannonClient {
  /** Internal queue of in-flight requests; its addBody() keeps every response body as a string. */
  pipelinedRequests?: { addBody?: (data: Buffer) => void };
  /** Every chunk of a response body as it arrives. */
  on(event: 'body', listener: (chunk: Buffer) => void): unknown;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  pipelining: number;
  /** Seconds. */
  duration: number;
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Seconds before a request counts as timed out. */
  timeout?: number;
  setupClient?: (client: AutocannonClient) => void;
}

export interface AutocannonResult {
  /** Seconds. */
  duration: number;
  errors: number;
  timeouts: number;
  resets: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  requests: { total: number; average: number; sent: number };
  throughput: { total: number };
}

/** What autocannon(options) returns without a callback: an EventEmitter that is also a promise of the result. */
export interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  /** Ends the run early; the promise then resolves with what was measured. */
  stop(): void;
  /** responseTime is in milliseconds (process.hrtime, sub-millisecond). */
  on(event: 'response', listener: (client: AutocannonClient, statusCode: number, resBytes: number, responseTime: number) => void): unknown;
  on(event: 'reqError', listener: (error: Error) => void): unknown;
}

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (options: AutocannonOptions) => AutocannonInstance;

export default autocannon;
