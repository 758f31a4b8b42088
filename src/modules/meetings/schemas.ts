import { z } from 'zod';
import { meetingKindSchema, slugSchema } from '../../schemas/common.js';
import { csvParam, fromParam, listQuerySchema, partnerCodeParam, partnerMatchParam, toParam, updatedSinceParam } from '../../schemas/query.js';
import { listSchema, meetingRefSchema, partnerRefSchema, statementRefSchema, timestampsShape } from '../../schemas/refs.js';

export const meetingSchema = meetingRefSchema
  .extend({
    partners: z.array(partnerRefSchema).describe("Japan's counterparts at the meeting."),
    statements: z.array(statementRefSchema).describe('The statements issued at or about the meeting.'),
    ...timestampsShape,
  })
  .meta({ id: 'Meeting', description: 'A summit, ministerial meeting, ministerial council or high-level dialogue.' });

export type Meeting = z.infer<typeof meetingSchema>;
export const meetingListSchema = listSchema(meetingSchema, 'MeetingList');


export const meetingListQuerySchema = listQuerySchema(
  {
    kind: csvParam(meetingKindSchema, 'Meeting kind(s).', 'high_level_dialogue'),
    partner: csvParam(partnerCodeParam, 'Partner code(s) at the meeting (case-insensitive).', 'EU'),
    partnerMatch: partnerMatchParam,
    representative: csvParam(z.string().min(1).max(100), "Japan's representative, in Japanese or English.", '赤澤大臣'),
    from: fromParam.describe('Only meetings that run on or after this day (YYYY-MM-DD, inclusive).'),
    to: toParam.describe('Only meetings that run on or before this day (YYYY-MM-DD, inclusive).'),
    updatedSince: updatedSinceParam,
  },
  { keys: ['date', 'updatedAt', 'name'] as const, default: '-date', description: 'Order: date (start date), updatedAt or name.' },
);
export type MeetingListQuery = z.infer<typeof meetingListQuerySchema>;

export const meetingIdParamsSchema = z.strictObject({
  id: slugSchema.describe('Meeting id.').meta({ examples: ['g7-trade-ministers-meeting-2026'] }),
});
