#!/usr/bin/env bash
# A throw-away 3-master Redis Cluster on loopback, for the tests and benches that must run on a cluster
# (docs/scaling.md). Never touches the shared Redis on 6379: it picks free ports (and their cluster-bus ports,
# port + 10000), keeps everything in a temp dir and stores nothing on disk.
#
#   eval "$(scripts/redis-cluster.sh start)"   # sets REDIS_CLUSTER_DIR and REDIS_CLUSTER_URL (redis+cluster://…)
#   scripts/redis-cluster.sh stop "$REDIS_CLUSTER_DIR"
#
# The URL is what REDIS_URL (app), TEST_REDIS_URL (tests) and BENCH_REDIS_URL (benches) take for a cluster.
set -euo pipefail
MASTERS=3

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || { echo "redis-server and redis-cli are needed (apt-get install redis-server)" >&2; exit 1; }
  local dir ports=() p
  dir=$(mktemp -d "${TMPDIR:-/tmp}/fangxin-redis-cluster.XXXXXX")
  # A port seen free can be taken before redis-server binds it (other tests pick ports too): a node that does not
  # answer sends the whole start round again on other ports, up to three times.
  local up=0
  for _attempt in 1 2 3; do
    # Consecutive free ports from a random base, each with its bus port free too.
    for _ in $(seq 1 50); do
      p=$((20000 + RANDOM % 9000))
      ports=()
      for i in $(seq 0 $((MASTERS - 1))); do
        if port_free $((p + i)) && port_free $((p + i + 10000)); then ports+=($((p + i))); else break; fi
      done
      [ ${#ports[@]} -eq $MASTERS ] && break
    done
    [ ${#ports[@]} -eq $MASTERS ] || { echo "no free ports for a cluster" >&2; rm -rf "$dir"; exit 1; }
    for p in "${ports[@]}"; do
      redis-server --port "$p" --bind 127.0.0.1 --protected-mode no --daemonize yes \
        --cluster-enabled yes --cluster-config-file "$dir/nodes-$p.conf" --cluster-node-timeout 5000 \
        --dir "$dir" --pidfile "$dir/redis-$p.pid" --logfile "$dir/redis-$p.log" \
        --save '' --appendonly no >/dev/null
      echo "$p" >>"$dir/ports"
    done
    for p in "${ports[@]}"; do
      for _ in $(seq 1 100); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
    done
    up=1
    for p in "${ports[@]}"; do redis-cli -p "$p" ping 2>/dev/null | grep -q PONG || up=0; done
    [ $up -eq 1 ] && break
    for f in "$dir"/redis-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
    rm -f "$dir"/*
  done
  [ $up -eq 1 ] || { echo "the cluster's nodes did not start" >&2; rm -rf "$dir"; exit 1; }
  local nodes=()
  for p in "${ports[@]}"; do nodes+=("127.0.0.1:$p"); done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$dir/create.log" 2>&1 || {
    cat "$dir/create.log" >&2; stop "$dir"; exit 1; }
  # Every node must agree that all 16384 slots are served before a client connects.
  for p in "${ports[@]}"; do
    for _ in $(seq 1 100); do
      redis-cli -p "$p" cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
      sleep 0.1
    done
    redis-cli -p "$p" cluster info | grep -q 'cluster_state:ok' || { echo "cluster not ok on $p" >&2; stop "$dir"; exit 1; }
  done
  local url="redis+cluster://$(IFS=,; echo "${nodes[*]}")"
  echo "$url" >"$dir/url"
  echo "export REDIS_CLUSTER_DIR='$dir' REDIS_CLUSTER_URL='$url'"
}

stop() {
  local dir="${1:-${REDIS_CLUSTER_DIR:-}}"
  [ -n "$dir" ] && [ -f "$dir/ports" ] || { echo "usage: $0 stop DIR (the REDIS_CLUSTER_DIR that start printed)" >&2; exit 1; }
  local pid
  for f in "$dir"/redis-*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    # only the servers this script started (their pid files are in its own dir)
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
