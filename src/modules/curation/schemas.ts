import { z } from 'zod';
import {
  isoDateSchema,
  meetingKindSchema,
  membershipRoleSchema,
  partnerCodeSchema,
  partnerKindSchema,
  slugSchema,
  statementKindSchema,
  themeKindSchema,
} from '../../schemas/common.js';
import { timestampSchema } from '../../schemas/refs.js';
import { booleanParam } from '../../schemas/query.js';

/**
 * Request bodies of the write API. Shapes are checked here (a 400 names each bad field); the rules that
 * involve the data itself (ids that must exist, passages that must be substrings of the text at their
 * offsets, unique ids) are checked by the repositories and reported together as a 422.
 *
 * Bodies are strict: an unknown field is an error, not silently dropped.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

/** A passage of the statement text. Without offsets it is found (its first occurrence, in order for highlights). */
export const passageInputSchema = z
  .strictObject({
    text: z.string().min(1).max(20_000),
    start: z.int().min(0).optional(),
    end: z.int().min(0).optional(),
  })
  .meta({ id: 'PassageWrite', description: 'A passage: its exact text and, optionally, its offsets into the statement text.' });

export const statementSourceSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).max(2000).describe('Where the text was published.'),
    title: text(500).nullable().optional().describe('The title of that publication.'),
  })
  .meta({ id: 'StatementSource' });

const statementFields = {
  meetingId: slugSchema.describe('The meeting the statement comes from.'),
  kind: statementKindSchema,
  date: isoDateSchema.describe('The day it was issued; within its meeting’s dates.'),
  titleJa: text(500),
  titleEn: text(500),
  text: z.string().min(1).max(20_000).describe('The body, verbatim.'),
  paragraphs: z
    .array(z.strictObject({ number: z.string().max(20).nullable().optional(), text: z.string().min(1) }))
    .max(500)
    .optional()
    .describe('The body split into paragraphs, in order; joined by single spaces they must give `text` back. Default: one paragraph.'),
  highlights: z.array(passageInputSchema).max(500).optional().describe('The underlined passages, in order.'),
  partners: z.array(partnerCodeSchema).min(1).max(50).describe('Codes of the partners the statement concerns.'),
  themes: z
    .array(z.strictObject({ themeId: slugSchema, evidence: z.array(passageInputSchema).min(1).max(50) }))
    .max(100)
    .optional()
    .describe('Themes, each with the passages that justify it.'),
  source: statementSourceSchema.nullable().optional().describe('Its own source; required unless it comes from a briefing.'),
};

export const statementCreateSchema = z
  .strictObject({ id: slugSchema.optional().describe('A slug; made from the date and English title if absent.'), ...statementFields })
  .meta({ id: 'StatementCreate' });
export const statementPatchSchema = z
  .strictObject(Object.fromEntries(Object.entries(statementFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof statementFields]: z.ZodOptional<(typeof statementFields)[K]>;
  })
  .meta({ id: 'StatementPatch', description: 'Fields to change; lists (partners, themes, highlights, paragraphs) are replaced whole.' });
export type StatementCreate = z.infer<typeof statementCreateSchema>;
export type StatementPatch = z.infer<typeof statementPatchSchema>;

const meetingFields = {
  kind: meetingKindSchema,
  nameJa: text(300),
  nameEn: text(300),
  startDate: isoDateSchema,
  endDate: isoDateSchema,
  representativeJa: text(100).nullable().optional(),
  representativeEn: text(100).nullable().optional(),
  partners: z.array(partnerCodeSchema).min(1).max(50).describe("Japan's counterparts."),
};
export const meetingCreateSchema = z.strictObject({ id: slugSchema, ...meetingFields }).meta({ id: 'MeetingCreate' });
export const meetingPatchSchema = z
  .strictObject(Object.fromEntries(Object.entries(meetingFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof meetingFields]: z.ZodOptional<(typeof meetingFields)[K]>;
  })
  .meta({ id: 'MeetingPatch' });
export type MeetingCreate = z.infer<typeof meetingCreateSchema>;
export type MeetingPatch = z.infer<typeof meetingPatchSchema>;

const partnerFields = {
  kind: partnerKindSchema,
  iso3166Alpha2: z.string().regex(/^[A-Z]{2}$/).nullable().optional().describe('Countries only; equal to the code.'),
  nameJa: text(300),
  nameEn: text(300),
  shortNameJa: text(20).nullable().optional(),
  memberOf: z
    .array(z.strictObject({ groupCode: partnerCodeSchema, role: membershipRoleSchema.optional() }))
    .max(50)
    .optional()
    .describe('Groups and organisations the partner belongs to.'),
};
export const partnerCreateSchema = z.strictObject({ code: partnerCodeSchema, ...partnerFields }).meta({ id: 'PartnerCreate' });
export const partnerPatchSchema = z
  .strictObject(Object.fromEntries(Object.entries(partnerFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof partnerFields]: z.ZodOptional<(typeof partnerFields)[K]>;
  })
  .meta({ id: 'PartnerPatch' });
export type PartnerCreate = z.infer<typeof partnerCreateSchema>;
export type PartnerPatch = z.infer<typeof partnerPatchSchema>;

const themeFields = {
  kind: themeKindSchema,
  parentId: slugSchema.nullable().optional(),
  labelJa: text(200),
  labelEn: text(200),
  descriptionJa: text(2000),
  descriptionEn: text(2000),
};
export const themeCreateSchema = z.strictObject({ id: slugSchema, ...themeFields }).meta({ id: 'ThemeCreate' });
export const themePatchSchema = z
  .strictObject(Object.fromEntries(Object.entries(themeFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof themeFields]: z.ZodOptional<(typeof themeFields)[K]>;
  })
  .meta({ id: 'ThemePatch' });
export type ThemeCreate = z.infer<typeof themeCreateSchema>;
export type ThemePatch = z.infer<typeof themePatchSchema>;

export const revisionSchema = z
  .object({
    id: z.int(),
    resource: z.enum(['statement', 'meeting', 'partner', 'theme']),
    resourceId: z.string(),
    operation: z.enum(['create', 'update', 'delete', 'restore']),
    apiKey: z.string().nullable().describe('Name of the key that made the change (never the key).'),
    via: z.string().describe('api or import.'),
    at: timestampSchema,
    before: z.unknown().describe('The record before the change, as its editable document.'),
    after: z.unknown().describe('The record after the change.'),
  })
  .meta({ id: 'Revision' });
export const revisionListSchema = z.object({ data: z.array(revisionSchema), total: z.int() }).meta({ id: 'RevisionList' });
export type Revision = z.infer<typeof revisionSchema>;

const tallySchema = z.object({
  created: z.int().min(0),
  updated: z.int().min(0),
  unchanged: z.int().min(0),
});

export const importReportSchema = z
  .object({
    dryRun: z.boolean().describe('True when nothing was written: the counts say what an import would do.'),
    briefing: z
      .object({ id: z.string(), rowsInserted: z.int().min(0).describe('Rows of the briefing’s own sections that were missing and were added.') })
      .nullable(),
    counts: z.object({ partners: tallySchema, themes: tallySchema, meetings: tallySchema, statements: tallySchema }),
  })
  .meta({ id: 'ImportReport' });

export const importQuerySchema = z.strictObject({
  dryRun: booleanParam('true: check everything and report what would change, without writing.', false, true),
});
