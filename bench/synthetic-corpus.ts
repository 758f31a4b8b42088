import type { Statement } from 'better-sqlite3';
import { locateInOrder, type SeedDataset } from '../src/schemas/seed.js';
import type { AppDatabase } from '../src/db/sqlite/client.js';
import { reindexStatements } from '../src/db/sqlite/search.js';

/**
 * A synthetic corpus for benchmarks and streaming tests: N statements that look like the briefing's, in a
 * database that already holds the real seed. Nothing here is real data, and every row says so: ids start
 * with `synthetic-`, names and titles carry 合成 / synthetic, headings say what the text was built from.
 *
 * Bodies are recombined from the briefing's own sentences (the seven bodies split after 。), so text
 * lengths, scripts and vocabulary are realistic. A sentence carries the underlined passages and the theme
 * evidence that lie inside it, so highlights and evidence stay exact substrings, located the way the seed
 * loader locates them (highlights in order, evidence at its first occurrence); the statement is tagged with
 * exactly the themes whose evidence it contains. Meetings copy the kind, partners and representative of one
 * of the seven real meetings, with dates spread over 2019–2026. The generator is seeded: the same options
 * give the same corpus.
 */

export interface SyntheticCorpusOptions {
  statements: number;
  /** PRNG seed; the same seed gives the same corpus. */
  seed?: number;
}

export interface SyntheticCorpusResult {
  statements: number;
  meetings: number;
  rowsInserted: number;
  insertMs: number;
  /** Building the search index for the new statements. */
  indexMs: number;
}

interface Sentence {
  text: string;
  highlights: { text: string; start: number }[];
  evidence: { themeId: string; text: string }[];
  /** The statement the sentence was taken from. */
  origin: SeedDataset['statements'][number];
}

/** mulberry32: small, fast and good enough to spread synthetic data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seven bodies cut after each 。, with the passages that fall inside each piece. */
export function briefingSentences(dataset: SeedDataset): Sentence[] {
  const sentences: Sentence[] = [];
  for (const statement of dataset.statements) {
    const { text } = statement;
    const highlightSpans = locateInOrder(text, statement.highlights) ?? [];
    const evidence = statement.themes.flatMap((theme) =>
      theme.evidence.map((passage) => ({ themeId: theme.themeId, text: passage, start: text.indexOf(passage) })),
    );
    let from = 0;
    while (from < text.length) {
      const stop = text.indexOf('。', from);
      const end = stop < 0 ? text.length : stop + 1;
      // Drop the space between paragraphs and the briefing's paragraph numbers ("19. "): a recombined body
      // has paragraphs of its own.
      const lead = /^\s*(?:\d+\.\s)?/.exec(text.slice(from, end))?.[0].length ?? 0;
      const start = from + lead;
      if (end > start) {
        const inside = (s: number, length: number) => s >= start && s + length <= end;
        sentences.push({
          text: text.slice(start, end),
          highlights: statement.highlights
            .map((passage, i) => ({ text: passage, start: (highlightSpans[i]?.start ?? -1) - start }))
            .filter((h) => inside(h.start + start, h.text.length)),
          evidence: evidence.filter((e) => e.start >= 0 && inside(e.start, e.text.length)).map(({ themeId, text: passage }) => ({ themeId, text: passage })),
          origin: statement,
        });
      }
      from = end;
    }
  }
  return sentences;
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2019, 0, 1);
const DAYS = Math.round((Date.UTC(2026, 11, 31) - FIRST_DAY) / DAY_MS) + 1;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(6, '0');
const SEARCH_INDEX_BATCH = 5000;

/**
 * Adds the synthetic statements (and their meetings) to a migrated database that holds the seed, in one
 * transaction with prepared statements, then indexes them for search like any new statement.
 */
