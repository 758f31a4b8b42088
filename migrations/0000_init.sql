CREATE TABLE `approach_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`briefing_id` text NOT NULL,
	`section_title_ja` text NOT NULL,
	`position` integer NOT NULL,
	`group_number` integer NOT NULL,
	`pillar` text NOT NULL,
	`theme_id` text NOT NULL,
	`line_text` text NOT NULL,
	`measures_text` text NOT NULL,
	`measures` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`briefing_id`) REFERENCES `briefings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approach_entries_briefing_position_idx` ON `approach_entries` (`briefing_id`,`position`);--> statement-breakpoint
CREATE INDEX `approach_entries_theme_idx` ON `approach_entries` (`theme_id`);--> statement-breakpoint
CREATE TABLE `briefings` (
	`id` text PRIMARY KEY NOT NULL,
	`title_ja` text NOT NULL,
	`title_en` text NOT NULL,
	`date` text NOT NULL,
	`issuer_ja` text NOT NULL,
	`issuer_en` text NOT NULL,
	`source_file` text NOT NULL,
	`source_sha256` text NOT NULL,
	`statements_section_title_ja` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cited_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`briefing_id` text NOT NULL,
	`position` integer NOT NULL,
	`role` text NOT NULL,
	`citation_text` text NOT NULL,
	`applies_to_ja` text,
	`author` text,
	`title` text,
	`year` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`briefing_id`) REFERENCES `briefings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cited_sources_briefing_position_idx` ON `cited_sources` (`briefing_id`,`position`);--> statement-breakpoint
CREATE TABLE `lesson_chart_sources` (
	`lesson_id` text NOT NULL,
	`cited_source_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`lesson_id`, `cited_source_id`),
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cited_source_id`) REFERENCES `cited_sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lesson_chart_sources_source_idx` ON `lesson_chart_sources` (`cited_source_id`);--> statement-breakpoint
CREATE TABLE `lesson_stages` (
	`id` text PRIMARY KEY NOT NULL,
	`lesson_id` text NOT NULL,
	`position` integer NOT NULL,
	`name_ja` text NOT NULL,
	`name_en` text NOT NULL,
	`response_measure_ja` text NOT NULL,
	`response_outcome_ja` text NOT NULL,
	`challenge_ja` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lesson_stages_lesson_position_idx` ON `lesson_stages` (`lesson_id`,`position`);--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` text PRIMARY KEY NOT NULL,
	`briefing_id` text NOT NULL,
	`title_ja` text NOT NULL,
	`title_en` text NOT NULL,
	`chart_caption_ja` text NOT NULL,
	`chart_sources_label_ja` text NOT NULL,
	`response_label_ja` text NOT NULL,
	`challenge_label_ja` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`briefing_id`) REFERENCES `briefings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meeting_partners` (
	`meeting_id` text NOT NULL,
	`partner_code` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`meeting_id`, `partner_code`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_code`) REFERENCES `partners`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_partners_partner_idx` ON `meeting_partners` (`partner_code`,`meeting_id`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name_ja` text NOT NULL,
	`name_en` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`representative_ja` text,
	`representative_en` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "meetings_dates_ordered" CHECK("meetings"."start_date" <= "meetings"."end_date")
);
--> statement-breakpoint
CREATE INDEX `meetings_start_date_idx` ON `meetings` (`start_date`,`id`);--> statement-breakpoint
CREATE INDEX `meetings_end_date_idx` ON `meetings` (`end_date`);--> statement-breakpoint
CREATE INDEX `meetings_kind_idx` ON `meetings` (`kind`);--> statement-breakpoint
CREATE INDEX `meetings_representative_idx` ON `meetings` (`representative_ja`);--> statement-breakpoint
CREATE INDEX `meetings_updated_at_idx` ON `meetings` (`updated_at`);--> statement-breakpoint
CREATE TABLE `partner_memberships` (
	`group_code` text NOT NULL,
	`member_code` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`group_code`, `member_code`),
	FOREIGN KEY (`group_code`) REFERENCES `partners`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_code`) REFERENCES `partners`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "partner_memberships_not_self" CHECK("partner_memberships"."group_code" <> "partner_memberships"."member_code")
);
--> statement-breakpoint
CREATE INDEX `partner_memberships_member_idx` ON `partner_memberships` (`member_code`,`group_code`);--> statement-breakpoint
CREATE TABLE `partners` (
	`code` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`iso3166_alpha2` text,
	`name_ja` text NOT NULL,
	`name_en` text NOT NULL,
	`short_name_ja` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "partners_iso_only_for_countries" CHECK(("partners"."kind" = 'country') = ("partners"."iso3166_alpha2" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `partners_kind_idx` ON `partners` (`kind`);--> statement-breakpoint
CREATE TABLE `seed_runs` (
	`version` text PRIMARY KEY NOT NULL,
	`checksum` text NOT NULL,
	`applied_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`rows_inserted` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `statement_highlights` (
	`statement_id` text NOT NULL,
	`position` integer NOT NULL,
	`start_offset` integer NOT NULL,
	`end_offset` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`statement_id`, `position`),
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "statement_highlights_offsets" CHECK(0 <= "statement_highlights"."start_offset" AND "statement_highlights"."start_offset" < "statement_highlights"."end_offset")
);
--> statement-breakpoint
CREATE TABLE `statement_paragraphs` (
	`statement_id` text NOT NULL,
	`position` integer NOT NULL,
	`number` text,
	`start_offset` integer NOT NULL,
	`end_offset` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`statement_id`, `position`),
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "statement_paragraphs_offsets" CHECK(0 <= "statement_paragraphs"."start_offset" AND "statement_paragraphs"."start_offset" < "statement_paragraphs"."end_offset")
);
--> statement-breakpoint
CREATE TABLE `statement_partners` (
	`statement_id` text NOT NULL,
	`partner_code` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`statement_id`, `partner_code`),
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_code`) REFERENCES `partners`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `statement_partners_partner_idx` ON `statement_partners` (`partner_code`,`statement_id`);--> statement-breakpoint
CREATE TABLE `statement_theme_evidence` (
	`statement_id` text NOT NULL,
	`theme_id` text NOT NULL,
	`position` integer NOT NULL,
	`start_offset` integer NOT NULL,
	`end_offset` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`statement_id`, `theme_id`, `position`),
	FOREIGN KEY (`statement_id`,`theme_id`) REFERENCES `statement_themes`(`statement_id`,`theme_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "statement_theme_evidence_offsets" CHECK(0 <= "statement_theme_evidence"."start_offset" AND "statement_theme_evidence"."start_offset" < "statement_theme_evidence"."end_offset")
);
--> statement-breakpoint
CREATE TABLE `statement_themes` (
	`statement_id` text NOT NULL,
	`theme_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`statement_id`, `theme_id`),
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `statement_themes_theme_idx` ON `statement_themes` (`theme_id`,`statement_id`);--> statement-breakpoint
CREATE TABLE `statements` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`title_ja` text NOT NULL,
	`title_en` text NOT NULL,
	`text` text NOT NULL,
	`briefing_id` text NOT NULL,
	`source_heading_ja` text NOT NULL,
	`source_line_number` integer NOT NULL,
	`cited_source_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`briefing_id`) REFERENCES `briefings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cited_source_id`) REFERENCES `cited_sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `statements_date_idx` ON `statements` (`date`,`id`);--> statement-breakpoint
CREATE INDEX `statements_kind_idx` ON `statements` (`kind`);--> statement-breakpoint
CREATE INDEX `statements_meeting_idx` ON `statements` (`meeting_id`);--> statement-breakpoint
CREATE INDEX `statements_briefing_idx` ON `statements` (`briefing_id`);--> statement-breakpoint
CREATE INDEX `statements_updated_at_idx` ON `statements` (`updated_at`);--> statement-breakpoint
CREATE TABLE `themes` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`parent_id` text,
	`label_ja` text NOT NULL,
	`label_en` text NOT NULL,
	`description_ja` text NOT NULL,
	`description_en` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "themes_not_own_parent" CHECK("themes"."parent_id" IS NULL OR "themes"."parent_id" <> "themes"."id")
);
--> statement-breakpoint
CREATE INDEX `themes_kind_idx` ON `themes` (`kind`);--> statement-breakpoint
CREATE INDEX `themes_parent_idx` ON `themes` (`parent_id`);