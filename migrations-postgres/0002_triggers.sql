-- Custom SQL migration file, put your code below! --
-- What SQLite's migrations 0005–0007 keep with row triggers, kept here by STATEMENT-level triggers over transition
-- tables: row-level plpgsql upserts made inserting 100 000 statements take 51 s, statement-level ones 0.43 s. Each
-- trigger sees every row its statement changed and does one set-based update. Statement-level triggers cannot have
-- UPDATE OF column lists, so an update trigger compares old and new rows itself and does nothing for rows whose
-- counted columns did not change. Kept by the database whatever writes (API, import, seed, db:copy); statement ids
-- are never updated (counts follow rows by id), and TRUNCATE is not kept in step (nothing truncates these tables).

-- 1. Signatures (statements.partner_codes, statements.theme_ids): the statement's sorted codes between spaces
--    (" FR JP ", " " for none), the same strings as SQLite's group_concat over codes in BINARY order: sorted here
--    with COLLATE "C" (code point order, whatever the database's collation). Rows already right are not rewritten.
CREATE FUNCTION econsec_refresh_partner_codes(ids text[]) RETURNS void LANGUAGE sql AS $$
  UPDATE statements s SET partner_codes = x.codes
    FROM (SELECT i.id, coalesce(' ' || string_agg(p.partner_code, ' ' ORDER BY p.partner_code COLLATE "C") || ' ', ' ') AS codes
            FROM (SELECT DISTINCT unnest(ids) AS id) i
            LEFT JOIN statement_partners p ON p.statement_id = i.id
           GROUP BY i.id) x
   WHERE s.id = x.id AND s.partner_codes IS DISTINCT FROM x.codes
$$;
--> statement-breakpoint
CREATE FUNCTION econsec_refresh_theme_ids(ids text[]) RETURNS void LANGUAGE sql AS $$
  UPDATE statements s SET theme_ids = x.codes
    FROM (SELECT i.id, coalesce(' ' || string_agg(l.theme_id, ' ' ORDER BY l.theme_id COLLATE "C") || ' ', ' ') AS codes
            FROM (SELECT DISTINCT unnest(ids) AS id) i
            LEFT JOIN statement_themes l ON l.statement_id = i.id
           GROUP BY i.id) x
   WHERE s.id = x.id AND s.theme_ids IS DISTINCT FROM x.codes
$$;
--> statement-breakpoint
CREATE FUNCTION econsec_statement_partners_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM econsec_refresh_partner_codes(ARRAY(SELECT statement_id FROM new_links));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM econsec_refresh_partner_codes(ARRAY(SELECT statement_id FROM old_links));
  ELSE
    PERFORM econsec_refresh_partner_codes(ARRAY(SELECT statement_id FROM new_links UNION SELECT statement_id FROM old_links));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION econsec_statement_themes_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM econsec_refresh_theme_ids(ARRAY(SELECT statement_id FROM new_links));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM econsec_refresh_theme_ids(ARRAY(SELECT statement_id FROM old_links));
  ELSE
    PERFORM econsec_refresh_theme_ids(ARRAY(SELECT statement_id FROM new_links UNION SELECT statement_id FROM old_links));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statement_partners_signature_after_insert AFTER INSERT ON statement_partners
  REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION econsec_statement_partners_changed();
--> statement-breakpoint
CREATE TRIGGER statement_partners_signature_after_delete AFTER DELETE ON statement_partners
  REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION econsec_statement_partners_changed();
--> statement-breakpoint
CREATE TRIGGER statement_partners_signature_after_update AFTER UPDATE ON statement_partners
  REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION econsec_statement_partners_changed();
--> statement-breakpoint
CREATE TRIGGER statement_themes_signature_after_insert AFTER INSERT ON statement_themes
  REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION econsec_statement_themes_changed();
--> statement-breakpoint
CREATE TRIGGER statement_themes_signature_after_delete AFTER DELETE ON statement_themes
  REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION econsec_statement_themes_changed();
--> statement-breakpoint
CREATE TRIGGER statement_themes_signature_after_update AFTER UPDATE ON statement_themes
  REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION econsec_statement_themes_changed();
--> statement-breakpoint

-- 2. Count tables (SQLite's 0005 and 0006): live statements per signature pair, per month and partner signature,
--    per month and theme signature, per meeting. Each changed row is counted out of its old keys (-1) and into its
--    new ones (+1), summed per key, and only non-zero sums are applied, in key order (two writers lock count rows
--    in the same order, so they queue rather than deadlock); a row that reaches 0 is removed, as on SQLite.
CREATE TYPE econsec_statement_change AS (month text, meeting_id text, partner_codes text, theme_ids text, delta integer);
--> statement-breakpoint
CREATE FUNCTION econsec_apply_statement_changes(changes econsec_statement_change[]) RETURNS void LANGUAGE sql AS $$
  WITH c AS (SELECT * FROM unnest(changes)),
  signature AS (
    INSERT INTO statement_signature_counts AS t (partner_codes, theme_ids, live)
    SELECT partner_codes, theme_ids, sum(delta) FROM c GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
    ON CONFLICT (partner_codes, theme_ids) DO UPDATE SET live = t.live + excluded.live),
  month_partner AS (
    INSERT INTO statement_month_partner_counts AS t (month, partner_codes, live)
    SELECT month, partner_codes, sum(delta) FROM c GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
    ON CONFLICT (month, partner_codes) DO UPDATE SET live = t.live + excluded.live),
  month_theme AS (
    INSERT INTO statement_month_theme_counts AS t (month, theme_ids, live)
    SELECT month, theme_ids, sum(delta) FROM c GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
    ON CONFLICT (month, theme_ids) DO UPDATE SET live = t.live + excluded.live)
  INSERT INTO statement_meeting_counts AS t (meeting_id, live)
  SELECT meeting_id, sum(delta) FROM c GROUP BY 1 HAVING sum(delta) <> 0 ORDER BY 1
  ON CONFLICT (meeting_id) DO UPDATE SET live = t.live + excluded.live;

  -- A second statement, so that it sees the upserts above (one statement's parts share a snapshot). Only keys that
  -- something was counted out of can have reached 0.
  WITH c AS (SELECT * FROM unnest(changes) WHERE delta < 0),
  signature AS (
    DELETE FROM statement_signature_counts t USING c
     WHERE t.partner_codes = c.partner_codes AND t.theme_ids = c.theme_ids AND t.live <= 0),
  month_partner AS (
    DELETE FROM statement_month_partner_counts t USING c
     WHERE t.month = c.month AND t.partner_codes = c.partner_codes AND t.live <= 0),
  month_theme AS (
    DELETE FROM statement_month_theme_counts t USING c
     WHERE t.month = c.month AND t.theme_ids = c.theme_ids AND t.live <= 0)
  DELETE FROM statement_meeting_counts t USING c WHERE t.meeting_id = c.meeting_id AND t.live <= 0;
$$;
--> statement-breakpoint
CREATE FUNCTION econsec_statements_counted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes econsec_statement_change[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    changes := ARRAY(SELECT (substr(n.date, 1, 7), n.meeting_id, n.partner_codes, n.theme_ids, 1)::econsec_statement_change
                       FROM new_rows n WHERE n.deleted_at IS NULL);
  ELSIF TG_OP = 'DELETE' THEN
    changes := ARRAY(SELECT (substr(o.date, 1, 7), o.meeting_id, o.partner_codes, o.theme_ids, -1)::econsec_statement_change
                       FROM old_rows o WHERE o.deleted_at IS NULL);
  ELSE
    -- Most updates change no counted column (a title, search_doc_id): those rows are left out before summing.
    changes := ARRAY(
      SELECT (substr(r.date, 1, 7), r.meeting_id, r.partner_codes, r.theme_ids, r.delta)::econsec_statement_change
        FROM new_rows n
        JOIN old_rows o ON o.id = n.id
        CROSS JOIN LATERAL (
          SELECT n.date, n.meeting_id, n.partner_codes, n.theme_ids, 1 WHERE n.deleted_at IS NULL
          UNION ALL
          SELECT o.date, o.meeting_id, o.partner_codes, o.theme_ids, -1 WHERE o.deleted_at IS NULL
        ) r(date, meeting_id, partner_codes, theme_ids, delta)
       WHERE (n.date, n.meeting_id, n.partner_codes, n.theme_ids, n.deleted_at IS NULL)
             IS DISTINCT FROM (o.date, o.meeting_id, o.partner_codes, o.theme_ids, o.deleted_at IS NULL));
  END IF;
  IF cardinality(changes) > 0 THEN
    PERFORM econsec_apply_statement_changes(changes);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_counts_after_insert AFTER INSERT ON statements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION econsec_statements_counted();
--> statement-breakpoint
CREATE TRIGGER statements_counts_after_delete AFTER DELETE ON statements
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION econsec_statements_counted();
--> statement-breakpoint
CREATE TRIGGER statements_counts_after_update AFTER UPDATE ON statements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION econsec_statements_counted();
--> statement-breakpoint

-- 3. Search documents. statements.search_doc_id follows its document's doc_id (SQLite's 0005), and the document
--    carries its statement's liveness and date (statement_search_docs.live, .date), so that the search indexes,
--    partial on live, hold live documents only. A new document takes them from its statement as it is inserted
--    (a row trigger, but a single primary-key look-up, not an upsert); changes to statements are copied by a
--    statement-level trigger.
CREATE FUNCTION econsec_statement_search_docs_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE statements s SET search_doc_id = n.doc_id
      FROM new_docs n WHERE s.id = n.statement_id AND s.search_doc_id IS DISTINCT FROM n.doc_id;
  ELSE
    UPDATE statements s SET search_doc_id = NULL
      FROM old_docs o WHERE s.id = o.statement_id AND s.search_doc_id = o.doc_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statement_search_docs_id_after_insert AFTER INSERT ON statement_search_docs
  REFERENCING NEW TABLE AS new_docs FOR EACH STATEMENT EXECUTE FUNCTION econsec_statement_search_docs_ids();
--> statement-breakpoint
CREATE TRIGGER statement_search_docs_id_after_delete AFTER DELETE ON statement_search_docs
  REFERENCING OLD TABLE AS old_docs FOR EACH STATEMENT EXECUTE FUNCTION econsec_statement_search_docs_ids();
--> statement-breakpoint
CREATE FUNCTION econsec_statement_search_docs_from_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT s.deleted_at IS NULL, s.date INTO NEW.live, NEW.date FROM statements s WHERE s.id = NEW.statement_id;
  -- No such statement: the foreign key refuses the row, with its own message.
  IF NOT FOUND THEN
    NEW.live := false;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER statement_search_docs_from_statement BEFORE INSERT ON statement_search_docs
  FOR EACH ROW EXECUTE FUNCTION econsec_statement_search_docs_from_statement();
--> statement-breakpoint
CREATE FUNCTION econsec_statements_search_docs_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE statement_search_docs d SET live = (n.deleted_at IS NULL), date = n.date
    FROM new_rows n
   WHERE d.statement_id = n.id AND (d.live IS DISTINCT FROM (n.deleted_at IS NULL) OR d.date IS DISTINCT FROM n.date);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_search_docs_after_update AFTER UPDATE ON statements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION econsec_statements_search_docs_sync();
