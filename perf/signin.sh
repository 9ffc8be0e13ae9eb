#!/usr/bin/env bash
# Sign-in and authenticated-call latency against a running store (README Quick start), as the mobile app
# signs in: sequential logins (Argon2id verify + refresh token), GET /api/v1/me with the bearer token
# (one identity.authenticate hop), and a burst of logins 8 at a time.
# Usage: perf/signin.sh [base-url] [email] [password]   (defaults: the dev run and its dev admin)
set -euo pipefail
BASE=${1:-http://localhost:8080}
EMAIL=${2:-admin@kstore.local}
PASSWORD=${3:-kstore-dev-admin}
BODY="{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"client\":\"mobile\"}"
curl -fsS "$BASE/health" >/dev/null || { echo "no store answering at $BASE/health: start it first"; exit 1; }

stats() { sort -k2 -n | awk -v what="$1" '{a[NR]=$2; c[$1]++} END {s=""; for (k in c) s=s k "x" c[k] " ";
  p99=int(NR*0.99); if (p99 < 1) p99=1;
  printf "%s: n=%d status %s p50=%.1f ms p90=%.1f ms p99=%.1f ms\n", what, NR, s, a[int(NR*0.5)]*1000,
  a[int(NR*0.9)]*1000, a[p99]*1000}'; }

curl -s -o /dev/null -H 'content-type: application/json' -d "$BODY" "$BASE/api/v1/auth/login"   # warm-up
for i in $(seq 1 40); do
  curl -s -o /dev/null -w "%{http_code} %{time_total}\n" -H 'content-type: application/json' -d "$BODY" "$BASE/api/v1/auth/login"
done | stats "sequential sign-ins"
TOKEN=$(curl -s -H 'content-type: application/json' -d "$BODY" "$BASE/api/v1/auth/login" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
for i in $(seq 1 200); do
  curl -s -o /dev/null -w "%{http_code} %{time_total}\n" -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/me"
done | stats "GET /api/v1/me (bearer)"
start=$(date +%s%N)
seq 1 40 | xargs -P 8 -I{} curl -s -o /dev/null -H 'content-type: application/json' -d "$BODY" "$BASE/api/v1/auth/login"
end=$(date +%s%N)
echo "burst: 40 sign-ins, 8 at once, in $(( (end - start) / 1000000 )) ms"
