import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  HOST,
  appCommands,
  freePort,
  installSignalHandlers,
  isStopping,
  makeTempDir,
  prepareDatabase,
  repoRoot,
  spawnApp,
  stop,
  stopAll,
  waitFor200,
} from './processes.js';
import { medianIndex } from './report.js';

// node --import tsx bench/startup-time.ts [--runs 5] [--database FILE]
// How long the server takes from spawn to its first 200 on /healthz on an already-seeded database, started the
// way `npm start` does (node scripts/start.mjs, running dist/server.mjs) and, for comparison, the way it was
// before the bundle (node --import tsx src/server.ts). The bundle is built first, so that no timed run includes
// a rebuild; one start then seeds a temporary database (or a copy of FILE), and each run starts the server on
// it, polls /healthz every 10 ms and stops it with SIGTERM. The two ways alternate run by run, so that machine
// drift hits both alike. Prints every run and the medians.
const usage = 'usage: node --import tsx bench/startup-time.ts [--runs N] [--database FILE]';

let values;
try {
  ({ values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, database: { type: 'string' } },
    strict: true,
  }));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${usage}\n`);
  process.exit(2);
}
const runs = Number(values.runs);
if (!/^\d{1,2}$/.test(values.runs) || runs < 1) {
  process.stderr.write(`--runs: must be a whole number from 1 to 99\n${usage}\n`);
  process.exit(2);
}
const source = values.database === undefined ? undefined : resolve(values.database);
if (source !== undefined && !statSync(source, { throwIfNoEntry: false })) {
  process.stderr.write(`--database: ${source} does not exist\n`);
  process.exit(2);
}

const labels: Record<keyof typeof appCommands, string> = {
  launcher: `npm start (node ${appCommands.launcher.join(' ')} → dist/server.mjs)`,
  tsx: `before the bundle, for comparison (node ${appCommands.tsx.join(' ')})`,
};

/** Seconds from spawn to the first 200 on /healthz, and whether the launcher had to rebuild the bundle first. */
async function startOnce(databasePath: string, how: keyof typeof appCommands): Promise<{ seconds: number; rebuilt: boolean }> {
  const port = await freePort();
  const spawned = performance.now();
  const app = spawnApp(databasePath, port, how);
  await waitFor200(`http://${HOST}:${port}/healthz`, app, 300_000);
  const seconds = (performance.now() - spawned) / 1000;
  await stop(app);
  // scripts/start.mjs says so on stderr (a source saved while the bench runs): such a run is flagged.
  return { seconds, rebuilt: app.output.some((line) => line.includes('building dist/server.mjs')) };
}

const rebuiltNote = (rebuilt: boolean) => (rebuilt ? ' — included a rebuild: a source changed during the bench' : '');

function summary(times: number[]): string {
  const median = times[medianIndex(times)] ?? Number.NaN;
  return `${median.toFixed(2)} s (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)})`;
}

async function main(): Promise<void> {
  installSignalHandlers();
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`node scripts/build.mjs failed (${build.status}):\n${build.stdout}${build.stderr}`);
  process.stdout.write(build.stdout);
  const dir = makeTempDir();
  const databasePath = prepareDatabase(dir, source);
  const first = await startOnce(databasePath, 'launcher');
  process.stdout.write(
    `first start, ${labels.launcher} (${source ? `copy of ${source}` : 'fresh database: migrate and seed'}): ` +
      `${first.seconds.toFixed(2)} s${rebuiltNote(first.rebuilt)}\n`,
  );
  const times: Record<keyof typeof appCommands, number[]> = { launcher: [], tsx: [] };
  for (let run = 1; run <= runs; run++) {
    for (const how of ['launcher', 'tsx'] as const) {
      const { seconds, rebuilt } = await startOnce(databasePath, how);
      times[how].push(seconds);
      process.stdout.write(`run ${run}/${runs} (seeded database), ${labels[how]}: ${seconds.toFixed(2)} s${rebuiltNote(rebuilt)}\n`);
    }
  }
  process.stdout.write(
    `median spawn → first 200 on /healthz over ${runs} runs (node ${process.version}, ${new Date().toISOString()}):\n` +
      `  ${labels.launcher}: ${summary(times.launcher)}\n` +
      `  ${labels.tsx}: ${summary(times.tsx)}\n`,
  );
  await stopAll();
}

main().catch(async (err: unknown) => {
  if (isStopping()) return; // the signal handler stops the children and exits
  process.stderr.write(`startup-time failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await stopAll();
  process.exit(1);
});
