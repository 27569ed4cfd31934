#!/bin/sh
# The container's start: migrate (and create the first admin on an empty database), then serve.
set -e
if [ -z "$AUTH_SECRET" ]; then
  echo "[recall] AUTH_SECRET is not set: generate one with \`openssl rand -base64 32\`." >&2
  exit 1
fi
node /app/migrate.mjs --first-admin
exec node /app/server.js
