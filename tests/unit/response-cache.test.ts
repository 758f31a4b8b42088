import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, migrateDatabase, openDatabase, type AppDatabase } from '../../src/db/sqlite/client.js';
import { registerResponseCache, type ResponseCacheOptions } from '../../src/platform/http-cache/response-cache.js';

/**
 * The response cache's storage (src/platform/http-cache/response-cache.ts): bounded by a count and by bytes of body,
 * least recently used out first, no answer over an eighth of the bytes, nothing kept across a change to the data.
 * A route that counts its calls tells a kept answer ('kept') from one made again ('made').
 */

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function cached(options: ResponseCacheOptions) {
  const db: AppDatabase = openDatabase(':memory:');
  migrateDatabase(db);
  const app = Fastify();
  registerResponseCache(app, db, options);
  let made = 0;
  // /<n>?k=…: an answer of n bytes.
  app.get<{ Params: { size: string } }>('/:size', async (request) => {
    made += 1;
    return 'x'.repeat(Number(request.params.size));
  });
  await app.ready();
  close = async () => {
    await app.close();
    closeDatabase(db);
  };
  return {
    db,
    get: async (url: string): Promise<'made' | 'kept'> => {
      const before = made;
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      return made > before ? 'made' : 'kept';
    },
  };
}

describe('the response cache', () => {
  it('keeps at most maxEntries answers, the least recently used out first', async () => {
    const { get } = await cached({ maxEntries: 2, maxBytes: 1_000_000 });
    expect(await get('/1?k=a')).toBe('made');
    expect(await get('/1?k=b')).toBe('made');
    // a is now the most recently used: c evicts b.
    expect(await get('/1?k=a')).toBe('kept');
    expect(await get('/1?k=c')).toBe('made');
    expect(await get('/1?k=a')).toBe('kept');
    expect(await get('/1?k=c')).toBe('kept');
    expect(await get('/1?k=b')).toBe('made');
  });

  it('keeps at most maxBytes of bodies, and no body over an eighth of them', async () => {
    const { get } = await cached({ maxEntries: 100, maxBytes: 800 });
    for (const k of 'abcdefgh') expect(await get(`/100?k=${k}`)).toBe('made');
    for (const k of 'abcdefgh') expect(await get(`/100?k=${k}`)).toBe('kept');
    // 900 bytes: the least recently used (a) goes.
    expect(await get('/100?k=i')).toBe('made');
    expect(await get('/100?k=b')).toBe('kept');
    expect(await get('/100?k=a')).toBe('made');
    // Over 100 bytes: never kept, and nothing evicted for it.
    expect(await get('/101?k=j')).toBe('made');
    expect(await get('/101?k=j')).toBe('made');
    for (const k of 'bcdefghi'.replace('c', '')) expect(await get(`/100?k=${k}`)).toBe('kept');
  });

  it('makes an answer again once the data has changed', async () => {
    const { db, get } = await cached({ maxEntries: 10, maxBytes: 1_000_000 });
    expect(await get('/5')).toBe('made');
    expect(await get('/5')).toBe('kept');
    db.$client.exec('CREATE TABLE probe (x); INSERT INTO probe VALUES (1)');
    expect(await get('/5')).toBe('made');
    expect(await get('/5')).toBe('kept');
  });
});
