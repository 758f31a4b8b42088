import type { MeetingEdit } from '../meetings/load.js';
import type { StatementEdit } from '../statements/load.js';
import type { PartnerCreate, StatementPatch, ThemeCreate } from './schemas.js';

/**
 * The editable documents of the four resources: what a write resolves, what a revision records (before and
 * after), and what an import compares with the stored record to tell "unchanged" apart.
 */

export interface Passage {
  text: string;
  start: number;
  end: number;
}

/** Where a transcribed statement comes from (read-only through the write API; set by imports). */
export type StatementBriefing = { briefingId: string; sourceHeadingJa: string | null; sourceLineNumber: number | null; citedSourceId: string | null } | null;

/** A statement's document is the statement loader's edit projection (src/modules/statements/load.ts). */
export type StatementDocument = StatementEdit;

/** What a statement write may ask for: a patch, plus the provenance only an import sets. */
export type StatementInput = StatementPatch & { briefing?: StatementBriefing };

/** A meeting's document is the meeting loader's edit projection (src/modules/meetings/load.ts). */
export type MeetingDocument = MeetingEdit;

export interface PartnerDocument {
  code: string;
  kind: PartnerCreate['kind'];
  iso3166Alpha2: string | null;
  nameJa: string;
  nameEn: string;
  shortNameJa: string | null;
  memberOf: { groupCode: string; role: 'member' | 'non_enumerated_member' }[];
}

export interface ThemeDocument {
  id: string;
  kind: ThemeCreate['kind'];
  parentId: string | null;
  labelJa: string;
  labelEn: string;
  descriptionJa: string;
  descriptionEn: string;
}

/** A statement as the dataset file holds it (the seed shape): passages as text, provenance as columns. */
export interface StatementImport {
  id: string;
  meetingId: string;
  kind: StatementDocument['kind'];
  date: string;
  titleJa: string;
  titleEn: string;
  text: string;
  paragraphs: { number: string | null; text: string }[];
  highlights: string[];
  partnerCodes: string[];
  themes: { themeId: string; evidence: string[] }[];
  sourceHeadingJa: string | null;
  sourceLineNumber: number | null;
  citedSourceId: string | null;
  sourceUrl?: string | null | undefined;
  sourceTitle?: string | null | undefined;
}
