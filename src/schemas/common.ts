import { z } from 'zod';

/**
 * Building blocks shared by the seed files, the database layer and the HTTP routes.
 * Every enum here is the single list of allowed values: the Drizzle columns, the seed
 * validation and the OpenAPI document all read them from this file.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (YYYY-MM-DD) that really exists: 2026-02-30 is rejected. */
export const isoDateSchema = z
  .string()
  .regex(ISO_DATE, 'must be a date in the form YYYY-MM-DD')
  .refine((value) => {
    const match = ISO_DATE.exec(value);
    // A value that fails the pattern is reported by the regex above; zod still runs this check on it.
    if (!match) return true;
    const [, y, m, d] = match;
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'must be a real calendar date')
  // The pattern and the check say it to the server; `format` says it to clients (a date, not any text).
  .meta({ format: 'date', examples: ['2026-05-07'] });

/** Lower-case ASCII slug: used for theme, meeting and statement ids. */
export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug (a-z, 0-9, single hyphens)');

/** Partner codes: ISO 3166-1 alpha-2 for countries, upper-case acronyms for organisations and groups. */
export const partnerCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'must be an upper-case code such as FR, EU or OECD')
  .meta({ examples: ['FR'] });

export const partnerKinds = ['country', 'organization', 'group'] as const;
export const partnerKindSchema = z.enum(partnerKinds);

/**
 * How a partner belongs to a group. The EU takes part in the G7 as a "non-enumerated member":
 * it is at the table but is not one of the seven countries, so it is kept apart from `member`.
 */
export const membershipRoles = ['member', 'non_enumerated_member'] as const;
export const membershipRoleSchema = z.enum(membershipRoles);

export const meetingKinds = [
  'summit',
  'ministerial_meeting',
  'ministerial_council',
  'high_level_dialogue',
] as const;
export const meetingKindSchema = z.enum(meetingKinds);

export const statementKinds = ['chair_statement', 'joint_statement', 'news_release'] as const;
export const statementKindSchema = z.enum(statementKinds);

export const themeKinds = ['topic', 'approach'] as const;
export const themeKindSchema = z.enum(themeKinds);

export const approachPillars = ['promotion', 'protection', 'partnership'] as const;
export const approachPillarSchema = z.enum(approachPillars);

export const citedSourceRoles = ['chart_source', 'note_source', 'statements_source'] as const;
export const citedSourceRoleSchema = z.enum(citedSourceRoles);

/** Bilingual labels for every enum value, so that `lang=ja|en` can label kinds too. */
export const kindLabels = {
  partner: {
    country: { ja: '国', en: 'Country' },
    organization: { ja: '国際機関', en: 'International organization' },
    group: { ja: '国際的枠組み', en: 'Group' },
  },
  membershipRole: {
    member: { ja: 'メンバー', en: 'Member' },
    non_enumerated_member: { ja: '非列挙メンバー', en: 'Non-enumerated member' },
  },
  meeting: {
    summit: { ja: '首脳会談', en: 'Summit meeting' },
    ministerial_meeting: { ja: '大臣会合', en: 'Ministerial meeting' },
    ministerial_council: { ja: '閣僚理事会', en: 'Ministerial council meeting' },
    high_level_dialogue: { ja: 'ハイレベル対話', en: 'High-level dialogue' },
  },
  statement: {
    chair_statement: { ja: '議長声明', en: "Chair's statement" },
    joint_statement: { ja: '共同声明', en: 'Joint statement' },
    news_release: { ja: 'ニュースリリース', en: 'News release / readout' },
  },
  theme: {
    topic: { ja: 'トピック', en: 'Topic' },
    approach: { ja: 'アプローチ', en: 'Approach' },
  },
} as const satisfies Record<string, Record<string, { ja: string; en: string }>>;
