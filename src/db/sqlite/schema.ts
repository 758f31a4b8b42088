import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import {
  approachPillars,
  citedSourceRoles,
  meetingKinds,
  membershipRoles,
  partnerKinds,
  statementKinds,
  themeKinds,
} from '../../schemas/common.js';

/**
 * The briefing as tables. Japanese text columns hold the briefing's words verbatim; English
 * columns hold our translations of labels (never of statement bodies, which stay Japanese).
 *
 * Timestamps are ISO 8601 UTC strings with milliseconds, so they sort as text and can be
 * compared with `updatedSince` without conversion.
 */
const nowIso = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

const timestamps = {
  createdAt: text('created_at').notNull().default(nowIso),
  updatedAt: text('updated_at').notNull().default(nowIso),
};

/** Editable resources are deleted softly: the row stays, reads stop showing it, a restore brings it back. */
const softDelete = {
  deletedAt: text('deleted_at'),
};

/** The source document itself. */
export const briefings = sqliteTable('briefings', {
  id: text('id').primaryKey(),
  titleJa: text('title_ja').notNull(),
  titleEn: text('title_en').notNull(),
  date: text('date').notNull(),
  issuerJa: text('issuer_ja').notNull(),
  issuerEn: text('issuer_en').notNull(),
  /** File name under seeds/source/ and its SHA-256, so every row can be traced to the exact bytes. */
  sourceFile: text('source_file').notNull(),
  sourceSha256: text('source_sha256').notNull(),
  /** Heading of the statements section: 経済安全保障に係る同志国との共同ステートメント、ニュースリリース */
  statementsSectionTitleJa: text('statements_section_title_ja').notNull(),
  ...timestamps,
});

/** Sources the briefing cites: the chart's sources, the IEA note, and the statements' source line. */
export const citedSources = sqliteTable(
  'cited_sources',
  {
    id: text('id').primaryKey(),
    briefingId: text('briefing_id')
      .notNull()
      .references(() => briefings.id),
    position: integer('position').notNull(),
    role: text('role', { enum: citedSourceRoles }).notNull(),
    /** The line exactly as printed in the briefing. */
    citationText: text('citation_text').notNull(),
    /** What the source is cited for, in the briefing's words (採鉱, 分離・精製), or null. */
    appliesToJa: text('applies_to_ja'),
    author: text('author'),
    title: text('title'),
    year: integer('year'),
    ...timestamps,
  },
  (t) => [uniqueIndex('cited_sources_briefing_position_idx').on(t.briefingId, t.position)],
);

/** 歴史を振り返る（例：2010年のレアアース・ショック） */
export const lessons = sqliteTable('lessons', {
  id: text('id').primaryKey(),
  briefingId: text('briefing_id')
    .notNull()
    .references(() => briefings.id),
  titleJa: text('title_ja').notNull(),
  titleEn: text('title_en').notNull(),
  /** The share chart is an image in the briefing: only its caption survives, no numbers. */
  chartCaptionJa: text('chart_caption_ja').notNull(),
  chartSourcesLabelJa: text('chart_sources_label_ja').notNull(),
  responseLabelJa: text('response_label_ja').notNull(),
  challengeLabelJa: text('challenge_label_ja').notNull(),
  ...timestamps,
});

/** Links the lesson's chart to the sources printed under it. */
export const lessonChartSources = sqliteTable(
  'lesson_chart_sources',
  {
    lessonId: text('lesson_id')
      .notNull()
      .references(() => lessons.id),
    citedSourceId: text('cited_source_id')
      .notNull()
      .references(() => citedSources.id),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.lessonId, t.citedSourceId] }),
    index('lesson_chart_sources_source_idx').on(t.citedSourceId),
  ],
);

/** The two stages of the lesson: 上流（採鉱、分離・精製） and 中下流（永久磁石、部品）. */
export const lessonStages = sqliteTable(
  'lesson_stages',
  {
    id: text('id').primaryKey(),
    lessonId: text('lesson_id')
      .notNull()
      .references(() => lessons.id),
    position: integer('position').notNull(),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    /** 当時の対応: the measure, and after → its outcome. */
    responseMeasureJa: text('response_measure_ja').notNull(),
    responseOutcomeJa: text('response_outcome_ja').notNull(),
    /** 課題 */
    challengeJa: text('challenge_ja').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('lesson_stages_lesson_position_idx').on(t.lessonId, t.position)],
);

/** A controlled, bilingual vocabulary of topics and of the three approaches. */
export const themes = sqliteTable(
  'themes',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: themeKinds }).notNull(),
    parentId: text('parent_id'),
    labelJa: text('label_ja').notNull(),
    labelEn: text('label_en').notNull(),
    descriptionJa: text('description_ja').notNull(),
    descriptionEn: text('description_en').notNull(),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id] }),
    index('themes_kind_idx').on(t.kind),
    index('themes_parent_idx').on(t.parentId),
    check('themes_not_own_parent', sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
  ],
);

