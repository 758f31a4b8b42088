import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
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
 * The PostgreSQL mirror of src/db/sqlite/schema.ts: the same tables, the same JavaScript names and the same values
 * as the application reads them, so that one code path above the engine seam gives byte-identical answers on both
 * engines (tests/unit/schema-parity.test.ts holds the two files together; comments on what a column means live in
 * the SQLite file and are not repeated here).
 *
 * Value shapes, chosen to match what SQLite stores rather than what would be idiomatic here:
 * - dates and timestamps are text (ISO 8601, UTC, milliseconds), as SQLite keeps them: they sort and compare as
 *   text, and a timestamptz would come back as a Date and be formatted differently;
 * - JSON columns are `json`, not `jsonb`: jsonb reorders object keys, and a revision's before/after must be served
 *   exactly as written;
 * - integers are int4 (`integer`), which node-postgres returns as numbers, as better-sqlite3 does.
 *
 * What only PostgreSQL has, outside the mirror: the one-row data version (`dataVersion`) and the search columns of
 * statement_search_docs (`live`, `date`, `grams`), where SQLite has FTS5 tables that drizzle cannot declare.
 * Triggers, the pg_trgm extension and the data version's notifications are in the custom migrations of
 * migrations-postgres/.
 *
 * Text order: keyset cursors compare text with < and >, and must agree with SQLite's BINARY (code point) order;
 * the database's collation must therefore be C or C.UTF-8, which assertJapaneseReady (client.ts) checks.
 */
