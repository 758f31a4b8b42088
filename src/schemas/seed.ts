import { z } from 'zod';
import {
  approachPillarSchema,
  citedSourceRoleSchema,
  isoDateSchema,
  meetingKindSchema,
  membershipRoleSchema,
  partnerCodeSchema,
  partnerKindSchema,
  slugSchema,
  statementKindSchema,
  themeKindSchema,
} from './common.js';

/**
 * The shape of the transcribed briefing in seeds/. Offsets are not written by hand: the seed
 * lists passages as text and the loader locates them, so a typo cannot hide behind a number.
 * The dataset-level checks below reject anything the database would be wrong to hold.
 */

const nonEmpty = z.string().min(1);

export const seedCitedSourceSchema = z.strictObject({
  id: slugSchema,
  role: citedSourceRoleSchema,
  citationText: nonEmpty,
  appliesToJa: nonEmpty.nullable(),
  author: nonEmpty.nullable(),
  title: nonEmpty.nullable(),
  year: z.int().min(1900).max(2100).nullable(),
});

export const seedLessonStageSchema = z.strictObject({
  id: slugSchema,
  nameJa: nonEmpty,
  nameEn: nonEmpty,
  responseMeasureJa: nonEmpty,
  responseOutcomeJa: nonEmpty,
  challengeJa: nonEmpty,
});

export const seedLessonSchema = z.strictObject({
  id: slugSchema,
  titleJa: nonEmpty,
  titleEn: nonEmpty,
  chartCaptionJa: nonEmpty,
  chartSourcesLabelJa: nonEmpty,
  chartSourceIds: z.array(slugSchema).min(1),
  responseLabelJa: nonEmpty,
  challengeLabelJa: nonEmpty,
  stages: z.array(seedLessonStageSchema).min(1),
});

export const seedApproachEntrySchema = z.strictObject({
  id: slugSchema,
  groupNumber: z.int().min(1),
  pillar: approachPillarSchema,
  lineText: nonEmpty,
  measuresText: nonEmpty,
  measures: z.array(nonEmpty).min(1),
});

export const seedBriefingSchema = z.strictObject({
  id: slugSchema,
  titleJa: nonEmpty,
  titleEn: nonEmpty,
  date: isoDateSchema,
  issuerJa: nonEmpty,
  issuerEn: nonEmpty,
  sourceFile: nonEmpty,
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/),
  statementsSectionTitleJa: nonEmpty,
  citedSources: z.array(seedCitedSourceSchema).min(1),
  lesson: seedLessonSchema,
  approach: z.strictObject({
    sectionTitleJa: nonEmpty,
    entries: z.array(seedApproachEntrySchema).min(1),
  }),
});

export const seedPartnerSchema = z.strictObject({
  code: partnerCodeSchema,
  kind: partnerKindSchema,
  iso3166Alpha2: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  nameJa: nonEmpty,
  nameEn: nonEmpty,
  shortNameJa: nonEmpty.nullable(),
});

export const seedMembershipSchema = z.strictObject({
  groupCode: partnerCodeSchema,
  memberCode: partnerCodeSchema,
  role: membershipRoleSchema,
});

export const seedThemeSchema = z.strictObject({
  id: slugSchema,
  kind: themeKindSchema,
  parentId: slugSchema.nullable(),
  labelJa: nonEmpty,
  labelEn: nonEmpty,
  descriptionJa: nonEmpty,
  descriptionEn: nonEmpty,
});

export const seedMeetingSchema = z.strictObject({
  id: slugSchema,
  kind: meetingKindSchema,
  nameJa: nonEmpty,
  nameEn: nonEmpty,
  startDate: isoDateSchema,
  endDate: isoDateSchema,
  representativeJa: nonEmpty.nullable(),
  representativeEn: nonEmpty.nullable(),
  partnerCodes: z.array(partnerCodeSchema).min(1),
});

export const seedStatementSchema = z.strictObject({
  id: slugSchema,
  meetingId: slugSchema,
  kind: statementKindSchema,
  date: isoDateSchema,
  titleJa: nonEmpty,
  titleEn: nonEmpty,
  /** Provenance from the briefing: heading, line and cited source; null for a statement with its own source. */
  sourceHeadingJa: nonEmpty.nullable(),
  sourceLineNumber: z.int().min(1).nullable(),
  citedSourceId: slugSchema.nullable(),
  /** Its own source, for a statement that does not come from the briefing. */
  sourceUrl: z.url().nullable().optional(),
  sourceTitle: nonEmpty.nullable().optional(),
  text: nonEmpty,
  /** In order; joined by the single space that separates them in the briefing they give `text` back. */
  paragraphs: z.array(z.strictObject({ number: nonEmpty.nullable(), text: nonEmpty })).min(1),
  /** The underlined passages, in order of appearance. */
  highlights: z.array(nonEmpty),
  partnerCodes: z.array(partnerCodeSchema).min(1),
  themes: z
    .array(z.strictObject({ themeId: slugSchema, evidence: z.array(nonEmpty).min(1) }))
    .min(1),
});


/** Finds each passage in order, each one after the end of the previous one. */
export function locateInOrder(text: string, passages: readonly string[]): { start: number; end: number }[] | null {
  const spans: { start: number; end: number }[] = [];
  let from = 0;
  for (const passage of passages) {
    const start = text.indexOf(passage, from);
    if (start < 0) return null;
    spans.push({ start, end: start + passage.length });
    from = start + passage.length;
  }
  return spans;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((value) => seen.has(value) || !seen.add(value)))];
}

