import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertMatchesOpenApi } from '../helpers/openapi-contract.js';
import { checkDatabaseFile, prepareDatabase, runPool, startServerProcess, temporaryDirectory, type ServerProcess } from '../helpers/reliability.js';
import { signatureCountMismatches, signatureMismatches } from '../helpers/signatures.js';

/**
 * Crash safety (#5, point 7): the real server, a stream of concurrent writes, SIGKILL in the middle of it.
 * Every write the server acknowledged (2xx) must be in the database after a restart, whole (the row, its links,
 * its search document and its revision), nothing may be half written, and SQLite must find the file intact.
 *
 * What this proves and what it does not: SIGKILL loses the process, not the operating system's page cache, so
 * this checks that every acknowledged write was committed before it was acknowledged and that every commit is
 * atomic; surviving a power cut additionally rests on synchronous=FULL, which a test cannot cut power to check.
 */

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
});

const ITEMS = 120;
const CONCURRENCY = 16;
/** SIGKILL once this many writes have been acknowledged: roughly the middle of the 3 × ITEMS writes. */
const KILL_AFTER = 160;

const themeId = (i: number) => `crash-t-${i}`;
const statementId = (i: number) => `crash-s-${i}`;
const patchedLabel = (i: number) => `Crash theme ${i} (patched)`;
const P1 = '重要鉱物の輸出管理について協力する。';
const p2 = (i: number) => `試験文${i}番は耐障害性の確認のためのものである。`;

const themeBody = (i: number) => ({
  id: themeId(i),
  kind: 'topic',
  parentId: 'critical-minerals',
  labelJa: `障害試験テーマ${i}`,
  labelEn: `Crash theme ${i}`,
  descriptionJa: `SIGKILL 試験のためのテーマ${i}。`,
  descriptionEn: `A theme written by the crash test (${i}).`,
});

const statementBody = (i: number) => ({
  id: statementId(i),
  meetingId: 'japan-us-summit-2026-03',
  kind: 'news_release',
  date: '2026-03-19',
  titleJa: `障害試験声明${i}`,
  titleEn: `Crash statement ${i}`,
  text: `${P1} ${p2(i)}`,
  paragraphs: [{ text: P1 }, { number: String(i), text: p2(i) }],
  highlights: [{ text: '輸出管理' }],
  partners: ['US', 'JP'],
  themes: [
    { themeId: 'export-controls', evidence: [{ text: '輸出管理' }] },
    { themeId: themeId(i), evidence: [{ text: `試験文${i}番` }] },
  ],
  source: { url: `https://example.org/crash/${i}`, title: null },
});

interface Acknowledged {
  themes: Set<number>;
  statements: Set<number>;
  patches: Set<number>;
}

/** Statement ids in `client` that are not whole: every link table, the search document and the revision. */
function incompleteStatements(client: Database.Database, ids: string[]): string[] {
  const one = (sql: string, id: string) => (client.prepare(sql).get(id) as { n: number }).n;
  return ids.filter((id) => {
    const doc = client.prepare('SELECT doc_id FROM statement_search_docs WHERE statement_id = ?').get(id) as { doc_id: number } | undefined;
    const indexed =
      doc !== undefined &&
      ['trigram', 'chars', 'words'].every(
        (index) => (client.prepare(`SELECT count(*) AS n FROM statement_search_${index}_docsize WHERE id = ?`).get(doc.doc_id) as { n: number }).n === 1,
      );
    return !(
      one('SELECT count(*) AS n FROM statements WHERE id = ?', id) === 1 &&
      one('SELECT count(*) AS n FROM statement_paragraphs WHERE statement_id = ?', id) === 2 &&
      one('SELECT count(*) AS n FROM statement_highlights WHERE statement_id = ?', id) === 1 &&
      one('SELECT count(*) AS n FROM statement_partners WHERE statement_id = ?', id) === 2 &&
      one('SELECT count(*) AS n FROM statement_themes WHERE statement_id = ?', id) === 2 &&
      one('SELECT count(*) AS n FROM statement_theme_evidence WHERE statement_id = ?', id) === 2 &&
      one("SELECT count(*) AS n FROM revisions WHERE resource = 'statement' AND operation = 'create' AND resource_id = ?", id) === 1 &&
      indexed
    );
  });
}