// statement_timestamp(): the start of the current statement, as SQLite's 'now' is per statement (now() would give
// every row of a long transaction the transaction's start).
const nowIso = sql`(to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

const timestamps = {
  createdAt: text('created_at').notNull().default(nowIso),
  updatedAt: text('updated_at').notNull().default(nowIso),
};

const softDelete = {
  deletedAt: text('deleted_at'),
};

export const briefings = pgTable('briefings', {
  id: text('id').primaryKey(),
  titleJa: text('title_ja').notNull(),
  titleEn: text('title_en').notNull(),
  date: text('date').notNull(),
  issuerJa: text('issuer_ja').notNull(),
  issuerEn: text('issuer_en').notNull(),
  sourceFile: text('source_file').notNull(),
  sourceSha256: text('source_sha256').notNull(),
  statementsSectionTitleJa: text('statements_section_title_ja').notNull(),
  ...timestamps,
});

export const citedSources = pgTable(
  'cited_sources',
  {
    id: text('id').primaryKey(),
    briefingId: text('briefing_id')
      .notNull()
      .references(() => briefings.id),
    position: integer('position').notNull(),
    role: text('role', { enum: citedSourceRoles }).notNull(),
    citationText: text('citation_text').notNull(),
    appliesToJa: text('applies_to_ja'),
    author: text('author'),
    title: text('title'),
    year: integer('year'),
    ...timestamps,
  },
  (t) => [uniqueIndex('cited_sources_briefing_position_idx').on(t.briefingId, t.position)],
);

export const lessons = pgTable('lessons', {
  id: text('id').primaryKey(),
  briefingId: text('briefing_id')
    .notNull()
    .references(() => briefings.id),
  titleJa: text('title_ja').notNull(),
  titleEn: text('title_en').notNull(),
  chartCaptionJa: text('chart_caption_ja').notNull(),
  chartSourcesLabelJa: text('chart_sources_label_ja').notNull(),
  responseLabelJa: text('response_label_ja').notNull(),
  challengeLabelJa: text('challenge_label_ja').notNull(),
  ...timestamps,
});

export const lessonChartSources = pgTable(
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

export const lessonStages = pgTable(
  'lesson_stages',
  {
    id: text('id').primaryKey(),
    lessonId: text('lesson_id')
      .notNull()
      .references(() => lessons.id),
    position: integer('position').notNull(),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    responseMeasureJa: text('response_measure_ja').notNull(),
    responseOutcomeJa: text('response_outcome_ja').notNull(),
    challengeJa: text('challenge_ja').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('lesson_stages_lesson_position_idx').on(t.lessonId, t.position)],
);

export const themes = pgTable(
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

export const approachEntries = pgTable(
  'approach_entries',
  {
    id: text('id').primaryKey(),
    briefingId: text('briefing_id')
      .notNull()
      .references(() => briefings.id),
    sectionTitleJa: text('section_title_ja').notNull(),
    position: integer('position').notNull(),
    groupNumber: integer('group_number').notNull(),
    pillar: text('pillar', { enum: approachPillars }).notNull(),
    themeId: text('theme_id')
      .notNull()
      .references(() => themes.id),
    lineText: text('line_text').notNull(),
    measuresText: text('measures_text').notNull(),
    measures: json('measures').$type<string[]>().notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('approach_entries_briefing_position_idx').on(t.briefingId, t.position),
    index('approach_entries_theme_idx').on(t.themeId),
  ],
);

export const partners = pgTable(
  'partners',
  {
    code: text('code').primaryKey(),
    kind: text('kind', { enum: partnerKinds }).notNull(),
    iso3166Alpha2: text('iso3166_alpha2'),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    shortNameJa: text('short_name_ja'),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    index('partners_kind_idx').on(t.kind),
    check('partners_iso_only_for_countries', sql`(${t.kind} = 'country') = (${t.iso3166Alpha2} IS NOT NULL)`),
  ],
);

export const partnerMemberships = pgTable(
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

export const meetings = pgTable(
  'meetings',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: meetingKinds }).notNull(),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
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
    index('meetings_deleted_at_idx').on(t.deletedAt),
    check('meetings_dates_ordered', sql`${t.startDate} <= ${t.endDate}`),
  ],
);

export const meetingPartners = pgTable(
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

export const statements = pgTable(
  'statements',
  {
    id: text('id').primaryKey(),
    meetingId: text('meeting_id')
      .notNull()
      .references(() => meetings.id),
    kind: text('kind', { enum: statementKinds }).notNull(),
    date: text('date').notNull(),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    text: text('text').notNull(),
    briefingId: text('briefing_id').references(() => briefings.id),
    sourceHeadingJa: text('source_heading_ja'),
    sourceLineNumber: integer('source_line_number'),
    citedSourceId: text('cited_source_id').references(() => citedSources.id),
    sourceUrl: text('source_url'),
    sourceTitle: text('source_title'),
    ...timestamps,
    ...softDelete,
    /** Kept by the statement-level triggers of migrations-postgres (0002), never written by the app. */
    partnerCodes: text('partner_codes').notNull().default(' '),
    themeIds: text('theme_ids').notNull().default(' '),
    searchDocId: integer('search_doc_id'),
  },
  (t) => [
    // The same indexes as SQLite's, under the same names, so that the query-plan tests can name them on both
    // engines. PostgreSQL reads such an index without the rows (an index-only scan) once VACUUM has marked the
    // pages all-visible.
    index('statements_live_date_idx').on(t.deletedAt, t.date, t.id, t.meetingId, t.kind, t.updatedAt, t.partnerCodes, t.themeIds, t.searchDocId),
    index('statements_live_partners_idx').on(t.deletedAt, t.partnerCodes, t.date, t.id, t.meetingId, t.kind, t.updatedAt, t.themeIds, t.searchDocId),
    index('statements_live_themes_idx').on(t.deletedAt, t.themeIds, t.date, t.id, t.meetingId, t.kind, t.updatedAt, t.partnerCodes, t.searchDocId),
    index('statements_live_updated_idx').on(t.deletedAt, t.updatedAt, t.id),
    index('statements_live_title_ja_idx').on(t.deletedAt, t.titleJa, t.id),
    index('statements_live_title_en_idx').on(t.deletedAt, t.titleEn, t.id),
    index('statements_live_by_id_idx').on(t.id, t.deletedAt, t.date, t.meetingId, t.kind, t.updatedAt, t.partnerCodes, t.themeIds, t.searchDocId),
    index('statements_meeting_idx').on(t.meetingId),
    index('statements_briefing_idx').on(t.briefingId),
    index('statements_updated_at_idx').on(t.updatedAt),
    check('statements_have_provenance', sql`briefing_id IS NOT NULL OR source_url IS NOT NULL`),
  ],
);

export const statementParagraphs = pgTable(
  'statement_paragraphs',
  {
    statementId: text('statement_id')
      .notNull()
      .references(() => statements.id),
    position: integer('position').notNull(),
    number: text('number'),
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

export const statementHighlights = pgTable(
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

export const statementPartners = pgTable(
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

export const statementThemes = pgTable(
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

export const statementThemeEvidence = pgTable(
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

export const seedRuns = pgTable('seed_runs', {
  version: text('version').primaryKey(),
  checksum: text('checksum').notNull(),
  appliedAt: text('applied_at').notNull().default(nowIso),
  rowsInserted: integer('rows_inserted').notNull(),
  ...timestamps,
});

/** Kept by statement-level triggers on statements (migrations-postgres, 0002), as SQLite's 0005 and 0006 do. */
export const statementSignatureCounts = pgTable(
  'statement_signature_counts',
  {
    partnerCodes: text('partner_codes').notNull(),
    themeIds: text('theme_ids').notNull(),
    live: integer('live').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerCodes, t.themeIds] })],
);

export const statementMonthPartnerCounts = pgTable(
  'statement_month_partner_counts',
  {
    month: text('month').notNull(),
    partnerCodes: text('partner_codes').notNull(),
    live: integer('live').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.partnerCodes] })],
);

export const statementMonthThemeCounts = pgTable(
  'statement_month_theme_counts',
  {
    month: text('month').notNull(),
    themeIds: text('theme_ids').notNull(),
    live: integer('live').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.themeIds] })],
);

export const statementMeetingCounts = pgTable('statement_meeting_counts', {
  meetingId: text('meeting_id').primaryKey(),
  live: integer('live').notNull(),
});

/**
 * One search document per statement, as on SQLite, and here also the search index itself: the narrow table that
 * searches read instead of statements (counting 経済的威圧 in 89 000 matches: 214 ms here, 850 ms on statements).
 * - `document`: the normalised text (src/modules/search/normalize.ts); pg_trgm's GIN index answers LIKE for terms
 *   of three characters or more. pg_trgm drops CJK unless LC_CTYPE is a UTF-8 locale (assertJapaneseReady).
 * - `grams`: the document's characters and character bigrams (search-grams.ts), computed by the app: pg_trgm cannot
 *   index one- and two-character terms (威圧), and `grams @> ARRAY['威圧']` through a GIN index counts them exactly.
 * - `live`, `date`: the statement's (deleted_at IS NULL, date), copied by triggers (migrations-postgres, 0002) so
 *   that both GIN indexes hold live documents only and a first page by date needs no join.
 */
export const statementSearchDocs = pgTable(
  'statement_search_docs',
  {
    docId: integer('doc_id').primaryKey().generatedByDefaultAsIdentity(),
    statementId: text('statement_id')
      .notNull()
      .unique()
      .references(() => statements.id, { onDelete: 'cascade' }),
    document: text('document'),
    ...timestamps,
    grams: text('grams').array(),
    live: boolean('live').notNull().default(false),
    date: text('date'),
  },
  (t) => [
    index('statement_search_docs_trigram_idx').using('gin', t.document.op('gin_trgm_ops')).where(sql`live`),
    index('statement_search_docs_grams_idx').using('gin', t.grams).where(sql`live`),
    index('statement_search_docs_live_date_idx').on(t.date, t.statementId, t.docId).where(sql`live`),
  ],
);

/** The columns of statement_search_docs that only PostgreSQL has (for tests/unit/schema-parity.test.ts). */
export const POSTGRES_ONLY_SEARCH_COLUMNS = ['grams', 'live', 'date'] as const;

export const revisions = pgTable(
  'revisions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    resource: text('resource', { enum: ['statement', 'meeting', 'partner', 'theme'] }).notNull(),
    resourceId: text('resource_id').notNull(),
    operation: text('operation', { enum: ['create', 'update', 'delete', 'restore'] }).notNull(),
    apiKeyId: text('api_key_id'),
    apiKeyName: text('api_key_name'),
    via: text('via').notNull(),
    at: text('at').notNull().default(nowIso),
    before: json('before'),
    after: json('after'),
    ...timestamps,
  },
  (t) => [index('revisions_resource_idx').on(t.resource, t.resourceId, t.id)],
);

export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  secretSha256: text('secret_sha256').notNull(),
  scopes: json('scopes').$type<string[]>().notNull(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
  ...timestamps,
});

/**
 * PostgreSQL only: the data version, one row. Every write transaction to a table a reader can see bumps it once
 * and announces the new value with pg_notify('econsec_data_version', …) (migrations-postgres, 0003), so that each
 * API node keeps the version in memory (SQLite reads PRAGMA data_version instead), and a node reading from a replica
 * can tell whether the replica has caught up with what it knows.
 */
export const dataVersion = pgTable(
  'data_version',
  {
    id: integer('id').primaryKey().default(1),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('data_version_one_row', sql`${t.id} = 1`)],
);
