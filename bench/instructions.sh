#!/usr/bin/env bash
# bench/instructions.sh — instructions per request, the repeatable figure.
#
#   bash bench/instructions.sh
#
# wrk's figures on a shared two-core machine move by ±20 % from one run to
# the next, and with the machine's speed. This counts what the server itself
# executes: it runs the release binary under `valgrind --tool=callgrind` on a
# new SQLite database with BENCH_CUSTOMERS (10,000) customers of Northwind,
# sends BENCH_REQUESTS (100) sequential requests to each page after 20
# warm-up ones, and prints user-space instructions per request (system calls
# and time spent waiting are not counted: use bench/run.sh and perf for
# those). The same binary and data give the same figures on every run.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
CUSTOMERS=${BENCH_CUSTOMERS:-10000}
REQUESTS=${BENCH_REQUESTS:-100}
PORT=${BENCH_PORT:-18081}
BASE="http://127.0.0.1:$PORT"
BIN=$ROOT/target/release/partnerlink

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench/instructions.sh: %s\n' "$*" >&2; exit 1; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

if ! command -v valgrind >/dev/null; then
  log "installing valgrind"
  as_root apt-get update -qq
  as_root apt-get install -y -qq valgrind >/dev/null
fi
log "cargo build --release"
cargo build --release --quiet

WORK=$(mktemp -d /tmp/partnerlink-instructions.XXXXXX)
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export PARTNERLINK_BIND="127.0.0.1:$PORT" DATABASE_URL="sqlite://$WORK/bench.sqlite3" PARTNERLINK_DEMO=true \
  PARTNERLINK_BENCH_BASELINE=true PARTNERLINK_SESSION_KEY="$(head -c 64 /dev/urandom | base64 -w0)" \
  PARTNERLINK_LOCALES_RELOAD=false PARTNERLINK_JOBS_INTERVAL_SECONDS=3600 RUST_LOG=warn

wait_ready() {
  local i
  for ((i = 0; i < 600; i++)); do
    curl -fso /dev/null "$BASE/readyz" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server stopped"
    sleep 0.1
  done
  die "the server was not ready within 60 s"
}

stop() {
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

csrf_of() { grep -o 'name="csrf_token" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//'; }

# Signs $2 in on side $1 with cookie jar $3 and prints the session cookie.
sign_in() {
  local side=$1 email=$2 jar=$3 home=$4 csrf
  csrf=$(curl -fsS -c "$jar" -b "$jar" "$BASE/$side/sign-in" | csrf_of)
  curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "email=$email" \
    --data-urlencode "password=demo-password" --data-urlencode "csrf_token=$csrf" "$BASE/$side/sign-in"
  curl -fsS -o /dev/null -c "$jar" -b "$jar" "$BASE$home"
  awk '$6 == "partnerlink_session" { print $7 }' "$jar"
}

log "seeding $CUSTOMERS customers"
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_ready
"$BIN" seed-bulk --customers "$CUSTOMERS" >/dev/null
PARTNER="Cookie: partnerlink_session=$(sign_in partner admin@northwind.example "$WORK/p.jar" /partner/customers)"
ADMIN="Cookie: partnerlink_session=$(sign_in admin admin@tailspin.example "$WORK/a.jar" /admin/partner-relationships)"
stop

# Instructions per request for path $2 with header $3, labelled $1.
measure() {
  local label=$1 path=$2 header=$3 i total
  rm -f "$WORK"/callgrind.out*
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$WORK/callgrind.out" \
    "$BIN" serve >"$WORK/valgrind.log" 2>&1 &
  SERVER_PID=$!
  wait_ready
  for ((i = 0; i < 20; i++)); do curl -fso /dev/null -H "$header" "$BASE$path"; done
  callgrind_control -i on "$SERVER_PID" >/dev/null 2>&1
  for ((i = 0; i < REQUESTS; i++)); do curl -fso /dev/null -H "$header" "$BASE$path"; done
  callgrind_control -i off "$SERVER_PID" >/dev/null 2>&1
  stop
  total=$(cat "$WORK"/callgrind.out* | awk '/^totals:/ { s += $2 } END { print s + 0 }')
  printf '| %s | `%s` | %d |\n' "$label" "$path" "$((total / REQUESTS))"
}

echo "| page | path | instructions per request |"
echo "|---|---|---:|"
measure "fortunes baseline (a)" /bench/fortunes "X-Bench: none"
measure "request-relationship page (b)" /partner/customers/request-relationship "$PARTNER"
measure "customer list, page 1 (c)" /partner/customers "$PARTNER"
measure "customer's Partner relationships (d)" /admin/partner-relationships "$ADMIN"
measure "activity, page 1 (i)" /partner/activity "$PARTNER"