/** Checks the file right after the crash, before any server has opened it again (a restart reindexes). */
function checkAfterCrash(path: string, acked: Acknowledged): void {
  const { integrity, foreignKeyViolations } = checkDatabaseFile(path);
  expect(integrity).toEqual(['ok']);
  expect(foreignKeyViolations).toEqual([]);

  const client = new Database(path, { readonly: true, fileMustExist: true });
  try {
    // Every acknowledged write is there.
    const theme = client.prepare('SELECT label_en AS labelEn FROM themes WHERE id = ?');
    const revisionCount = client.prepare('SELECT count(*) AS n FROM revisions WHERE resource = ? AND resource_id = ? AND operation = ?');
    const revisions = (resource: string, id: string, operation: string) => (revisionCount.get(resource, id, operation) as { n: number }).n;
    for (const i of acked.themes) {
      expect(theme.get(themeId(i)), `acknowledged theme ${themeId(i)}`).toBeDefined();
      expect(revisions('theme', themeId(i), 'create')).toBe(1);
    }
    for (const i of acked.patches) {
      expect(theme.get(themeId(i)), `acknowledged patch of ${themeId(i)}`).toEqual({ labelEn: patchedLabel(i) });
      expect(revisions('theme', themeId(i), 'update')).toBe(1);
    }
    expect(incompleteStatements(client, [...acked.statements].map(statementId)), 'acknowledged statements missing or incomplete').toEqual([]);

    // Nothing is half written, acknowledged or not: every statement there is whole, every row has its revision
    // and every revision its row.
    const statementIds = (client.prepare("SELECT id FROM statements WHERE id LIKE 'crash-s-%'").all() as { id: string }[]).map((r) => r.id);
    expect(incompleteStatements(client, statementIds), 'half-written statements').toEqual([]);
    // The derived columns and counts the triggers keep were written in the same transactions.
    expect(signatureMismatches(client), 'signature columns').toEqual([]);
    expect(signatureCountMismatches(client), 'signature counts').toEqual([]);
    const themesWithoutRevision = client
      .prepare(
        `SELECT id FROM themes WHERE id LIKE 'crash-t-%' AND id NOT IN
           (SELECT resource_id FROM revisions WHERE resource = 'theme' AND operation = 'create')`,
      )
      .all();
    expect(themesWithoutRevision).toEqual([]);
    const revisionsWithoutRow = client
      .prepare(
        `SELECT resource, resource_id FROM revisions WHERE resource_id LIKE 'crash-%' AND operation = 'create'
           AND resource_id NOT IN (SELECT id FROM themes UNION ALL SELECT id FROM statements)`,
      )
      .all();
    expect(revisionsWithoutRow).toEqual([]);
    const patchedWithoutRevision = client
      .prepare(
        `SELECT id FROM themes WHERE id LIKE 'crash-t-%' AND label_en LIKE '%(patched)' AND id NOT IN
           (SELECT resource_id FROM revisions WHERE resource = 'theme' AND operation = 'update')`,
      )
      .all();
    expect(patchedWithoutRevision).toEqual([]);
    const updatesWithoutPatch = client
      .prepare(
        `SELECT resource_id FROM revisions WHERE resource = 'theme' AND operation = 'update' AND resource_id LIKE 'crash-t-%'
           AND resource_id NOT IN (SELECT id FROM themes WHERE label_en LIKE '%(patched)')`,
      )
      .all();
    expect(updatesWithoutPatch).toEqual([]);
  } finally {
    client.close();
  }
}

