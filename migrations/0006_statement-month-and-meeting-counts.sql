CREATE TABLE `statement_meeting_counts` (
	`meeting_id` text PRIMARY KEY NOT NULL,
	`live` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `statement_month_partner_counts` (
	`month` text NOT NULL,
	`partner_codes` text NOT NULL,
	`live` integer NOT NULL,
	PRIMARY KEY(`month`, `partner_codes`)
);
--> statement-breakpoint
CREATE TABLE `statement_month_theme_counts` (
	`month` text NOT NULL,
	`theme_ids` text NOT NULL,
	`live` integer NOT NULL,
	PRIMARY KEY(`month`, `theme_ids`)
);
--> statement-breakpoint
CREATE INDEX `meetings_deleted_at_idx` ON `meetings` (`deleted_at`);--> statement-breakpoint
-- Counts of the statements already there (live ones only), before the triggers below keep them.
INSERT INTO `statement_month_partner_counts` (month, partner_codes, live)
  SELECT substr(date, 1, 7), partner_codes, count(*) FROM `statements` WHERE `deleted_at` IS NULL GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO `statement_month_theme_counts` (month, theme_ids, live)
  SELECT substr(date, 1, 7), theme_ids, count(*) FROM `statements` WHERE `deleted_at` IS NULL GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO `statement_meeting_counts` (meeting_id, live)
  SELECT meeting_id, count(*) FROM `statements` WHERE `deleted_at` IS NULL GROUP BY 1;--> statement-breakpoint
-- Kept by the database itself whatever writes statements (API, import, seed), as statement_signature_counts is
-- (migrations/0005): a statement is counted out of its old row and into its new one whenever its date, meeting,
-- signatures or deletion change; a row that reaches 0 is removed.
CREATE TRIGGER `statements_month_partner_counts_after_insert` AFTER INSERT ON `statements` BEGIN
  INSERT INTO statement_month_partner_counts (month, partner_codes, live) SELECT substr(NEW.date, 1, 7), NEW.partner_codes, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT (month, partner_codes) DO UPDATE SET live = live + 1;
END;--> statement-breakpoint
CREATE TRIGGER `statements_month_partner_counts_after_update` AFTER UPDATE OF date, partner_codes, deleted_at ON `statements` BEGIN
  UPDATE statement_month_partner_counts SET live = live - 1 WHERE OLD.deleted_at IS NULL AND month = substr(OLD.date, 1, 7) AND partner_codes = OLD.partner_codes;
  DELETE FROM statement_month_partner_counts WHERE month = substr(OLD.date, 1, 7) AND partner_codes = OLD.partner_codes AND live <= 0;
  INSERT INTO statement_month_partner_counts (month, partner_codes, live) SELECT substr(NEW.date, 1, 7), NEW.partner_codes, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT (month, partner_codes) DO UPDATE SET live = live + 1;
END;--> statement-breakpoint
CREATE TRIGGER `statements_month_partner_counts_after_delete` AFTER DELETE ON `statements` BEGIN
  UPDATE statement_month_partner_counts SET live = live - 1 WHERE OLD.deleted_at IS NULL AND month = substr(OLD.date, 1, 7) AND partner_codes = OLD.partner_codes;
  DELETE FROM statement_month_partner_counts WHERE month = substr(OLD.date, 1, 7) AND partner_codes = OLD.partner_codes AND live <= 0;
END;--> statement-breakpoint
CREATE TRIGGER `statements_month_theme_counts_after_insert` AFTER INSERT ON `statements` BEGIN
  INSERT INTO statement_month_theme_counts (month, theme_ids, live) SELECT substr(NEW.date, 1, 7), NEW.theme_ids, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT (month, theme_ids) DO UPDATE SET live = live + 1;
END;--> statement-breakpoint
CREATE TRIGGER `statements_month_theme_counts_after_update` AFTER UPDATE OF date, theme_ids, deleted_at ON `statements` BEGIN
  UPDATE statement_month_theme_counts SET live = live - 1 WHERE OLD.deleted_at IS NULL AND month = substr(OLD.date, 1, 7) AND theme_ids = OLD.theme_ids;
  DELETE FROM statement_month_theme_counts WHERE month = substr(OLD.date, 1, 7) AND theme_ids = OLD.theme_ids AND live <= 0;
  INSERT INTO statement_month_theme_counts (month, theme_ids, live) SELECT substr(NEW.date, 1, 7), NEW.theme_ids, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT (month, theme_ids) DO UPDATE SET live = live + 1;
END;--> statement-breakpoint
CREATE TRIGGER `statements_month_theme_counts_after_delete` AFTER DELETE ON `statements` BEGIN
  UPDATE statement_month_theme_counts SET live = live - 1 WHERE OLD.deleted_at IS NULL AND month = substr(OLD.date, 1, 7) AND theme_ids = OLD.theme_ids;
  DELETE FROM statement_month_theme_counts WHERE month = substr(OLD.date, 1, 7) AND theme_ids = OLD.theme_ids AND live <= 0;
END;--> statement-breakpoint
CREATE TRIGGER `statements_meeting_counts_after_insert` AFTER INSERT ON `statements` BEGIN
  INSERT INTO statement_meeting_counts (meeting_id, live) SELECT NEW.meeting_id, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT (meeting_id) DO UPDATE SET live = live + 1;
END;--> statement-breakpoint
CREATE TRIGGER `statements_meeting_counts_after_update` AFTER UPDATE OF meeting_id, deleted_at ON `statements` BEGIN
  UPDATE statement_meeting_counts SET live = live - 1 WHERE OLD.deleted_at IS NULL AND meeting_id = OLD.meeting_id;
  DELETE FROM statement_meeting_counts WHERE meeting_id = OLD.meeting_id AND live <= 0;
  INSERT INTO statement_meeting_counts (meeting_id, live) SELECT NEW.meeting_id, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT (meeting_id) DO UPDATE SET live = live + 1;
END;--> statement-breakpoint
CREATE TRIGGER `statements_meeting_counts_after_delete` AFTER DELETE ON `statements` BEGIN
  UPDATE statement_meeting_counts SET live = live - 1 WHERE OLD.deleted_at IS NULL AND meeting_id = OLD.meeting_id;
  DELETE FROM statement_meeting_counts WHERE meeting_id = OLD.meeting_id AND live <= 0;
END;
