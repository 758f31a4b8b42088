import { UnprocessableError } from '../../errors.js';
import type { MeetingPatch, PartnerPatch, ThemePatch } from './schemas.js';
import type { MeetingDocument, Passage, PartnerDocument, StatementDocument, StatementInput, ThemeDocument } from './documents.js';

/**
 * The rules of the data, as pure functions: each resource has a `draft…` that merges an input into the stored
 * document (or into nothing, for a create or an import), and a `…Violations` that checks the draft against
 * the facts its writer read from the database (which ids are live, what lies below a partner, …). No database
 * and no HTTP here, so that tests/unit/write-rules.test.ts can call them directly; the write modules gather the
 * facts and src/db/lifecycle.ts runs the transaction. Violations come in a fixed order: the 422 lists them so.
 */

export type Violation = { in: 'body'; name: string; message: string };

/** Throws the one 422 that lists every broken rule. */
export function refuseViolations(violations: Violation[]): void {
  if (violations.length > 0) throw new UnprocessableError(violations);
}

// ---------------------------------------------------------------- passages

export type PassageInput = { text: string; start?: number | undefined; end?: number | undefined };

/**
 * Places a passage in `text`: at its given offsets if it has them (which must hold exactly that text), or
 * at its first occurrence from `from`.
 */
export function placePassage(text: string, input: PassageInput, from: number, name: string, violations: Violation[]): Passage | null {
  if (input.start !== undefined || input.end !== undefined) {
    if (input.start === undefined || input.end === undefined) {
      violations.push({ in: 'body', name, message: 'give both start and end, or neither' });
      return null;
    }
    if (text.slice(input.start, input.end) !== input.text) {
      violations.push({ in: 'body', name, message: `text.slice(${input.start}, ${input.end}) is not the passage's text` });
      return null;
    }
    return { text: input.text, start: input.start, end: input.end };
  }
  const start = text.indexOf(input.text, from);
  if (start < 0) {
    violations.push({ in: 'body', name, message: 'is not part of the statement text' + (from > 0 ? ' after the previous passage' : '') });
    return null;
  }
  return { text: input.text, start, end: start + input.text.length };
}

/** Highlights are in order and do not overlap: each is looked for after the previous one. */
export function placeHighlights(text: string, inputs: PassageInput[], violations: Violation[]): Passage[] {
  const placed: Passage[] = [];
  let from = 0;
  inputs.forEach((input, i) => {
    const passage = placePassage(text, input, from, `/highlights/${i}`, violations);
    if (!passage) return;
    if (passage.start < from) violations.push({ in: 'body', name: `/highlights/${i}`, message: 'highlights must be in order and must not overlap' });
    placed.push(passage);
    from = passage.end;
  });
  return placed;
}

/** Paragraphs joined by single spaces are the text; each is placed after the previous one. */
export function placeParagraphs(text: string, inputs: { number?: string | null | undefined; text: string }[], violations: Violation[]): StatementDocument['paragraphs'] {
  if (inputs.map((p) => p.text).join(' ') !== text) {
    violations.push({ in: 'body', name: '/paragraphs', message: 'joined by single spaces, the paragraphs must give the text back' });
    return [];
  }
  let from = 0;
  return inputs.map((p) => {
    const start = text.indexOf(p.text, from);
    from = start + p.text.length;
    return { number: p.number ?? null, text: p.text, start, end: start + p.text.length };
  });
}

/** The id a statement created without one gets (made unique by its writer). */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

// ---------------------------------------------------------------- statements

/**
 * The statement a create, patch or import asks for, and the passage rules it breaks. When the text changes
 * and the input does not bring new passages, the stored ones are found again in the new text. Themes stay in
 * the input's order here (violations name them by index); `statementViolations` and the writer sort them.
 */
