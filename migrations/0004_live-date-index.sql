DROP INDEX `statements_date_idx`;--> statement-breakpoint
CREATE INDEX `statements_live_date_idx` ON `statements` (`deleted_at`,`date`,`id`);