import { parseArgs } from 'node:util';
import { apiKeyScopes, createApiKey, listApiKeys, revokeApiKey, type ApiKeyScope } from '../modules/api-keys/queries.js';
import { openConfiguredDatabase } from './open-configured-database.js';

/**
 * npm run keys -- create --name NAME --scope write [--scope admin]   prints the new key once
 * npm run keys -- list                                               names, scopes, dates (never keys)
 * npm run keys -- revoke NAME
 */
const USAGE = 'usage: npm run keys -- create --name NAME --scope read|write|admin [--scope …] | list | revoke NAME';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(1);
}

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true } },
  });
} catch (err) {
  fail((err as Error).message);
}
const [command, ...rest] = parsed.positionals;
const { db, close } = await openConfiguredDatabase();
try {
  if (command === 'create') {
    const name = parsed.values.name?.trim();
    if (!name || !/^[\w .@-]{1,100}$/.test(name)) fail('--name is required: 1 to 100 letters, digits, spaces or . _ @ -');
    const scopes = parsed.values.scope ?? [];
    const unknown = scopes.filter((scope) => !(apiKeyScopes as readonly string[]).includes(scope));
    if (scopes.length === 0 || unknown.length > 0) fail(`--scope must be one of ${apiKeyScopes.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
    if ((await listApiKeys(db)).some((key) => key.name === name)) fail(`a key named "${name}" exists already`);
    const { key } = await createApiKey(db, name, [...new Set(scopes)] as ApiKeyScope[]);
    process.stdout.write(`${key}\n`);
    process.stderr.write(`Created key "${name}" (${scopes.join(', ')}). It is shown only now: store it safely.\n`);
  } else if (command === 'list') {
    for (const key of await listApiKeys(db)) {
      process.stdout.write(
        `${key.name}\t${key.scopes.join(',')}\tcreated ${key.createdAt}\tlast used ${key.lastUsedAt ?? 'never'}${key.revokedAt ? `\trevoked ${key.revokedAt}` : ''}\n`,
      );
    }
  } else if (command === 'revoke') {
    const name = rest[0] ?? parsed.values.name;
    if (!name) fail('revoke needs the name of the key');
    if (!(await revokeApiKey(db, name))) fail(`no active key named "${name}"`);
    process.stdout.write(`revoked "${name}"\n`);
  } else {
    fail(command ? `unknown command ${command}` : 'a command is required');
  }
} finally {
  await close();
}
