import { eq } from 'drizzle-orm';
import { UnprocessableError } from '../../errors.js';
import type { SeedDataset } from '../../schemas/seed.js';
import { meetingLifecycle, partnerLifecycle, themeLifecycle } from '../curation/catalogue-writes.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import type { StatementImport } from '../curation/documents.js';
import { importRecord, type Actor, type ImportOutcome } from '../../db/lifecycle.js';
import * as t from '../../db/sqlite/schema.js';
import { insertBriefingSections } from '../../db/seed.js';
import { statementImportInput, statementLifecycle } from '../curation/statement-writes.js';
import { exportedFieldName, exportedStatementInput, type ExportedStatement } from './exported-statements.js';

/**
 * Bulk import of the dataset file (GET /v1/export/dataset.json) or of statements, in its shape or as the
 * statement export writes them (exported-statements.ts), one per NDJSON line or as the JSON export's `data`. All or nothing: one transaction, every rule of the write API checked, every violation listed
 * in one 422. Idempotent: a record that already holds what the file says is left alone (and counted as
 * unchanged), so importing the same file twice changes nothing the second time. A dry run does everything
 * and then rolls back, reporting what would have happened. Each record goes through the same life cycle as a
 * write (src/db/lifecycle.ts: importRecord), inside the import's one transaction.
 */

type Resource = 'partners' | 'themes' | 'meetings' | 'statements';
type Tally = Record<ImportOutcome, number>;
export interface ImportReport {
  dryRun: boolean;
  briefing: { id: string; rowsInserted: number } | null;
  counts: Record<Resource, Tally>;
}

class DryRunRollback extends Error {}

const emptyTally = (): Tally => ({ created: 0, updated: 0, unchanged: 0 });

/** Orders items so that each comes after the ones it depends on (groups before members, parents first). */
export function dependencyOrder<T>(items: T[], key: (item: T) => string, dependsOn: (item: T) => string[]): T[] {
  const byKey = new Map(items.map((item) => [key(item), item]));
  const done = new Set<string>();
  const ordered: T[] = [];
  const visit = (item: T, path: Set<string>) => {
    const k = key(item);
    if (done.has(k) || path.has(k)) return;
    path.add(k);
    for (const dep of dependsOn(item)) {
      const other = byKey.get(dep);
      if (other) visit(other, path);
    }
    done.add(k);
    ordered.push(item);
  };
  items.forEach((item) => visit(item, new Set()));
  return ordered;
}

class Importer {
  readonly counts: Record<Resource, Tally> = { partners: emptyTally(), themes: emptyTally(), meetings: emptyTally(), statements: emptyTally() };
  readonly violations: { in: 'body'; name: string; message: string }[] = [];

  constructor(
    private readonly db: AppDatabase,
    private readonly actor: Actor,
  ) {}

  /** Runs one item's import; a broken rule is collected (under the item's path) instead of stopping the rest. */
  async run(resource: Resource, path: string, work: () => Promise<ImportOutcome>, rename: (name: string) => string = (name) => name): Promise<void> {
    try {
      this.counts[resource][await work()] += 1;
    } catch (err) {
      if (!(err instanceof UnprocessableError)) throw err;
      for (const e of err.errors) this.violations.push({ in: 'body', name: `${path}${rename(e.name)}`, message: e.message });
    }
  }

  async statements(items: StatementImport[], pathOf: (i: number) => string): Promise<void> {
    for (const [i, item] of items.entries()) await this.statement({ shape: 'seed', item, path: pathOf(i) });
  }

  async statement(line: StatementLine): Promise<void> {
    if (line.shape === 'export') {
      const { item } = line;
      await this.run('statements', line.path, async () => importRecord(this.db, statementLifecycle, item.id, await exportedStatementInput(this.db, item), this.actor), exportedFieldName);
      return;
    }
    const { item } = line;
    await this.run('statements', line.path, async () => {
      const [cited] = item.citedSourceId
        ? await this.db.select({ id: t.citedSources.briefingId }).from(t.citedSources).where(eq(t.citedSources.id, item.citedSourceId)).limit(1)
        : [];
      const briefingId = cited?.id ?? null;
      if (item.citedSourceId && !briefingId) {
        throw new UnprocessableError([{ in: 'body', name: '/citedSourceId', message: `there is no cited source ${item.citedSourceId}` }]);
      }
      return importRecord(this.db, statementLifecycle, item.id, statementImportInput(item, briefingId), this.actor);
    });
  }
}

/** A statement to import, in the seed's shape or the export's, with the path its errors are named under. */
export type StatementLine = { path: string } & ({ shape: 'seed'; item: StatementImport } | { shape: 'export'; item: ExportedStatement });

/** Runs `work` as one transaction, with an importer on its handle; rolled back when anything is refused, or for a dry run. */
async function finish<T>(
  db: AppDatabase,
  dryRun: boolean,
  actor: Actor,
  work: (importer: Importer, tx: AppDatabase) => Promise<T>,
): Promise<{ importer: Importer; result: T | undefined }> {
  let importer = new Importer(db, actor);
  let result: T | undefined;
  try {
    await engineOf(db).transaction(async (tx) => {
      importer = new Importer(tx, actor);
      result = await work(importer, tx);
      if (importer.violations.length > 0) throw new UnprocessableError(importer.violations);
      if (dryRun) throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return { importer, result };
}

export async function importDataset(db: AppDatabase, dataset: SeedDataset, options: { dryRun: boolean; actor: Actor }): Promise<ImportReport> {
  const { importer, result } = await finish(db, options.dryRun, options.actor, async (imp, tx) => {
    for (const theme of dependencyOrder(dataset.themes, (theme) => theme.id, (theme) => (theme.parentId ? [theme.parentId] : []))) {
      await imp.run('themes', `/themes/${dataset.themes.indexOf(theme)}`, () => importRecord(tx, themeLifecycle, theme.id, theme, options.actor));
    }
    const rowsInserted = await insertBriefingSections(tx, dataset.briefing);
    const memberOf = (code: string) =>
      dataset.memberships.filter((m) => m.memberCode === code).map((m) => ({ groupCode: m.groupCode, role: m.role }));
    for (const partner of dependencyOrder(dataset.partners, (p) => p.code, (p) => memberOf(p.code).map((m) => m.groupCode))) {
      const document = { ...partner, memberOf: memberOf(partner.code).sort((a, b) => a.groupCode.localeCompare(b.groupCode)) };
      await imp.run('partners', `/partners/${dataset.partners.indexOf(partner)}`, () => importRecord(tx, partnerLifecycle, partner.code, document, options.actor));
    }
    for (const [i, { partnerCodes, ...meeting }] of dataset.meetings.entries()) {
      await imp.run('meetings', `/meetings/${i}`, () => importRecord(tx, meetingLifecycle, meeting.id, { ...meeting, partners: [...partnerCodes].sort() }, options.actor));
    }
    await imp.statements(dataset.statements, (i) => `/statements/${i}`);
    return { id: dataset.briefing.id, rowsInserted };
  });
  return { dryRun: options.dryRun, briefing: result ?? null, counts: importer.counts };
}

export async function importStatements(db: AppDatabase, lines: StatementLine[], options: { dryRun: boolean; actor: Actor }): Promise<ImportReport> {
  const { importer } = await finish(db, options.dryRun, options.actor, async (imp) => {
    for (const line of lines) await imp.statement(line);
  });
  return { dryRun: options.dryRun, briefing: null, counts: importer.counts };
}
