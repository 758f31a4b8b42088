import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** Seconds a shed request is told to wait (Retry-After); under-pressure re-measures every second. */
export const LOAD_SHEDDING_RETRY_AFTER_SECONDS = 10;

class ServiceUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(readonly pressure: { type: string; value: number | undefined }) {
    super(`Shedding load: ${pressure.type} is above its threshold (${String(pressure.value ?? 'unhealthy')}).`);
    this.name = 'ServiceUnavailableError';
  }
}

/**
 * Load shedding (under-pressure): a 503 problem with Retry-After while the event loop lags or memory is above its
 * threshold, instead of slowing down for everyone until the process falls over. Routes with
 * `config.loadShedding: false` (the liveness probe) always answer.
 */
export async function registerLoadShedding(
  app: FastifyInstance,
  config: Pick<Config, 'MAX_EVENT_LOOP_DELAY_MS' | 'MAX_HEAP_USED_BYTES' | 'MAX_RSS_BYTES'>,
): Promise<void> {
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
}
