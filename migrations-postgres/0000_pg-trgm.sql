-- Custom SQL migration file, put your code below! --
-- pg_trgm answers search terms of three characters or more (LIKE on statement_search_docs.document, through the
-- GIN index of 0001). A trusted extension: a database owner may create it, no superuser needed. It must exist
-- before 0001 creates that index with its operator class gin_trgm_ops.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
