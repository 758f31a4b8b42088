import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeCursor } from '../src/db/keyset.js';
import autocannon, { type AutocannonClient, type AutocannonInstance } from './autocannon.js';
import {
  HOST,
  benchServerEnv,
  freePort,
  installSignalHandlers,
  isStopping,
  makeTempDir,
  prepareDatabase,
  repoRoot,
  spawnApp,
  spawnBaseline,
  stopAll,
  waitFor200,
} from './processes.js';
import { formatMs, medianIndex, padEnd, padStart, percentile, renderTable } from './report.js';

// npm run bench [-- --duration 3 --rounds 3 --warmup 1 --connections 10 --budget 178 --quick --json FILE --database FILE
//                   --no-response-cache --compare FILE]
// Starts the real server as `npm start` does (node scripts/start.mjs) and a bare Fastify baseline in two child processes on
// 127.0.0.1, then measures every target with autocannon in interleaved rounds: round r runs each target once, in
// order, so that machine drift hits every target alike. Prints req/s (median over rounds), p50/p99 latency (of
// the median round) and the ratio to the baseline's req/s in the same run, with the project's goals.

const usage = `usage: npm run bench -- [options]
  --duration S      seconds per target per round (default 3)
  --rounds N        interleaved rounds (default 3)
  --warmup S        warm-up seconds per target before round 1, not measured (default 1; 0 for none)
  --connections N   concurrent connections (default 10; pipelining is always 1)
  --quick           1 s x 1 round (a smoke run)
  --budget S        stop starting rounds that would end later than S seconds after the start (default 178; 0 for
                    no limit): a slow server gives fewer rounds, never a longer run
  --database FILE   bench against a copy of FILE (e.g. a corpus from npm run bench:corpus) instead of a fresh
                    database seeded with the briefing; FILE itself is never opened by the server
  --json FILE       also write the figures to FILE as JSON
  --no-response-cache
                    start the server with RESPONSE_CACHE_MAX_ENTRIES=0: every request runs its queries (what a
                    first request costs), instead of the answers kept until the data changes
  --compare FILE    a --json file of an earlier run (say, at briefing size): adds each target's p50 as a multiple
                    of that run's, against the goal of at most 10x for the targets that must scale
  --help            this text`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function number(name: string, value: string, min: number, max: number, integer: boolean): number {
  const parsed = Number(value);
  const ok = /^\d+(\.\d+)?$/.test(value) && parsed >= min && parsed <= max && (!integer || Number.isInteger(parsed));
  if (!ok) fail(`--${name}: must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  return parsed;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      duration: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string', default: '10' },
      budget: { type: 'string', default: '178' },
      quick: { type: 'boolean', default: false },
      database: { type: 'string' },
      json: { type: 'string' },
      'no-response-cache': { type: 'boolean', default: false },
      compare: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (err) {
  fail((err as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const options = {
  duration: values.quick ? 1 : number('duration', values.duration, 1, 60, true),
  rounds: values.quick ? 1 : number('rounds', values.rounds, 1, 9, true),
  warmup: number('warmup', values.warmup, 0, 10, false),
  connections: number('connections', values.connections, 1, 1000, true),
  budget: number('budget', values.budget, 0, 86400, true),
  pipelining: 1,
  database: values.database === undefined ? null : resolve(values.database),
  json: values.json === undefined ? null : resolve(values.json),
  responseCache: !values['no-response-cache'],
  compare: values.compare === undefined ? null : resolve(values.compare),
};

const log = (line: string) => process.stderr.write(`${line}\n`);

/** With --compare: the p50 of each target in the earlier run, by key. */
const compared: Map<string, number> | null = (() => {
  if (!options.compare) return null;
  try {
    const earlier = JSON.parse(readFileSync(options.compare, 'utf8')) as { results?: { key: string; p50: number | null }[] };
    return new Map((earlier.results ?? []).flatMap((r) => (r.p50 === null ? [] : [[r.key, r.p50] as const])));
  } catch (err) {
    fail(`--compare: cannot read ${options.compare}: ${(err as Error).message}`);
  }
})();

/**
 * A cursor to the middle of GET /v1/statements (default sort, newest first). Walking there page by page would
 * take thousands of requests at 100 000 statements; instead the middle row's sort key is read from the database
 * (opened read-only) and put in a cursor carrying the fingerprint of the server's own first-page cursor, which is
 * exactly the cursor the server hands out on reaching that row.
 */
async function middleCursor(base: string, databasePath: string): Promise<{ cursor: string; position: string }> {
  const first = (await (await fetch(`${base}/v1/statements?limit=1`)).json()) as { total: number; nextCursor: string | null };
  if (!first.nextCursor) throw new Error('GET /v1/statements?limit=1 has no next page: too few statements for a middle page');
  const { f } = JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString('utf8')) as { f: string };
  const offset = Math.max(0, Math.floor(first.total / 2) - 1);
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare('SELECT date, id FROM statements WHERE deleted_at IS NULL ORDER BY date DESC, id DESC LIMIT 1 OFFSET ?')
      .get(offset) as { date: string; id: string } | undefined;
    if (!row) throw new Error('no middle statement');
    return { cursor: encodeCursor({ k: [row.date, row.id], f }), position: `${offset + 1} of ${first.total}` };
  } finally {
    db.close();
  }
}

interface Target {
  key: string;
  label: string;
  url: string;
  headers?: Record<string, string>;
  /** Every answer must have this status, or the figures measure something else. */
  expect: 200 | 304;
  /** The goal at briefing size: at least this fraction of the baseline's req/s. */
  goal?: number;
  /** With --compare: p50 at most this multiple of the compared run's p50 (the cost must not grow with the corpus). */
  scaleGoal?: number;
  /** p50 at most this many milliseconds, at any size. */
  p50GoalMs?: number;
  /** A 404 at start means the endpoint does not exist in this tree: the row is skipped, not failed. */
  optional?: boolean;
  /** Concurrent connections when not options.connections (the export: one client downloading it). */
  connections?: number;
}

interface Measurement {
  reqPerSec: number;
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  bytesPerResponse: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  errorMessages: Record<string, number>;
  /** Body bytes received per second, counting responses still in flight when the round ended. */
  mibPerSec: number;
  /** Milliseconds the server needed afterwards to finish the requests still queued when the round ended. */
  drainMs: number;
}

interface TargetResult {
  key: string;
  label: string;
  url: string;
  expectStatus: number;
  goal: number | null;
  scaleGoal: number | null;
  p50GoalMs: number | null;
  skipped: string | null;
  rounds: Measurement[];
  reqPerSec: number | null;
  p50: number | null;
  p99: number | null;
  bytesPerResponse: number | null;
  ratio: number | null;
  /** With --compare: this p50 ÷ the compared run's p50 for the same target. */
  p50Ratio: number | null;
  /** This target's req/s ÷ the baseline's in the same round: how far drift moved the ratio. */
  ratioByRound: (number | null)[];
  verdict: 'PASS' | 'MISS' | 'INVALID' | 'SKIPPED' | null;
  /** Answers other than expected, or errors: the figures are not to be trusted. */
  problems: string[];
  notes: string[];
}

/**
 * autocannon keeps every response body as a string (body += chunk) for features the bench does not use
 * (expectBody, verifyBody). That costs the client CPU on a machine it shares with the servers, and a large
 * export could exceed V8's maximum string length: drop the bodies. Bytes are still counted.
 */
function discardBodies(client: AutocannonClient): void {
  if (typeof client.pipelinedRequests?.addBody === 'function') client.pipelinedRequests.addBody = () => {};
}

/**
 * A round ends with up to `connections` requests still queued in the server, which it works through even though
 * autocannon has closed their sockets (a slow target can leave seconds of work). Wait until /healthz answers
 * quickly twice in a row, so that this work does not land on the next target. Returns the milliseconds waited.
 */
async function drain(healthUrl: string, capMs = 60_000): Promise<number> {
  const started = performance.now();
  let quick = 0;
  while (quick < 2 && performance.now() - started < capMs) {
    const sent = performance.now();
    try {
      const res = await fetch(healthUrl, { signal: AbortSignal.timeout(capMs) });
      await res.body?.cancel();
    } catch {
      // counted as slow
    }
    quick = performance.now() - sent < 25 ? quick + 1 : 0;
  }
  return performance.now() - started;
}

let totalDrainMs = 0;
/** The run in progress, stopped at once on Ctrl-C. */
let current: AutocannonInstance | null = null;

async function measure(target: Target, seconds: number, healthUrl: string, drainCapMs: number): Promise<Measurement> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errorMessages: Record<string, number> = {};
  let bodyBytes = 0;
  const countBytes = (chunk: Buffer) => {
    bodyBytes += chunk.length;
  };
  const instance = autocannon({
    url: target.url,
    connections: target.connections ?? options.connections,
    pipelining: options.pipelining,
    duration: seconds,
    timeout: 60,
    ...(target.headers ? { headers: target.headers } : {}),
    setupClient: (client) => {
      discardBodies(client);
      client.on('body', countBytes);
    },
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  instance.on('reqError', (error) => {
    const message = error.message || String(error);
    errorMessages[message] = (errorMessages[message] ?? 0) + 1;
  });
  current = instance;
  const result = await instance;
  current = null;
  if (isStopping()) throw new Error('stopped');
  const drainMs = await drain(healthUrl, drainCapMs);
  totalDrainMs += drainMs;
  latencies.sort((a, b) => a - b);
  const requests = result.requests.total;
  return {
    reqPerSec: result.duration > 0 ? requests / result.duration : 0,
    requests,
    seconds: result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    bytesPerResponse: requests > 0 ? result.throughput.total / requests : 0,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    errorMessages,
    mibPerSec: result.duration > 0 ? bodyBytes / 2 ** 20 / result.duration : 0,
    drainMs,
  };
}

function problemsOf(target: Target, m: Measurement): string[] {
  const problems: string[] = [];
  for (const [status, count] of Object.entries(m.statuses)) {
    if (Number(status) !== target.expect) problems.push(`${count} × HTTP ${status} (expected only ${target.expect})`);
  }
  if (m.errors > 0) problems.push(`${m.errors} errors (${m.timeouts} timeouts): ${JSON.stringify(m.errorMessages)}`);
  return problems;
}

/** Not a wrong answer, but worth saying: figures from few answers, or a long wait for the server to drain. */
function notesOf(m: Measurement, seconds: number): string[] {
  const notes: string[] = [];
  if (m.requests === 0) notes.push(`no answer completed within ${seconds} s (received ${m.mibPerSec.toFixed(1)} MiB/s)`);
  else if (m.requests < 50) notes.push(`only ${m.requests} answers`);
  if (m.drainMs > 1000) notes.push(`the server needed ${(m.drainMs / 1000).toFixed(1)} s to finish the requests left queued`);
  return notes;
}

/** One request outside the measurement: the target must answer what it is expected to before it is measured. */
async function preflight(target: Target): Promise<string | null> {
  let status: number;
  try {
    const res = await fetch(target.url, { headers: target.headers ?? {}, signal: AbortSignal.timeout(60_000) });
    status = res.status;
    await res.body?.cancel();
  } catch (err) {
    return `preflight failed: ${(err as Error).message}`;
  }
  if (status === target.expect) return null;
  if (status === 404 && target.optional) return 'skipped: not available';
  return `skipped: preflight answered HTTP ${status}, expected ${target.expect}`;
}

function formatRate(reqPerSec: number): string {
  return reqPerSec >= 100 ? reqPerSec.toFixed(0) : reqPerSec >= 10 ? reqPerSec.toFixed(1) : reqPerSec.toFixed(2);
}

function gitRevision(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'seeds', 'migrations'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} + uncommitted changes in src/seeds/migrations` : head;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  // performance.now() counts from the start of this process: the budget and the elapsed time include loading.
  const started = 0;
  installSignalHandlers((signal) => {
    log(`\n${signal}: stopping the servers`);
    current?.stop();
  });
  const cpuList = cpus();
  const machine = {
    date: new Date().toISOString(),
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${release()}`,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    revision: gitRevision(),
  };

  const dir = makeTempDir();
  let databaseLabel = 'the briefing (fresh temporary database, migrated and seeded by the server)';
  if (options.database) {
    const size = statSync(options.database, { throwIfNoEntry: false })?.size;
    if (size === undefined) fail(`--database: ${options.database} does not exist`);
    databaseLabel = `copy of ${options.database} (${(size / 2 ** 20).toFixed(0)} MiB)`;
    log(`copying ${options.database} (${(size / 2 ** 20).toFixed(0)} MiB) to ${dir} ...`);
  }
  const copyStarted = performance.now();
  const databasePath = prepareDatabase(dir, options.database ?? undefined);
  if (options.database) log(`  copied in ${((performance.now() - copyStarted) / 1000).toFixed(1)} s`);

  const port = await freePort();
  const base = `http://${HOST}:${port}`;
  // The server is spawned with this process's environment (plus the bench's own settings).
  if (!options.responseCache) process.env.RESPONSE_CACHE_MAX_ENTRIES = '0';
  const spawned = performance.now();
  const app = spawnApp(databasePath, port);
  await waitFor200(`${base}/healthz`, app, 300_000);
  const readySeconds = (performance.now() - spawned) / 1000;
  log(`econsec-api on ${base}: first 200 on /healthz ${readySeconds.toFixed(2)} s after spawn (${databaseLabel})`);

  // The default page: its bytes are the baseline's body, its ETag the 304 target's, its first id the item target's.
  const page = await fetch(`${base}/v1/statements`);
  if (page.status !== 200) throw new Error(`GET /v1/statements answered ${page.status}: ${await page.text()}`);
  const etag = page.headers.get('etag');
  const body = Buffer.from(await page.arrayBuffer());
  const firstId = (JSON.parse(body.toString('utf8')) as { data: { id: string }[] }).data[0]?.id;
  if (!etag) throw new Error('GET /v1/statements sent no ETag');
  if (!firstId) throw new Error('GET /v1/statements returned no statement');
  const bodyFile = join(dir, 'baseline-body.json');
  writeFileSync(bodyFile, body);

  const baseline = await spawnBaseline(bodyFile);
  const baselineUrl = `http://${HOST}:${baseline.port}/baseline`;
  await waitFor200(baselineUrl, baseline.managed, 30_000);

  const q = (text: string) => encodeURIComponent(text);
  const middle = await middleCursor(base, databasePath);
  const targets: Target[] = [
    { key: 'baseline', label: `baseline (bare Fastify, ${body.length} B)`, url: baselineUrl, expect: 200 },
    { key: 'list', label: 'GET /v1/statements', url: `${base}/v1/statements`, expect: 200, goal: 0.5, scaleGoal: 10 },
    { key: 'middle', label: `list, middle page (cursor at ${middle.position})`, url: `${base}/v1/statements?cursor=${middle.cursor}`, expect: 200, scaleGoal: 10 },
    { key: 'item', label: 'GET /v1/statements/{id}', url: `${base}/v1/statements/${encodeURIComponent(firstId)}`, expect: 200, goal: 0.6 },
    { key: 'filtered', label: 'filtered list', url: `${base}/v1/statements?partner=FR&theme=export-controls&lang=en`, expect: 200, scaleGoal: 10 },
    { key: 'search-long', label: 'q=経済的威圧', url: `${base}/v1/statements?q=${q('経済的威圧')}`, expect: 200, goal: 0.25, scaleGoal: 10 },
    { key: 'search-short', label: 'q=威圧', url: `${base}/v1/statements?q=${q('威圧')}`, expect: 200, goal: 0.25, scaleGoal: 10 },
    // 公平な競争条件 (level playing field) is in about 12 % of the bench corpus's statements. Its goal is a latency,
    // so one client asks: with ten at once p50 would measure the queue (about ten times the time of one).
    { key: 'relevance', label: 'q=公平な競争条件&sort=relevance (1 conn.)', url: `${base}/v1/statements?q=${q('公平な競争条件')}&sort=relevance`, expect: 200, p50GoalMs: 50, connections: 1 },
    { key: 'facets', label: 'facets=partner,theme', url: `${base}/v1/statements?facets=partner,theme`, expect: 200, goal: 0.25, scaleGoal: 10 },
    // The total a list carries, with the smallest page: what a dashboard's counter asks for.
    { key: 'totals', label: 'total (GET /v1/statements?limit=1)', url: `${base}/v1/statements?limit=1`, expect: 200, scaleGoal: 10 },
    { key: 'overview', label: 'GET /v1/stats/overview', url: `${base}/v1/stats/overview`, expect: 200 },
    { key: 'timeline', label: 'GET /v1/stats/timeline', url: `${base}/v1/stats/timeline`, expect: 200 },
    { key: 'revalidate', label: '304 revalidation', url: `${base}/v1/statements`, headers: { 'if-none-match': etag }, expect: 304, goal: 0.8 },
    // One client downloading the whole export, as an export is used (ten at once would measure a queue).
    { key: 'export', label: 'NDJSON export (1 connection)', url: `${base}/v1/export/statements?format=ndjson`, expect: 200, optional: true, connections: 1 },
  ];

  const results: TargetResult[] = [];
  for (const target of targets) {
    const skipped = await preflight(target);
    results.push({
      key: target.key,
      label: target.label,
      url: target.url,
      expectStatus: target.expect,
      goal: target.goal ?? null,
      scaleGoal: target.scaleGoal ?? null,
      p50GoalMs: target.p50GoalMs ?? null,
      skipped,
      rounds: [],
      reqPerSec: null,
      p50: null,
      p99: null,
      bytesPerResponse: null,
      ratio: null,
      p50Ratio: null,
      ratioByRound: [],
      verdict: skipped ? 'SKIPPED' : null,
      problems: [],
      notes: [],
    });
    if (skipped) log(`${target.label}: ${skipped}`);
  }
  if (results[0]?.skipped) throw new Error(`the baseline does not answer: ${results[0].skipped}`);
  const healthUrl = `${base}/healthz`;
  await drain(healthUrl);

  const active = targets.filter((_, i) => !results[i]?.skipped);
  const estimate = active.length * (options.rounds * (options.duration + 0.3) + (options.warmup > 0 ? options.warmup + 0.3 : 0));
  log(
    `${active.length} targets × ${options.rounds} rounds × ${options.duration} s` +
      `${options.warmup > 0 ? ` (+ ${options.warmup} s warm-up each)` : ''}, ${options.connections} connections: ` +
      `about ${Math.ceil(estimate)} s, plus whatever the server needs to drain after slow targets`,
  );

  // The budget: a round is started only if, judging by the previous one, it ends in time; within a round a target
  // is measured only if its window fits. Rounds cut short are dropped below, so every target has the same rounds.
  const deadline = options.budget > 0 ? started + options.budget * 1000 : Number.POSITIVE_INFINITY;
  const timeLeft = () => deadline - performance.now();
  const drainCap = () => Math.max(1000, Math.min(60_000, timeLeft()));
  const budgetNotes: string[] = [];
  if (options.warmup > 0) {
    for (const target of active) {
      if (timeLeft() < (options.warmup + options.duration) * 1000) break;
      await measure(target, options.warmup, healthUrl, drainCap());
    }
  }
  let previousRoundMs = active.length * (options.duration + 0.1) * 1000;
  rounds: for (let round = 1; round <= options.rounds; round++) {
    if (round > 1 && timeLeft() < previousRoundMs) {
      budgetNotes.push(
        `${round === options.rounds ? `round ${round}` : `rounds ${round}–${options.rounds}`} not run: the last round took ${(previousRoundMs / 1000).toFixed(0)} s and the ` +
          `${options.budget} s budget had ${Math.max(0, timeLeft() / 1000).toFixed(0)} s left`,
      );
      break;
    }
    const roundStarted = performance.now();
    for (const [i, target] of targets.entries()) {
      const result = results[i];
      if (!result || result.skipped) continue;
      if (timeLeft() < options.duration * 1000) {
        budgetNotes.push(`round ${round} cut short at ${target.label}: the ${options.budget} s budget ran out`);
        break rounds;
      }
      const m = await measure(target, options.duration, healthUrl, drainCap());
      result.rounds.push(m);
      const problems = problemsOf(target, m);
      const notes = notesOf(m, options.duration);
      log(
        `round ${round}/${options.rounds}  ${padEnd(target.label, 34)} ${padStart(formatRate(m.reqPerSec), 7)} req/s` +
          `${problems.length ? `  !! ${problems.join('; ')}` : ''}${notes.length ? `  (${notes.join('; ')})` : ''}`,
      );
    }
    previousRoundMs = performance.now() - roundStarted;
  }
  // Only complete rounds count (a round cut short would compare targets measured at different times), unless
  // not even one round was complete: then round 1 as far as it went.
  const measuredRounds = Math.min(...results.filter((r) => !r.skipped).map((r) => r.rounds.length));
  if (measuredRounds >= 1) {
    for (const result of results) {
      if (result.rounds.length > measuredRounds) {
        budgetNotes.push(`${result.label}: measurements of round ${measuredRounds + 1} dropped (the round was cut short)`);
        result.rounds.length = measuredRounds;
      }
    }
  }
  for (const b of budgetNotes) log(b);

  await stopAll();

  const baselineRate = (() => {
    const rounds = results[0]?.rounds ?? [];
    return rounds[medianIndex(rounds.map((m) => m.reqPerSec))]?.reqPerSec ?? 0;
  })();
  for (const [i, result] of results.entries()) {
    const target = targets[i];
    if (!target || result.skipped) continue;
    const median = result.rounds[medianIndex(result.rounds.map((m) => m.reqPerSec))];
    if (!median) {
      result.notes = ['not measured: the time budget ran out (see --budget)'];
      continue;
    }
    result.reqPerSec = median.reqPerSec;
    result.p50 = median.p50;
    result.p99 = median.p99;
    result.bytesPerResponse = median.bytesPerResponse;
    result.ratio = baselineRate > 0 ? median.reqPerSec / baselineRate : null;
    result.ratioByRound = result.rounds.map((m, r) => {
      const base = results[0]?.rounds[r]?.reqPerSec ?? 0;
      return base > 0 ? Math.round((m.reqPerSec / base) * 1000) / 1000 : null;
    });
    result.problems = result.rounds.flatMap((m, r) => problemsOf(target, m).map((p) => `round ${r + 1}: ${p}`));
    result.notes = result.rounds.flatMap((m, r) => notesOf(m, options.duration).map((n) => `round ${r + 1}: ${n}`));
    const reference = compared?.get(result.key);
    result.p50Ratio = reference && reference > 0 && result.p50 !== null ? result.p50 / reference : null;
    // Ratios to the baseline are goals at briefing size only; at corpus size the p50 goals judge.
    const checks = [
      options.database === null && result.goal !== null && result.ratio !== null ? result.ratio >= result.goal : null,
      result.scaleGoal !== null && result.p50Ratio !== null ? result.p50Ratio <= result.scaleGoal : null,
      result.p50GoalMs !== null && result.p50 !== null ? result.p50 <= result.p50GoalMs : null,
    ].filter((check): check is boolean => check !== null);
    if (result.problems.length > 0) result.verdict = 'INVALID';
    else if (checks.length > 0) result.verdict = checks.every(Boolean) ? 'PASS' : 'MISS';
  }

  const goalsOf = (r: TargetResult) =>
    [
      options.database === null && r.goal !== null ? `≥ ${r.goal.toFixed(2)}×` : null,
      compared && r.scaleGoal !== null ? `p50 ≤ ${r.scaleGoal}× ref` : null,
      r.p50GoalMs !== null ? `p50 ≤ ${r.p50GoalMs} ms` : null,
    ]
      .filter(Boolean)
      .join(', ');
  const rows = results.map((r) => {
    if (r.skipped) return [r.label, '', '', '', '', '', ...(compared ? ['', ''] : []), goalsOf(r), r.skipped];
    return [
      r.label,
      r.reqPerSec === null ? '—' : formatRate(r.reqPerSec),
      formatMs(r.p50 ?? Number.NaN),
      formatMs(r.p99 ?? Number.NaN),
      r.bytesPerResponse ? (r.bytesPerResponse / 1024).toFixed(1) : '—',
      r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
      ...(compared
        ? [formatMs(compared.get(r.key) ?? Number.NaN), r.p50Ratio === null ? '—' : `${r.p50Ratio.toFixed(1)}×`]
        : []),
      goalsOf(r),
      r.verdict ?? '',
    ];
  });
  const table = renderTable(
    [
      { title: 'target', align: 'left' },
      { title: 'req/s', align: 'right' },
      { title: 'p50 ms', align: 'right' },
      { title: 'p99 ms', align: 'right' },
      { title: 'KiB', align: 'right' },
      { title: 'vs base', align: 'right' },
      ...(compared
        ? ([
            { title: 'ref p50', align: 'right' },
            { title: 'p50/ref', align: 'right' },
          ] as const)
        : []),
      { title: 'goal', align: 'left' },
      { title: '', align: 'left' },
    ],
    rows,
  );

  const elapsed = (performance.now() - started) / 1000;
  const out: string[] = [
    '',
    `econsec-api bench, ${machine.date}`,
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}, ` +
      `load ${machine.loadAverage.join(' ')}${machine.revision ? `, at ${machine.revision}` : ''}`,
    `database: ${databaseLabel}`,
    `response cache: ${options.responseCache ? 'on (answers kept until the data changes)' : 'off (RESPONSE_CACHE_MAX_ENTRIES=0: every request runs its queries)'}`,
    ...(compared ? [`compared with: ${options.compare} (ref p50 = that run's p50 for the same target)`] : []),
    `server environment: ${Object.entries(benchServerEnv).map(([k, v]) => `${k}=${v}`).join(' ')}`,
    `autocannon: ${options.connections} connections, pipelining ${options.pipelining}, ` +
      `${measuredRounds === options.rounds ? options.rounds : `${Math.max(0, measuredRounds)} of ${options.rounds}`} interleaved round(s) of ` +
      `${options.duration} s per target${options.warmup > 0 ? `, ${options.warmup} s warm-up each` : ''}; ` +
      'req/s = median over rounds, p50/p99 from that round, KiB per response, vs base = req/s ÷ baseline req/s',
    '',
    table,
    '',
    ...results.map((r) => {
      const path = r.url.replace(/^http:\/\/[^/]+/, '');
      const extra =
        r.key === 'revalidate'
          ? `  (If-None-Match: ${etag})`
          : r.key === 'export' && r.rounds.length > 0
            ? `  (received ${(r.rounds[medianIndex(r.rounds.map((m) => m.reqPerSec))]?.mibPerSec ?? 0).toFixed(1)} MiB/s)`
            : '';
      return `  ${r.label}: ${path}${extra}`;
    }),
  ];
  const problems = results.flatMap((r) => r.problems.map((p) => `  ${r.label}: ${p}`));
  if (problems.length > 0) out.push('', 'INVALID figures (answers other than expected, or errors):', ...problems);
  const notes = results.flatMap((r) => r.notes.map((n) => `  ${r.label}: ${n}`));
  if (notes.length > 0) out.push('', 'Notes:', ...notes);
  if (budgetNotes.length > 0) out.push('', `Time budget (${options.budget} s):`, ...budgetNotes.map((b) => `  ${b}`));
  out.push(
    '',
    `server start-up (spawn → first 200 on /healthz): ${readySeconds.toFixed(2)} s; whole bench ${elapsed.toFixed(0)} s, ` +
      `of which ${(totalDrainMs / 1000).toFixed(1)} s waiting for the server to finish requests left queued after each target`,
  );
  process.stdout.write(`${out.join('\n')}\n`);

  if (options.json) {
    const { json: _json, ...jsonOptions } = options;
    writeFileSync(
      options.json,
      `${JSON.stringify(
        {
          machine,
          options: { ...jsonOptions, databaseLabel },
          run: { measuredRounds, startupSeconds: readySeconds, elapsedSeconds: elapsed, drainSeconds: totalDrainMs / 1000, budgetNotes },
          results,
        },
        null,
        2,
      )}\n`,
    );
    log(`wrote ${options.json}`);
  }

  const failed = results.some((r) => r.verdict === 'INVALID' || (r.skipped && r.skipped !== 'skipped: not available'));
  process.exitCode = failed ? 1 : 0;
}

main().catch(async (err: unknown) => {
  if (isStopping()) return; // the signal handler stops the children and exits
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await stopAll();
  process.exit(1);
});
