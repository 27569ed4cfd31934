#!/bin/sh
# First start of the primary (docker-entrypoint-initdb.d): pgvector, the replication role and its
# pg_hba entry, and the statement timeout on the application role (PgBouncer does not pass
# Recall's statement_timeout startup parameter on).
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '$REPLICATION_PASSWORD';
ALTER ROLE $POSTGRES_USER SET statement_timeout = '30s';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
