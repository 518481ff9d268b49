#!/usr/bin/env bash
# The whole suite: type-check, every test tier against the real PostgreSQL and Redis, then the domain and unit
# specs again under other time zones (deadline maths must not depend on the server's TZ), then the e2e tier again
# with the machine's clock shifted more than a year ahead (no test may depend on the day it runs).
# Every pass runs, whatever an earlier one did; the summary lists each, and the exit status is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install --no-audit --no-fund || exit 1

# How far the clock is shifted for the last pass (libfaketime's offset syntax). 400 days from any day of 2026
# lands in 2027–2028: a year with no holiday notice loaded, past a year's edge.
SHIFT="${FANGXIN_TEST_SHIFT:-+400d}"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
names=()
codes=()
pass() { # pass NAME CMD...
  local name="$1"; shift
  echo
  echo "== $name"
  local t0=$SECONDS
  "$@"
  local rc=$?
  names+=("$name ($((SECONDS - t0)) s)")
  codes+=("$rc")
  return 0
}

pass "prisma generate" npm run prisma:generate
pass "type-check (server)" npx tsc -p tsconfig.json --noEmit
pass "type-check (console)" npx tsc -p apps/web/tsconfig.json --noEmit
# browser tests (test/web) drive the built console in Chromium; the shifted pass needs libfaketime
pass "install chromium, fonts, faketime" bash scripts/ensure-chromium.sh
pass "build console" npm run build:web --silent
pass "all tiers (TZ=UTC)" env TZ=UTC npx jest --maxWorkers=2 --json --outputFile "$results/utc.json" "$@"
for zone in America/New_York Pacific/Kiritimati; do
  pass "unit specs (TZ=$zone)" env TZ=$zone npx jest --maxWorkers=2 --testPathPatterns '\.spec\.ts$' --json --outputFile "$results/${zone//\//-}.json"
done
# Node only: PostgreSQL and Redis keep the real time, as they would on a server whose clock drifted from the
# bureau's; the tests take "now" from an injected clock, so nothing may change.
# Timers stay on the real monotonic clock (BullMQ and Node's timers need it to advance normally).
# Chromium crashes under libfaketime: PDF reports are printed by one kept on the real clock.
pass "e2e tier, clock shifted $SHIFT" env TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 CHROMIUM_PATH="$PWD/scripts/chromium-real-clock.sh" faketime -f "$SHIFT" \
  bash -c 'date -u "+   the machine clock reads %F %T UTC"; exec npx jest --maxWorkers=2 --testPathPatterns "test/e2e/.*\\.e2e-spec\\.ts$" --json --outputFile "$0"' "$results/shifted.json"

# Redis Cluster (docs/scaling.md): a private 3-master cluster on loopback ports (never the shared 6379); the deadline
# engine's integration tests and the Redis users (sign-in throttle, identity-search limiter) run on it, then a short
# deadlines bench (exit status non-zero on a missed or doubled rung). The cluster is stopped whatever happened.
cluster_pass() {
  local out rc=0
  out=$(bash scripts/redis-cluster.sh start) || return 1
  eval "$out"
  echo "   cluster $REDIS_CLUSTER_URL"
  env TZ=UTC TEST_REDIS_URL="$REDIS_CLUSTER_URL" npx jest --maxWorkers=2 --json --outputFile "$results/cluster.json" \
    test/e2e/deadline-engine.e2e-spec.ts test/e2e/policy-versions.e2e-spec.ts test/e2e/ladder-admin.e2e-spec.ts \
    test/e2e/auth-hardening.e2e-spec.ts test/e2e/confidentiality.e2e-spec.ts || rc=1
  { npx tsc -p tsconfig.build.json && BENCH_REDIS_URL="$REDIS_CLUSTER_URL" node dist/bench/deadlines/deadlines.bench.js --n=2000 --window-s=20 --grace-s=120; } || rc=1
  bash scripts/redis-cluster.sh stop "$REDIS_CLUSTER_DIR"
  return $rc
}
pass "Redis Cluster: deadline engine tests + short deadlines bench" cluster_pass

echo
echo "== summary"
failed=0
for i in "${!names[@]}"; do
  if [ "${codes[$i]}" -eq 0 ]; then echo "   ok      ${names[$i]}"; else echo "   FAILED  ${names[$i]} (exit ${codes[$i]})"; failed=$((failed + 1)); fi
done
echo "passes: $(( ${#names[@]} - failed )) ok, $failed failed"
# Every jest pass's tests, added up — the closing line (a pass that died before reporting counts as a failed pass above).
node -e '
  const fs = require("node:fs"); let p = 0, f = 0;
  for (const n of fs.readdirSync(process.argv[1])) { const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + n, "utf8")); p += r.numPassedTests; f += r.numFailedTests; }
  console.log(`tests: ${p} passed, ${f} failed`);' "$results"
[ "$failed" -eq 0 ]
