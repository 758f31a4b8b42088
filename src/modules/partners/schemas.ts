import { z } from 'zod';
import { partnerCodeSchema, partnerKindSchema } from '../../schemas/common.js';
import { csvParam, listQuerySchema, partnerCodeParam, updatedSinceParam } from '../../schemas/query.js';
import { listSchema, membershipRefSchema, partnerRefSchema, timestampsShape } from '../../schemas/refs.js';

export const partnerSchema = partnerRefSchema
  .extend({
    iso3166Alpha2: z.string().nullable().describe('ISO 3166-1 alpha-2 code for countries, null otherwise.'),
    shortName: z.string().nullable().describe('The short form used in meeting names (豪 in 日豪首脳会談), Japanese only; null if none.'),
    members: z.array(membershipRefSchema).describe('For groups and organisations: their members among the partners.'),
    memberOf: z.array(membershipRefSchema).describe('The groups and organisations this partner belongs to.'),
    statementCount: z.int().describe('Statements that /v1/statements?partner=CODE returns: its own and its groups’.'),
    directStatementCount: z.int().describe('Statements about this partner itself (partnerMatch=direct).'),
    ...timestampsShape,
  })
  .meta({ id: 'Partner', description: 'A country, organisation or group Japan issued statements with.' });

export type Partner = z.infer<typeof partnerSchema>;
export const partnerListSchema = listSchema(partnerSchema, 'PartnerList');


export const partnerListQuerySchema = listQuerySchema(
  {
    kind: csvParam(partnerKindSchema, 'Partner kind(s).', 'country'),
    memberOf: csvParam(partnerCodeParam, 'Only members of these groups or organisations (case-insensitive).', 'G7'),
    updatedSince: updatedSinceParam,
  },
  { keys: ['code', 'name'] as const, default: 'code', description: 'Order: code or name (in the label language).' },
);
export type PartnerListQuery = z.infer<typeof partnerListQuerySchema>;

export const partnerCodeParamsSchema = z.strictObject({
  code: z
    .string()
    .max(20)
    .meta({ examples: ['fr'] })
    .transform((code) => code.toUpperCase())
    .pipe(partnerCodeSchema)
    .describe('Partner code, case-insensitive (fr = FR).'),
});
