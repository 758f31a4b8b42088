import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../src/config.js';

/**
 * compose.yaml cannot be run here (no container engine), so it is kept correct by construction: valid against the
 * Compose Specification's JSON Schema (tests/fixtures/compose-spec.json, from compose-spec/compose-spec), every file it
 * mounts present, its scripts valid bash, the API nodes' environment a valid configuration of this server, the load
 * balancer sending to exactly the API nodes, and the image carrying what PostgreSQL needs.
 */

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Service {
  environment?: Record<string, string>;
  volumes?: string[];
  entrypoint?: string[];
}
const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };

describe('compose.yaml', () => {
  it('is valid against the Compose Specification', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    formats.default(ajv);
    // The schema names draft-07 by its https address, which ajv knows under http: ajv's own draft-07 is the same.
    const { $schema: _draft, ...schema } = JSON.parse(read('tests/fixtures/compose-spec.json')) as Record<string, unknown>;
    const validate = ajv.compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('mounts only files that exist, and its scripts are valid bash', () => {
    const mounted = Object.values(compose.services)
      .flatMap((service) => service.volumes ?? [])
      .map((volume) => volume.split(':')[0]!)
      .filter((source) => source.startsWith('./'));
    expect(mounted.length).toBeGreaterThan(2);
    for (const source of mounted) {
      expect(existsSync(join(root, source)), source).toBe(true);
      if (source.endsWith('.sh')) expect(spawnSync('bash', ['-n', join(root, source)]).status, source).toBe(0);
    }
  });

  it('gives each API node an environment this server accepts, on PostgreSQL with a replica', () => {
    const nodes = Object.entries(compose.services).filter(([, service]) => service.environment?.DATABASE_URL);
    expect(nodes.map(([name]) => name)).toEqual(['api-1', 'api-2']);
    for (const [name, { environment = {} }] of nodes) {
      for (const variable of Object.keys(environment)) expect(Object.keys(configSchema.shape), `${name}: ${variable}`).toContain(variable);
      // The password comes from the operator's environment (${ECONSEC_DB_PASSWORD:?…}): any will do here.
      const env = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value.replace(/\$\{[^}]+\}/g, 'secret')]));
      const config = loadConfig(env);
      expect(config.DATABASE_URL, name).toMatch(/^postgres:\/\/econsec:secret@db-primary:5432\/econsec$/);
      expect(config.DATABASE_REPLICA_URLS, name).toEqual(['postgres://econsec:secret@db-replica:5432/econsec']);
    }
  });

  it('balances over exactly the API nodes, and the image carries the PostgreSQL migrations', () => {
    const upstreams = [...read('deploy/nginx.conf').matchAll(/^\s*server (\S+):3000\b/gm)].map((match) => match[1]);
    expect(upstreams).toEqual(['api-1', 'api-2']);
    expect(read('Dockerfile')).toMatch(/^COPY migrations-postgres \.\/migrations-postgres$/m);
  });
});
