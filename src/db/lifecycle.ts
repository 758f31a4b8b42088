import { isDeepStrictEqual } from 'node:util';
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors.js';
import { engineOf } from './engine.js';
import type { AppDatabase } from './engine.js';
import * as t from './sqlite/schema.js';

/**
 * The one life cycle of an editable record (statements, meetings, partners, themes): create, patch, delete,
 * restore and import all load the stored document, check it (404, 409, the caller's If-Match), resolve the new
 * document (the resource's rules: a 422 listing every violation), write it, and record a revision — in one
 * transaction, so that nothing is half written and the If-Match check cannot be separated from the write.
 * A resource describes itself once as a `Lifecycle`; its rules live in pure functions (modules/curation/rules.ts).
 */

export type RevisionResource = (typeof t.revisions.$inferSelect)['resource'];
export type RevisionOperation = (typeof t.revisions.$inferSelect)['operation'];

/** Who makes a change, and how it arrived. */
export interface Actor {
  apiKey: { id: string; name: string } | null;
  via: 'api' | 'import';
}

/** A stored record: its editable document, and whether (since when) it is deleted. */
export interface Stored<D> {
  document: D;
  deletedAt: string | null;
}

/** Live records that point at a record: its delete is refused (409) while there are any. */
export interface Referrer {
  noun: string;
  ids: string[];
}

export interface Lifecycle<D, Input, Create extends Input = Input> {
  resource: RevisionResource;
  /** The key field of the document and of the create body. */
  key: 'id' | 'code';
  /** How a create's taken key is named in its 422: "the slug x is taken". */
  keyWord: string;
  /** The 404's detail, when it differs from "There is no <resource> <id>.". */
  missing?: (id: string) => string;
  load: (db: AppDatabase, id: string) => Promise<Stored<D> | null>;
  /** The document `input` asks for, over `base` (null for a create or an import); throws a 422 listing every violation. */
  resolve: (db: AppDatabase, id: string, base: D | null, input: Input) => Promise<D>;
  /** Writes the document's row and links; `before` is null for a new row. Writing a record makes it live. */
  write: (db: AppDatabase, doc: D, before: D | null, at: string) => Promise<void>;
  referrers?: (db: AppDatabase, id: string) => Promise<Referrer[]>;
  /** The key of a create that gives none (statements: made from the date and title). */
  newId?: (db: AppDatabase, input: Create) => Promise<string>;
}

/** The deletable tables and their keys: what "live" means for each resource. */
const records = {
  statement: { table: t.statements, key: t.statements.id },
  meeting: { table: t.meetings, key: t.meetings.id },
  partner: { table: t.partners, key: t.partners.code },
  theme: { table: t.themes, key: t.themes.id },
} as const;

/**
 * The live (not deleted) records among `which`: a list of keys, or a condition on the resource's table
 * (columns unqualified: `meeting_id = ${id}`). Sorted by key, so that messages list them in a stable order.
 */
export async function liveIds(db: AppDatabase, resource: RevisionResource, which: readonly string[] | SQL): Promise<string[]> {
  const { table, key } = records[resource];
  if (Array.isArray(which) && which.length === 0) return [];
  const filter = Array.isArray(which) ? inArray(key, which) : (which as SQL);
  const rows = await db.select({ id: sql<string>`${key}` }).from(table).where(sql`${table.deletedAt} IS NULL AND ${filter}`).orderBy(key);
  return rows.map((r) => r.id);
}

async function recordRevision(
  db: AppDatabase,
  entry: { resource: RevisionResource; resourceId: string; operation: RevisionOperation; before: unknown; after: unknown },
  actor: Actor,
): Promise<void> {
  await db.insert(t.revisions)
    .values({
      resource: entry.resource,
      resourceId: entry.resourceId,
      operation: entry.operation,
      apiKeyId: actor.apiKey?.id ?? null,
      apiKeyName: actor.apiKey?.name ?? null,
      via: actor.via,
      before: entry.before ?? null,
      after: entry.after ?? null,
    });
}

