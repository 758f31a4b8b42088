CREATE TABLE `statement_signature_counts` (
	`partner_codes` text NOT NULL,
	`theme_ids` text NOT NULL,
	`live` integer NOT NULL,
	PRIMARY KEY(`partner_codes`, `theme_ids`)
);
--> statement-breakpoint
DROP INDEX `statements_kind_idx`;--> statement-breakpoint
DROP INDEX `statements_live_date_idx`;--> statement-breakpoint
ALTER TABLE `statements` ADD `partner_codes` text DEFAULT ' ' NOT NULL;--> statement-breakpoint
ALTER TABLE `statements` ADD `theme_ids` text DEFAULT ' ' NOT NULL;--> statement-breakpoint
ALTER TABLE `statements` ADD `search_doc_id` integer;--> statement-breakpoint
-- Signatures and search document ids of the statements already there, before the indexes that hold them are built.
UPDATE `statements` SET `partner_codes` = coalesce(' ' || (SELECT group_concat(partner_code, ' ' ORDER BY partner_code) FROM statement_partners WHERE statement_id = statements.id) || ' ', ' '),
  `theme_ids` = coalesce(' ' || (SELECT group_concat(theme_id, ' ' ORDER BY theme_id) FROM statement_themes WHERE statement_id = statements.id) || ' ', ' '),
  `search_doc_id` = (SELECT doc_id FROM statement_search_docs WHERE statement_id = statements.id);--> statement-breakpoint
INSERT INTO `statement_signature_counts` (`partner_codes`, `theme_ids`, `live`)
  SELECT `partner_codes`, `theme_ids`, count(*) FROM `statements` WHERE `deleted_at` IS NULL GROUP BY 1, 2;--> statement-breakpoint
