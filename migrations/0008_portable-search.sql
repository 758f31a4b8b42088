-- Custom SQL migration file, put your code below! --
-- The full-text indexes of 0002 were contentless FTS5 tables with contentless_delete = 1 (SQLite 3.43+), which an
-- older SQLite cannot read: the sqlite3 CLI of Debian 12 (3.40) or Ubuntu 22.04 (3.37) opened the database but
-- could not query them. The same three tables again, still contentless (they hold only the index) but without that
-- option. A plain contentless table cannot DELETE; the indexer (src/db/sqlite/search.ts) removes an entry with FTS5's
-- 'delete' command instead, which needs the exact text the entry was indexed with. That text is kept once, in
-- statement_search_docs.document, and the words and character documents are derived from it.
-- Nothing here can compute the documents (normalisation is done in TypeScript), so the search documents are emptied
-- (their trigger clears statements.search_doc_id) and the start-up step indexMissingStatements, which the server and
-- the seed run after migrating, indexes every statement again with new doc ids.
DROP TABLE `statement_search_trigram`;--> statement-breakpoint
DROP TABLE `statement_search_chars`;--> statement-breakpoint
DROP TABLE `statement_search_words`;--> statement-breakpoint
DELETE FROM `statement_search_docs`;--> statement-breakpoint
ALTER TABLE `statement_search_docs` ADD `document` text;--> statement-breakpoint
-- 1. Trigram index of the normalised document (NFKC, case-folded): exact substring search for terms of three or more
--    characters, ranked with bm25.
CREATE VIRTUAL TABLE `statement_search_trigram` USING fts5(doc, tokenize = 'trigram case_sensitive 1', content = '');
--> statement-breakpoint
-- 2. One token per character (its code point, e.g. x7d4c), so that a phrase of tokens is an exact substring of any
--    length: the path for one- and two-character terms (威圧, 経済, ai) that trigrams miss.
CREATE VIRTUAL TABLE `statement_search_chars` USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0', content = '');
--> statement-breakpoint
-- 3. Words: Latin letters and digits as words (unicode61), so that AI, EU or G7 match as words and not inside chain,
--    Europe or G7x. The document is fed with spaces around every run of a-z/0-9.
CREATE VIRTUAL TABLE `statement_search_words` USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0', content = '');
