// node scripts/start.mjs — what `npm start` runs: the bundled server (dist/server.mjs, see scripts/build.mjs),
// rebuilt first if anything it is built from is newer than it, so that an edit to src/ is never served stale.
// The server is imported into this same process, so SIGTERM/SIGINT reach the handlers src/server.ts installs,
// exactly as with `node dist/server.mjs` (which is what the Docker image runs).

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'server.mjs');
/** What the bundle is built from. Folders count too: deleting or renaming a file changes its folder's mtime. */
const INPUTS = ['src', 'seeds', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];

/** The latest mtime under `path` (a file or a folder, recursively); 0 if it does not exist. */
function newest(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  let latest = stats.mtimeMs;
  if (stats.isDirectory()) {
    for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  }
  return latest;
}

const built = statSync(BUNDLE, { throwIfNoEntry: false })?.mtimeMs ?? -1;
if (INPUTS.some((input) => newest(join(ROOT, input)) > built)) {
  process.stderr.write(`${built < 0 ? 'dist/server.mjs is missing' : 'the sources changed'}: building dist/server.mjs\n`);
  const { build } = await import('./build.mjs');
  try {
    await build();
  } catch (err) {
    // esbuild has already printed its own errors, with file and line; anything else (writing dist/) is shown here.
    if (!Array.isArray(err?.errors)) process.stderr.write(`${err?.stack ?? err}\n`);
    process.stderr.write('econsec-api: the build failed; not starting\n');
    process.exit(1);
  }
}

await import('../dist/server.mjs');
