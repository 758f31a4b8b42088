-- Custom SQL migration file, put your code below! --
-- The data version: one row, bumped once by every transaction that writes a table a reader can see, and announced
-- to every API node with pg_notify('econsec_data_version', '<new version>') when that transaction commits (a
-- notification is transactional: never sent for a rollback, never before the commit). Each node keeps the version
-- in memory from its LISTEN connection (SQLite's engine reads PRAGMA data_version instead), and a node reading from
-- a replica compares the replica's row with the version it knows.
-- Not bumped by: the count tables (written only by the triggers of statements, which bump already), api_keys (no
-- answer depends on them, and last_used_at moves once a minute per key), data_version itself.
INSERT INTO data_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
-- Bumps the version once per transaction and returns it; later calls in the same transaction return it unchanged
-- (a transaction-local setting remembers the bump; rolled back to a savepoint, both the bump and the setting are
-- undone, and the next write bumps again). The row lock is held to the commit, so writing transactions queue on it
-- as SQLite's BEGIN IMMEDIATE makes them: a write transaction that calls this first takes the lock before any row
-- lock, and cannot deadlock with another writer over it.
CREATE FUNCTION econsec_touch_data_version() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  current_version bigint;
BEGIN
  IF current_setting('econsec.data_version_xact', true) IS DISTINCT FROM pg_current_xact_id()::text THEN
    UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version INTO current_version;
    PERFORM pg_notify('econsec_data_version', current_version::text);
    PERFORM set_config('econsec.data_version_xact', pg_current_xact_id()::text, true);
  ELSE
    SELECT version INTO current_version FROM data_version WHERE id = 1;
  END IF;
  RETURN current_version;
END $$;
--> statement-breakpoint
CREATE FUNCTION econsec_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM econsec_touch_data_version();
  RETURN NULL;
END $$;
--> statement-breakpoint
-- BEFORE each statement, so that the version's row is locked before the statement locks any row of its own.
CREATE TRIGGER briefings_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON briefings
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER cited_sources_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON cited_sources
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER lessons_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON lessons
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER lesson_chart_sources_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON lesson_chart_sources
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER lesson_stages_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON lesson_stages
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER themes_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON themes
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER approach_entries_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON approach_entries
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER partners_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON partners
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER partner_memberships_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON partner_memberships
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER meetings_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON meetings
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER meeting_partners_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON meeting_partners
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER statements_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON statements
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER statement_paragraphs_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON statement_paragraphs
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER statement_highlights_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON statement_highlights
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER statement_partners_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON statement_partners
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER statement_themes_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON statement_themes
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER statement_theme_evidence_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON statement_theme_evidence
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER statement_search_docs_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON statement_search_docs
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER seed_runs_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON seed_runs
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
--> statement-breakpoint
CREATE TRIGGER revisions_data_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON revisions
  FOR EACH STATEMENT EXECUTE FUNCTION econsec_data_changed();
