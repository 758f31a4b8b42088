// node scripts/build.mjs — bundles the server (src/server.ts and everything it imports) into dist/server.mjs.
//
// Why a bundle: run through tsx, start-up is mostly module loading — tsx itself, then hundreds of separate
// CommonJS/ESM files of fastify, zod, drizzle, pino… each resolved, read and compiled on its own. One
// pre-compiled file loads in a fraction of that time. `npm start` (scripts/start.mjs) rebuilds it whenever
// it is older than the sources, so it is never stale; `npm run dev` and the CLI scripts still run the
// TypeScript sources through tsx.
//
// Two packages stay outside the bundle and are loaded from node_modules at run time:
// - better-sqlite3 is a native addon: its .node binary is found relative to its own package folder.
// - @fastify/swagger-ui serves the Swagger UI's static files (/docs) from its own package folder.
//
// dist/ sits at the repository root on purpose: the bundle finds migrations/ and openapi/openapi.json (whose
// recorded examples /openapi.json serves) from the folder holding package.json (src/project-root.ts), and the two
// external packages from ../node_modules.

import * as esbuild from 'esbuild';
import { mkdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTFILE = join(ROOT, 'dist', 'server.mjs');

/** Builds dist/server.mjs (and dist/server.mjs.map); rejects, after esbuild has printed the errors, if it fails. */
export async function build() {
  // The bundle's mtime is set to this moment, not to when it was written: a source saved while esbuild was
  // reading the tree is then newer than the bundle, and the next `npm start` rebuilds.
  const startedAt = new Date();
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ['src/server.ts'],
      outfile: OUTFILE,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3', '@fastify/swagger-ui'],
      // Bundled CommonJS packages call require(); an ES module has none, so the bundle makes its own.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      // dist/server.mjs.map, for `node --enable-source-maps dist/server.mjs` when a stack trace must point into
      // src/. Node reads the map only with that flag, which is not on by default: loading the 6 MB map made
      // start-up measurably slower (about 30–150 ms of 0.5 s).
      sourcemap: true,
      legalComments: 'none',
      logLevel: 'warning',
      write: false,
    });
  } finally {
    // esbuild runs as a child process that would otherwise stay alive (160 MB or so) next to the server that
    // scripts/start.mjs imports once the build is done.
    await esbuild.stop();
  }
  // Written next to their final names, then renamed: a server starting at the same moment (two `npm start`,
  // parallel tests) sees the old bundle or the new one, never half of one. The map goes first, so that the
  // new bundle never points at the old map.
  mkdirSync(dirname(OUTFILE), { recursive: true });
  const files = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
  for (const file of files) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    utimesSync(temporary, startedAt, startedAt);
    renameSync(temporary, file.path);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = performance.now();
  try {
    await build();
  } catch (err) {
    // esbuild has already printed its own errors, with file and line; anything else (writing dist/) is shown here.
    if (!Array.isArray(err?.errors)) process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  }
  process.stdout.write(`built ${OUTFILE} in ${Math.round(performance.now() - started)} ms\n`);
}
