#!/usr/bin/env bash
# Checkout throughput next to pgbench on the same PostgreSQL, in one run, then a consistency check.
#  1. starts an all-in-one dev node on a scratch data dir (or uses BASE + DATA_DIR of a running one)
#  2. perf/CheckoutLoad.java: registers BUYERS mobile buyers, warms the node up for WARMUP seconds at the highest
#     level, then CONCURRENCY levels of buyers doing quote + order (card, pm_card_visa, the sandbox) for SECONDS
#     each, over the 7 demo pre-orders and GAMES (40) released games: orders/s, p50/p90/p99
#  3. pgbench (Debian's PostgreSQL 15 client) on a separate database `pgbench` of the same server:
#     -i -s 10, then the built-in TPC-B-like script with -c 16 -j 2 -T 30
#  4. check run: SQL on the checkout schema and the sandbox's PaymentIntents; PASS/FAIL lines
# Usage: perf/checkout.sh                      (own store on port 18480, fresh data dir, stopped at the end)
#        BASE=http://127.0.0.1:8080 DATA_DIR=/path/to/data perf/checkout.sh   (a running store)
# Own node only: NODE_JAVA_OPTS (e.g. -XX:StartFlightRecording=filename=/tmp/node.jfr), NODE_ARGS (e.g. --conf x.json),
#   MAIL=relay (default: the node sends its mails over SMTP to perf/SmtpSink.java, a separate process standing in for
#   a production mail relay) or MAIL=catcher (the dev run's in-JVM mail catcher, GreenMail, which parses every mail)
# Knobs: BUYERS=500 GAMES=40 CONCURRENCY=8,16,32 DURATION=15 WARMUP=60 PGBENCH_CLIENTS=16 PGBENCH_SECONDS=30 PORT=18480
# Results in perf/results/checkout-<time>/ (summary.md, orders.csv, pgbench output, check output, node log).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=verticles/launcher/target/kstore.jar
PGBIN=/usr/lib/postgresql/15/bin
BUYERS=${BUYERS:-500}
CONCURRENCY=${CONCURRENCY:-8,16,32}
SECONDS_EACH=${DURATION:-15}
WARMUP=${WARMUP:-60}
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-16}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-30}
PORT=${PORT:-18480}
MAIL=${MAIL:-relay}
OUT=perf/results/checkout-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
[ -x "$PGBIN/pgbench" ] || { apt-get update -qq && apt-get install -y -qq postgresql-client-15 >/dev/null; }
[ -f "$JAR" ] || mvn -B -q package -DskipTests

NODE_PID=
SINK_PID=
OWN_DATA=
cleanup() { # stop our own node (it stops its embedded servers) and drop its scratch data dir
  if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; fi
  if [ -n "$SINK_PID" ]; then kill "$SINK_PID" 2>/dev/null || true; fi
  if [ -n "$OWN_DATA" ]; then rm -rf "$OWN_DATA"; fi
  true
}
trap cleanup EXIT
if [ -z "${BASE:-}" ]; then
  DATA_DIR=$(mktemp -d /tmp/kstore-checkout-bench-XXXX)
  OWN_DATA=$DATA_DIR
  BASE=http://127.0.0.1:$PORT
  if [ "$MAIL" = relay ]; then
    SMTP_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    java -Xmx64m perf/SmtpSink.java "$SMTP_PORT" "$OUT/mails.txt" > "$OUT/smtp-sink.log" 2>&1 &
    SINK_PID=$!
    until [ -s "$OUT/mails.txt" ]; do sleep 0.2; done
    export KSTORE_SMTP_HOST=127.0.0.1 KSTORE_SMTP_PORT=$SMTP_PORT   # a configured SMTP host: no mail catcher
  fi
  # own cluster port and member list: never joins another node running on this machine
  java -Xmx512m ${NODE_JAVA_OPTS:-} -jar "$JAR" --data-dir "$DATA_DIR" --http-port "$PORT" --cluster-port 15801 \
    --members 127.0.0.1:15801 ${NODE_ARGS:-} > "$OUT/node.log" 2>&1 &
  NODE_PID=$!
  echo "starting a dev node (pid $NODE_PID, data $DATA_DIR) ..."
  until curl -fsS "$BASE/health" >/dev/null 2>&1; do
    kill -0 "$NODE_PID" 2>/dev/null || { echo "node died; see $OUT/node.log"; exit 1; }
    sleep 0.5
  done