export function draftStatement(id: string, base: StatementDocument | null, input: StatementInput): { draft: StatementDocument; violations: Violation[] } {
  const violations: Violation[] = [];
  const text = input.text ?? base?.text ?? '';
  const textChanged = base !== null && input.text !== undefined && input.text !== base.text;

  const highlights = input.highlights
    ? placeHighlights(text, input.highlights, violations)
    : textChanged
      ? placeHighlights(text, (base?.highlights ?? []).map((h) => ({ text: h.text })), violations)
      : (base?.highlights ?? []);
  const themes = (input.themes ?? base?.themes ?? []).map((theme, i) => ({
    themeId: theme.themeId,
    evidence: theme.evidence.flatMap((e, j) => {
      const stale = !input.themes && textChanged;
      return placePassage(text, stale ? { text: e.text } : e, 0, `/themes/${i}/evidence/${j}`, violations) ?? [];
    }),
  }));
  let paragraphs: StatementDocument['paragraphs'];
  if (input.paragraphs) paragraphs = placeParagraphs(text, input.paragraphs, violations);
  else if (!base || (textChanged && base.paragraphs.length <= 1)) paragraphs = [{ number: null, text, start: 0, end: text.length }];
  else if (textChanged) {
    const kept = placeParagraphs(text, base.paragraphs, []);
    if (kept.length === 0) violations.push({ in: 'body', name: '/paragraphs', message: 'the text changed and its paragraphs no longer match: send paragraphs too' });
    paragraphs = kept;
  } else paragraphs = base.paragraphs;

  return {
    violations,
    draft: {
      id,
      meetingId: input.meetingId ?? base?.meetingId ?? '',
      kind: input.kind ?? base?.kind ?? 'joint_statement',
      date: input.date ?? base?.date ?? '',
      titleJa: input.titleJa ?? base?.titleJa ?? '',
      titleEn: input.titleEn ?? base?.titleEn ?? '',
      text,
      paragraphs,
      highlights,
      partners: [...new Set(input.partners ?? base?.partners ?? [])].sort(),
      themes,
      source: input.source !== undefined ? (input.source ? { url: input.source.url, title: input.source.title ?? null } : null) : (base?.source ?? null),
      briefing: input.briefing !== undefined ? input.briefing : (base?.briefing ?? null),
    },
  };
}

export interface StatementFacts {
  /** The statement's meeting, if it is live. */
  meeting: { startDate: string; endDate: string } | null;
  livePartners: ReadonlySet<string>;
  liveThemes: ReadonlySet<string>;
}

/** The rules that reach past the statement: its meeting (and its dates), partners and themes exist; a source. */
export function statementViolations(draft: StatementDocument, facts: StatementFacts): Violation[] {
  const violations: Violation[] = [];
  const { meeting } = facts;
  if (!meeting) violations.push({ in: 'body', name: '/meetingId', message: `there is no meeting ${draft.meetingId}` });
  else if (draft.date < meeting.startDate || draft.date > meeting.endDate) {
    violations.push({ in: 'body', name: '/date', message: `must fall within the meeting's dates (${meeting.startDate} to ${meeting.endDate})` });
  }
  draft.partners.forEach((code) => {
    if (!facts.livePartners.has(code)) violations.push({ in: 'body', name: '/partners', message: `there is no partner ${code}` });
  });
  const themeIds = draft.themes.map((theme) => theme.themeId);
  themeIds.forEach((themeId, i) => {
    if (!facts.liveThemes.has(themeId)) violations.push({ in: 'body', name: `/themes/${i}/themeId`, message: `there is no theme ${themeId}` });
    if (themeIds.indexOf(themeId) !== i) violations.push({ in: 'body', name: `/themes/${i}/themeId`, message: `theme ${themeId} is listed twice` });
  });
  if (!draft.source && !draft.briefing) {
    violations.push({ in: 'body', name: '/source', message: 'a statement that does not come from a briefing needs its own source (url)' });
  }
  return violations;
}

// ---------------------------------------------------------------- meetings

export function draftMeeting(id: string, base: MeetingDocument | null, input: MeetingPatch): MeetingDocument {
  return {
    id,
    kind: input.kind ?? base?.kind ?? 'summit',
    nameJa: input.nameJa ?? base?.nameJa ?? '',
    nameEn: input.nameEn ?? base?.nameEn ?? '',
    startDate: input.startDate ?? base?.startDate ?? '',
    endDate: input.endDate ?? base?.endDate ?? '',
    representativeJa: input.representativeJa !== undefined ? input.representativeJa : (base?.representativeJa ?? null),
    representativeEn: input.representativeEn !== undefined ? input.representativeEn : (base?.representativeEn ?? null),
    partners: [...new Set(input.partners ?? base?.partners ?? [])].sort(),
  };
}

export interface MeetingFacts {
  livePartners: ReadonlySet<string>;
  /** Live statements of the meeting dated outside the draft's dates. */
  statementsOutside: string[];
}

