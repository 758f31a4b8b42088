#!/usr/bin/env bash
# Run once by the postgres image's entrypoint when the primary's data directory is first made
# (/docker-entrypoint-initdb.d): a role for streaming replication and the pg_hba line that lets the replica use it.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$ECONSEC_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
