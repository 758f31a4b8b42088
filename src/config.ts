import { z } from 'zod';

/**
 * Everything the server reads from its environment, parsed once by src/server.ts.
 * Nothing else in the code base reads process.env.
 */
const CORS_ORIGINS_RULE = 'must be * or a comma-separated list of origins (scheme://host[:port]) such as https://dash.example';

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

const POSTGRES_URL_RULE = 'must be a postgres:// or postgresql:// URL such as postgres://econsec@db.internal:5432/econsec';

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Digits only: 1e3, 0x10 or 80.0 are refused rather than silently coerced. */
function wholeNumberVar(min: number, max: number, unit = '', note = '') {
  const rule = `must be a whole number${unit} from ${min} to ${max}${note}`;
  const digits = Math.max(6, String(max).length);
  return z
    .string()
    .regex(new RegExp(`^\\d{1,${digits}}$`), rule)
    .transform(Number)
    .pipe(z.int().min(min, rule).max(max, rule));
}

export const configSchema = z.object({
  PORT: wholeNumberVar(0, 65535).default(3000),
  HOST: z
    .string()
    .trim()
    .min(1, 'must be a host name or IP address such as 127.0.0.1 or 0.0.0.0')
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address such as 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  DATABASE_PATH: z
    .string()
    .trim()
    .min(1, 'must be a file path (its folder is created) or :memory:')
    .default('./data/econsec.db'),
  // PostgreSQL instead of the SQLite file at DATABASE_PATH (which is then ignored); absent → SQLite.
  DATABASE_URL: z.string().trim().refine(isPostgresUrl, { error: POSTGRES_URL_RULE }).optional(),
  // Streaming replicas of DATABASE_URL's database. Opened beside the primary; GETs still read the primary.
  DATABASE_REPLICA_URLS: z
    .string()
    .trim()
    .transform((value) => value.split(',').map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isPostgresUrl, { error: `must be a comma-separated list of URLs that each ${POSTGRES_URL_RULE}` })))
    .default([]),
  // Connections per PostgreSQL pool (the primary's, and each replica's).
  DATABASE_POOL_MAX: wholeNumberVar(1, 1000, ' of connections').default(10),
  // PostgreSQL cancels a statement running longer: a slow query fails alone instead of holding a connection.
  DATABASE_STATEMENT_TIMEOUT_MS: wholeNumberVar(0, 600_000, ' of milliseconds', ' (0 = no limit)').default(5000),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  CORS_ORIGINS: z
    .string()
    .trim()
    .default('*')
    .transform((value) => value.split(',').map((origin) => origin.trim().replace(/\/$/, '')).filter(Boolean))
    .pipe(
      z
        .array(z.string().refine((origin) => origin === '*' || isOrigin(origin), { error: CORS_ORIGINS_RULE }))
        .min(1, CORS_ORIGINS_RULE),
    ),
  CACHE_MAX_AGE: wholeNumberVar(0, 86400, ' of seconds').default(60),
  // Whole answers kept in memory until the data changes (src/platform/http-cache/response-cache.ts); 0 turns the cache off,
  // which the bench uses to measure what a first request costs.
  RESPONSE_CACHE_MAX_ENTRIES: wholeNumberVar(0, 1_000_000, ' of answers', ' (0 = off)').default(2000),
  REQUIRE_AUTH_FOR_READS: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  // Abuse limits (src/platform/abuse-limits.ts). For the limits that can be off, 0 turns them off.
  RATE_LIMIT_MAX: wholeNumberVar(0, 1_000_000_000, ' of requests', ' (0 = no limit)').default(600),
  RATE_LIMIT_WRITE_MAX: wholeNumberVar(0, 1_000_000_000, ' of requests', ' (0 = no limit)').default(60),
  RATE_LIMIT_WINDOW_SECONDS: wholeNumberVar(1, 86400, ' of seconds').default(60),
  BODY_LIMIT_BYTES: wholeNumberVar(1024, 104_857_600, ' of bytes').default(1_048_576),
  REQUEST_TIMEOUT_MS: wholeNumberVar(0, 600_000, ' of milliseconds', ' (0 = no limit)').default(30_000),
  MAX_EVENT_LOOP_DELAY_MS: wholeNumberVar(0, 60_000, ' of milliseconds', ' (0 = off)').default(1000),
  MAX_HEAP_USED_BYTES: wholeNumberVar(0, 1_000_000_000_000, ' of bytes', ' (0 = off)').default(0),
  MAX_RSS_BYTES: wholeNumberVar(0, 1_000_000_000_000, ' of bytes', ' (0 = off)').default(0),
}).superRefine((config, context) => {
  if (config.DATABASE_REPLICA_URLS.length > 0 && !config.DATABASE_URL) {
    context.addIssue({ code: 'custom', path: ['DATABASE_REPLICA_URLS'], message: 'must be used with DATABASE_URL (replicas of a PostgreSQL primary)' });
  }
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A database URL's password is not repeated in an error message (logs keep what stderr says). */
function withoutPasswords(value: string | undefined): string | undefined {
  return value?.replace(/(\/\/[^/:@\s,]*:)[^@\s,]*@/g, '$1***@');
}

/** Parses the environment; an empty string counts as unset so that `PORT= npm start` takes the default. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const relevant = Object.fromEntries(
    Object.keys(configSchema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = configSchema.safeParse(relevant);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(withoutPasswords(relevant[name]))}: ${issue.message}`;
    }),
  );
}
