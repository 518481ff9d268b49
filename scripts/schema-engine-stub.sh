#!/bin/sh
echo "schema-engine stub: prisma migrate cannot run on this machine; use npm run db:migrate (scripts/migrate.ts)" >&2
exit 1