fi
curl -fsS "$BASE/health" >/dev/null || { echo "no store answering at $BASE/health"; exit 1; }
STACK=${DATA_DIR:?set DATA_DIR to the data dir of the running store}/stack.json
j() { python3 -c "import json,sys; d=json.load(open('$STACK')); print(eval('d' + sys.argv[1]))" "$1"; }
export PGHOST=127.0.0.1 PGPORT=$(j "['config']['pg']['port']") PGUSER=$(j "['config']['pg']['user']") \
  PGPASSWORD=$(j "['config']['pg']['password']")
KSTORE_DB=$(j "['config']['pg']['database']")
SANDBOX=$(j "['config']['payments']['sandbox']['url']")
SANDBOX_KEY=$(j "['config']['payments']['sandbox']['secretKey']")
export STORE_PID=$(j "['ownerPid']") PG_PID=$(j "['pids']['postgres']")
psql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
echo "store $BASE, PostgreSQL $(psql -d "$KSTORE_DB" -Atc 'show server_version') on :$PGPORT" \
  "(fsync $(psql -d "$KSTORE_DB" -Atc 'show fsync'), synchronous_commit $(psql -d "$KSTORE_DB" -Atc 'show synchronous_commit'))"

# ---- pgbench database (separate from the store's) ----
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
psql -d "$KSTORE_DB" -c 'SET client_min_messages = warning' -c 'DROP DATABASE IF EXISTS pgbench' -c 'CREATE DATABASE pgbench' >/dev/null
"$PGBIN/pgbench" -i -s 10 -q pgbench > "$OUT/pgbench-init.txt" 2>&1

# ---- checkout load (with a sampler of what the store's PostgreSQL sessions wait for) ----
( while :; do psql -d "$KSTORE_DB" -Atc "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU'), state,
      CASE WHEN wait_event_type = 'Lock' THEN left(regexp_replace(query, '\s+', ' ', 'g'), 70) END
    FROM pg_stat_activity WHERE datname = '$KSTORE_DB' AND state <> 'idle' AND pid <> pg_backend_pid()" 2>/dev/null
    sleep 0.5; done ) > "$OUT/pg-waits.txt" &
SAMPLER=$!
java -Xmx256m perf/CheckoutLoad.java load "$BASE" "$OUT" "$BUYERS" "$CONCURRENCY" "$SECONDS_EACH" "$WARMUP" \
  | tee "$OUT/load.txt"
kill "$SAMPLER" 2>/dev/null || true

# ---- pgbench, built-in TPC-B-like ----
pg_snapshot() { # "pid ticks" (utime + stime) of each child of the postmaster, and "pm" with the postmaster's own
  # ticks plus those of its exited children (cutime + cstime: the backends it reaped)
  python3 - "$PG_PID" <<'PY'
import os, sys
pg = sys.argv[1]
for pid in os.listdir('/proc'):
    if not pid.isdigit():
        continue
    try:
        stat = open(f'/proc/{pid}/stat').read()
    except OSError:
        continue
    f = stat[stat.rindex(')') + 2:].split()
    if pid == pg:
        print('pm', sum(int(x) for x in f[11:15]))
    elif f[1] == pg:
        print(pid, int(f[11]) + int(f[12]))
PY
}
pg_snapshot > "$OUT/pg-cpu-0.txt"
"$PGBIN/pgbench" -c "$PGBENCH_CLIENTS" -j 2 -T "$PGBENCH_SECONDS" -l --log-prefix="$OUT/pgbench_log" pgbench \
  > "$OUT/pgbench.txt" 2>&1
