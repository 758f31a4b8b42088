import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineOf } from '../../src/db/engine.js';
import type { AppDatabase } from '../../src/db/sqlite/client.js';
import * as t from '../../src/db/sqlite/schema.js';
import { closeTestDatabase, createSeededDatabase } from '../helpers/test-app.js';
import { TEST_ENGINE } from '../helpers/test-engine.js';

/**
 * The engine's write transactions (src/db/engine.ts) with asynchronous work, on either engine: a throw undoes everything,
 * a transaction begun inside another's work is a savepoint of it, and transactions begun at the same time run one
 * after the other, never interleaved.
 */

let db: AppDatabase;
beforeEach(async () => {
  db = await createSeededDatabase();
});
afterEach(() => closeTestDatabase(db));

const label = async (on: AppDatabase) => (await on.select({ label: t.themes.labelEn }).from(t.themes).where(eq(t.themes.id, 'critical-minerals')))[0]?.label;
const relabel = (on: AppDatabase, labelEn: string) => on.update(t.themes).set({ labelEn }).where(eq(t.themes.id, 'critical-minerals'));

describe('engine transactions', () => {
  it('commits what the work wrote, and a throw rolls all of it back', async () => {
    await engineOf(db).transaction(async (tx) => {
      await relabel(tx, 'one');
    });
    expect(await label(db)).toBe('one');
    await expect(
      engineOf(db).transaction(async (tx) => {
        await relabel(tx, 'two');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await label(db)).toBe('one');
    // And SQLite's connection is left outside any transaction (PostgreSQL's pooled one is released by the engine).
    if (TEST_ENGINE === 'sqlite') expect(db.$client.inTransaction).toBe(false);
  });

  it('a transaction inside another is a savepoint: its throw undoes only its own writes', async () => {
    await engineOf(db).transaction(async (tx) => {
      await relabel(tx, 'outer');
      await expect(
        engineOf(tx).transaction(async (inner) => {
          await relabel(inner, 'inner');
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
      expect(await label(tx)).toBe('outer');
    });
    expect(await label(db)).toBe('outer');
  });

  it('transactions begun together run one after the other, in order, whatever they await', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { minLength: 2, maxLength: 8 }), async (awaits) => {
        const log: string[] = [];
        await Promise.all(
          awaits.map((count, i) =>
            engineOf(db).transaction(async (tx) => {
              log.push(`begin ${i}`);
              for (let n = 0; n < count; n++) await relabel(tx, `t${i}-${n}`);
              log.push(`end ${i}`);
            }),
          ),
        );
        expect(log).toEqual(awaits.flatMap((_, i) => [`begin ${i}`, `end ${i}`]));
      }),
      { numRuns: 30 },
    );
  });

  it('a failed transaction does not stop the ones queued behind it', async () => {
    const failing = engineOf(db).transaction(async () => {
      throw new Error('first fails');
    });
    const next = engineOf(db).transaction(async (tx) => {
      await relabel(tx, 'after the failure');
      return 'done';
    });
    await expect(failing).rejects.toThrow('first fails');
    await expect(next).resolves.toBe('done');
    expect(await label(db)).toBe('after the failure');
  });
});
