import { pino, type Logger } from 'pino';
import type { Config } from '../config.js';

/**
 * The process's one pino logger, handed to Fastify as its `loggerInstance` (Fastify adds its request and reply
 * serializers in a child). Credentials never reach a log line, whatever is logged.
 */
export function createLogger(level: Config['LOG_LEVEL']): Logger {
  return pino({ level, redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' } });
}