export function insertSyntheticCorpus(db: AppDatabase, dataset: SeedDataset, options: SyntheticCorpusOptions): SyntheticCorpusResult {
  const random = prng(options.seed ?? 1);
  const pickIndex = (n: number) => Math.floor(random() * n);
  const sentences = briefingSentences(dataset);
  const withEvidence = sentences.filter((s) => s.evidence.length > 0);
  const meetingsById = new Map(dataset.meetings.map((m) => [m.id, m]));
  const briefingId = dataset.briefing.id;
  const sqlite = db.$client;

  const insertMeeting = sqlite.prepare(
    `INSERT INTO meetings (id, kind, name_ja, name_en, start_date, end_date, representative_ja, representative_en)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMeetingPartner = sqlite.prepare('INSERT INTO meeting_partners (meeting_id, partner_code) VALUES (?, ?)');
  const insertStatement = sqlite.prepare(
    `INSERT INTO statements (id, meeting_id, kind, date, title_ja, title_en, text, briefing_id, source_heading_ja,
                             source_line_number, cited_source_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertParagraph = sqlite.prepare(
    'INSERT INTO statement_paragraphs (statement_id, position, number, start_offset, end_offset, text) VALUES (?, ?, NULL, ?, ?, ?)',
  );
  const insertHighlight = sqlite.prepare(
    'INSERT INTO statement_highlights (statement_id, position, start_offset, end_offset, text) VALUES (?, ?, ?, ?, ?)',
  );
  const insertStatementPartner = sqlite.prepare('INSERT INTO statement_partners (statement_id, partner_code) VALUES (?, ?)');
  const insertStatementTheme = sqlite.prepare('INSERT INTO statement_themes (statement_id, theme_id) VALUES (?, ?)');
  const insertEvidence = sqlite.prepare(
    'INSERT INTO statement_theme_evidence (statement_id, theme_id, position, start_offset, end_offset, text) VALUES (?, ?, ?, ?, ?, ?)',
  );

  let rowsInserted = 0;
  const timings = { insertMs: 0, indexMs: 0 };
  let meetingCount = 0;
  const run = (statement: Statement, ...params: unknown[]) => {
    rowsInserted += statement.run(...params).changes;
  };

  const insertStarted = performance.now();
  sqlite.transaction(() => {
    let made = 0;
    while (made < options.statements) {
      // A meeting modelled on one of the real ones: its kind, partners and representative; its own dates.
      const template = dataset.statements[pickIndex(dataset.statements.length)]!;
      const realMeeting = meetingsById.get(template.meetingId)!;
      meetingCount += 1;
      const meetingId = `synthetic-meeting-${pad(meetingCount)}`;
      const twoDays = realMeeting.startDate !== realMeeting.endDate;
      // A two-day meeting starts by 30 December at the latest, so that it ends within 2026 too.
      const start = FIRST_DAY + pickIndex(twoDays ? DAYS - 1 : DAYS) * DAY_MS;
      const endDate = isoDay(twoDays ? start + DAY_MS : start);
      run(
        insertMeeting,
        meetingId,
        realMeeting.kind,
        `${realMeeting.nameJa}（合成${meetingCount}）`,
        `${realMeeting.nameEn} (synthetic ${meetingCount})`,
        isoDay(start),
        endDate,
        realMeeting.representativeJa,
        realMeeting.representativeEn,
      );
      for (const code of realMeeting.partnerCodes) run(insertMeetingPartner, meetingId, code);

      // Like the briefing, most meetings have one statement; some have two or three.
      const roll = random();
      const perMeeting = Math.min(roll < 0.7 ? 1 : roll < 0.9 ? 2 : 3, options.statements - made);
      for (let k = 0; k < perMeeting; k++) {
        made += 1;
        const id = `synthetic-statement-${pad(made)}`;
        // 2–5 distinct sentences (about the length of the real bodies), at least one of which justifies a theme.
        const chosen = new Set<Sentence>([withEvidence[pickIndex(withEvidence.length)]!]);
        const size = 2 + pickIndex(4);
        while (chosen.size < size) chosen.add(sentences[pickIndex(sentences.length)]!);
        const ordered = [...chosen];
        for (let i = ordered.length - 1; i > 0; i--) {
          const j = pickIndex(i + 1);
          [ordered[i], ordered[j]] = [ordered[j]!, ordered[i]!];
        }
        // One paragraph, or two joined by a space as in the briefing.
        const split = ordered.length >= 4 && random() < 0.5 ? 1 + pickIndex(ordered.length - 1) : ordered.length;
        const paragraphs = [ordered.slice(0, split), ordered.slice(split)].filter((p) => p.length > 0).map((p) => p.map((s) => s.text).join(''));
        const text = paragraphs.join(' ');

        const origin = ordered[0]!.origin;
        run(
          insertStatement,
          id,
          meetingId,
          template.kind,
          endDate,
          `${template.titleJa}（合成${made}）`,
          `${template.titleEn} (synthetic ${made})`,
          text,
          briefingId,
          `合成データ（ベンチマーク用）: 「${origin.sourceHeadingJa}」ほかの文から構成`,
          origin.sourceLineNumber,
          template.citedSourceId,
        );
        let offset = 0;
        paragraphs.forEach((paragraph, i) => {
          run(insertParagraph, id, i + 1, offset, offset + paragraph.length, paragraph);
          offset += paragraph.length + 1;
        });
        const highlights = ordered.flatMap((s) => s.highlights.map((h) => h.text));
        (locateInOrder(text, highlights) ?? []).forEach((span, i) => run(insertHighlight, id, i + 1, span.start, span.end, highlights[i]));
        for (const code of template.partnerCodes) run(insertStatementPartner, id, code);
        const evidence = new Map<string, Set<string>>();
        for (const e of ordered.flatMap((s) => s.evidence)) {
          const passages = evidence.get(e.themeId) ?? new Set<string>();
          passages.add(e.text);
          evidence.set(e.themeId, passages);
        }
        for (const [themeId, passages] of evidence) {
          run(insertStatementTheme, id, themeId);
          [...passages].forEach((passage, i) => {
            const at = text.indexOf(passage);
            run(insertEvidence, id, themeId, i + 1, at, at + passage.length, passage);
          });
        }
      }
    }
  })();
  timings.insertMs = performance.now() - insertStarted;
  const indexStarted = performance.now();

  // Indexed in batches: one call with every id would exceed SQLite's limit on bound parameters.
  const ids = Array.from({ length: options.statements }, (_, i) => `synthetic-statement-${pad(i + 1)}`);
  for (let i = 0; i < ids.length; i += SEARCH_INDEX_BATCH) reindexStatements(db, ids.slice(i, i + SEARCH_INDEX_BATCH));
  timings.indexMs = performance.now() - indexStarted;
  return { statements: options.statements, meetings: meetingCount, rowsInserted, ...timings };
}