describe('crash safety (SIGKILL mid-stream)', () => {
  it('keeps every acknowledged write, whole, and leaves an intact database', { timeout: 120_000 }, async () => {
    const tmp = temporaryDirectory('econsec-crash-');
    cleanup.push(tmp.remove);
    const path = join(tmp.dir, 'econsec.db');
    const { writeKey } = await prepareDatabase(path);
    const headers = { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' };

    // ---- first life: concurrent writes, killed in the middle
    const first: ServerProcess = await startServerProcess({ DATABASE_PATH: path });
    cleanup.push(first.kill);
    const acked: Acknowledged = { themes: new Set(), statements: new Set(), patches: new Set() };
    const unexpected: string[] = [];
    let acknowledgedCount = 0;
    let killed = false;
    let inFlightAtKill = 0;
    let inFlight = 0;
    let killScheduled = false;
    const acknowledge = (set: Set<number>, i: number) => {
      set.add(i);
      acknowledgedCount += 1;
      if (acknowledgedCount >= KILL_AFTER && !killScheduled) {
        killScheduled = true;
        // A few milliseconds later, at a moment unrelated to any answer, while the writes go on.
        setTimeout(() => {
          killed = true;
          inFlightAtKill = inFlight;
          first.child.kill('SIGKILL');
        }, 1 + Math.floor(Math.random() * 25));
      }
    };
    /** One request; the status, or null when the connection died (the server was killed). */
    const send = async (method: string, path: string, body: unknown, extra: Record<string, string> = {}): Promise<number | null> => {
      if (killed) return null;
      inFlight += 1;
      try {
        const res = await fetch(`${first.base}${path}`, { method, headers: { ...headers, ...extra }, body: JSON.stringify(body) });
        // The status line is the acknowledgement: the body is read only to free the connection.
        await res.arrayBuffer().catch(() => undefined);
        return res.status;
      } catch {
        if (!killed) unexpected.push(`${method} ${path}: connection failed before the kill`);
        return null;
      } finally {
        inFlight -= 1;
      }
    };

    const items = Array.from({ length: ITEMS }, (_, i) => i);
    await runPool(
      items,
      CONCURRENCY,
      async (i) => {
        const created = await send('POST', '/v1/themes', themeBody(i));
        if (created === null) return;
        if (created !== 201) return void unexpected.push(`POST theme ${i}: ${created}`);
        acknowledge(acked.themes, i);
        const statement = await send('POST', '/v1/statements', statementBody(i));
        if (statement === null) return;
        if (statement !== 201) return void unexpected.push(`POST statement ${i}: ${statement}`);
        acknowledge(acked.statements, i);
        const patched = await send('PATCH', `/v1/themes/${themeId(i)}`, { labelEn: patchedLabel(i) }, { 'if-match': '*' });
        if (patched === null) return;
        if (patched !== 200) return void unexpected.push(`PATCH theme ${i}: ${patched}`);
        acknowledge(acked.patches, i);
      },
      () => killed,
    );
    const finishedBeforeKill = !killed;
    first.kill();
    const death = await first.exited;

    expect(unexpected).toEqual([]);
    expect(finishedBeforeKill, 'the writes finished before the kill: raise ITEMS').toBe(false);
    expect(death.signal).toBe('SIGKILL');
    // The kill really happened mid-stream: other writes were on the wire.
    expect(inFlightAtKill).toBeGreaterThan(1);
    expect(acked.themes.size + acked.statements.size + acked.patches.size).toBe(acknowledgedCount);

    // ---- the file as the crash left it (the -wal included), before a restart can repair anything
    checkAfterCrash(path, acked);

    // ---- second life: the same file
    const second = await startServerProcess({ DATABASE_PATH: path });
    cleanup.push(second.kill);
    const ready = second.logLines().find((line) => line.msg === 'database ready' || line.msg === 'database seeded');
    expect(ready?.msg).toBe('database ready');
    // Start-up found no statement without its search document (checked in the file above too).
    if (ready && 'indexed' in ready) expect(ready.indexed).toBe(0);

    const get = async (path: string) => {
      const res = await fetch(`${second.base}${path}`);
      const text = await res.text();
      assertMatchesOpenApi({ method: 'GET', path, status: res.status, contentType: res.headers.get('content-type') ?? undefined, text, headers: res.headers });
      return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
    };
    for (const i of acked.themes) {
      const theme = await get(`/v1/themes/${themeId(i)}?lang=en`);
      expect(theme.status, `GET ${themeId(i)}`).toBe(200);
      expect(theme.body.label).toBe(acked.patches.has(i) ? patchedLabel(i) : theme.body.label);
      const history = await get(`/v1/themes/${themeId(i)}/revisions`);
      const operations = (history.body.data as { operation: string }[]).map((r) => r.operation);
      expect(operations[0]).toBe('create');
      if (acked.patches.has(i)) expect(operations).toEqual(['create', 'update']);
    }
    for (const i of acked.statements) {
      const statement = await get(`/v1/statements/${statementId(i)}?lang=en`);
      expect(statement.status, `GET ${statementId(i)}`).toBe(200);
      expect(statement.body.text).toBe(`${P1} ${p2(i)}`);
      const history = await get(`/v1/statements/${statementId(i)}/revisions`);
      expect((history.body.data as { operation: string }[]).map((r) => r.operation)).toEqual(['create']);
    }
    // The search index answers for an acknowledged statement.
    const someStatement = [...acked.statements][0];
    if (someStatement !== undefined) {
      const found = await get(`/v1/statements?q=${encodeURIComponent(`試験文${someStatement}番`)}`);
      expect(found.status).toBe(200);
      expect((found.body.data as { id: string }[]).map((s) => s.id)).toEqual([statementId(someStatement)]);
    }
    // And the server writes again.
    const after = await fetch(`${second.base}/v1/themes`, { method: 'POST', headers, body: JSON.stringify(themeBody(ITEMS + 1)) });
    expect(after.status).toBe(201);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.logs()).toContain('shut down cleanly');
    expect(checkDatabaseFile(path)).toEqual({ integrity: ['ok'], foreignKeyViolations: [] });
  });
});
