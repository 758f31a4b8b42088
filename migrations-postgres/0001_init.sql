CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"secret_sha256" text NOT NULL,
	"scopes" json NOT NULL,
	"last_used_at" text,
	"revoked_at" text,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	CONSTRAINT "api_keys_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "approach_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"briefing_id" text NOT NULL,
	"section_title_ja" text NOT NULL,
	"position" integer NOT NULL,
	"group_number" integer NOT NULL,
	"pillar" text NOT NULL,
	"theme_id" text NOT NULL,
	"line_text" text NOT NULL,
	"measures_text" text NOT NULL,
	"measures" json NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "briefings" (
	"id" text PRIMARY KEY NOT NULL,
	"title_ja" text NOT NULL,
	"title_en" text NOT NULL,
	"date" text NOT NULL,
	"issuer_ja" text NOT NULL,
	"issuer_en" text NOT NULL,
	"source_file" text NOT NULL,
	"source_sha256" text NOT NULL,
	"statements_section_title_ja" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cited_sources" (
	"id" text PRIMARY KEY NOT NULL,
	"briefing_id" text NOT NULL,
	"position" integer NOT NULL,
	"role" text NOT NULL,
	"citation_text" text NOT NULL,
	"applies_to_ja" text,
	"author" text,
	"title" text,
	"year" integer,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "data_version_one_row" CHECK ("data_version"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "lesson_chart_sources" (
	"lesson_id" text NOT NULL,
	"cited_source_id" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	CONSTRAINT "lesson_chart_sources_lesson_id_cited_source_id_pk" PRIMARY KEY("lesson_id","cited_source_id")
);
--> statement-breakpoint
CREATE TABLE "lesson_stages" (
	"id" text PRIMARY KEY NOT NULL,
	"lesson_id" text NOT NULL,
	"position" integer NOT NULL,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"response_measure_ja" text NOT NULL,
	"response_outcome_ja" text NOT NULL,
	"challenge_ja" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lessons" (
	"id" text PRIMARY KEY NOT NULL,
	"briefing_id" text NOT NULL,
	"title_ja" text NOT NULL,
	"title_en" text NOT NULL,
	"chart_caption_ja" text NOT NULL,
	"chart_sources_label_ja" text NOT NULL,
	"response_label_ja" text NOT NULL,
	"challenge_label_ja" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_partners" (
	"meeting_id" text NOT NULL,
	"partner_code" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	CONSTRAINT "meeting_partners_meeting_id_partner_code_pk" PRIMARY KEY("meeting_id","partner_code")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"start_date" text NOT NULL,
	"end_date" text NOT NULL,
	"representative_ja" text,
	"representative_en" text,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"deleted_at" text,
	CONSTRAINT "meetings_dates_ordered" CHECK ("meetings"."start_date" <= "meetings"."end_date")
);
--> statement-breakpoint
CREATE TABLE "partner_memberships" (
	"group_code" text NOT NULL,
	"member_code" text NOT NULL,
	"role" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	CONSTRAINT "partner_memberships_group_code_member_code_pk" PRIMARY KEY("group_code","member_code"),
	CONSTRAINT "partner_memberships_not_self" CHECK ("partner_memberships"."group_code" <> "partner_memberships"."member_code")
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"code" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"iso3166_alpha2" text,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"short_name_ja" text,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"deleted_at" text,
	CONSTRAINT "partners_iso_only_for_countries" CHECK (("partners"."kind" = 'country') = ("partners"."iso3166_alpha2" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "revisions" (
	"id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"resource" text NOT NULL,
	"resource_id" text NOT NULL,
	"operation" text NOT NULL,
	"api_key_id" text,
	"api_key_name" text,
	"via" text NOT NULL,
	"at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"before" json,
	"after" json,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seed_runs" (
	"version" text PRIMARY KEY NOT NULL,
	"checksum" text NOT NULL,
	"applied_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"rows_inserted" integer NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statement_highlights" (
	"statement_id" text NOT NULL,
	"position" integer NOT NULL,
	"start_offset" integer NOT NULL,
	"end_offset" integer NOT NULL,
	"text" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	CONSTRAINT "statement_highlights_statement_id_position_pk" PRIMARY KEY("statement_id","position"),
	CONSTRAINT "statement_highlights_offsets" CHECK (0 <= "statement_highlights"."start_offset" AND "statement_highlights"."start_offset" < "statement_highlights"."end_offset")
);
--> statement-breakpoint
CREATE TABLE "statement_meeting_counts" (
	"meeting_id" text PRIMARY KEY NOT NULL,
	"live" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statement_month_partner_counts" (
	"month" text NOT NULL,
	"partner_codes" text NOT NULL,
	"live" integer NOT NULL,
	CONSTRAINT "statement_month_partner_counts_month_partner_codes_pk" PRIMARY KEY("month","partner_codes")
);
--> statement-breakpoint
CREATE TABLE "statement_month_theme_counts" (
	"month" text NOT NULL,
	"theme_ids" text NOT NULL,
	"live" integer NOT NULL,
	CONSTRAINT "statement_month_theme_counts_month_theme_ids_pk" PRIMARY KEY("month","theme_ids")
);
--> statement-breakpoint
CREATE TABLE "statement_paragraphs" (
	"statement_id" text NOT NULL,
	"position" integer NOT NULL,
	"number" text,
	"start_offset" integer NOT NULL,
	"end_offset" integer NOT NULL,
	"text" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	CONSTRAINT "statement_paragraphs_statement_id_position_pk" PRIMARY KEY("statement_id","position"),
	CONSTRAINT "statement_paragraphs_offsets" CHECK (0 <= "statement_paragraphs"."start_offset" AND "statement_paragraphs"."start_offset" < "statement_paragraphs"."end_offset")
);
--> statement-breakpoint
CREATE TABLE "statement_partners" (
	"statement_id" text NOT NULL,
	"partner_code" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	CONSTRAINT "statement_partners_statement_id_partner_code_pk" PRIMARY KEY("statement_id","partner_code")
);
--> statement-breakpoint
CREATE TABLE "statement_search_docs" (
	"doc_id" integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "statement_search_docs_doc_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"statement_id" text NOT NULL,
	"document" text,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"grams" text[],
	"live" boolean DEFAULT false NOT NULL,
	"date" text,
	CONSTRAINT "statement_search_docs_statement_id_unique" UNIQUE("statement_id")
);
--> statement-breakpoint
CREATE TABLE "statement_signature_counts" (
	"partner_codes" text NOT NULL,
	"theme_ids" text NOT NULL,
	"live" integer NOT NULL,
	CONSTRAINT "statement_signature_counts_partner_codes_theme_ids_pk" PRIMARY KEY("partner_codes","theme_ids")
);
--> statement-breakpoint
CREATE TABLE "statement_theme_evidence" (
	"statement_id" text NOT NULL,
	"theme_id" text NOT NULL,
	"position" integer NOT NULL,
	"start_offset" integer NOT NULL,
	"end_offset" integer NOT NULL,
	"text" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	CONSTRAINT "statement_theme_evidence_statement_id_theme_id_position_pk" PRIMARY KEY("statement_id","theme_id","position"),
	CONSTRAINT "statement_theme_evidence_offsets" CHECK (0 <= "statement_theme_evidence"."start_offset" AND "statement_theme_evidence"."start_offset" < "statement_theme_evidence"."end_offset")
);
--> statement-breakpoint
CREATE TABLE "statement_themes" (
	"statement_id" text NOT NULL,
	"theme_id" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	CONSTRAINT "statement_themes_statement_id_theme_id_pk" PRIMARY KEY("statement_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" text PRIMARY KEY NOT NULL,
	"meeting_id" text NOT NULL,
	"kind" text NOT NULL,
	"date" text NOT NULL,
	"title_ja" text NOT NULL,
	"title_en" text NOT NULL,
	"text" text NOT NULL,
	"briefing_id" text,
	"source_heading_ja" text,
	"source_line_number" integer,
	"cited_source_id" text,
	"source_url" text,
	"source_title" text,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"deleted_at" text,
	"partner_codes" text DEFAULT ' ' NOT NULL,
	"theme_ids" text DEFAULT ' ' NOT NULL,
	"search_doc_id" integer,
	CONSTRAINT "statements_have_provenance" CHECK (briefing_id IS NOT NULL OR source_url IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "themes" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"parent_id" text,
	"label_ja" text NOT NULL,
	"label_en" text NOT NULL,
	"description_ja" text NOT NULL,
	"description_en" text NOT NULL,
	"created_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"updated_at" text DEFAULT (to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) NOT NULL,
	"deleted_at" text,
	CONSTRAINT "themes_not_own_parent" CHECK ("themes"."parent_id" IS NULL OR "themes"."parent_id" <> "themes"."id")
);
--> statement-breakpoint
ALTER TABLE "approach_entries" ADD CONSTRAINT "approach_entries_briefing_id_briefings_id_fk" FOREIGN KEY ("briefing_id") REFERENCES "public"."briefings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approach_entries" ADD CONSTRAINT "approach_entries_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cited_sources" ADD CONSTRAINT "cited_sources_briefing_id_briefings_id_fk" FOREIGN KEY ("briefing_id") REFERENCES "public"."briefings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_chart_sources" ADD CONSTRAINT "lesson_chart_sources_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_chart_sources" ADD CONSTRAINT "lesson_chart_sources_cited_source_id_cited_sources_id_fk" FOREIGN KEY ("cited_source_id") REFERENCES "public"."cited_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_stages" ADD CONSTRAINT "lesson_stages_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_briefing_id_briefings_id_fk" FOREIGN KEY ("briefing_id") REFERENCES "public"."briefings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_partners" ADD CONSTRAINT "meeting_partners_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_partners" ADD CONSTRAINT "meeting_partners_partner_code_partners_code_fk" FOREIGN KEY ("partner_code") REFERENCES "public"."partners"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_memberships" ADD CONSTRAINT "partner_memberships_group_code_partners_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."partners"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_memberships" ADD CONSTRAINT "partner_memberships_member_code_partners_code_fk" FOREIGN KEY ("member_code") REFERENCES "public"."partners"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_highlights" ADD CONSTRAINT "statement_highlights_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_paragraphs" ADD CONSTRAINT "statement_paragraphs_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_partners" ADD CONSTRAINT "statement_partners_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_partners" ADD CONSTRAINT "statement_partners_partner_code_partners_code_fk" FOREIGN KEY ("partner_code") REFERENCES "public"."partners"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_search_docs" ADD CONSTRAINT "statement_search_docs_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_theme_evidence" ADD CONSTRAINT "statement_theme_evidence_statement_id_theme_id_statement_themes_statement_id_theme_id_fk" FOREIGN KEY ("statement_id","theme_id") REFERENCES "public"."statement_themes"("statement_id","theme_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_themes" ADD CONSTRAINT "statement_themes_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_themes" ADD CONSTRAINT "statement_themes_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_briefing_id_briefings_id_fk" FOREIGN KEY ("briefing_id") REFERENCES "public"."briefings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_cited_source_id_cited_sources_id_fk" FOREIGN KEY ("cited_source_id") REFERENCES "public"."cited_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_parent_id_themes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."themes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approach_entries_briefing_position_idx" ON "approach_entries" USING btree ("briefing_id","position");--> statement-breakpoint
CREATE INDEX "approach_entries_theme_idx" ON "approach_entries" USING btree ("theme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cited_sources_briefing_position_idx" ON "cited_sources" USING btree ("briefing_id","position");--> statement-breakpoint
CREATE INDEX "lesson_chart_sources_source_idx" ON "lesson_chart_sources" USING btree ("cited_source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lesson_stages_lesson_position_idx" ON "lesson_stages" USING btree ("lesson_id","position");--> statement-breakpoint
CREATE INDEX "meeting_partners_partner_idx" ON "meeting_partners" USING btree ("partner_code","meeting_id");--> statement-breakpoint
CREATE INDEX "meetings_start_date_idx" ON "meetings" USING btree ("start_date","id");--> statement-breakpoint
CREATE INDEX "meetings_end_date_idx" ON "meetings" USING btree ("end_date");--> statement-breakpoint
CREATE INDEX "meetings_kind_idx" ON "meetings" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "meetings_representative_idx" ON "meetings" USING btree ("representative_ja");--> statement-breakpoint
CREATE INDEX "meetings_updated_at_idx" ON "meetings" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "meetings_deleted_at_idx" ON "meetings" USING btree ("deleted_at");--> statement-breakpoint
CREATE INDEX "partner_memberships_member_idx" ON "partner_memberships" USING btree ("member_code","group_code");--> statement-breakpoint
CREATE INDEX "partners_kind_idx" ON "partners" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "revisions_resource_idx" ON "revisions" USING btree ("resource","resource_id","id");--> statement-breakpoint
CREATE INDEX "statement_partners_partner_idx" ON "statement_partners" USING btree ("partner_code","statement_id");--> statement-breakpoint
CREATE INDEX "statement_search_docs_trigram_idx" ON "statement_search_docs" USING gin ("document" gin_trgm_ops) WHERE live;--> statement-breakpoint
CREATE INDEX "statement_search_docs_grams_idx" ON "statement_search_docs" USING gin ("grams") WHERE live;--> statement-breakpoint
CREATE INDEX "statement_search_docs_live_date_idx" ON "statement_search_docs" USING btree ("date","statement_id","doc_id") WHERE live;--> statement-breakpoint
CREATE INDEX "statement_themes_theme_idx" ON "statement_themes" USING btree ("theme_id","statement_id");--> statement-breakpoint
CREATE INDEX "statements_live_date_idx" ON "statements" USING btree ("deleted_at","date","id","meeting_id","kind","updated_at","partner_codes","theme_ids","search_doc_id");--> statement-breakpoint
CREATE INDEX "statements_live_partners_idx" ON "statements" USING btree ("deleted_at","partner_codes","date","id","meeting_id","kind","updated_at","theme_ids","search_doc_id");--> statement-breakpoint
CREATE INDEX "statements_live_themes_idx" ON "statements" USING btree ("deleted_at","theme_ids","date","id","meeting_id","kind","updated_at","partner_codes","search_doc_id");--> statement-breakpoint
CREATE INDEX "statements_live_updated_idx" ON "statements" USING btree ("deleted_at","updated_at","id");--> statement-breakpoint
CREATE INDEX "statements_live_title_ja_idx" ON "statements" USING btree ("deleted_at","title_ja","id");--> statement-breakpoint
CREATE INDEX "statements_live_title_en_idx" ON "statements" USING btree ("deleted_at","title_en","id");--> statement-breakpoint
CREATE INDEX "statements_live_by_id_idx" ON "statements" USING btree ("id","deleted_at","date","meeting_id","kind","updated_at","partner_codes","theme_ids","search_doc_id");--> statement-breakpoint
CREATE INDEX "statements_meeting_idx" ON "statements" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "statements_briefing_idx" ON "statements" USING btree ("briefing_id");--> statement-breakpoint
CREATE INDEX "statements_updated_at_idx" ON "statements" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "themes_kind_idx" ON "themes" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "themes_parent_idx" ON "themes" USING btree ("parent_id");