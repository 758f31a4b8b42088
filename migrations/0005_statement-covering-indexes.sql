DROP INDEX `statements_live_date_idx`;--> statement-breakpoint
CREATE INDEX `statements_live_updated_idx` ON `statements` (`deleted_at`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `statements_live_title_ja_idx` ON `statements` (`deleted_at`,`title_ja`,`id`);--> statement-breakpoint
CREATE INDEX `statements_live_title_en_idx` ON `statements` (`deleted_at`,`title_en`,`id`);--> statement-breakpoint
CREATE INDEX `statements_live_by_id_idx` ON `statements` (`id`,`deleted_at`,`date`,`meeting_id`,`kind`,`updated_at`);--> statement-breakpoint
CREATE INDEX `statements_live_date_idx` ON `statements` (`deleted_at`,`date`,`id`,`meeting_id`,`kind`,`updated_at`);