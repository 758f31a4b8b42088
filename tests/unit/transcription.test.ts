import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedDataset } from '../../seeds/index.js';
import type { AppDatabase } from '../../src/db/sqlite/client.js';
import { parseLessonTable, parseSourceStatements, readSourceLines, SOURCE_URL } from '../helpers/briefing-source.js';
import { closeTestDatabase, createSeededDatabase, textRows } from '../helpers/test-app.js';

/**
 * Would catch a wrong transcription: every check compares the database (after the real migrations and seed)
 * with an independent parse of the raw briefing.
 */
let db: AppDatabase;
const all = <T>(source: string, ...params: unknown[]) => textRows<T>(db, source, ...params);
const one = async <T>(source: string, ...params: unknown[]) => (await textRows<T>(db, source, ...params))[0] as T;

beforeAll(async () => {
  db = await createSeededDatabase();
});
afterAll(() => closeTestDatabase(db));

const source = parseSourceStatements();
const lines = readSourceLines();

interface StatementRow {
  id: string;
  text: string;
  date: string;
  kind: string;
  source_heading_ja: string;
  source_line_number: number;
  meeting_name: string;
  start_date: string;
  end_date: string;
  representative_ja: string | null;
}

async function statementAtLine(lineNumber: number): Promise<StatementRow> {
  return await one<StatementRow>(
    `SELECT s.*, m.name_ja AS meeting_name, m.start_date, m.end_date, m.representative_ja
       FROM statements s JOIN meetings m ON m.id = s.meeting_id WHERE s.source_line_number = ?`,
    lineNumber,
  );
}

describe('the source file', () => {
  it('is the briefing the seed says it is', async () => {
    const sha = createHash('sha256').update(readFileSync(SOURCE_URL)).digest('hex');
    expect((await one<{ source_sha256: string }>('SELECT source_sha256 FROM briefings')).source_sha256).toBe(sha);
  });

  it('holds seven statements with nineteen underlined passages', async () => {
    expect(source).toHaveLength(7);
    expect(source.flatMap((s) => s.underlined)).toHaveLength(19);
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM statements')).n).toBe(7);
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM statement_highlights')).n).toBe(19);
  });
});

describe('the briefing', () => {
  it('has the title, date and issuer printed on its cover', async () => {
    const row = await one<{ title_ja: string; date: string; issuer_ja: string }>('SELECT * FROM briefings');
    expect(lines).toContain(row.title_ja);
    expect(lines).toContain(row.issuer_ja);
    const [y, m, d] = row.date.split('-').map(Number);
    expect(lines).toContain(`${y}年${m}月${d}日`);
  });

  it('cites its sources exactly as printed', async () => {
    const rows = await all<{ role: string; citation_text: string; author: string | null; title: string | null; year: number | null }>(
      'SELECT * FROM cited_sources ORDER BY position',
    );
    expect(rows.map((r) => r.role)).toEqual(['chart_source', 'chart_source', 'note_source', 'statements_source']);
    for (const row of rows) {
      const printed = row.role === 'chart_source' ? `- ${row.citation_text}` : row.citation_text;
      expect(lines).toContain(printed);
      if (row.title) expect(row.citation_text).toContain(row.title);
      if (row.author) expect(row.citation_text).toContain(row.author);
      if (row.year) expect(row.citation_text).toContain(String(row.year));
    }
    expect(rows[0]).toMatchObject({ author: 'USGS', title: 'Rare Earths Statistics and Information', year: 2010 });
    expect(rows[1]).toMatchObject({
      author: 'Congressional Research Service',
      title: 'Rare Earth Elements: The Global Supply Chain',
      year: 2013,
    });
    expect(rows[2]).toMatchObject({ author: 'IEA', year: null });
    expect(rows[2]?.citation_text).toContain('約50%');
    expect(rows[3]?.citation_text).toBe('(資料) 各省プレスリリースより作成');
  });
});

describe('the rare-earth lesson', () => {
  const table = parseLessonTable();

  it('keeps its title, the chart caption and the chart sources, and no invented shares', async () => {
    const lesson = await one<Record<string, string>>('SELECT * FROM lessons');
    for (const key of ['title_ja', 'chart_caption_ja', 'chart_sources_label_ja']) expect(lines).toContain(lesson[key]);
    expect(Object.keys(table.rows)).toEqual([lesson.response_label_ja, lesson.challenge_label_ja]);
    const linked = await all<{ cited_source_id: string }>('SELECT cited_source_id FROM lesson_chart_sources');
    expect(linked).toHaveLength(3);
    // Nothing in the lesson tables holds a share: the chart is an image in the briefing.
    const cells = (await all<Record<string, unknown>>('SELECT * FROM lesson_stages')).flatMap((row) => Object.values(row));
    expect(cells.filter((value) => typeof value === 'string' && /\d+(\.\d+)?\s*%/.test(value))).toEqual([]);
  });

  it('has two stages, each with its response (measure → outcome) and challenge verbatim', async () => {
    const stages = await all<Record<string, string>>('SELECT * FROM lesson_stages ORDER BY position');
    expect(stages.map((s) => s.name_ja)).toEqual(table.stages);
    const responses = table.rows['当時の対応'] ?? [];
    const challenges = table.rows['課題'] ?? [];
    stages.forEach((stage, i) => {
      expect(`${stage.response_measure_ja} →${stage.response_outcome_ja}`).toBe(responses[i]);
      expect(stage.challenge_ja).toBe(challenges[i]);
    });
  });
});