/** The 409's detail while live records point at a record, or null when none do. */
export function referencedMessage(what: string, referrers: Referrer[]): string | null {
  const found = referrers.filter((r) => r.ids.length > 0);
  if (found.length === 0) return null;
  return `${what} is still referenced by ${found.map((r) => `${r.ids.length} ${r.noun} (${r.ids.slice(0, 5).join(', ')}${r.ids.length > 5 ? ', …' : ''})`).join(' and ')}: change or delete those first.`;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/** An import leaves alone a record that is live and already holds exactly the target document. */
export function importOutcome<D>(current: Stored<D> | null, target: D): ImportOutcome {
  if (current && !current.deletedAt && isDeepStrictEqual(current.document, target)) return 'unchanged';
  return current ? 'updated' : 'created';
}

type Change<D> = { id: string; operation: RevisionOperation; before: D | null; after: D | null };

/**
 * One step and its revision as one write transaction of the engine's (inside another's, a savepoint of it: a step
 * that fails leaves nothing of itself behind). The step runs on `tx`, the transaction's handle.
 */
function commit<D>(db: AppDatabase, resource: RevisionResource, actor: Actor, step: (tx: AppDatabase) => Promise<Change<D> | null>): Promise<D | null> {
  return engineOf(db).transaction(async (tx) => {
    const change = await step(tx);
    if (!change) return null;
    await recordRevision(tx, { resource, resourceId: change.id, operation: change.operation, before: change.before, after: change.after }, actor);
    return change.after;
  });
}

const now = () => new Date().toISOString();
const missing = (spec: Pick<Lifecycle<unknown, never>, 'resource' | 'missing'>, id: string) => new NotFoundError(spec.missing?.(id) ?? `There is no ${spec.resource} ${id}.`);

function live<D>(spec: Pick<Lifecycle<D, never>, 'resource' | 'missing'>, current: Stored<D> | null, id: string): D {
  if (!current || current.deletedAt) throw missing(spec, id);
  return current.document;
}

async function setDeleted(db: AppDatabase, resource: RevisionResource, id: string, deletedAt: string | null, at: string): Promise<void> {
  // Every deletable table has deletedAt and updatedAt: typed as one of them, the update is the same for all four.
  const { table, key } = records[resource] as unknown as (typeof records)['statement'];
  await db.update(table).set({ deletedAt, updatedAt: at }).where(eq(key, id));
}

export async function createRecord<D, Input, Create extends Input>(db: AppDatabase, spec: Lifecycle<D, Input, Create>, input: Create, actor: Actor): Promise<D> {
  return commit(db, spec.resource, actor, async (tx) => {
    const given = (input as Record<string, unknown>)[spec.key] as string | undefined;
    const id = given ?? (await spec.newId?.(tx, input)) ?? '';
    if (given !== undefined && (await spec.load(tx, id))) {
      throw new UnprocessableError([{ in: 'body', name: `/${spec.key}`, message: `the ${spec.keyWord} ${id} is taken` }]);
    }
    const doc = await spec.resolve(tx, id, null, input);
    await spec.write(tx, doc, null, now());
    return { id, operation: 'create', before: null, after: doc };
  }) as Promise<D>;
}

/**
 * Changes a record. `precondition` runs inside the transaction (on its handle) with the current document, so that
 * the If-Match check and the write cannot be separated by another writer.
 */
export async function updateRecord<D, Input>(
  db: AppDatabase,
  spec: Lifecycle<D, Input, never>,
  id: string,
  patch: Input,
  actor: Actor,
  precondition: (tx: AppDatabase, current: D) => Promise<void>,
): Promise<D> {
  return commit(db, spec.resource, actor, async (tx) => {
    const before = live(spec, await spec.load(tx, id), id);
    await precondition(tx, before);
    const doc = await spec.resolve(tx, id, before, patch);
    await spec.write(tx, doc, before, now());
    return { id, operation: 'update', before, after: doc };
  }) as Promise<D>;
}

/** Soft delete: refused (409) while live records point at it; its history stays. */
export async function deleteRecord<D>(
  db: AppDatabase,
  spec: Lifecycle<D, never, never>,
  id: string,
  actor: Actor,
  precondition: (tx: AppDatabase, current: D) => Promise<void>,
): Promise<void> {
  await commit(db, spec.resource, actor, async (tx) => {
    const before = live(spec, await spec.load(tx, id), id);
    await precondition(tx, before);
    const refused = referencedMessage(`The ${spec.resource} ${id}`, (await spec.referrers?.(tx, id)) ?? []);
    if (refused) throw new ConflictError(refused);
    const at = now();
    await setDeleted(tx, spec.resource, id, at, at);
    return { id, operation: 'delete', before, after: null };
  });
}

/** Brings a deleted record back as it was, if what it points to is still there (its rules are checked again). */
export async function restoreRecord<D, Input>(db: AppDatabase, spec: Lifecycle<D, Input, never>, id: string, actor: Actor): Promise<D> {
  return commit(db, spec.resource, actor, async (tx) => {
    const current = await spec.load(tx, id);
    if (!current) throw missing(spec, id);
    if (!current.deletedAt) throw new ConflictError(`The ${spec.resource} ${id} is not deleted.`);
    await spec.resolve(tx, id, current.document, {} as Input);
    await setDeleted(tx, spec.resource, id, null, now());
    return { id, operation: 'restore', before: null, after: current.document };
  }) as Promise<D>;
}

/**
 * One record of an import: validated like any write, then written unless the stored record already holds
 * exactly that. Runs inside the import's transaction (`tx`), as a savepoint of it.
 */
export async function importRecord<D, Input>(tx: AppDatabase, spec: Lifecycle<D, Input, never>, id: string, input: Input, actor: Actor): Promise<ImportOutcome> {
  let outcome: ImportOutcome = 'unchanged';
  await commit<D>(tx, spec.resource, actor, async (step) => {
    const current = await spec.load(step, id);
    const target = await spec.resolve(step, id, null, input);
    outcome = importOutcome(current, target);
    if (outcome === 'unchanged') return null;
    await spec.write(step, target, current?.document ?? null, now());
    return { id, operation: current ? 'update' : 'create', before: current?.document ?? null, after: target };
  });
  return outcome;
}