/** 経済安全保障政策のアプローチ: five entries, in the briefing's order and grouping. */
export const approachEntries = sqliteTable(
  'approach_entries',
  {
    id: text('id').primaryKey(),
    briefingId: text('briefing_id')
      .notNull()
      .references(() => briefings.id),
    sectionTitleJa: text('section_title_ja').notNull(),
    /** Order in the briefing, 1..5. */
    position: integer('position').notNull(),
    /** The briefing prints the entries in three blocks: 1 = entries 1–2, 2 = entries 3–4, 3 = entry 5. */
    groupNumber: integer('group_number').notNull(),
    pillar: text('pillar', { enum: approachPillars }).notNull(),
    themeId: text('theme_id')
      .notNull()
      .references(() => themes.id),
    /** The line exactly as printed, e.g. "Promotion (技術開発支援、投資支援等)". */
    lineText: text('line_text').notNull(),
    /** The text inside the parentheses, verbatim. */
    measuresText: text('measures_text').notNull(),
    /** measuresText split on 、: each item is a verbatim piece of it. JSON array of strings. */
    measures: text('measures', { mode: 'json' }).$type<string[]>().notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('approach_entries_briefing_position_idx').on(t.briefingId, t.position),
    index('approach_entries_theme_idx').on(t.themeId),
  ],
);

/** Countries (ISO 3166-1 alpha-2), organisations and groups. */
export const partners = sqliteTable(
  'partners',
  {
    code: text('code').primaryKey(),
    kind: text('kind', { enum: partnerKinds }).notNull(),
    /** Set for countries only. */
    iso3166Alpha2: text('iso3166_alpha2'),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    /** The one-character form the briefing uses in meeting names (日豪 → 豪), or null. */
    shortNameJa: text('short_name_ja'),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    index('partners_kind_idx').on(t.kind),
    check(
      'partners_iso_only_for_countries',
      sql`(${t.kind} = 'country') = (${t.iso3166Alpha2} IS NOT NULL)`,
    ),
  ],
);

/** Who belongs to which group or organisation (public facts, only among the partners above). */
export const partnerMemberships = sqliteTable(
  'partner_memberships',
  {
    groupCode: text('group_code')
      .notNull()
      .references(() => partners.code),
    memberCode: text('member_code')
      .notNull()
      .references(() => partners.code),
    role: text('role', { enum: membershipRoles }).notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.groupCode, t.memberCode] }),
    index('partner_memberships_member_idx').on(t.memberCode, t.groupCode),
    check('partner_memberships_not_self', sql`${t.groupCode} <> ${t.memberCode}`),
  ],
);

export const meetings = sqliteTable(
  'meetings',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: meetingKinds }).notNull(),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    /** The Japanese representative as the briefing names them (井野副大臣), or null where it names none. */
    representativeJa: text('representative_ja'),
    representativeEn: text('representative_en'),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    index('meetings_start_date_idx').on(t.startDate, t.id),
    index('meetings_end_date_idx').on(t.endDate),
    index('meetings_kind_idx').on(t.kind),
    index('meetings_representative_idx').on(t.representativeJa),
    index('meetings_updated_at_idx').on(t.updatedAt),
    // Counting live meetings (the overview) from index entries, not rows.
    index('meetings_deleted_at_idx').on(t.deletedAt),
    check('meetings_dates_ordered', sql`${t.startDate} <= ${t.endDate}`),
  ],
);

export const meetingPartners = sqliteTable(
  'meeting_partners',
  {
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id),
    partnerCode: text('partner_code')
      .notNull()
      .references(() => partners.code),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.partnerCode] }),
    index('meeting_partners_partner_idx').on(t.partnerCode, t.meetingId),
  ],
);

