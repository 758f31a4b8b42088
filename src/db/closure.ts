import { sql } from 'drizzle-orm';
import { engineOf, type AppDatabase } from './engine.js';

/**
 * The two hierarchies of the vocabulary, walked in either direction, in one place:
 * - partners: a member belongs to groups (FR → EU → G7), read from partner_memberships;
 * - themes: a theme has a parent (rare-earths → critical-minerals), read from themes.parent_id.
 * "up" goes from a member to its groups, from a theme to its ancestors; "down" the other way.
 *
 * Both tables are small (tens of rows however many statements there are), so the edges are read whole and walked
 * here: one walk serves the filters (partner=FR reaches the groups' statements), the counts (which expand hundreds
 * of signatures and want every node's reach at once) and the curation checks (no membership or parent may go round
 * in a circle). Deleted rows are walked too, as the link tables and signatures still name them.
 */

export type Hierarchy = 'partners' | 'themes';
export type Direction = 'up' | 'down';

interface Edges {
  /** Every node, edges or not. */
  nodes: string[];
  up: Map<string, string[]>;
  down: Map<string, string[]>;
}

const edgesRead = new WeakMap<AppDatabase, Map<Hierarchy, { version: string; edges: Edges }>>();

/**
 * The edges of a hierarchy, read once per data version: a filtered request expands partner= or theme= on every
 * request, and the tables change only with a write (whose own changes move the version inside its transaction too).
 */
async function readEdges(db: AppDatabase, hierarchy: Hierarchy): Promise<Edges> {
  const version = engineOf(db).dataVersion();
  let byHierarchy = edgesRead.get(db);
  if (!byHierarchy) edgesRead.set(db, (byHierarchy = new Map()));
  const known = byHierarchy.get(hierarchy);
  if (known?.version === version) return known.edges;
  const edges = await readEdgesNow(db, hierarchy);
  byHierarchy.set(hierarchy, { version, edges });
  return edges;
}

async function readEdgesNow(db: AppDatabase, hierarchy: Hierarchy): Promise<Edges> {
  const engine = engineOf(db);
  const rows =
    hierarchy === 'partners'
      ? await engine.rows<{ child: string; parent: string }>(sql`SELECT member_code AS child, group_code AS parent FROM partner_memberships`)
      : await engine.rows<{ child: string; parent: string }>(sql`SELECT id AS child, parent_id AS parent FROM themes WHERE parent_id IS NOT NULL`);
  const nodes =
    hierarchy === 'partners'
      ? await engine.rows<{ id: string }>(sql`SELECT code AS id FROM partners`)
      : await engine.rows<{ id: string }>(sql`SELECT id FROM themes`);
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const { child, parent } of rows) {
    up.set(child, [...(up.get(child) ?? []), parent]);
    down.set(parent, [...(down.get(parent) ?? []), child]);
  }
  return { nodes: nodes.map((row) => row.id), up, down };
}

/** Breadth first from `start`: each node reached once, in the order reached, whatever cycles the edges hold. */
function walk(next: Map<string, string[]>, start: string[], includeStart: boolean): string[] {
  const reached: string[] = [];
  const seen = new Set<string>();
  const queue = includeStart ? [...start] : start.flatMap((node) => next.get(node) ?? []);
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    if (seen.has(node)) continue;
    seen.add(node);
    reached.push(node);
    queue.push(...(next.get(node) ?? []));
  }
  return reached;
}

/**
 * The nodes reached from `start` going `direction`: `start` itself first unless `includeStart` is false (then a
 * start node is in the answer only if the edges lead back to it, which is what a cycle check asks).
 */
export async function closureFrom(
  db: AppDatabase,
  hierarchy: Hierarchy,
  direction: Direction,
  start: string[],
  { includeStart = true }: { includeStart?: boolean } = {},
): Promise<string[]> {
  return walk((await readEdges(db, hierarchy))[direction], start, includeStart);
}

/** For every node of the hierarchy, the nodes reached from it going `direction`, itself included. */
export async function closureOfEvery(db: AppDatabase, hierarchy: Hierarchy, direction: Direction): Promise<Map<string, string[]>> {
  const edges = await readEdges(db, hierarchy);
  return new Map(edges.nodes.map((node) => [node, walk(edges[direction], [node], true)]));
}
