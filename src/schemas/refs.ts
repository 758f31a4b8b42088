import { z } from 'zod';
import {
  isoDateSchema,
  meetingKindSchema,
  membershipRoleSchema,
  partnerCodeSchema,
  partnerKindSchema,
  statementKindSchema,
  themeKindSchema,
} from './common.js';

/**
 * Compact forms in which one resource is embedded in another. Labels (`name`, `title`, `label`, `*Label`) are
 * in the language of the request.
 */

export const timestampSchema = z.iso.datetime().describe('ISO 8601 UTC timestamp.').meta({ examples: ['2026-06-15T00:00:00.000Z'] });

export const timestampsShape = {
  createdAt: timestampSchema.describe('When the record was created (UTC).'),
  updatedAt: timestampSchema.describe('When the record last changed (UTC).'),
};

/** A passage of a statement body: `text === statement.text.slice(start, end)` (JavaScript string indices). */
export const passageSchema = z
  .object({
    text: z.string().describe('The passage, verbatim.'),
    start: z.int().min(0).describe('Offset of its first character in the statement text (UTF-16 code units).'),
    end: z.int().min(0).describe('Offset just past its last character (exclusive).'),
  })
  .meta({ id: 'Passage' });

export const partnerRefSchema = z
  .object({
    code: partnerCodeSchema,
    kind: partnerKindSchema,
    kindLabel: z.string(),
    name: z.string(),
  })
  .meta({ id: 'PartnerRef', description: 'A partner, in short.' });

export const membershipRefSchema = partnerRefSchema
  .extend({
    role: membershipRoleSchema,
    roleLabel: z.string(),
  })
  .meta({ id: 'MembershipRef', description: 'A partner on the other side of a membership, with its role.' });

export const themeRefSchema = z
  .object({ id: z.string().meta({ examples: ['export-controls'] }), kind: themeKindSchema, label: z.string() })
  .meta({ id: 'ThemeRef', description: 'A theme, in short.' });

export const meetingRefSchema = z
  .object({
    id: z.string(),
    kind: meetingKindSchema,
    kindLabel: z.string(),
    name: z.string(),
    startDate: isoDateSchema,
    endDate: isoDateSchema,
    representative: z.string().nullable().describe("Japan's representative as the briefing names them, or null where it names none."),
  })
  .meta({ id: 'MeetingRef', description: 'A meeting, in short.' });

export const statementRefSchema = z
  .object({
    id: z.string(),
    kind: statementKindSchema,
    kindLabel: z.string(),
    date: isoDateSchema,
    title: z.string(),
  })
  .meta({ id: 'StatementRef', description: 'A statement, in short.' });


/** The envelope of every list. */
export function listSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      data: z.array(item).describe('The items of this page, in the requested order.'),
      total: z.int().min(0).describe('How many items match the filters, over all pages.'),
      limit: z.int().min(1).describe('The page size used.'),
      nextCursor: z
        .string()
        .nullable()
        .describe('Pass as `cursor` to get the next page (also in the Link header, rel="next"); null on the last page.'),
    })
    .meta({ id });
}

export type PartnerRef = z.infer<typeof partnerRefSchema>;
export type MeetingRef = z.infer<typeof meetingRefSchema>;
