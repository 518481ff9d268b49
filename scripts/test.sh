#!/usr/bin/env bash
# The whole suite: type-check, every test tier against the real PostgreSQL and Redis, then the domain and unit
# specs again under other time zones (deadline maths must not depend on the server's TZ).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install --no-audit --no-fund
npm run prisma:generate   # cheap, and keeps the client in step with schema.prisma
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/web/tsconfig.json --noEmit
bash scripts/ensure-chromium.sh && npm run build:web --silent  # browser tests (test/web) drive the built console in Chromium
TZ=UTC npx jest --maxWorkers=2 "$@"
for zone in America/New_York Pacific/Kiritimati; do
  echo "== unit specs under TZ=$zone"
  TZ=$zone npx jest --maxWorkers=2 --testPathPatterns '\.spec\.ts$'
done