export function meetingViolations(doc: MeetingDocument, facts: MeetingFacts): Violation[] {
  const violations: Violation[] = [];
  if (doc.startDate > doc.endDate) violations.push({ in: 'body', name: '/endDate', message: `must not be before startDate (${doc.startDate})` });
  if ((doc.representativeJa === null) !== (doc.representativeEn === null)) {
    violations.push({ in: 'body', name: '/representativeEn', message: 'give the representative in both languages, or in neither' });
  }
  for (const code of doc.partners) if (!facts.livePartners.has(code)) violations.push({ in: 'body', name: '/partners', message: `there is no partner ${code}` });
  if (facts.statementsOutside.length > 0) {
    violations.push({ in: 'body', name: '/startDate', message: `statements of this meeting would fall outside its dates: ${facts.statementsOutside.join(', ')}` });
  }
  return violations;
}

// ---------------------------------------------------------------- partners

export function draftPartner(code: string, base: PartnerDocument | null, input: PartnerPatch): PartnerDocument {
  return {
    code,
    kind: input.kind ?? base?.kind ?? 'country',
    iso3166Alpha2: input.iso3166Alpha2 !== undefined ? input.iso3166Alpha2 : (base?.iso3166Alpha2 ?? null),
    nameJa: input.nameJa ?? base?.nameJa ?? '',
    nameEn: input.nameEn ?? base?.nameEn ?? '',
    shortNameJa: input.shortNameJa !== undefined ? input.shortNameJa : (base?.shortNameJa ?? null),
    memberOf: (input.memberOf ?? base?.memberOf ?? [])
      .map((m) => ({ groupCode: m.groupCode, role: m.role ?? ('member' as const) }))
      .sort((a, b) => a.groupCode.localeCompare(b.groupCode)),
  };
}

export interface PartnerFacts {
  /** Which of the draft's groups are live partners. */
  liveGroups: ReadonlySet<string>;
  /** Every partner below this one (its members, their members, …): none of them may become its group. */
  below: readonly string[];
}

export function partnerViolations(doc: PartnerDocument, facts: PartnerFacts): Violation[] {
  const violations: Violation[] = [];
  const { code } = doc;
  if (doc.kind === 'country' && doc.iso3166Alpha2 !== code) {
    violations.push({ in: 'body', name: '/iso3166Alpha2', message: `a country's code is its ISO 3166-1 alpha-2 code: must be ${code}` });
  }
  if (doc.kind !== 'country' && doc.iso3166Alpha2 !== null) {
    violations.push({ in: 'body', name: '/iso3166Alpha2', message: 'only countries have an ISO 3166-1 code' });
  }
  const groups = doc.memberOf.map((m) => m.groupCode);
  doc.memberOf.forEach(({ groupCode }, i) => {
    const name = `/memberOf/${i}/groupCode`;
    if (groupCode === code) violations.push({ in: 'body', name, message: 'a partner cannot belong to itself' });
    else if (!facts.liveGroups.has(groupCode)) violations.push({ in: 'body', name, message: `there is no partner ${groupCode}` });
    else if (facts.below.includes(groupCode)) violations.push({ in: 'body', name, message: `${groupCode} is a member of ${code}: memberships cannot go round in a circle` });
    if (groups.indexOf(groupCode) !== i) violations.push({ in: 'body', name, message: `${groupCode} is listed twice` });
  });
  return violations;
}

// ---------------------------------------------------------------- themes

export function draftTheme(id: string, base: ThemeDocument | null, input: ThemePatch): ThemeDocument {
  return {
    id,
    kind: input.kind ?? base?.kind ?? 'topic',
    parentId: input.parentId !== undefined ? input.parentId : (base?.parentId ?? null),
    labelJa: input.labelJa ?? base?.labelJa ?? '',
    labelEn: input.labelEn ?? base?.labelEn ?? '',
    descriptionJa: input.descriptionJa ?? base?.descriptionJa ?? '',
    descriptionEn: input.descriptionEn ?? base?.descriptionEn ?? '',
  };
}

export interface ThemeFacts {
  parentLive: boolean;
  /** The parent and every theme above it (only needed when the parent is live and not the theme itself). */
  ancestors: readonly string[];
}

export function themeViolations(doc: ThemeDocument, facts: ThemeFacts): Violation[] {
  if (doc.parentId === null) return [];
  if (doc.parentId === doc.id) return [{ in: 'body', name: '/parentId', message: 'a theme cannot be its own parent' }];
  if (!facts.parentLive) return [{ in: 'body', name: '/parentId', message: `there is no theme ${doc.parentId}` }];
  if (facts.ancestors.includes(doc.id)) return [{ in: 'body', name: '/parentId', message: `${doc.parentId} is below ${doc.id}: themes cannot go round in a circle` }];
  return [];
}
