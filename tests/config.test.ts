import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_PATH: './data/econsec.db',
      LOG_LEVEL: 'info',
      CORS_ORIGINS: ['*'],
      CACHE_MAX_AGE: 60,
      REQUIRE_AUTH_FOR_READS: false,
    });
  });

  it('reads each variable and treats empty as unset', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_PATH: ':memory:',
        LOG_LEVEL: 'debug',
        CORS_ORIGINS: 'https://dash.example, http://localhost:5173/',
        CACHE_MAX_AGE: '0',
        REQUIRE_AUTH_FOR_READS: 'true',
      }),
    ).toEqual({
      PORT: 8080,
      HOST: '0.0.0.0',
      DATABASE_PATH: ':memory:',
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: ['https://dash.example', 'http://localhost:5173'],
      CACHE_MAX_AGE: 0,
      REQUIRE_AUTH_FOR_READS: true,
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
    ['CORS_ORIGINS', 'ftp://files.example'],
    ['CORS_ORIGINS', 'https://dash.example/path'],
    ['CORS_ORIGINS', ','],
    ['CACHE_MAX_AGE', '1e3'],
    ['CACHE_MAX_AGE', '-5'],
    ['REQUIRE_AUTH_FOR_READS', 'yes'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      expect((err as Error).message).toContain(`${name}=`);
      expect((err as Error).message).toMatch(/must be/);
    }
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
