CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`secret_sha256` text NOT NULL,
	`scopes` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_name_unique` ON `api_keys` (`name`);--> statement-breakpoint
CREATE TABLE `revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resource` text NOT NULL,
	`resource_id` text NOT NULL,
	`operation` text NOT NULL,
	`api_key_id` text,
	`api_key_name` text,
	`via` text NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`before` text,
	`after` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `revisions_resource_idx` ON `revisions` (`resource`,`resource_id`,`id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_statements` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`title_ja` text NOT NULL,
	`title_en` text NOT NULL,
	`text` text NOT NULL,
	`briefing_id` text,
	`source_heading_ja` text,
	`source_line_number` integer,
	`cited_source_id` text,
	`source_url` text,
	`source_title` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`briefing_id`) REFERENCES `briefings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cited_source_id`) REFERENCES `cited_sources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "statements_have_provenance" CHECK(briefing_id IS NOT NULL OR source_url IS NOT NULL)
);
--> statement-breakpoint
-- Edited by hand: drizzle-kit selected the new columns from the old table too; they start empty.
INSERT INTO `__new_statements`("id", "meeting_id", "kind", "date", "title_ja", "title_en", "text", "briefing_id", "source_heading_ja", "source_line_number", "cited_source_id", "created_at", "updated_at") SELECT "id", "meeting_id", "kind", "date", "title_ja", "title_en", "text", "briefing_id", "source_heading_ja", "source_line_number", "cited_source_id", "created_at", "updated_at" FROM `statements`;--> statement-breakpoint
DROP TABLE `statements`;--> statement-breakpoint
ALTER TABLE `__new_statements` RENAME TO `statements`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `statements_date_idx` ON `statements` (`date`,`id`);--> statement-breakpoint
CREATE INDEX `statements_kind_idx` ON `statements` (`kind`);--> statement-breakpoint
CREATE INDEX `statements_meeting_idx` ON `statements` (`meeting_id`);--> statement-breakpoint
CREATE INDEX `statements_briefing_idx` ON `statements` (`briefing_id`);--> statement-breakpoint
CREATE INDEX `statements_updated_at_idx` ON `statements` (`updated_at`);--> statement-breakpoint
ALTER TABLE `meetings` ADD `deleted_at` text;--> statement-breakpoint
ALTER TABLE `partners` ADD `deleted_at` text;--> statement-breakpoint
ALTER TABLE `themes` ADD `deleted_at` text;