export const statements = sqliteTable(
  'statements',
  {
    id: text('id').primaryKey(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id),
    kind: text('kind', { enum: statementKinds }).notNull(),
    /** The day the statement was issued: the meeting's (last) day, as the briefing dates entries by meeting. */
    date: text('date').notNull(),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    /** The body exactly as in the briefing, with the underline tags removed. */
    text: text('text').notNull(),
    /**
     * Provenance. A statement transcribed from a briefing names the briefing, its entry heading verbatim, the
     * line of the source file and the briefing's source line; one added through the API carries its own
     * source (sourceUrl, sourceTitle) instead. A CHECK keeps one or the other.
     */
    briefingId: text('briefing_id').references(() => briefings.id),
    sourceHeadingJa: text('source_heading_ja'),
    sourceLineNumber: integer('source_line_number'),
    citedSourceId: text('cited_source_id').references(() => citedSources.id),
    sourceUrl: text('source_url'),
    sourceTitle: text('source_title'),
    ...timestamps,
    ...softDelete,
    /**
     * The statement's partner codes and theme ids (statement_partners, statement_themes), sorted, each between
     * spaces (" FR JP "; " " for none). Kept by triggers on the link tables (migrations/0005), never written by
     * the app: the partner and theme filters and every count by partner or theme read them from the covering
     * indexes below instead of joining a link table (at 100 000 statements, 740 000 theme links).
     */
    partnerCodes: text('partner_codes').notNull().default(' '),
    themeIds: text('theme_ids').notNull().default(' '),
    /**
     * The statement's row in the full-text indexes (statement_search_docs.doc_id), set by a trigger when its search
     * document is first made and stable after. With it in the covering indexes, the q filter is an integer-set
     * check on index entries, not a join through statement_search_docs by text id (100 000 statements, a term in
     * 74 %: 150 ms → ms).
     */
    searchDocId: integer('search_doc_id'),
  },
  (t) => [
    // Live statements in date order: every list, count and keyset page starts with deleted_at IS NULL.
    // It also carries every other small column a filter reads (meeting, kind, updated_at, partners, themes, search document), so that counting,
    // grouping and filtering live statements never reads their rows: a row holds the whole body, so reading rows
    // touches about a page per statement (100 000 statements: 250 ms to count by month instead of 30 ms).
    index('statements_live_date_idx').on(t.deletedAt, t.date, t.id, t.meetingId, t.kind, t.updatedAt, t.partnerCodes, t.themeIds, t.searchDocId),
    // Counting by partner (theme): statements grouped in index order, no sort. Covering as well, whichever index
    // the planner picks (tests/unit/query-plans.test.ts checks that counting never reads a row).
    index('statements_live_partners_idx').on(t.deletedAt, t.partnerCodes, t.date, t.id, t.meetingId, t.kind, t.updatedAt, t.themeIds, t.searchDocId),
    index('statements_live_themes_idx').on(t.deletedAt, t.themeIds, t.date, t.id, t.meetingId, t.kind, t.updatedAt, t.partnerCodes, t.searchDocId),
    // The other sorts, keyset-paged the same way.
    index('statements_live_updated_idx').on(t.deletedAt, t.updatedAt, t.id),
    index('statements_live_title_ja_idx').on(t.deletedAt, t.titleJa, t.id),
    index('statements_live_title_en_idx').on(t.deletedAt, t.titleEn, t.id),
    // The same small columns, found by id: joins from search matches, partners and themes to live statements probe
    // this index instead of the rows (measured at 100 000 statements: a join from 11 842 search matches went from
    // 40 ms to 18 ms).
    index('statements_live_by_id_idx').on(t.id, t.deletedAt, t.date, t.meetingId, t.kind, t.updatedAt, t.partnerCodes, t.themeIds, t.searchDocId),
    index('statements_meeting_idx').on(t.meetingId),
    index('statements_briefing_idx').on(t.briefingId),
    index('statements_updated_at_idx').on(t.updatedAt),
    // Unqualified column names: the migration rebuilds this table under another name and renames it.
    check('statements_have_provenance', sql`briefing_id IS NOT NULL OR source_url IS NOT NULL`),
  ],
);

/** Paragraphs of a body, with the number the briefing gives them (15, 19) or null. */
export const statementParagraphs = sqliteTable(
  'statement_paragraphs',
  {
    statementId: text('statement_id')
      .notNull()
      .references(() => statements.id),
    position: integer('position').notNull(),
    number: text('number'),
    /** JavaScript string offsets into statements.text, end exclusive. */
    startOffset: integer('start_offset').notNull(),
    endOffset: integer('end_offset').notNull(),
    text: text('text').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.position] }),
    check('statement_paragraphs_offsets', sql`0 <= ${t.startOffset} AND ${t.startOffset} < ${t.endOffset}`),
  ],
);

/** The passages the briefing underlines. */
export const statementHighlights = sqliteTable(
  'statement_highlights',
  {
    statementId: text('statement_id')
      .notNull()
      .references(() => statements.id),
    position: integer('position').notNull(),
    startOffset: integer('start_offset').notNull(),
    endOffset: integer('end_offset').notNull(),
    text: text('text').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.position] }),
    check('statement_highlights_offsets', sql`0 <= ${t.startOffset} AND ${t.startOffset} < ${t.endOffset}`),
  ],
);

export const statementPartners = sqliteTable(
  'statement_partners',
  {
    statementId: text('statement_id')
      .notNull()
      .references(() => statements.id),
    partnerCode: text('partner_code')
      .notNull()
      .references(() => partners.code),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.partnerCode] }),
    index('statement_partners_partner_idx').on(t.partnerCode, t.statementId),
  ],
);

