import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AppDatabase } from '../../db/engine.js';
import { keysetBatches, type KeysetOrder } from '../../db/keyset.js';

/**
 * How much reading one turn of the event loop may do. Hydrating statements costs a fixed part per call (six
 * queries: well under a millisecond since they read covering indexes, more on a busy machine) plus about
 * 0.1–0.3 ms per statement, so the chunk
 * size follows the measured cost of the previous chunks towards this budget, but never below a floor where
 * the fixed part would dominate: other requests wait about this long (plus the serialising of the chunk)
 * while an export runs, and the export does not crawl when the machine is busy.
 */
export const EXPORT_TURN_BUDGET_MS = 8;
const FIRST_CHUNK = 50;
const MIN_CHUNK = 20;
const MAX_CHUNK = 500;

/** Chunk sizes for a time budget per turn; a fixed size when one is given (tests, tools). */
export class ChunkPacer {
  size: number;
  constructor(private readonly fixed?: number) {
    this.size = fixed ?? FIRST_CHUNK;
  }

  /** After a chunk of `rows` rows took `ms`: move the size halfway (geometrically) towards the budget. */
  record(rows: number, ms: number): void {
    if (this.fixed !== undefined || rows < this.size) return;
    const target = (rows * EXPORT_TURN_BUDGET_MS) / Math.max(ms, 0.1);
    this.size = Math.round(Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.sqrt(this.size * target))));
  }
}

export interface ChunkOptions {
  /** A fixed chunk size; by default it follows EXPORT_TURN_BUDGET_MS. */
  chunkSize?: number;
  /** Stops between chunks once aborted (the client went away). */
  signal?: AbortSignal;
}

/**
 * The rows of `order`, loaded `load`-ed a paced chunk at a time: each chunk is one keyset query for its ids
 * plus the loader's, timed together, with a turn of the event loop between chunks.
 */
export async function* pacedChunks<T>(
  db: AppDatabase,
  order: KeysetOrder,
  load: (ids: string[]) => Promise<T[]>,
  options: ChunkOptions,
): AsyncGenerator<T[]> {
  const pacer = new ChunkPacer(options.chunkSize);
  let size = pacer.size;
  let started = performance.now();
  const batches = keysetBatches(db, order, () => {
    size = pacer.size;
    started = performance.now();
    return size;
  });
  for await (const ids of batches) {
    const items = await load(ids);
    pacer.record(ids.length, performance.now() - started);
    yield items;
    if (ids.length < size) return;
    await nextTurn();
    if (options.signal?.aborted) return;
  }
}
