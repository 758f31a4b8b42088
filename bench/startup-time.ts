import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HOST, freePort, installSignalHandlers, isStopping, makeTempDir, prepareDatabase, spawnApp, stop, stopAll, waitFor200 } from './processes.js';
import { medianIndex } from './report.js';

// node --import tsx bench/startup-time.ts [--runs 5] [--database FILE]
// How long the server takes from spawn to its first 200 on /healthz on an already-seeded database: one start
// seeds a temporary database (or a copy of FILE), then each run starts the server on it, polls /healthz every
// 10 ms and stops it with SIGTERM. Prints every run and the median.
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

async function startOnce(databasePath: string): Promise<number> {
  const port = await freePort();
  const spawned = performance.now();
  const app = spawnApp(databasePath, port);
  await waitFor200(`http://${HOST}:${port}/healthz`, app, 300_000);
  const seconds = (performance.now() - spawned) / 1000;
  await stop(app);
  return seconds;
}

async function main(): Promise<void> {
  installSignalHandlers();
  const dir = makeTempDir();
  const databasePath = prepareDatabase(dir, source);
  const first = await startOnce(databasePath);
  process.stdout.write(`first start (${source ? `copy of ${source}` : 'fresh database: migrate and seed'}): ${first.toFixed(2)} s\n`);
  const times: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const seconds = await startOnce(databasePath);
    times.push(seconds);
    process.stdout.write(`run ${run}/${runs} (seeded database): ${seconds.toFixed(2)} s\n`);
  }
  const median = times[medianIndex(times)] ?? Number.NaN;
  process.stdout.write(
    `median spawn → first 200 on /healthz over ${runs} runs: ${median.toFixed(2)} s ` +
      `(min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}; node ${process.version}, ${new Date().toISOString()})\n`,
  );
  await stopAll();
}

main().catch(async (err: unknown) => {
  if (isStopping()) return; // the signal handler stops the children and exits
  process.stderr.write(`startup-time failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await stopAll();
  process.exit(1);
});