export const statementThemes = sqliteTable(
  'statement_themes',
  {
    statementId: text('statement_id')
      .notNull()
      .references(() => statements.id),
    themeId: text('theme_id')
      .notNull()
      .references(() => themes.id),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.themeId] }),
    index('statement_themes_theme_idx').on(t.themeId, t.statementId),
  ],
);

/** The passages that justify a statement–theme link: exact substrings of the statement's text. */
export const statementThemeEvidence = sqliteTable(
  'statement_theme_evidence',
  {
    statementId: text('statement_id').notNull(),
    themeId: text('theme_id').notNull(),
    position: integer('position').notNull(),
    startOffset: integer('start_offset').notNull(),
    endOffset: integer('end_offset').notNull(),
    text: text('text').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.themeId, t.position] }),
    foreignKey({
      columns: [t.statementId, t.themeId],
      foreignColumns: [statementThemes.statementId, statementThemes.themeId],
    }),
    check('statement_theme_evidence_offsets', sql`0 <= ${t.startOffset} AND ${t.startOffset} < ${t.endOffset}`),
  ],
);

/** Which seed versions were applied, and when. */
export const seedRuns = sqliteTable('seed_runs', {
  version: text('version').primaryKey(),
  checksum: text('checksum').notNull(),
  appliedAt: text('applied_at').notNull().default(nowIso),
  rowsInserted: integer('rows_inserted').notNull(),
  ...timestamps,
});

/**
 * How many live statements have each pair of signatures (statements.partner_codes, statements.theme_ids), kept
 * by triggers on statements (migrations/0005). A few thousand rows at 100 000 statements: totals, facets and the
 * matrix for filters on partners and themes only are sums over them, not scans of every statement.
 */
export const statementSignatureCounts = sqliteTable(
  'statement_signature_counts',
  {
    partnerCodes: text('partner_codes').notNull(),
    themeIds: text('theme_ids').notNull(),
    live: integer('live').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerCodes, t.themeIds] })],
);

/**
 * Live statements per month (YYYY-MM of statements.date) and partner signature, and per month and theme signature,
 * kept by triggers on statements (migrations/0006): 672 and 21 938 rows at 100 000 statements, from which the timeline
 * for filters on partners or on themes (grouped by the same link, or not at all) is summed.
 */
export const statementMonthPartnerCounts = sqliteTable(
  'statement_month_partner_counts',
  {
    month: text('month').notNull(),
    partnerCodes: text('partner_codes').notNull(),
    live: integer('live').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.partnerCodes] })],
);

export const statementMonthThemeCounts = sqliteTable(
  'statement_month_theme_counts',
  {
    month: text('month').notNull(),
    themeIds: text('theme_ids').notNull(),
    live: integer('live').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.themeIds] })],
);

/** Live statements per meeting, kept by triggers on statements (migrations/0006): the overview's meeting count. */
export const statementMeetingCounts = sqliteTable('statement_meeting_counts', {
  meetingId: text('meeting_id').primaryKey(),
  live: integer('live').notNull(),
});

/**
 * Stable integer ids for the full-text index. The FTS5 tables (created by a custom migration, as drizzle has
 * no virtual tables) key their rows by `doc_id`; statements' own rowid is not stable across VACUUM.
 */
export const statementSearchDocs = sqliteTable('statement_search_docs', {
  docId: integer('doc_id').primaryKey({ autoIncrement: true }),
  statementId: text('statement_id')
    .notNull()
    .unique()
    .references(() => statements.id, { onDelete: 'cascade' }),
  /**
   * The normalised search document as indexed (migrations/0008): the FTS5 tables are contentless, and removing an
   * entry from one takes the exact text it was indexed with. Null only for a row never indexed since 0008.
   */
  document: text('document'),
  ...timestamps,
});

/** Every change made through the API: who (which key), when, what, and the record before and after. */
export const revisions = sqliteTable(
  'revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    resource: text('resource', { enum: ['statement', 'meeting', 'partner', 'theme'] }).notNull(),
    resourceId: text('resource_id').notNull(),
    operation: text('operation', { enum: ['create', 'update', 'delete', 'restore'] }).notNull(),
    /** The key's id and name at the time (null for the seed and command-line tools). */
    apiKeyId: text('api_key_id'),
    apiKeyName: text('api_key_name'),
    /** How the change arrived: api, import. */
    via: text('via').notNull(),
    at: text('at').notNull().default(nowIso),
    /** The editable document of the record before and after the change (JSON), null where there is none. */
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    ...timestamps,
  },
  (t) => [index('revisions_resource_idx').on(t.resource, t.resourceId, t.id)],
);

/** API keys: only a SHA-256 of the secret is kept; the key itself is shown once, at creation. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull().unique(),
    secretSha256: text('secret_sha256').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
    ...timestamps,
  },
);