describe('the policy approach', () => {
  it('has the five entries in the briefing order and grouping, with their measures verbatim', async () => {
    const entries = await all<{ line_text: string; group_number: number; pillar: string; measures_text: string; measures: string; section_title_ja: string }>(
      'SELECT * FROM approach_entries ORDER BY position',
    );
    expect(entries).toHaveLength(5);
    expect(lines).toContain(entries[0]?.section_title_ja);
    // Blocks of consecutive non-blank lines after the section title, up to the statements section.
    const start = lines.indexOf('経済安全保障政策のアプローチ');
    const end = lines.indexOf('経済安全保障に係る同志国との共同ステートメント、ニュースリリース');
    const blocks = lines
      .slice(start + 1, end)
      .join('\n')
      .split(/\n\s*\n/)
      .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
      .filter((block) => block.length > 0);
    expect(blocks).toEqual([1, 2, 3].map((g) => entries.filter((e) => e.group_number === g).map((e) => e.line_text)));
    for (const entry of entries) {
      expect(entry.line_text).toBe(`${entry.pillar[0]?.toUpperCase()}${entry.pillar.slice(1)} (${entry.measures_text})`);
      expect((JSON.parse(entry.measures) as string[]).join('、')).toBe(entry.measures_text);
    }
  });
});

describe.each(source)('statement on source line $lineNumber ($meetingName)', (src) => {
  it('has the body exactly as in the briefing, tags removed', async () => {
    expect((await statementAtLine(src.lineNumber)).text).toBe(src.text);
  });

  it('has the meeting, dates and representative of its heading', async () => {
    const row = await statementAtLine(src.lineNumber);
    expect(row.source_heading_ja).toBe(src.heading);
    expect(row.meeting_name).toBe(src.meetingName);
    expect([row.start_date, row.end_date]).toEqual([src.startDate, src.endDate]);
    expect(row.representative_ja).toBe(src.representative);
    expect(row.date >= src.startDate && row.date <= src.endDate).toBe(true);
    expect(row.kind === 'chair_statement').toBe(src.documentLabel === '議長声明');
  });

  it('has every underlined passage, in order, at its offsets', async () => {
    const row = await statementAtLine(src.lineNumber);
    const highlights = await all<{ text: string; start_offset: number; end_offset: number }>(
      'SELECT * FROM statement_highlights WHERE statement_id = ? ORDER BY position',
      row.id,
    );
    expect(highlights.map((h) => h.text)).toEqual(src.underlined);
    let previousEnd = 0;
    for (const h of highlights) {
      expect(row.text.slice(h.start_offset, h.end_offset)).toBe(h.text);
      expect(h.start_offset).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = h.end_offset;
    }
  });

  it('has paragraphs that tile the body, numbered where the briefing numbers them', async () => {
    const row = await statementAtLine(src.lineNumber);
    const paragraphs = await all<{ number: string | null; text: string; start_offset: number; end_offset: number }>(
      'SELECT * FROM statement_paragraphs WHERE statement_id = ? ORDER BY position',
      row.id,
    );
    expect(paragraphs.map((p) => p.text).join(' ')).toBe(row.text);
    for (const p of paragraphs) expect(row.text.slice(p.start_offset, p.end_offset)).toBe(p.text);
    const printedNumbers = [...src.text.matchAll(/(?:^| )(\d+)\. /g)].map((m) => m[1]);
    expect(paragraphs.map((p) => p.number).filter((n) => n !== null)).toEqual(printedNumbers);
  });

  it('links every theme with evidence that is an exact substring at its offsets', async () => {
    const row = await statementAtLine(src.lineNumber);
    const links = await all<{ theme_id: string; evidence: number }>(
      `SELECT st.theme_id, (SELECT count(*) FROM statement_theme_evidence e
                             WHERE e.statement_id = st.statement_id AND e.theme_id = st.theme_id) AS evidence
         FROM statement_themes st WHERE st.statement_id = ?`,
      row.id,
    );
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.evidence, link.theme_id).toBeGreaterThan(0);
    const evidence = await all<{ text: string; start_offset: number; end_offset: number }>(
      'SELECT * FROM statement_theme_evidence WHERE statement_id = ?',
      row.id,
    );
    for (const e of evidence) expect(row.text.slice(e.start_offset, e.end_offset)).toBe(e.text);
  });

  it('carries its provenance: the briefing and the source line', async () => {
    const row = await one<{ briefing_id: string; citation_text: string }>(
      `SELECT s.briefing_id, c.citation_text FROM statements s JOIN cited_sources c ON c.id = s.cited_source_id
        WHERE s.source_line_number = ?`,
      src.lineNumber,
    );
    expect(row.citation_text).toBe('(資料) 各省プレスリリースより作成');
    expect(row.briefing_id).toBe(loadSeedDataset().briefing.id);
  });
});

describe('partners and memberships', () => {
  it('reach France from the G7, EU and OECD', async () => {
    const groups = await all<{ group_code: string }>("SELECT group_code FROM partner_memberships WHERE member_code = 'FR' ORDER BY 1");
    expect(groups.map((g) => g.group_code)).toEqual(['EU', 'G7', 'OECD']);
  });

  it('give ISO 3166-1 codes to countries only', async () => {
    const rows = await all<{ code: string; kind: string; iso3166_alpha2: string | null }>('SELECT * FROM partners ORDER BY code');
    expect(rows.filter((r) => r.kind === 'country').map((r) => r.iso3166_alpha2)).toEqual(['AU', 'CA', 'FR', 'JP', 'US']);
    expect(rows.filter((r) => r.kind !== 'country').every((r) => r.iso3166_alpha2 === null)).toBe(true);
  });
});
