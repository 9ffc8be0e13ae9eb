#!/usr/bin/env bash
# Measures how long an all-in-one dev node takes to be ready (GET /health = 200) on a FRESH data dir
# (first start: servers initialised, 27,075 games imported and indexed) and on a second start (data kept),
# and the resident memory of the node plus its embedded PostgreSQL, Redis and Kafka processes.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=verticles/launcher/target/kstore.jar
PORT=${PORT:-18080}
[ -f "$JAR" ] || mvn -B -q package -DskipTests
DATA=$(mktemp -d /tmp/kstore-startup-XXXX)

tree_rss_mib() { # RSS of a pid, all its descendant processes (not threads), and re-parented helpers naming the data dir
  local pids
  pids=$( { echo "$1"; ps -e -o pid=,ppid= | awk -v root="$1" '
      { parent[$1] = $2 } END { changed = 1; keep[root] = 1
        while (changed) { changed = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } }
        for (p in keep) print p }'; pgrep -f "$DATA" || true; } | sort -un)
  local total=0 r
  for p in $pids; do r=$(awk '/VmRSS/ {print $2}' /proc/$p/status 2>/dev/null || true); total=$((total + ${r:-0})); done
  echo $((total / 1024))
}

measure() { # label
  local t0 t1 pid
  t0=$(date +%s%N)
  java -Xmx512m -jar "$JAR" --data-dir "$DATA" --http-port "$PORT" --cluster-port 15701 > "$DATA/node-$1.log" 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "node died; see $DATA/node-$1.log"; exit 1; }
    sleep 0.2
  done
  t1=$(date +%s%N)
  sleep 5   # let start-up settle before reading memory
  echo "$1: ready in $(( (t1 - t0) / 1000000 )) ms, RSS node+servers $(tree_rss_mib $pid) MiB"
  kill $pid; wait $pid 2>/dev/null || true
}
command -v pstree >/dev/null || { apt-get update -qq && apt-get install -y -qq psmisc >/dev/null; }
measure first-start
measure restart
rm -rf "$DATA"
