import { readFileSync } from 'node:fs';

/**
 * An independent reading of the raw briefing in seeds/source/, written for the tests only: it shares no code
 * with the seed, so a transcription mistake in seeds/ cannot be repeated here and pass unnoticed.
 */
export const SOURCE_URL = new URL('../../seeds/source/000_98cf546138f55289.txt', import.meta.url);

export interface SourceStatement {
  lineNumber: number;
  heading: string;
  startDate: string;
  endDate: string;
  meetingName: string;
  documentLabel: string | null;
  representative: string | null;
  /** The body with <u> tags removed. */
  text: string;
  /** The underlined passages, in order. */
  underlined: string[];
}

const pad = (n: string) => n.padStart(2, '0');

export function readSourceLines(): string[] {
  return readFileSync(SOURCE_URL, 'utf8').split('\n');
}

export function parseSourceStatements(): SourceStatement[] {
  const lines = readSourceLines();
  const result: SourceStatement[] = [];
  lines.forEach((line, index) => {
    const row = /^<p>(.*)<\/p>\t<p>(.*)<\/p>$/.exec(line);
    if (!row) return;
    const [, heading = '', body = ''] = row;
    const h = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:~(\d{1,2})\/(\d{1,2}))? (\S+)(?: (議長声明))?(?: \((.+)\))?$/.exec(heading);
    if (!h) throw new Error(`unparsed heading on line ${index + 1}: ${heading}`);
    const [, y = '', m = '', d = '', m2, d2, meetingName = '', label, representative] = h;
    const startDate = `${y}-${pad(m)}-${pad(d)}`;
    result.push({
      lineNumber: index + 1,
      heading,
      startDate,
      endDate: m2 && d2 ? `${y}-${pad(m2)}-${pad(d2)}` : startDate,
      meetingName,
      documentLabel: label ?? null,
      representative: representative ?? null,
      text: body.replace(/<\/?u>/g, ''),
      underlined: [...body.matchAll(/<u>(.*?)<\/u>/g)].map((match) => match[1] ?? ''),
    });
  });
  return result;
}

/** The two rows of the lesson table: 当時の対応 and 課題, each with its upstream and mid/downstream cells. */
export function parseLessonTable(): { stages: string[]; rows: Record<string, string[]> } {
  const lines = readSourceLines();
  const header = lines.find((line) => line.startsWith('\t'));
  if (!header) throw new Error('lesson table header not found');
  const rows: Record<string, string[]> = {};
  for (const line of lines) {
    const cells = line.split('\t');
    if (cells.length === 3 && cells[1]?.startsWith('<ul')) {
      rows[cells[0] ?? ''] = cells.slice(1).map((cell) => cell.replace(/<ul[^>]*>/, '').trim());
    }
  }
  return { stages: header.split('\t').slice(1), rows };
}