sleep 1; pg_snapshot > "$OUT/pg-cpu-1.txt"
# PostgreSQL's CPU during pgbench: children alive at both moments by their difference, children born since whole,
# children gone since (reaped: counted in the postmaster's cutime) less what they had used before
PG_TICKS=$(python3 - "$OUT/pg-cpu-0.txt" "$OUT/pg-cpu-1.txt" <<'PY'
import sys
a, b = (dict(l.split() for l in open(f)) for f in sys.argv[1:3])
d = int(b.pop('pm')) - int(a.pop('pm'))
d += sum(int(t) - int(a.get(p, 0)) for p, t in b.items())
d -= sum(int(t) for p, t in a.items() if p not in b)
print(d)
PY
)
TX=$(awk '/^number of transactions actually processed:/ {print $NF}' "$OUT/pgbench.txt")
TPS=$(awk '/^tps = / {print $3; exit}' "$OUT/pgbench.txt")
PG_LAT=$(cat "$OUT"/pgbench_log* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {
  printf "p50 %.1f ms, p99 %.1f ms", a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000}')
PG_MS_PER_TX=$(awk -v ticks="$PG_TICKS" -v tx="$TX" -v hz="$(getconf CLK_TCK)" \
  'BEGIN { if (tx > 0) printf "%.2f", 1000 * ticks / hz / tx; else print "?" }')
rm -f "$OUT"/pgbench_log*

# ---- check run ----
psql -d "$KSTORE_DB" -At > "$OUT/check.txt" <<SQL
CREATE TEMP TABLE answers (phase text, level int, quote_ms numeric, order_ms numeric, status int, order_status text,
  order_id text, user_id uuid, idempotency_key text, total bigint, earned bigint, spent bigint, error text);
\copy answers FROM '$OUT/orders.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP VIEW ok AS SELECT order_id::uuid AS id, user_id, idempotency_key, total, earned, spent FROM answers
  WHERE status = 201 AND order_status = 'paid';
CREATE TEMP VIEW mine AS SELECT o.* FROM checkout.orders o WHERE o.user_id IN (SELECT DISTINCT user_id FROM answers);
SELECT CASE WHEN a = b AND c = 0 THEN 'PASS' ELSE 'FAIL' END || ' paid orders in the database (' || b
  || ') = successful HTTP answers (' || a || '), ' || c || ' answered paid but not paid in the database'
  FROM (SELECT (SELECT count(*) FROM ok) a, (SELECT count(*) FROM mine WHERE status = 'paid') b,
    (SELECT count(*) FROM ok LEFT JOIN mine m ON m.id = ok.id AND m.status = 'paid' WHERE m.id IS NULL) c) x;
SELECT CASE WHEN n = 0 THEN 'PASS' ELSE 'FAIL' END || ' no lost orders: ' || n
  || ' orders of the buyers in the database that no answer returned, or not paid (' || coalesce(s, '-') || ')'
  FROM (SELECT count(*) n, string_agg(DISTINCT status, ',') s FROM mine m
    WHERE status <> 'paid' OR m.id NOT IN (SELECT id FROM ok)) x;
SELECT CASE WHEN d = 0 AND g = 0 THEN 'PASS' ELSE 'FAIL' END || ' no duplicated orders: ' || d
  || ' idempotency keys with more than one order, ' || g || ' buyer+game pairs bought more than once'
  FROM (SELECT (SELECT count(*) FROM (SELECT 1 FROM mine GROUP BY user_id, idempotency_key HAVING count(*) > 1) k) d,
    (SELECT count(*) FROM (SELECT 1 FROM mine m JOIN checkout.order_items i ON i.order_id = m.id
      WHERE m.status = 'paid' GROUP BY m.user_id, i.game_id HAVING count(*) > 1) k) g) x;
SELECT CASE WHEN bad = 0 AND extra = 0 THEN 'PASS' ELSE 'FAIL' END || ' entitlements: ' || items
  || ' items of paid orders, ' || bad || ' without exactly one entitlement, ' || extra
  || ' entitlements of orders not paid'
  FROM (SELECT (SELECT count(*) FROM mine m JOIN checkout.order_items i ON i.order_id = m.id WHERE m.status = 'paid') items,
    (SELECT count(*) FROM mine m JOIN checkout.order_items i ON i.order_id = m.id WHERE m.status = 'paid'
      AND (SELECT count(*) FROM checkout.entitlements e WHERE e.order_id = m.id AND e.game_id = i.game_id) <> 1) bad,
    (SELECT count(*) FROM checkout.entitlements e JOIN mine m ON m.id = e.order_id WHERE m.status <> 'paid') extra) x;
WITH ledger AS (SELECT user_id, sum(delta) s FROM checkout.points_ledger
    WHERE user_id IN (SELECT DISTINCT user_id FROM answers) GROUP BY user_id),
  db AS (SELECT user_id, sum(points_earned - points_spent) s FROM mine WHERE status = 'paid' GROUP BY user_id),
  http AS (SELECT user_id, sum(earned - spent) s FROM ok GROUP BY user_id),
  u AS (SELECT DISTINCT user_id FROM answers)
SELECT CASE WHEN n = 0 THEN 'PASS' ELSE 'FAIL' END || ' points: ' || users || ' buyers, ' || n
  || ' whose ledger sum differs from earned minus spent (orders in the database or in the HTTP answers); ledger total '
  || lt || ', earned ' || e || ', spent ' || sp
  FROM (SELECT count(*) users, count(*) FILTER (WHERE coalesce(l.s, 0) <> coalesce(d.s, 0)
      OR coalesce(l.s, 0) <> coalesce(h.s, 0)) n, sum(coalesce(l.s, 0)) lt FROM u
      LEFT JOIN ledger l USING (user_id) LEFT JOIN db d USING (user_id) LEFT JOIN http h USING (user_id)) x,
    (SELECT sum(points_earned) e, sum(points_spent) sp FROM mine WHERE status = 'paid') y;
SELECT CASE WHEN n = 0 THEN 'PASS' ELSE 'FAIL' END || ' points ledger rows: ' || n
  || ' paid orders without exactly one earn row (= points earned) and one spend row (= points spent, when > 0)'
  FROM (SELECT count(*) n FROM mine m WHERE m.status = 'paid' AND (
    (SELECT count(*) FROM checkout.points_ledger p WHERE p.order_id = m.id AND p.kind = 'earn' AND p.delta = m.points_earned)
      <> CASE WHEN m.points_earned > 0 THEN 1 ELSE 0 END
    OR (SELECT count(*) FROM checkout.points_ledger p WHERE p.order_id = m.id AND p.kind = 'spend' AND p.delta = -m.points_spent)
      <> CASE WHEN m.points_spent > 0 THEN 1 ELSE 0 END
    OR (SELECT count(*) FROM checkout.points_ledger p WHERE p.order_id = m.id) <> (CASE WHEN m.points_earned > 0 THEN 1 ELSE 0 END
      + CASE WHEN m.points_spent > 0 THEN 1 ELSE 0 END))) x;
SELECT CASE WHEN nulls = 0 AND dup = 0 THEN 'PASS' ELSE 'FAIL' END || ' charges: ' || nulls
  || ' paid orders without a PaymentIntent, ' || dup || ' PaymentIntents shared by several orders'
  FROM (SELECT count(*) FILTER (WHERE provider_ref IS NULL AND total > 0) nulls,
    count(provider_ref) - count(DISTINCT provider_ref) dup FROM mine WHERE status = 'paid') x;
SELECT CASE WHEN n = 0 THEN 'PASS' ELSE 'FAIL' END || ' events: ' || n
  || ' paid orders without exactly one order-paid event in the outbox'
  FROM (SELECT count(*) n FROM mine m LEFT JOIN (SELECT x.payload->'data'->>'orderId' AS order_id, count(*) c
    FROM checkout.outbox x WHERE x.payload->>'type' = 'checkout.order-paid' GROUP BY 1) e ON e.order_id = m.id::text
    WHERE m.status = 'paid' AND coalesce(e.c, 0) <> 1) x;
\copy (SELECT id || '|' || provider_ref || '|' || total || '|' || currency FROM checkout.orders WHERE status = 'paid' AND provider_ref IS NOT NULL AND user_id IN (SELECT DISTINCT user_id FROM answers)) TO '$OUT/paid-orders.txt'
SQL
java perf/CheckoutLoad.java sandbox "$SANDBOX" "$SANDBOX_KEY" "$OUT/paid-orders.txt" >> "$OUT/check.txt"
# every paid order's confirmation mail went out (notifications.sent), once; the relay's count once they settle
for _ in $(seq 1 30); do
  PENDING=$(psql -d "$KSTORE_DB" -Atc "SELECT count(*) FROM checkout.orders o WHERE o.status = 'paid' AND o.id::text
    NOT IN (SELECT x.payload->'data'->>'orderId' FROM checkout.outbox x JOIN notifications.sent s ON s.event_id = x.id
    WHERE x.payload->>'type' = 'checkout.order-paid')")
  [ "$PENDING" = 0 ] && break
  sleep 1
done
psql -d "$KSTORE_DB" -At >> "$OUT/check.txt" <<SQL
SELECT CASE WHEN n = 0 THEN 'PASS' ELSE 'FAIL' END || ' mails: ' || n
  || ' paid orders whose confirmation mail is not recorded as sent exactly once'
  FROM (SELECT count(*) n FROM checkout.orders o LEFT JOIN (SELECT x.payload->'data'->>'orderId' AS order_id,
    count(*) c FROM checkout.outbox x JOIN notifications.sent s ON s.event_id = x.id
    WHERE x.payload->>'type' = 'checkout.order-paid' GROUP BY 1) m ON m.order_id = o.id::text
    WHERE o.status = 'paid' AND coalesce(m.c, 0) <> 1) x;
SQL
if [ -s "$OUT/mails.txt" ]; then
  echo "    (the mail relay accepted $(cut -d' ' -f1 "$OUT/mails.txt") mails: sign-up verifications and order confirmations)" >> "$OUT/check.txt"
fi
WEBHOOKS=$(psql -d "$KSTORE_DB" -Atc "SELECT count(*) || ' webhook events, ' || count(DISTINCT event_id) || ' distinct' FROM checkout.payment_events")

# ---- summary ----
{
  echo "## Checkout vs pgbench — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "machine: $(nproc) cores (shared by the store, its PostgreSQL, the load generator and pgbench), $(free -g | awk '/Mem/ {print $2}') GiB, $(uname -r), $(java -version 2>&1 | head -1)"
  echo "load average before the run: $LOAD_BEFORE (other work on this machine counts as 'other' below)"
  echo "mail: $MAIL ($( [ "$MAIL" = relay ] && echo 'perf/SmtpSink.java, a separate process' || echo "the dev stack's in-JVM mail catcher"))"
  echo "PostgreSQL $(psql -d "$KSTORE_DB" -Atc 'show server_version'), fsync $(psql -d "$KSTORE_DB" -Atc 'show fsync'), synchronous_commit $(psql -d "$KSTORE_DB" -Atc 'show synchronous_commit'), shared_buffers $(psql -d "$KSTORE_DB" -Atc 'show shared_buffers')"
  echo
  cat "$OUT/load-summary.md"
  echo
  echo "pgbench (TPC-B-like, scale 10, -c $PGBENCH_CLIENTS -j 2 -T $PGBENCH_SECONDS): **$TPS TPS**, $PG_LAT;" \
    "PostgreSQL CPU per pgbench transaction: $PG_MS_PER_TX ms (compare 'postgres ... ms/order' below)"
  echo
  awk -F'|' -v tps="$TPS" 'NR > 2 { r = $4 + 0; p = $7 + 0;
    printf "- %s concurrent buyers: %.1f orders/s = %.1f%% of pgbench TPS, order p99 %s ms → target (≥ 25%%, p99 < 250 ms) %s\n",
      $2 + 0, r, 100 * r / tps, p, (r >= 0.25 * tps && p < 250) ? "MET" : "not met" }' "$OUT/load-summary.md"
  echo
  echo "Seen from the database alone (the application tier on its own machines, as the store scales out):"
  awk -v tx="$PG_MS_PER_TX" '/^load c=/ && match($0, /postgres [0-9.]+ s \([0-9.]+ ms\/order\)/) {
    split(substr($0, RSTART, RLENGTH), f, "[ (]+"); ms = f[4] + 0; sub(":", "", $2)
    if (ms > 0) printf "- %s: PostgreSQL CPU %.2f ms per paid order vs %s ms per pgbench transaction = %.0f%% of pgbench TPS\n", $2, ms, tx, 100 * tx / ms }' "$OUT/cpu.txt"
  echo
  echo "CPU by process during each level (10 ms ticks, live processes only):"
  sed 's/^/- /' "$OUT/cpu.txt"
  echo
  echo "PostgreSQL sessions of the store during the load, by wait event (samples every 0.5 s):"
  sort "$OUT/pg-waits.txt" | uniq -c | sort -rn | head -10 | sed 's/^ */- /'
  echo
  echo "check run:"
  sed 's/^/    /' "$OUT/check.txt"
  echo "    ($WEBHOOKS)"
} | tee "$OUT/summary.md"
grep -q FAIL "$OUT/check.txt" && exit 2 || true