export const seedDatasetSchema = z
  .strictObject({
    version: z.string().regex(/^\d{4}-\d{2}-\d{2}\.\d+$/, 'must look like 2026-06-15.1'),
    briefing: seedBriefingSchema,
    partners: z.array(seedPartnerSchema).min(1),
    memberships: z.array(seedMembershipSchema),
    themes: z.array(seedThemeSchema).min(1),
    meetings: z.array(seedMeetingSchema).min(1),
    statements: z.array(seedStatementSchema).min(1),
  })
  .superRefine((data, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

    const partnerCodes = new Set(data.partners.map((p) => p.code));
    const themeIds = new Set(data.themes.map((t) => t.id));
    const meetingsById = new Map(data.meetings.map((m) => [m.id, m]));
    const sourceIds = new Set(data.briefing.citedSources.map((s) => s.id));

    const idLists: [string, string[]][] = [
      ['partners', data.partners.map((p) => p.code)],
      ['themes', data.themes.map((t) => t.id)],
      ['meetings', data.meetings.map((m) => m.id)],
      ['statements', data.statements.map((s) => s.id)],
      ['briefing.citedSources', data.briefing.citedSources.map((s) => s.id)],
    ];
    for (const [name, ids] of idLists) {
      for (const id of duplicates(ids)) issue([name], `duplicate id ${id}`);
    }

    data.partners.forEach((p, i) => {
      if ((p.kind === 'country') !== (p.iso3166Alpha2 !== null)) {
        issue(['partners', i, 'iso3166Alpha2'], 'countries, and only countries, carry an ISO 3166-1 code');
      }
    });
    data.memberships.forEach((m, i) => {
      if (!partnerCodes.has(m.groupCode)) issue(['memberships', i, 'groupCode'], `unknown partner ${m.groupCode}`);
      if (!partnerCodes.has(m.memberCode)) issue(['memberships', i, 'memberCode'], `unknown partner ${m.memberCode}`);
    });
    data.themes.forEach((t, i) => {
      if (t.parentId !== null && !themeIds.has(t.parentId)) issue(['themes', i, 'parentId'], `unknown theme ${t.parentId}`);
    });
    data.briefing.lesson.chartSourceIds.forEach((id, i) => {
      if (!sourceIds.has(id)) issue(['briefing', 'lesson', 'chartSourceIds', i], `unknown cited source ${id}`);
    });
    data.briefing.approach.entries.forEach((entry, i) => {
      if (!themeIds.has(entry.pillar)) issue(['briefing', 'approach', 'entries', i, 'pillar'], `no theme ${entry.pillar}`);
      if (!entry.lineText.includes(entry.measuresText)) {
        issue(['briefing', 'approach', 'entries', i, 'measuresText'], 'is not part of lineText');
      }
      if (entry.measures.join('、') !== entry.measuresText) {
        issue(['briefing', 'approach', 'entries', i, 'measures'], 'joined with 、 must give measuresText back');
      }
    });
    data.meetings.forEach((m, i) => {
      if (m.startDate > m.endDate) issue(['meetings', i, 'endDate'], 'is before startDate');
      if ((m.representativeJa === null) !== (m.representativeEn === null)) {
        issue(['meetings', i, 'representativeEn'], 'representative must be given in both languages or neither');
      }
      m.partnerCodes.forEach((code, j) => {
        if (!partnerCodes.has(code)) issue(['meetings', i, 'partnerCodes', j], `unknown partner ${code}`);
      });
    });

    data.statements.forEach((s, i) => {
      const at = (...rest: (string | number)[]) => ['statements', i, ...rest];
      const meeting = meetingsById.get(s.meetingId);
      if (!meeting) issue(at('meetingId'), `unknown meeting ${s.meetingId}`);
      else if (s.date < meeting.startDate || s.date > meeting.endDate) issue(at('date'), 'lies outside its meeting');
      if (s.citedSourceId !== null && !sourceIds.has(s.citedSourceId)) issue(at('citedSourceId'), `unknown cited source ${s.citedSourceId}`);
      if (s.citedSourceId === null && !s.sourceUrl) issue(at('sourceUrl'), 'a statement needs the briefing as its source (citedSourceId) or its own sourceUrl');
      if (s.paragraphs.map((p) => p.text).join(' ') !== s.text) {
        issue(at('paragraphs'), 'joined with a space they must give text back');
      }
      s.paragraphs.forEach((p, j) => {
        if (p.number !== null && !p.text.startsWith(`${p.number}. `)) {
          issue(at('paragraphs', j, 'number'), `paragraph text must start with "${p.number}. "`);
        }
      });
      if (!locateInOrder(s.text, s.highlights)) issue(at('highlights'), 'are not substrings of text in order');
      s.partnerCodes.forEach((code, j) => {
        if (!partnerCodes.has(code)) issue(at('partnerCodes', j), `unknown partner ${code}`);
      });
      for (const id of duplicates(s.themes.map((t) => t.themeId))) issue(at('themes'), `theme ${id} listed twice`);
      s.themes.forEach((t, j) => {
        if (!themeIds.has(t.themeId)) issue(at('themes', j, 'themeId'), `unknown theme ${t.themeId}`);
        t.evidence.forEach((passage, k) => {
          if (!s.text.includes(passage)) issue(at('themes', j, 'evidence', k), 'is not a substring of text');
        });
      });
    });
  });

export type SeedDataset = z.infer<typeof seedDatasetSchema>;
