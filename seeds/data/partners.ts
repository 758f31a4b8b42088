import type { SeedDataset } from '../../src/schemas/seed.js';

/**
 * Japan's counterparts in the briefing, and Japan itself. `shortNameJa` is the form the briefing uses in
 * meeting names (日豪首脳会談 → 豪). Names in Japanese follow the usual MOFA spelling.
 */
export const partners: SeedDataset['partners'] = [
  { code: 'JP', kind: 'country', iso3166Alpha2: 'JP', nameJa: '日本', nameEn: 'Japan', shortNameJa: '日' },
  { code: 'AU', kind: 'country', iso3166Alpha2: 'AU', nameJa: 'オーストラリア', nameEn: 'Australia', shortNameJa: '豪' },
  { code: 'FR', kind: 'country', iso3166Alpha2: 'FR', nameJa: 'フランス', nameEn: 'France', shortNameJa: '仏' },
  { code: 'US', kind: 'country', iso3166Alpha2: 'US', nameJa: 'アメリカ合衆国', nameEn: 'United States', shortNameJa: '米' },
  { code: 'CA', kind: 'country', iso3166Alpha2: 'CA', nameJa: 'カナダ', nameEn: 'Canada', shortNameJa: '加' },
  { code: 'EU', kind: 'organization', iso3166Alpha2: null, nameJa: '欧州連合', nameEn: 'European Union', shortNameJa: 'EU' },
  { code: 'G7', kind: 'group', iso3166Alpha2: null, nameJa: 'G7（主要7か国）', nameEn: 'Group of Seven (G7)', shortNameJa: null },
  {
    code: 'OECD',
    kind: 'organization',
    iso3166Alpha2: null,
    nameJa: '経済協力開発機構（OECD）',
    nameEn: 'Organisation for Economic Co-operation and Development (OECD)',
    shortNameJa: null,
  },
];

/**
 * Memberships among the partners above only, and only those that are settled public facts:
 * - G7: Canada, France, Japan and the United States are among its seven members; the EU takes part as a
 *   "non-enumerated member" (Germany, Italy and the United Kingdom are members but not partners here).
 * - EU: France is a founding member state.
 * - OECD: Australia, Canada, France, Japan and the United States are member countries. The EU takes part in
 *   the OECD's work but is not a member, so it is not listed.
 */
export const memberships: SeedDataset['memberships'] = [
  { groupCode: 'G7', memberCode: 'CA', role: 'member' },
  { groupCode: 'G7', memberCode: 'FR', role: 'member' },
  { groupCode: 'G7', memberCode: 'JP', role: 'member' },
  { groupCode: 'G7', memberCode: 'US', role: 'member' },
  { groupCode: 'G7', memberCode: 'EU', role: 'non_enumerated_member' },
  { groupCode: 'EU', memberCode: 'FR', role: 'member' },
  { groupCode: 'OECD', memberCode: 'AU', role: 'member' },
  { groupCode: 'OECD', memberCode: 'CA', role: 'member' },
  { groupCode: 'OECD', memberCode: 'FR', role: 'member' },
  { groupCode: 'OECD', memberCode: 'JP', role: 'member' },
  { groupCode: 'OECD', memberCode: 'US', role: 'member' },
];
