import { z } from 'zod';

/**
 * Everything the server reads from its environment, parsed once by src/server.ts.
 * Nothing else in the code base reads process.env.
 */
export const configSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a whole number from 0 to 65535' })
    .int('must be a whole number from 0 to 65535')
    .min(0, 'must be a whole number from 0 to 65535')
    .max(65535, 'must be a whole number from 0 to 65535')
    .default(3000),
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
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
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
      return `${name}=${JSON.stringify(relevant[name])}: ${issue.message}`;
    }),
  );
}
