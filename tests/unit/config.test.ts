import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_PATH: './data/econsec.db',
      DATABASE_REPLICA_URLS: [],
      DATABASE_POOL_MAX: 10,
      DATABASE_STATEMENT_TIMEOUT_MS: 5000,
      LOG_LEVEL: 'info',
      CORS_ORIGINS: ['*'],
      CACHE_MAX_AGE: 60,
      RESPONSE_CACHE_MAX_ENTRIES: 2000,
      REQUIRE_AUTH_FOR_READS: false,
      RATE_LIMIT_MAX: 600,
      RATE_LIMIT_WRITE_MAX: 60,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      BODY_LIMIT_BYTES: 1_048_576,
      REQUEST_TIMEOUT_MS: 30_000,
      MAX_EVENT_LOOP_DELAY_MS: 1000,
      MAX_HEAP_USED_BYTES: 0,
      MAX_RSS_BYTES: 0,
    });
  });

  it('reads each variable and treats empty as unset', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_PATH: ':memory:',
        DATABASE_URL: ' postgres://econsec:secret@db.internal:5432/econsec ',
        DATABASE_REPLICA_URLS: 'postgresql://replica-a/econsec, postgres://replica-b:6432/econsec,',
        DATABASE_POOL_MAX: '1000',
        DATABASE_STATEMENT_TIMEOUT_MS: '0',
        LOG_LEVEL: 'debug',
        CORS_ORIGINS: 'https://dash.example, http://localhost:5173/',
        CACHE_MAX_AGE: '0',
        RESPONSE_CACHE_MAX_ENTRIES: '0',
        REQUIRE_AUTH_FOR_READS: 'true',
        RATE_LIMIT_MAX: '0',
        RATE_LIMIT_WRITE_MAX: '10',
        RATE_LIMIT_WINDOW_SECONDS: '1',
        BODY_LIMIT_BYTES: '65536',
        REQUEST_TIMEOUT_MS: '0',
        MAX_EVENT_LOOP_DELAY_MS: '0',
        MAX_HEAP_USED_BYTES: '2000000000',
        MAX_RSS_BYTES: '4000000000',
      }),
    ).toEqual({
      PORT: 8080,
      HOST: '0.0.0.0',
      DATABASE_PATH: ':memory:',
      DATABASE_URL: 'postgres://econsec:secret@db.internal:5432/econsec',
      DATABASE_REPLICA_URLS: ['postgresql://replica-a/econsec', 'postgres://replica-b:6432/econsec'],
      DATABASE_POOL_MAX: 1000,
      DATABASE_STATEMENT_TIMEOUT_MS: 0,
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: ['https://dash.example', 'http://localhost:5173'],
      CACHE_MAX_AGE: 0,
      RESPONSE_CACHE_MAX_ENTRIES: 0,
      REQUIRE_AUTH_FOR_READS: true,
      RATE_LIMIT_MAX: 0,
      RATE_LIMIT_WRITE_MAX: 10,
      RATE_LIMIT_WINDOW_SECONDS: 1,
      BODY_LIMIT_BYTES: 65_536,
      REQUEST_TIMEOUT_MS: 0,
      MAX_EVENT_LOOP_DELAY_MS: 0,
      MAX_HEAP_USED_BYTES: 2_000_000_000,
      MAX_RSS_BYTES: 4_000_000_000,
    });
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['LOG_LEVEL', 'verbose'],
    ['HOST', 'not a host'],
    ['DATABASE_PATH', '   '],
    ['DATABASE_URL', 'mysql://db.internal/econsec'],
    ['DATABASE_URL', './data/econsec.db'],
    ['DATABASE_URL', 'postgres://'],
    ['DATABASE_REPLICA_URLS', 'postgres://replica-a/econsec'],
    ['DATABASE_POOL_MAX', '0'],
    ['DATABASE_POOL_MAX', '1001'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '5s'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '600001'],
    ['CORS_ORIGINS', 'ftp://files.example'],
    ['CORS_ORIGINS', 'https://dash.example/path'],
    ['CORS_ORIGINS', ','],
    ['CACHE_MAX_AGE', '1e3'],
    ['CACHE_MAX_AGE', '-5'],
    ['REQUIRE_AUTH_FOR_READS', 'yes'],
    ['RATE_LIMIT_MAX', '1e3'],
    ['RATE_LIMIT_MAX', '-1'],
    ['RATE_LIMIT_WRITE_MAX', 'sixty'],
    ['RATE_LIMIT_WINDOW_SECONDS', '0'],
    ['BODY_LIMIT_BYTES', '100'],
    ['BODY_LIMIT_BYTES', '1MiB'],
    ['REQUEST_TIMEOUT_MS', '30s'],
    ['REQUEST_TIMEOUT_MS', '600001'],
    ['MAX_EVENT_LOOP_DELAY_MS', '0.5'],
    ['MAX_HEAP_USED_BYTES', '1e9'],
    ['MAX_RSS_BYTES', '10000000000000'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect((err as Error).message).toContain(`${name}=`);
      expect((err as Error).message).toMatch(/must be/);
    }
  });

  it('refuses a replica URL that is not PostgreSQL, and replicas without a primary', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://primary/econsec', DATABASE_REPLICA_URLS: 'postgres://a/econsec,http://b' })).toThrow(
      /DATABASE_REPLICA_URLS=.*must be a comma-separated list of URLs that each must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://a/econsec' })).toThrow(/DATABASE_REPLICA_URLS=.*must be used with DATABASE_URL/);
  });

  it('does not repeat a database password in its message', () => {
    try {
      loadConfig({ DATABASE_URL: 'postgres://econsec:hunter2@db.internal/econsec', DATABASE_POOL_MAX: '0', DATABASE_REPLICA_URLS: 'mysql://u:pw2@r/x' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain('DATABASE_REPLICA_URLS="mysql://u:***@r/x"');
      expect((err as Error).message).not.toMatch(/hunter2|pw2/);
    }
    expect(() => loadConfig({ DATABASE_URL: 'http://econsec:hunter2@db.internal/econsec' })).toThrow('DATABASE_URL="http://econsec:***@db.internal/econsec"');
  });

  it('either parses or throws a ConfigError for any PORT and LOG_LEVEL string (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (port, level) => {
        try {
          const config = loadConfig({ PORT: port, LOG_LEVEL: level });
          expect(Number.isInteger(config.PORT)).toBe(true);
          expect(config.PORT).toBeGreaterThanOrEqual(0);
          expect(config.PORT).toBeLessThanOrEqual(65535);
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
        }
      }),
    );
  });

  it('stops the server at start-up with exit code 1 and names the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_PATH: ':memory:' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT="eighty": must be a whole number from 0 to 65535');
    expect(result.stderr).toContain('LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent');
  });
});
