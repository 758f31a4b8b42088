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
  run(resource: Resource, path: string, work: () => ImportOutcome, rename: (name: string) => string = (name) => name): void {
    try {
      this.counts[resource][work()] += 1;
    } catch (err) {
      if (!(err instanceof UnprocessableError)) throw err;
      for (const e of err.errors) this.violations.push({ in: 'body', name: `${path}${rename(e.name)}`, message: e.message });
    }
  }

  statements(items: StatementImport[], pathOf: (i: number) => string): void {
    items.forEach((item, i) => this.statement({ shape: 'seed', item, path: pathOf(i) }));
  }

  statement(line: StatementLine): void {
    if (line.shape === 'export') {
      const { item } = line;
      this.run('statements', line.path, () => importRecord(this.db, statementLifecycle, item.id, exportedStatementInput(this.db, item), this.actor), exportedFieldName);
      return;
    }
    const { item } = line;
    this.run('statements', line.path, () => {
      const briefingId = item.citedSourceId
        ? (this.db.select({ id: t.citedSources.briefingId }).from(t.citedSources).where(eq(t.citedSources.id, item.citedSourceId)).get()?.id ?? null)
        : null;
      if (item.citedSourceId && !briefingId) {
        throw new UnprocessableError([{ in: 'body', name: '/citedSourceId', message: `there is no cited source ${item.citedSourceId}` }]);
      }
      return importRecord(this.db, statementLifecycle, item.id, statementImportInput(item, briefingId), this.actor);
    });
  }
}

/** A statement to import, in the seed's shape or the export's, with the path its errors are named under. */
export type StatementLine = { path: string } & ({ shape: 'seed'; item: StatementImport } | { shape: 'export'; item: ExportedStatement });

async function finish<T>(db: AppDatabase, dryRun: boolean, actor: Actor, work: (importer: Importer) => T): Promise<{ importer: Importer; result: T | undefined }> {
  const importer = new Importer(db, actor);
  let result: T | undefined;
  try {
    await engineOf(db).transaction(() => {
      result = work(importer);
      if (importer.violations.length > 0) throw new UnprocessableError(importer.violations);
      if (dryRun) throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return { importer, result };
}

export async function importDataset(db: AppDatabase, dataset: SeedDataset, options: { dryRun: boolean; actor: Actor }): Promise<ImportReport> {
  const { importer, result } = await finish(db, options.dryRun, options.actor, (imp) => {
    dependencyOrder(dataset.themes, (theme) => theme.id, (theme) => (theme.parentId ? [theme.parentId] : [])).forEach((theme) =>
      imp.run('themes', `/themes/${dataset.themes.indexOf(theme)}`, () => importRecord(db, themeLifecycle, theme.id, theme, options.actor)),
    );
    const rowsInserted = insertBriefingSections(db, dataset.briefing);
    const memberOf = (code: string) =>
      dataset.memberships.filter((m) => m.memberCode === code).map((m) => ({ groupCode: m.groupCode, role: m.role }));
    dependencyOrder(dataset.partners, (p) => p.code, (p) => memberOf(p.code).map((m) => m.groupCode)).forEach((partner) =>
      imp.run('partners', `/partners/${dataset.partners.indexOf(partner)}`, () =>
        importRecord(db, partnerLifecycle, partner.code, { ...partner, memberOf: memberOf(partner.code).sort((a, b) => a.groupCode.localeCompare(b.groupCode)) }, options.actor),
      ),
    );
    dataset.meetings.forEach(({ partnerCodes, ...meeting }, i) =>
      imp.run('meetings', `/meetings/${i}`, () => importRecord(db, meetingLifecycle, meeting.id, { ...meeting, partners: [...partnerCodes].sort() }, options.actor)),
    );
    imp.statements(dataset.statements, (i) => `/statements/${i}`);
    return { id: dataset.briefing.id, rowsInserted };
  });
  return { dryRun: options.dryRun, briefing: result ?? null, counts: importer.counts };
}

export async function importStatements(db: AppDatabase, lines: StatementLine[], options: { dryRun: boolean; actor: Actor }): Promise<ImportReport> {
  const { importer } = await finish(db, options.dryRun, options.actor, (imp) => lines.forEach((line) => imp.statement(line)));
  return { dryRun: options.dryRun, briefing: null, counts: importer.counts };
}
