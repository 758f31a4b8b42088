import { join } from 'node:path';
import request, { type Response } from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { assertMatchesOpenApi, checked } from '../helpers/openapi-contract.js';
import { changedTables, checkDatabaseFile, prepareDatabase, startServerProcess, temporaryDirectory, type ServerProcess } from '../helpers/reliability.js';
import { createTestApp, fingerprintOf, type TestContext } from '../helpers/test-app.js';
import { TEST_ENGINE } from '../helpers/test-engine.js';

/**
 * Two concurrent editors (#5, point 7): optimistic concurrency with If-Match. Of two changes made from the same
 * state, one wins and the other gets 412; nothing is lost. First in process (one connection), then with two
 * server processes writing to one database file, where the If-Match check and the write can only stay together
 * if the transaction holds the lock from the check to the commit.
 */

interface Editable {
  resource: string;
  /** A seeded record. */
  path: string;
  /** The English field a PATCH changes, and where GET ?lang=en shows it. */
  field: string;
  shown: string;
}

const editables: Editable[] = [
  { resource: 'statement', path: '/v1/statements/japan-us-summit-2026-03-news-release', field: 'titleEn', shown: 'title' },
  { resource: 'meeting', path: '/v1/meetings/japan-us-summit-2026-03', field: 'nameEn', shown: 'name' },
  { resource: 'partner', path: '/v1/partners/FR', field: 'nameEn', shown: 'name' },
  { resource: 'theme', path: '/v1/themes/export-controls', field: 'labelEn', shown: 'label' },
];

