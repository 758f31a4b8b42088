-- Custom SQL migration file, put your code below! --
-- Full-text search over statements (see src/db/search-repository.ts). Both tables are contentless: they
-- hold only the index, keyed by statement_search_docs.doc_id; the text lives in the normal tables.
-- 1. Trigram index of the normalised document (NFKC, case-folded): exact substring search for terms of
--    three or more characters, ranked with bm25.
CREATE VIRTUAL TABLE `statement_search_trigram` USING fts5(doc, tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1);
--> statement-breakpoint
-- 2. One token per character (its code point, e.g. x7d4c), so that a phrase of tokens is an exact
--    substring of any length: the path for one- and two-character terms (威圧, 経済, ai) that trigrams miss.
CREATE VIRTUAL TABLE `statement_search_chars` USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0', content = '', contentless_delete = 1);
--> statement-breakpoint
-- 3. Words: Latin letters and digits as words (unicode61), so that AI, EU or G7 match as words and not
--    inside chain, Europe or G7x. The document is fed with spaces around every run of a-z/0-9.
CREATE VIRTUAL TABLE `statement_search_words` USING fts5(doc, tokenize = 'unicode61 remove_diacritics 0', content = '', contentless_delete = 1);
