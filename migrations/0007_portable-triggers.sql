-- Custom SQL migration file, put your code below! --
-- The signature triggers of 0005 aggregated with group_concat(x, ' ' ORDER BY x), which only SQLite 3.44 and later
-- can parse. A trigger is parsed whenever the schema is read, so the sqlite3 CLI of Debian 12 (3.40), Ubuntu 22.04
-- (3.37) or RHEL 9 (3.34) could not open the database at all ("malformed database schema"). The same triggers again,
-- aggregating an ordered subquery instead: SQLite keeps the ORDER BY of a FROM-clause subquery whose outer query uses
-- an aggregate other than count, min or max, and group_concat concatenates in the order its rows come, so the
-- signatures are the same strings. Existing databases only have their triggers replaced: their signatures are right.
-- From here on the schema needs nothing newer than SQLite 3.37 (tests/unit/portable-schema.test.ts).
DROP TRIGGER `statement_partners_signature_after_insert`;--> statement-breakpoint
DROP TRIGGER `statement_partners_signature_after_delete`;--> statement-breakpoint
DROP TRIGGER `statement_partners_signature_after_update`;--> statement-breakpoint
CREATE TRIGGER `statement_partners_signature_after_insert` AFTER INSERT ON `statement_partners` BEGIN
  UPDATE statements SET partner_codes = coalesce(' ' || (SELECT group_concat(partner_code, ' ') FROM (SELECT partner_code FROM statement_partners WHERE statement_id = NEW.statement_id ORDER BY partner_code)) || ' ', ' ') WHERE id = NEW.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_partners_signature_after_delete` AFTER DELETE ON `statement_partners` BEGIN
  UPDATE statements SET partner_codes = coalesce(' ' || (SELECT group_concat(partner_code, ' ') FROM (SELECT partner_code FROM statement_partners WHERE statement_id = OLD.statement_id ORDER BY partner_code)) || ' ', ' ') WHERE id = OLD.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_partners_signature_after_update` AFTER UPDATE ON `statement_partners` BEGIN
  UPDATE statements SET partner_codes = coalesce(' ' || (SELECT group_concat(partner_code, ' ') FROM (SELECT partner_code FROM statement_partners WHERE statement_id = OLD.statement_id ORDER BY partner_code)) || ' ', ' ') WHERE id = OLD.statement_id;
  UPDATE statements SET partner_codes = coalesce(' ' || (SELECT group_concat(partner_code, ' ') FROM (SELECT partner_code FROM statement_partners WHERE statement_id = NEW.statement_id ORDER BY partner_code)) || ' ', ' ') WHERE id = NEW.statement_id;
END;--> statement-breakpoint
DROP TRIGGER `statement_themes_signature_after_insert`;--> statement-breakpoint
DROP TRIGGER `statement_themes_signature_after_delete`;--> statement-breakpoint
DROP TRIGGER `statement_themes_signature_after_update`;--> statement-breakpoint
CREATE TRIGGER `statement_themes_signature_after_insert` AFTER INSERT ON `statement_themes` BEGIN
  UPDATE statements SET theme_ids = coalesce(' ' || (SELECT group_concat(theme_id, ' ') FROM (SELECT theme_id FROM statement_themes WHERE statement_id = NEW.statement_id ORDER BY theme_id)) || ' ', ' ') WHERE id = NEW.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_themes_signature_after_delete` AFTER DELETE ON `statement_themes` BEGIN
  UPDATE statements SET theme_ids = coalesce(' ' || (SELECT group_concat(theme_id, ' ') FROM (SELECT theme_id FROM statement_themes WHERE statement_id = OLD.statement_id ORDER BY theme_id)) || ' ', ' ') WHERE id = OLD.statement_id;
END;--> statement-breakpoint
CREATE TRIGGER `statement_themes_signature_after_update` AFTER UPDATE ON `statement_themes` BEGIN
  UPDATE statements SET theme_ids = coalesce(' ' || (SELECT group_concat(theme_id, ' ') FROM (SELECT theme_id FROM statement_themes WHERE statement_id = OLD.statement_id ORDER BY theme_id)) || ' ', ' ') WHERE id = OLD.statement_id;
  UPDATE statements SET theme_ids = coalesce(' ' || (SELECT group_concat(theme_id, ' ') FROM (SELECT theme_id FROM statement_themes WHERE statement_id = NEW.statement_id ORDER BY theme_id)) || ' ', ' ') WHERE id = NEW.statement_id;
END;