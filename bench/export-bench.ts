import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

// npm run bench:export -- --database FILE [--query 'format=ndjson'] [--interval 10] [--json]
// Starts the real server on FILE (a corpus from npm run bench:corpus; the server migrates it if needed), then
// downloads GET /v1/export/statements?QUERY while firing GET /healthz every INTERVAL ms, and reports:
// the server's resident memory (VmRSS from /proc, Linux) idle and at its peak during the export, the export's
// duration and size, and the /healthz latencies (p50, p99, max) measured while it ran.
const usage = "usage: npm run bench:export -- --database FILE [--query 'format=ndjson&partner=FR'] [--interval 10] [--json]";

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      database: { type: 'string' },
      query: { type: 'string', default: 'format=ndjson' },
      interval: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (err) {
  fail((err as Error).message);
}
if (!values.database || !statSync(values.database, { throwIfNoEntry: false })) fail('--database: an existing database file is required');
if (!/^\d{1,4}$/.test(values.interval) || Number(values.interval) < 1) fail('--interval: milliseconds, 1 to 9999');
const interval = Number(values.interval);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

const rssKb = (pid: number): number => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
};

/** Downloads argv[1] as fast as it can, counting bytes and line ends; prints its progress as JSON lines. */
const DOWNLOADER = `
const res = await fetch(process.argv[1]);
let bytes = 0, lines = 0, last = 0;
const report = () => process.stdout.write(JSON.stringify({ status: res.status, contentType: res.headers.get('content-type'), bytes, lines }) + '\\n');
for await (const chunk of res.body) {
  const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
  bytes += buffer.length;
  for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) lines += 1;
  if (Date.now() - last > 200) { last = Date.now(); report(); }
}
report();
`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// As `npm start` runs it: the bundled server (scripts/start.mjs rebuilds it first if the sources changed).
const server = spawn(process.execPath, ['scripts/start.mjs'], {
  env: { ...process.env, DATABASE_PATH: values.database, PORT: String(port), LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const serverExited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
process.on('exit', () => server.kill('SIGKILL'));

try {
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error('the server exited during start-up');
    if (Date.now() > deadline) throw new Error('the server did not answer /healthz within 10 minutes');
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(100);
  }
  // Warm-up: the code paths of the list and of a small export, then let the heap settle.
  for (let i = 0; i < 3; i++) await (await fetch(`${base}/v1/statements?limit=100`)).arrayBuffer();
  await (await fetch(`${base}/v1/export/statements?format=ndjson&meeting=japan-france-summit-2026-04`)).arrayBuffer();
  await sleep(2000);
  const pid = server.pid!;
  const idleKb = rssKb(pid);

  let peakKb = idleKb;
  let lines = 0;
  // RSS against progress: flat after the first chunks means memory does not grow with the result.
  const timeline: { lines: number; rssMiB: number }[] = [];
  let lastMark = 0;
  const sampler = setInterval(() => {
    const kb = rssKb(pid);
    peakKb = Math.max(peakKb, kb);
    if (performance.now() - lastMark >= 1000) {
      lastMark = performance.now();
      timeline.push({ lines, rssMiB: +(kb / 1024).toFixed(1) });
    }
  }, 20);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const pinger = setInterval(() => {
    const sent = performance.now();
    pending.push(
      fetch(`${base}/healthz`).then(
        async (r) => {
          await r.arrayBuffer();
          latencies.push(performance.now() - sent);
        },
        () => undefined,
      ),
    );
  }, interval);

  // The download runs in a process of its own: reading half a gigabyte here would delay this process's
  // timers and inflate the /healthz latencies it measures. It reports its progress on stdout.
  const started = performance.now();
  const downloader = spawn(process.execPath, ['--input-type=module', '-e', DOWNLOADER, `${base}/v1/export/statements?${values.query}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let bytes = 0;
  let contentType = '';
  let status = 0;
  downloader.stdout.setEncoding('utf8');
  let pendingOutput = '';
  downloader.stdout.on('data', (text: string) => {
    pendingOutput += text;
    const reports = pendingOutput.split('\n');
    pendingOutput = reports.pop() ?? '';
    for (const report of reports) {
      const progress = JSON.parse(report) as { status: number; contentType: string; bytes: number; lines: number };
      ({ status, contentType, bytes, lines } = progress);
    }
  });
  const exitCode = await new Promise<number | null>((resolve) => downloader.on('exit', resolve));
  const durationMs = performance.now() - started;
  if (exitCode !== 0 || status !== 200) throw new Error(`the export answered ${status} (downloader exit code ${String(exitCode)})`);
  clearInterval(pinger);
  clearInterval(sampler);
  await Promise.all(pending);
  peakKb = Math.max(peakKb, rssKb(pid));

  const sorted = [...latencies].sort((a, b) => a - b);
  const result = {
    database: values.database,
    query: values.query,
    node: process.version,
    at: new Date().toISOString(),
    export: { durationS: +(durationMs / 1000).toFixed(2), bytes, lines, contentType },
    rssMiB: { idle: +(idleKb / 1024).toFixed(1), peak: +(peakKb / 1024).toFixed(1), growth: +((peakKb - idleKb) / 1024).toFixed(1), timeline },
    healthz: {
      requests: sorted.length,
      intervalMs: interval,
      p50Ms: +percentile(sorted, 50).toFixed(1),
      p99Ms: +percentile(sorted, 99).toFixed(1),
      maxMs: +(sorted.at(-1) ?? Number.NaN).toFixed(1),
    },
  };
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(
      `export ?${values.query}: ${result.export.lines} lines, ${(bytes / 1e6).toFixed(1)} MB in ${result.export.durationS} s\n` +
        `server RSS: idle ${result.rssMiB.idle} MiB, peak during the export ${result.rssMiB.peak} MiB (+${result.rssMiB.growth} MiB)\n` +
        `RSS (MiB) by lines sent: ${timeline.map((t) => `${t.lines}: ${t.rssMiB}`).join(', ')}\n` +
        `/healthz every ${interval} ms during the export: ${result.healthz.requests} answers, p50 ${result.healthz.p50Ms} ms, ` +
        `p99 ${result.healthz.p99Ms} ms, max ${result.healthz.maxMs} ms\n`,
    );
  }
} finally {
  server.kill('SIGTERM');
  await serverExited;
}
