#!/usr/bin/env bash
# Measures, in one run, against a started store (default http://127.0.0.1:8080):
#   (a) a trivial Vert.x JSON endpoint (the ceiling, perf/Ceiling.java, same machine)
#   (b) game detail  (c) list page  (d) search with typos  (e) suggest
# and prints req/s, p50, p99 and the ratio to (a). Results land in perf/results/.
# Usage: perf/bench.sh [BASE_URL] ; env: DURATION (default 15s), CONNECTIONS (32), THREADS (2), EDGE_INSTANCES (1)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-http://127.0.0.1:8080}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
EDGE_INSTANCES=${EDGE_INSTANCES:-1}
CEILING_PORT=${CEILING_PORT:-8090}
JAR=verticles/launcher/target/kstore.jar
OUT=perf/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f "$JAR" ] || mvn -B -q package -DskipTests
curl -fsS "$BASE/health" >/dev/null || { echo "no store answering at $BASE/health: start it first (README Quick start)"; exit 1; }

java -Xmx256m -cp "$JAR" perf/Ceiling.java "$CEILING_PORT" "$EDGE_INSTANCES" > "$OUT/ceiling.log" 2>&1 &
CEILING_PID=$!
trap 'kill $CEILING_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$CEILING_PORT/" >/dev/null 2>&1 && break; sleep 0.2; done

run() { # name url [lua]
  local name=$1 url=$2 lua=${3:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
  [ -n "$lua" ] && args+=(-s "$lua")
  wrk "${args[@]}" -d5s "$url" >/dev/null 2>&1 || true   # warm-up (JIT, caches)
  wrk "${args[@]}" "$url" > "$OUT/$name.txt" 2>&1
}
run a-ceiling   "http://127.0.0.1:$CEILING_PORT/"
run b-detail    "$BASE/api/v1/games/292030?country=US"
run c-list      "$BASE" perf/list-page.lua
run d-search    "$BASE" perf/typo-search.lua
run e-suggest   "$BASE" perf/suggest.lua

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
pct() { awk -v p="$2" '$1==p {print $2}' "$1"; }
errs() { awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$1"; }
ceil=$(rps "$OUT/a-ceiling.txt")
{
  echo "| endpoint | req/s | p50 | p99 | vs (a) | errors |"
  echo "|---|---|---|---|---|---|"
  for f in a-ceiling b-detail c-list d-search e-suggest; do
    r=$(rps "$OUT/$f.txt")
    ratio=$(awk -v r="$r" -v c="$ceil" 'BEGIN {printf "%.0f%%", 100*r/c}')
    echo "| $f | $r | $(pct "$OUT/$f.txt" 50%) | $(pct "$OUT/$f.txt" 99%) | $ratio | $(errs "$OUT/$f.txt") |"
  done
} | tee "$OUT/summary.md"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(uname -r); wrk -t$THREADS -c$CONNECTIONS -d$DURATION" | tee -a "$OUT/summary.md"