type RevisionRow = { operation: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

describe('two concurrent editors, in process', () => {
  let ctx: TestContext;
  let writer: string;
  beforeAll(async () => {
    ctx = await createTestApp();
    writer = (await createApiKey(ctx.db, 'editor', ['write'])).key;
  });
  afterAll(() => ctx.close());

  const api = () => request(ctx.app.server);
  const auth = () => ({ authorization: `Bearer ${writer}` });
  const updatesOf = async (path: string) =>
    ((await checked(api().get(`${path}/revisions`).expect(200))).body.data as RevisionRow[]).filter((r) => r.operation === 'update');

  it.each(editables)('$resource: one wins, the other gets 412, and the winner’s change is the one kept', async ({ path, field, shown }) => {
    const before = await checked(api().get(path).expect(200));
    const etag = before.headers.etag as string;
    expect(etag).toMatch(/^"/);
    const updatesBefore = (await updatesOf(path)).length;

    const [a, b] = await Promise.all(
      ['Editor A', 'Editor B'].map((value) => checked(api().patch(path).set(auth()).set('if-match', etag).send({ [field]: value }))),
    );
    const answers = [a, b] as Response[];
    expect(answers.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = answers.findIndex((r) => r.status === 200) === 0 ? 'Editor A' : 'Editor B';
    const loser = answers.find((r) => r.status === 412)!;
    expect(loser.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(loser.body).toMatchObject({ status: 412, type: '/problems/precondition-failed' });

    const after = await checked(api().get(`${path}?lang=en`).expect(200));
    expect(after.body[shown]).toBe(winner);
    const updates = await updatesOf(path);
    expect(updates).toHaveLength(updatesBefore + 1);
    expect(updates.at(-1)?.after?.[field]).toBe(winner);
  });

  it('PATCH: 428 without If-Match, 412 with a stale or weak tag, and neither changes anything', async () => {
    const path = '/v1/themes/energy-security';
    const stale = (await checked(api().get(path).expect(200))).headers.etag as string;
    await checked(api().patch(path).set(auth()).set('if-match', stale).send({ labelEn: 'First' }).expect(200));
    const current = (await checked(api().get(path).expect(200))).headers.etag as string;

    const snapshot = await fingerprintOf(ctx.db);
    const refused: [Record<string, string>, number][] = [
      [{}, 428],
      [{ 'if-match': '' }, 428],
      [{ 'if-match': stale }, 412],
      [{ 'if-match': `W/${current}` }, 412],
      [{ 'if-match': current.slice(0, -2) + '"' }, 412],
      [{ 'if-match': '"*"' }, 412],
    ];
    for (const [headers, status] of refused) {
      const res = await checked(api().patch(path).set(auth()).set(headers).send({ labelEn: 'Lost' }).expect(status));
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    for (const [headers, status] of refused) {
      await checked(api().delete(path).set(auth()).set(headers).expect(status));
    }
    expect(changedTables(snapshot, await fingerprintOf(ctx.db))).toEqual([]);
    expect((await checked(api().get(`${path}?lang=en`).expect(200))).body.label).toBe('First');
  });

  it('PATCH: accepts *, the ETag of either language, and a list that holds the current tag', async () => {
    const path = '/v1/themes/overcapacity';
    await checked(api().patch(path).set(auth()).set('if-match', '*').send({ labelEn: 'Star' }).expect(200));
    const english = (await checked(api().get(`${path}?lang=en`).expect(200))).headers.etag as string;
    const japanese = (await checked(api().get(`${path}?lang=ja`).expect(200))).headers.etag as string;
    expect(english).not.toBe(japanese);
    const viaEnglish = await checked(api().patch(path).set(auth()).set('if-match', english).send({ labelEn: 'Via English tag' }).expect(200));
    // The answer's ETag is the new state's: it works for the next change, the old one no longer does.
    const next = viaEnglish.headers.etag as string;
    await checked(api().patch(path).set(auth()).set('if-match', japanese).send({ labelEn: 'Stale' }).expect(412));
    await checked(api().patch(path).set(auth()).set('if-match', `"nope", ${next}`).send({ labelEn: 'Listed' }).expect(200));
    expect((await updatesOf(path)).map((r) => r.after?.labelEn)).toEqual(['Star', 'Via English tag', 'Listed']);
  });

  it('DELETE: two deletes from the same state, one 204 and one 412 (or 404), one delete revision', async () => {
    const created = await checked(
      api()
        .post('/v1/themes')
        .set(auth())
        .send({ id: 'race-delete', kind: 'topic', labelJa: '競合', labelEn: 'Race', descriptionJa: '削除の競合。', descriptionEn: 'A delete race.' })
        .expect(201),
    );
    const etag = created.headers.etag as string;
    const answers = await Promise.all([0, 1].map(() => checked(api().delete('/v1/themes/race-delete').set(auth()).set('if-match', etag))));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBe(204);
    expect([404, 412]).toContain(statuses[1]);
    const history = (await checked(api().get('/v1/themes/race-delete/revisions').expect(200))).body.data as RevisionRow[];
    expect(history.map((r) => r.operation)).toEqual(['create', 'delete']);
  });
});

// Server processes on an SQLite file; PostgreSQL's nodes are tested by the many-nodes test of their own.
describe.skipIf(TEST_ENGINE === 'postgres')('two concurrent editors, two server processes on one database file', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const fn of cleanup.splice(0).reverse()) fn();
  });

  it('exactly one of two racing PATCHes wins every time, and no update is ever lost', { timeout: 120_000 }, async () => {
    const tmp = temporaryDirectory('econsec-editors-');
    cleanup.push(tmp.remove);
    const path = join(tmp.dir, 'econsec.db');
    const { writeKey } = await prepareDatabase(path);
    const servers: ServerProcess[] = await Promise.all([startServerProcess({ DATABASE_PATH: path }), startServerProcess({ DATABASE_PATH: path })]);
    for (const server of servers) cleanup.push(server.kill);
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const headers = { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' };

    const call = async (server: ServerProcess, method: string, path: string, extra: Record<string, string> = {}, body?: unknown) => {
      const res = await fetch(`${server.base}${path}`, { method, headers: { ...headers, ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      assertMatchesOpenApi({ method, path, status: res.status, contentType: res.headers.get('content-type') ?? undefined, text, headers: res.headers });
      return { status: res.status, etag: res.headers.get('etag'), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    };

    // 1. Races: the same ETag sent to both processes at once.
    const statement = '/v1/statements/japan-canada-summit-2026-03-joint-statement';
    const rounds = 12;
    let lastWinner = '';
    for (let round = 0; round < rounds; round++) {
      const { etag } = await call(round % 2 ? a : b, 'GET', statement);
      const values = [`Round ${round} via A`, `Round ${round} via B`];
      const answers = await Promise.all([a, b].map((server, i) => call(server, 'PATCH', statement, { 'if-match': etag! }, { titleEn: values[i] })));
      expect(answers.map((r) => r.status).sort(), `round ${round}`).toEqual([200, 412]);
      lastWinner = values[answers.findIndex((r) => r.status === 200)]!;
    }
    expect((await call(a, 'GET', `${statement}?lang=en`)).body.title).toBe(lastWinner);
    const statementUpdates = ((await call(b, 'GET', `${statement}/revisions`)).body.data as RevisionRow[]).filter((r) => r.operation === 'update');
    expect(statementUpdates).toHaveLength(rounds);

    // 2. Lost updates: editors on both processes each append their marks to one description, re-reading and
    //    retrying on 412. Every mark must be there once, and the history must be one unbroken chain.
    const theme = '/v1/themes/dependency-reduction';
    const editors = 6;
    const marksEach = 4;
    let refused = 0;
    await Promise.all(
      Array.from({ length: editors }, async (_, editor) => {
        const server = editor % 2 ? a : b;
        for (let mark = 0; mark < marksEach; mark++) {
          for (let attempt = 0; ; attempt++) {
            expect(attempt, `editor ${editor} starved`).toBeLessThan(200);
            const current = await call(server, 'GET', `${theme}?lang=en`);
            const description = `${String(current.body.description)} [e${editor}m${mark}]`;
            const res = await call(server, 'PATCH', theme, { 'if-match': current.etag! }, { descriptionEn: description });
            if (res.status === 200) break;
            expect(res.status).toBe(412);
            refused += 1;
          }
        }
      }),
    );
    const final = String((await call(a, 'GET', `${theme}?lang=en`)).body.description);
    for (let editor = 0; editor < editors; editor++) {
      for (let mark = 0; mark < marksEach; mark++) expect(final.split(`[e${editor}m${mark}]`)).toHaveLength(2);
    }
    const history = ((await call(b, 'GET', `${theme}/revisions`)).body.data as RevisionRow[]).filter((r) => r.operation === 'update');
    expect(history).toHaveLength(editors * marksEach);
    for (let k = 1; k < history.length; k++) expect(history[k]!.before, `revision ${k} starts where ${k - 1} ended`).toEqual(history[k - 1]!.after);
    expect(history.at(-1)!.after!.descriptionEn).toBe(final);
    // The editors did collide (otherwise this proved nothing about concurrency).
    expect(refused).toBeGreaterThan(0);

    for (const server of servers) server.child.kill('SIGTERM');
    for (const server of servers) expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(checkDatabaseFile(path)).toEqual({ integrity: ['ok'], foreignKeyViolations: [] });
  });
});