CREATE INDEX `statements_live_partners_idx` ON `statements` (`deleted_at`,`partner_codes`,`date`,`id`,`meeting_id`,`kind`,`updated_at`,`theme_ids`,`search_doc_id`);--> statement-breakpoint
CREATE INDEX `statements_live_themes_idx` ON `statements` (`deleted_at`,`theme_ids`,`date`,`id`,`meeting_id`,`kind`,`updated_at`,`partner_codes`,`search_doc_id`);--> statement-breakpoint
CREATE INDEX `statements_live_updated_idx` ON `statements` (`deleted_at`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `statements_live_title_ja_idx` ON `statements` (`deleted_at`,`title_ja`,`id`);--> statement-breakpoint
CREATE INDEX `statements_live_title_en_idx` ON `statements` (`deleted_at`,`title_en`,`id`);--> statement-breakpoint
CREATE INDEX `statements_live_by_id_idx` ON `statements` (`id`,`deleted_at`,`date`,`meeting_id`,`kind`,`updated_at`,`partner_codes`,`theme_ids`,`search_doc_id`);--> statement-breakpoint
CREATE INDEX `statements_live_date_idx` ON `statements` (`deleted_at`,`date`,`id`,`meeting_id`,`kind`,`updated_at`,`partner_codes`,`theme_ids`,`search_doc_id`);--> statement-breakpoint
-- Kept in step with the link tables by the database itself, whatever writes them (API, import, seed).
CREATE TRIGGER `statement_partners_signature_after_insert` AFTER INSERT ON `statement_partners` BEGIN
  UPDATE statements SET partner_codes = coalesce(' ' || (SELECT group_concat(partner_code, ' ' ORDER BY partner_code) FROM statement_partners WHERE statement_id = NEW.statement_id) || ' ', ' ') WHERE id = NEW.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_partners_signature_after_delete` AFTER DELETE ON `statement_partners` BEGIN
  UPDATE statements SET partner_codes = coalesce(' ' || (SELECT group_concat(partner_code, ' ' ORDER BY partner_code) FROM statement_partners WHERE statement_id = OLD.statement_id) || ' ', ' ') WHERE id = OLD.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_partners_signature_after_update` AFTER UPDATE ON `statement_partners` BEGIN
  UPDATE statements SET partner_codes = coalesce(' ' || (SELECT group_concat(partner_code, ' ' ORDER BY partner_code) FROM statement_partners WHERE statement_id = OLD.statement_id) || ' ', ' ') WHERE id = OLD.statement_id;
  UPDATE statements SET partner_codes = coalesce(' ' || (SELECT group_concat(partner_code, ' ' ORDER BY partner_code) FROM statement_partners WHERE statement_id = NEW.statement_id) || ' ', ' ') WHERE id = NEW.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_themes_signature_after_insert` AFTER INSERT ON `statement_themes` BEGIN
  UPDATE statements SET theme_ids = coalesce(' ' || (SELECT group_concat(theme_id, ' ' ORDER BY theme_id) FROM statement_themes WHERE statement_id = NEW.statement_id) || ' ', ' ') WHERE id = NEW.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_themes_signature_after_delete` AFTER DELETE ON `statement_themes` BEGIN
  UPDATE statements SET theme_ids = coalesce(' ' || (SELECT group_concat(theme_id, ' ' ORDER BY theme_id) FROM statement_themes WHERE statement_id = OLD.statement_id) || ' ', ' ') WHERE id = OLD.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_themes_signature_after_update` AFTER UPDATE ON `statement_themes` BEGIN
  UPDATE statements SET theme_ids = coalesce(' ' || (SELECT group_concat(theme_id, ' ' ORDER BY theme_id) FROM statement_themes WHERE statement_id = OLD.statement_id) || ' ', ' ') WHERE id = OLD.statement_id;
  UPDATE statements SET theme_ids = coalesce(' ' || (SELECT group_concat(theme_id, ' ' ORDER BY theme_id) FROM statement_themes WHERE statement_id = NEW.statement_id) || ' ', ' ') WHERE id = NEW.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_search_docs_id_after_insert` AFTER INSERT ON `statement_search_docs` BEGIN
  UPDATE statements SET search_doc_id = NEW.doc_id WHERE id = NEW.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_search_docs_id_after_delete` AFTER DELETE ON `statement_search_docs` BEGIN
  UPDATE statements SET search_doc_id = NULL WHERE id = OLD.statement_id AND search_doc_id = OLD.doc_id;
END;--> statement-breakpoint
-- Live statements per (partner_codes, theme_ids): counted out and in again whenever a statement's signatures or
-- its deletion change (the link tables' triggers update the signatures, which fires these).
CREATE TRIGGER `statements_signature_counts_after_insert` AFTER INSERT ON `statements` BEGIN
  INSERT INTO statement_signature_counts (partner_codes, theme_ids, live) SELECT NEW.partner_codes, NEW.theme_ids, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT (partner_codes, theme_ids) DO UPDATE SET live = live + 1;
END;--> statement-breakpoint
CREATE TRIGGER `statements_signature_counts_after_update` AFTER UPDATE OF partner_codes, theme_ids, deleted_at ON `statements` BEGIN
  UPDATE statement_signature_counts SET live = live - 1 WHERE OLD.deleted_at IS NULL AND partner_codes = OLD.partner_codes AND theme_ids = OLD.theme_ids;
  DELETE FROM statement_signature_counts WHERE partner_codes = OLD.partner_codes AND theme_ids = OLD.theme_ids AND live <= 0;
  INSERT INTO statement_signature_counts (partner_codes, theme_ids, live) SELECT NEW.partner_codes, NEW.theme_ids, 1 WHERE NEW.deleted_at IS NULL
    ON CONFLICT (partner_codes, theme_ids) DO UPDATE SET live = live + 1;
END;--> statement-breakpoint
CREATE TRIGGER `statements_signature_counts_after_delete` AFTER DELETE ON `statements` BEGIN
  UPDATE statement_signature_counts SET live = live - 1 WHERE OLD.deleted_at IS NULL AND partner_codes = OLD.partner_codes AND theme_ids = OLD.theme_ids;
  DELETE FROM statement_signature_counts WHERE partner_codes = OLD.partner_codes AND theme_ids = OLD.theme_ids AND live <= 0;
END;
