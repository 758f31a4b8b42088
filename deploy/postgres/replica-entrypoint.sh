#!/usr/bin/env bash
# The replica: on first start, a copy of the primary taken with pg_basebackup (-R writes standby.signal and the
# connection to follow, -X stream keeps the WAL made during the copy); then PostgreSQL as a hot standby, which
# answers reads and refuses writes. The API nodes check its data version against theirs (docs/deploy.md).
set -euo pipefail
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  until pg_isready -h db-primary -p 5432 -U replicator; do sleep 1; done
  pg_basebackup -h db-primary -p 5432 -U replicator -D "$PGDATA" -R -X stream --checkpoint=fast
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
