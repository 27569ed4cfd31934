#!/bin/sh
# The streaming replica: on an empty volume, copy the primary with pg_basebackup -R (which writes
# standby.signal and primary_conninfo), then run as a hot standby.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  export PGPASSWORD="$REPLICATION_PASSWORD"
  until pg_basebackup -h primary -p 5432 -U replicator -D "$PGDATA" -R -X stream -c fast; do
    echo "[replica] waiting for the primary…"; rm -rf "$PGDATA"/*; sleep 2
  done
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on -c max_connections=200
