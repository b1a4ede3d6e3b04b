#!/usr/bin/env bash
# bench/run.sh — partnerlink's repeatable benchmark (issue 9).
#
#   bash bench/run.sh
#
# One command, run from anywhere in the checkout. It
#   1. installs wrk with apt-get when it is missing, builds `cargo build --release`;
#   2. for SQLite, then PostgreSQL (BENCH_BACKENDS="sqlite postgres"):
#      - creates a new database (SQLite: a file under a temporary directory;
#        PostgreSQL: drops and recreates the database `partnerlink_bench` at
#        BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432),
#      - starts the server and measures the time from launch until /readyz
#        answers 200, migrations and demo data included   (h)
#      - seeds 1,000 customers (`partnerlink seed-bulk`), measures the partner
#        customer list at 1k, seeds up to 100,000 customers plus the
#      - signs in with curl (cookie jar, hidden csrf_token) and runs wrk for
#        BENCH_DURATION (10s) at BENCH_CONNECTIONS (64) connections with
#        BENCH_THREADS (2) threads on:
#          (a) /bench/fortunes — TechEmpower "fortunes" inside the binary, and
#              again with a session cookie (no target: the session check's cost)
#          (b) the partner's request-relationship page
#          (c) the partner customer list, page 1 and a search
#          (d) the customer's Partner relationships page
#          (e) acceptance POSTs, each a new reseller relationship (bench/accept.lua)
#          (f) customer-list p50 at 1k vs 100k customers
#          (g) the server's peak RSS (VmHWM from /proc/<pid>/status)
#   3. prints a Markdown table with PASS/MISS per target and writes it, with a
#      description of the machine and the hand-written bench/analysis.md (what
#      the profiles say about each miss), to BENCHMARKS.md.
#
# wrk and the server share the machine's cores, as they do on a 2-core box.
# Set BENCH_OUTPUT=/dev/null to leave BENCHMARKS.md alone.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
CUSTOMERS=${BENCH_CUSTOMERS:-100000}
SMALL=${BENCH_SMALL_CUSTOMERS:-1000}
# Enough partners that no token is used twice in one acceptance run.
BENCH_PARTNERS=${BENCH_PARTNERS:-60000}
# Customer admins the acceptance run rotates through (one tenant per request in flight).
BENCH_ADMINS=${BENCH_ADMINS:-256}
EVENTS=${BENCH_EVENTS:-1000000}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
PG_URL=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
PG_DB=${BENCH_POSTGRES_DB:-partnerlink_bench}
PORT=${BENCH_PORT:-18080}
BASE="http://127.0.0.1:$PORT"
OUTPUT=${BENCH_OUTPUT:-$ROOT/BENCHMARKS.md}
BIN=$ROOT/target/release/partnerlink
# Searches, URL-encoded, each with its label. The hard ones of issue 20 first.
SEARCHES=(
  "c2|search, no match (q=Globex Initech)|Globex%20Initech"
  "c3|search, one CJK character, no match (q=中)|%E4%B8%AD"
  "c4|search, two CJK characters (q=星辰)|%E6%98%9F%E8%BE%B0"
  "c5|search, common prefix (q=con)|con"
  "c6|customer search (q=байкал)|%D0%B1%D0%B0%D0%B9%D0%BA%D0%B0%D0%BB"
  "c7|search, one customer (q=customer4242.)|customer4242."
)
DEEP_PAGE=${BENCH_DEEP_PAGE:-1000} # of the customer list (50 rows a page)
API_DEEP_PAGES=${BENCH_API_DEEP_PAGES:-200} # nextLinks followed before the API's deep-page runs
DEEP_EVENTS_PAGE=${BENCH_DEEP_EVENTS_PAGE:-10000}
PREVIOUS=$ROOT/BENCHMARKS.md # the committed run, for comparison
export BENCH_THREADS=$THREADS
export PGOPTIONS='-c client_min_messages=warning' # no NOTICE from DROP … IF EXISTS

WORK=$(mktemp -d /tmp/partnerlink-bench.XXXXXX)
SERVER_PID=
RESULTS=$WORK/results.tsv # backend, id, label, rps, p50_us, p99_us, status_errors, socket_errors
: >"$RESULTS"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }

stop_server() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
# wrk's full output and the server's log outlive the run, for whoever has to
# explain an error or a slow figure: target/bench-logs/.
cleanup() {
  stop_server
  mkdir -p "$ROOT/target/bench-logs" && cp "$WORK"/*.log "$ROOT/target/bench-logs/" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# --- tools and build ---------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  as_root apt-get update -qq
  as_root apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null || die "curl is required"
log "cargo build --release"
cargo build --release --quiet

SESSION_KEY=$(head -c 64 /dev/urandom | base64 -w0)

# --- helpers -----------------------------------------------------------------
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Runs the binary with the benchmark's configuration for database URL $1.
partnerlink() {
  local url=$1
  shift
  env PARTNERLINK_BIND="127.0.0.1:$PORT" DATABASE_URL="$url" PARTNERLINK_DEMO=true PARTNERLINK_BENCH_BASELINE=true \
    PARTNERLINK_API_REQUESTS_PER_MINUTE=10000000 \
    PARTNERLINK_SESSION_KEY="$SESSION_KEY" PARTNERLINK_LOCALES_RELOAD=false RUST_LOG=warn "$BIN" "$@"
}

# Starts the server on $1 and sets STARTUP_MS: launch until /readyz says 200.
start_server() {
  local url=$1 started
  started=$(now_ms)
  # `env` execs the binary, so $! is the server's own PID.
  env PARTNERLINK_BIND="127.0.0.1:$PORT" DATABASE_URL="$url" PARTNERLINK_DEMO=true PARTNERLINK_BENCH_BASELINE=true \
    PARTNERLINK_API_REQUESTS_PER_MINUTE=10000000 \
    PARTNERLINK_SESSION_KEY="$SESSION_KEY" PARTNERLINK_LOCALES_RELOAD=false RUST_LOG=warn \
    "$BIN" serve >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  until curl -fso /dev/null "$BASE/readyz"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "the server stopped"; }
    (($(now_ms) - started < 30000)) || die "the server was not ready within 30 s"
    sleep 0.002
  done
  STARTUP_MS=$(($(now_ms) - started))
}

# The value of the hidden csrf_token field in the HTML on stdin.
csrf_of() { grep -o 'name="csrf_token" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//'; }

# The session cookie in cookie jar $1.
cookie_of() { awk '$6 == "partnerlink_session" { print $7 }' "$1"; }

# Signs $2 in on side $1 (partner|admin) with cookie jar $3, then opens page
# $4 as a browser would after the redirect: the session cookie then carries
# its CSRF token, so pages do not issue a new cookie on every request.
sign_in() {
  local side=$1 email=$2 jar=$3 home=$4 csrf
  rm -f "$jar"
  csrf=$(curl -fsS -c "$jar" -b "$jar" "$BASE/$side/sign-in" | csrf_of)
  [[ -n $csrf ]] || die "no csrf_token on /$side/sign-in"
  local status
  status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "email=$email" --data-urlencode "password=demo-password" \
    --data-urlencode "csrf_token=$csrf" "$BASE/$side/sign-in")
  [[ $status == 303 ]] || die "sign-in of $email answered $status"
  curl -fsS -o /dev/null -c "$jar" -b "$jar" "$BASE$home"
}

# Waits until the machine is idle (< 15 % busy over 0.5 s, at most 20 s):
# when wrk stops, requests still queued in the server or the database (slow
# searches) must not spill into the next measurement.
cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
settle() {
  local b0 t0 b1 t1 i
  for ((i = 0; i < 40; i++)); do
    read -r b0 t0 < <(cpu_ticks)
    sleep 0.5
    read -r b1 t1 < <(cpu_ticks)
    (((b1 - b0) * 100 < 15 * (t1 - t0))) && return 0
  done
  log "warning: the machine stayed busy before this run"
}

# wrk on $4 (a path), recorded as backend $1, id $2, label $3; extra wrk args follow.
run_wrk() {
  local backend=$1 id=$2 label=$3 path=$4
  shift 4
  settle
  log "$backend ($id) $label"
  local out line
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/report.lua "$@" "$BASE$path")
  printf '%s\n' "$out" >>"$WORK/wrk.log"
  line=$(grep '^BENCH ' <<<"$out") || die "no result from wrk for $path"
  if grep -q '^WRAPPED' <<<"$out"; then
    log "warning: the acceptance run used some tokens twice; raise BENCH_PARTNERS"
  fi
  local rps p50 p99 se so
  rps=$(sed 's/.* rps=\([^ ]*\).*/\1/' <<<"$line")
  p50=$(sed 's/.* p50_us=\([^ ]*\).*/\1/' <<<"$line")
  p99=$(sed 's/.* p99_us=\([^ ]*\).*/\1/' <<<"$line")
  se=$(sed 's/.* status_errors=\([^ ]*\).*/\1/' <<<"$line")
  so=$(sed 's/.* socket_errors=\([^ ]*\).*/\1/' <<<"$line")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$id" "$label" "$rps" "$p50" "$p99" "$se" "$so" >>"$RESULTS"
}

fresh_database() {
  case $1 in
    sqlite)
      echo "sqlite://$WORK/bench.sqlite3"
      ;;
    postgres)
      command -v psql >/dev/null || die "psql is required for the PostgreSQL run"
      psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
      psql -q "$PG_URL/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
      # The database is on this machine: no TLS. libpq's default (prefer)
      # would encrypt even this connection when the server has TLS on, as
      # Debian's has; that cost acceptance 25-35 % of its throughput.
      echo "$PG_URL/$PG_DB?sslmode=disable"
      ;;
  esac
}

# After a bulk load on PostgreSQL: fresh planner statistics, and the vacuum
# autovacuum would otherwise start in the middle of a measurement.
analyze() {
  case $1 in
    sqlite) ;;
    postgres) psql -q "$PG_URL/$PG_DB" -c "VACUUM ANALYZE" >/dev/null ;;
  esac
}

# One value from the database: backend $1, URL $2, query $3.
sql() {
  case $1 in
    sqlite) sqlite3 "${2#sqlite://}" "$3" ;;
    postgres) psql -qtA "$2" -c "$3" ;;
  esac
}

# A page link's cursor (web::cursor): base64url of "<page>.<key>".
cursor() { printf '%s.%s' "$1" "$2" | base64 -w0 | tr '+/' '-_' | tr -d '='; }

# Issues an API key (scope read) on the page, signed in with jar $1, named $2;
# prints the key the page shows once.
issue_api_key() {
  local jar=$1 name=$2 csrf
  csrf=$(curl -fsS -c "$jar" -b "$jar" "$BASE/partner/settings/api-keys" | csrf_of)
  curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "name=bench $name" --data-urlencode "scope=read" \
    --data-urlencode "csrf_token=$csrf" "$BASE/partner/settings/api-keys"
  curl -fsS -c "$jar" -b "$jar" "$BASE/partner/settings/api-keys" | grep -o 'id="api-key" class="mono" value="[^"]*"' |
    sed 's/.*value="//; s/"$//'
}

# Follows nextLink $3 times from path $2 with key $1; prints the last path.
follow_next() {
  local key=$1 path=$2 i next
  for ((i = 0; i < $3; i++)); do
    next=$(curl -fsS -H "Authorization: Bearer $key" "$BASE$path" | grep -o '"nextLink":"[^"]*"' | sed 's/.*:"//; s/"$//')
    [[ -n $next ]] || die "no nextLink after $i pages of $2"
    path=${next#"$BASE"}
  done
  printf '%s' "$path"
}

# The previous committed run, as "backend<TAB>label<TAB>rps<TAB>p99_us": from
# the data block this script writes into BENCHMARKS.md, or (older files)
# from its results table.
previous_results() {
  [[ -f $PREVIOUS ]] || return 0
  if grep -q '^<!-- bench-results' "$PREVIOUS"; then
    awk -F'\t' '/^<!-- bench-results/ { on = 1; next } /^-->/ { on = 0 } on { print $1 "\t" $3 "\t" $4 "\t" $6 }' "$PREVIOUS"
  else
    awk -F' *\\| *' '$2 ~ /^(SQLite|PostgreSQL)$/ && $3 ~ /^\([a-z]\) / && NF >= 9 {
      b = ($2 == "SQLite") ? "sqlite" : "postgres"; label = substr($3, 5)
      printf "%s\t%s\t%s\t%d\n", b, label, $4, $7 * 1000 }' "$PREVIOUS"
  fi
}

# Previous req/s (field 3) or p99 in µs (field 4) of backend $1, label $2; empty if none.
previous() { awk -F'\t' -v b="$1" -v l="$2" -v f="$3" '$1 == b && $2 == l { print $f; exit }' "$WORK/previous.tsv"; }

# --- one backend -------------------------------------------------------------
bench_backend() {
  local backend=$1 url
  url=$(fresh_database "$backend")
  log "$backend: start-up on a new database"
  start_server "$url"
  printf '%s\tstartup_ms\t%s\n' "$backend" "$STARTUP_MS" >>"$WORK/extra.tsv"

  log "$backend: seeding $SMALL customers"
  partnerlink "$url" seed-bulk --customers "$SMALL" >/dev/null
  analyze "$backend"
  sign_in partner admin@northwind.example "$WORK/partner.jar" /partner/customers/request-relationship
  local partner_cookie
  partner_cookie="Cookie: partnerlink_session=$(cookie_of "$WORK/partner.jar")"
  run_wrk "$backend" f1k "customer list, page 1, ${SMALL} customers" /partner/customers -H "$partner_cookie"

  log "$backend: seeding up to $CUSTOMERS customers, $BENCH_PARTNERS partners, $BENCH_ADMINS customer admins"
  partnerlink "$url" seed-bulk --customers $((CUSTOMERS - SMALL)) --bench-partners "$BENCH_PARTNERS" \
    --bench-admins "$BENCH_ADMINS" --fixtures "$WORK/fixtures" --events "$EVENTS" >/dev/null
  analyze "$backend"

  sign_in admin admin@tailspin.example "$WORK/admin.jar" /admin/partner-relationships
  local admin_cookie
  admin_cookie="Cookie: partnerlink_session=$(cookie_of "$WORK/admin.jar")"

  log "$backend: signing in $BENCH_ADMINS customer admins"
  awk '$1 == "token" { print $2 }' "$WORK/fixtures" >"$WORK/tokens"
  local first_token email jar csrf
  first_token=$(head -n1 "$WORK/tokens")
  : >"$WORK/sessions"
  while read -r email; do
    jar=$WORK/bench-admin.jar
    sign_in admin "$email" "$jar" /admin/partner-relationships
    csrf=$(curl -fsS -c "$jar" -b "$jar" "$BASE/admin/partner-invitation?token=$first_token" | csrf_of)
    [[ -n $csrf ]] || die "no csrf_token on the invitation page for $email"
    printf '%s %s\n' "$(cookie_of "$jar")" "$csrf" >>"$WORK/sessions"
  done < <(awk '$1 == "admin" { print $2 }' "$WORK/fixtures")

  run_wrk "$backend" a "fortunes baseline" /bench/fortunes
  # The same with the partner's session cookie (no target): what the
  # per-request session check costs every signed-in page, (b) included.
  run_wrk "$backend" a2 "fortunes baseline, signed in" /bench/fortunes -H "$partner_cookie"
  run_wrk "$backend" b "request-relationship page (signed in)" /partner/customers/request-relationship \
    -H "$partner_cookie"
  run_wrk "$backend" c1 "customer list, page 1, ${CUSTOMERS} customers" /partner/customers -H "$partner_cookie"
  local search id label query
  for search in "${SEARCHES[@]}"; do
    IFS='|' read -r id label query <<<"$search"
    run_wrk "$backend" "$id" "$label" "/partner/customers?q=$query" -H "$partner_cookie"
  done
  # Deep pages: the link a partner reaches by following "Next", and the old
  # numbered link (kept for old bookmarks; it starts from the counts by
  # block, domain::paging::Blocks).
  local northwind key
  northwind=$(sql "$backend" "$url" "SELECT MIN(id) FROM partners")
  key=$(sql "$backend" "$url" "SELECT id FROM reseller_relationships WHERE partner_id = $northwind \
    AND status <> 'ended' ORDER BY id DESC LIMIT 1 OFFSET $(((DEEP_PAGE - 1) * 50 - 1))")
  run_wrk "$backend" c8 "customer list, page $DEEP_PAGE by link" \
    "/partner/customers?after=$(cursor "$DEEP_PAGE" "$key")" -H "$partner_cookie"
  run_wrk "$backend" c9 "customer list, ?page=$DEEP_PAGE (old link)" "/partner/customers?page=$DEEP_PAGE" \
    -H "$partner_cookie"
  run_wrk "$backend" d "customer's Partner relationships page" /admin/partner-relationships -H "$admin_cookie"
  local events
  events=$(sql "$backend" "$url" "SELECT COUNT(*) FROM audit_events")
  run_wrk "$backend" i1 "activity, page 1, $events events" /partner/activity -H "$partner_cookie"
  key=$(sql "$backend" "$url" "SELECT id FROM audit_events WHERE partner_id = $northwind \
    ORDER BY id DESC LIMIT 1 OFFSET $(((DEEP_EVENTS_PAGE - 1) * 50 - 1))")
  run_wrk "$backend" i2 "activity, page $DEEP_EVENTS_PAGE by link" \
    "/partner/activity?after=$(cursor "$DEEP_EVENTS_PAGE" "$key")" -H "$partner_cookie"
  run_wrk "$backend" i3 "activity, ?page=$DEEP_EVENTS_PAGE (old link)" "/partner/activity?page=$DEEP_EVENTS_PAGE" \
    -H "$partner_cookie"

  # --- (l) API list endpoints (issue 19) --------------------------------------
  # First pages, and a deep page reached the way a client does: by following
  # nextLink (its cursor is a seek key bound to the query, so it is fetched,
  # not computed). One key per run: each has its own rate-limit window.
  local api_key deep
  api_key=$(issue_api_key "$WORK/partner.jar" api1)
  run_wrk "$backend" api1 "API customers, first page" '/api/v1/customers?$top=50' -H "Authorization: Bearer $api_key"
  # A key of its own for following the links: wrk may have spent the
  # run's key's rate limit.
  api_key=$(issue_api_key "$WORK/partner.jar" api1-links)
  deep=$(follow_next "$api_key" '/api/v1/customers?$top=50' "$API_DEEP_PAGES")
  api_key=$(issue_api_key "$WORK/partner.jar" api2)
  run_wrk "$backend" api2 "API customers, page $((API_DEEP_PAGES + 1)) by nextLink" "$deep" -H "Authorization: Bearer $api_key"
  api_key=$(issue_api_key "$WORK/partner.jar" api3)
  run_wrk "$backend" api3 "API activity, first page" '/api/v1/activity?$top=50' -H "Authorization: Bearer $api_key"
  api_key=$(issue_api_key "$WORK/partner.jar" api3-links)
  deep=$(follow_next "$api_key" '/api/v1/activity?$top=50' "$API_DEEP_PAGES")
  api_key=$(issue_api_key "$WORK/partner.jar" api4)
  run_wrk "$backend" api4 "API activity, page $((API_DEEP_PAGES + 1)) by nextLink" "$deep" -H "Authorization: Bearer $api_key"

  BENCH_TOKENS=$WORK/tokens BENCH_SESSIONS=$WORK/sessions \
    run_wrk "$backend" e "acceptance POST, new relationship each" /admin/partner-invitation -s bench/accept.lua

  # (j) The whole log as CSV, one download: rows per second.
  settle
  log "$backend (j) CSV export of the activity log"
  local started rows ms
  started=$(now_ms)
  rows=$(curl -fsS -H "$partner_cookie" "$BASE/partner/activity.csv" | wc -l)
  ms=$(($(now_ms) - started))
  printf '%s\tcsv_rows\t%s\n%s\tcsv_ms\t%s\n' "$backend" "$((rows - 1))" "$backend" "$ms" >>"$WORK/extra.tsv"
  # (k) One job pass over every relationship (nothing due: the cost of looking).
  log "$backend (k) one job pass"
  started=$(now_ms)
  partnerlink "$url" run-jobs >/dev/null
  printf '%s\tjobs_ms\t%s\n' "$backend" "$(($(now_ms) - started))" >>"$WORK/extra.tsv"

  local rss_kb
  rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status")
  printf '%s\trss_kb\t%s\n' "$backend" "$rss_kb" >>"$WORK/extra.tsv"
  stop_server
  if [[ $backend == postgres ]]; then
    psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
  fi
}

previous_results >"$WORK/previous.tsv"
: >"$WORK/extra.tsv"
for backend in $BACKENDS; do
  bench_backend "$backend"
done

# --- report ------------------------------------------------------------------
extra() { awk -F'\t' -v b="$1" -v k="$2" '$1 == b && $2 == k { print $3 }' "$WORK/extra.tsv"; }
result() { awk -F'\t' -v b="$1" -v i="$2" -v f="$3" '$1 == b && $2 == i { print $f }' "$RESULTS"; }
name_of() { case $1 in sqlite) echo SQLite ;; postgres) echo PostgreSQL ;; esac; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo MISS; fi; }

REPORT_IDS="a a2 b c1 c2 c3 c4 c5 c6 c7 c8 c9 d i1 i2 i3 api1 api2 api3 api4 e f1k"

report() {
  echo "| backend | test | req/s | previous run | vs (a) | p50 ms | p99 ms | previous p99 ms | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  local backend id
  for backend in $BACKENDS; do
    local base
    base=$(result "$backend" a 4)
    for id in $REPORT_IDS; do
      local label
      label=$(result "$backend" "$id" 3)
      [[ -n $label ]] || continue
      awk -F'\t' -v b="$backend" -v i="$id" -v base="$base" -v name="$(name_of "$backend")" \
        -v prev="$(previous "$backend" "$label" 3)" -v prev99="$(previous "$backend" "$label" 4)" '
        $1 == b && $2 == i {
          tag = (i == "f1k") ? "(f)" : (i ~ /^api/) ? "(l)" : "(" substr(i, 1, 1) ")"
          p = (prev == "") ? "—" : sprintf("%.0f", prev)
          p99 = (prev99 == "") ? "—" : sprintf("%.2f", prev99 / 1000)
          printf "| %s | %s %s | %.0f | %s | %.0f %% | %.2f | %.2f | %s | %d |\n",
            name, tag, $3, $4, p, 100 * $4 / base, $5 / 1000, $6 / 1000, p99, $7 + $8
        }' "$RESULTS"
    done
  done
  echo
  echo "| backend | (f) list p50 100k / 1k | (g) peak RSS | (h) start-up to ready (new database) | (j) CSV export | (k) one job pass |"
  echo "|---|---:|---:|---:|---:|---:|"
  for backend in $BACKENDS; do
    printf '| %s | %.2f× (%.2f ms / %.2f ms) | %.1f MB | %d ms | %s rows in %.1f s: %.0f rows/s | %d ms |\n' \
      "$(name_of "$backend")" \
      "$(awk -v a="$(result "$backend" c1 5)" -v b="$(result "$backend" f1k 5)" 'BEGIN { print a / b }')" \
      "$(awk -v a="$(result "$backend" c1 5)" 'BEGIN { print a / 1000 }')" \
      "$(awk -v a="$(result "$backend" f1k 5)" 'BEGIN { print a / 1000 }')" \
      "$(awk -v a="$(extra "$backend" rss_kb)" 'BEGIN { print a / 1024 }')" "$(extra "$backend" startup_ms)" \
      "$(extra "$backend" csv_rows)" "$(awk -v a="$(extra "$backend" csv_ms)" 'BEGIN { print a / 1000 }')" \
      "$(awk -v r="$(extra "$backend" csv_rows)" -v a="$(extra "$backend" csv_ms)" 'BEGIN { print r * 1000 / (a ? a : 1) }')" \
      "$(extra "$backend" jobs_ms)"
  done
  echo
  echo "| target | backend | figure | result |"
  echo "|---|---|---|---|"
  for backend in $BACKENDS; do
    local n ra rb e_rps e_p99 ratio_f rss start errors c1 id p50 p99 label
    n=$(name_of "$backend")
    ra=$(result "$backend" a 4)
    rb=$(result "$backend" b 4)
    c1=$(result "$backend" c1 5)
    printf '| (b) ≥ 75 %% of (a) req/s | %s | %.0f %% | %s |\n' "$n" \
      "$(awk -v a="$ra" -v b="$rb" 'BEGIN { print 100 * b / a }')" "$(verdict "$rb >= 0.75 * $ra")"
    for id in c2 c3 c4 c5 c6 c7; do
      p50=$(result "$backend" "$id" 5)
      label=$(result "$backend" "$id" 3)
      printf '| search p50 ≤ 3× list page 1 p50: %s | %s | %.2f× | %s |\n' "$label" "$n" \
        "$(awk -v a="$p50" -v b="$c1" 'BEGIN { print a / b }')" "$(verdict "$p50 <= 3 * $c1")"
      if [[ $backend == sqlite ]]; then
        p99=$(result "$backend" "$id" 6)
        printf '| search p99 < 15 ms: %s | %s | %.2f ms | %s |\n' "$label" "$n" \
          "$(awk -v w="$p99" 'BEGIN { print w / 1000 }')" "$(verdict "$p99 < 15000")"
      fi
    done
    for id in c8 c9; do
      p50=$(result "$backend" "$id" 5)
      printf '| deep page p50 ≤ 1.5× page 1: %s | %s | %.2f× | %s |\n' "$(result "$backend" "$id" 3)" "$n" \
        "$(awk -v a="$p50" -v b="$c1" 'BEGIN { print a / b }')" "$(verdict "$p50 <= 1.5 * $c1")"
    done
    local first deep_p50
    for id in api2 api4; do
      first=$(result "$backend" "api$((${id#api} - 1))" 5)
      deep_p50=$(result "$backend" "$id" 5)
      printf '| deep page p50 ≤ 1.5× first page: %s | %s | %.2f× | %s |\n' "$(result "$backend" "$id" 3)" "$n" \
        "$(awk -v a="$deep_p50" -v b="$first" 'BEGIN { print a / b }')" "$(verdict "$deep_p50 <= 1.5 * $first")"
    done
    for id in i2 i3; do
      p50=$(result "$backend" "$id" 5)
      printf '| deep page p50 ≤ 1.5× page 1: %s | %s | %.2f× | %s |\n' "$(result "$backend" "$id" 3)" "$n" \
        "$(awk -v a="$p50" -v b="$(result "$backend" i1 5)" 'BEGIN { print a / b }')" \
        "$(verdict "$p50 <= 1.5 * $(result "$backend" i1 5)")"
    done
    if [[ $backend == sqlite ]]; then
      for id in b c1 c8 c9 d i1 i2 i3; do
        p99=$(result "$backend" "$id" 6)
        printf '| p99 < 10 ms: %s | %s | %.2f ms | %s |\n' "$(result "$backend" "$id" 3)" "$n" \
          "$(awk -v w="$p99" 'BEGIN { print w / 1000 }')" "$(verdict "$p99 < 10000")"
      done
    fi
    e_rps=$(result "$backend" e 4)
    e_p99=$(result "$backend" e 6)
    local e_target=1000
    [[ $backend == sqlite ]] && e_target=2500
    printf '| (e) ≥ %s accepts/s | %s | %.0f/s | %s |\n' "$e_target" "$n" "$e_rps" "$(verdict "$e_rps >= $e_target")"
    printf '| (e) p99 < 50 ms | %s | %.2f ms | %s |\n' "$n" "$(awk -v w="$e_p99" 'BEGIN { print w / 1000 }')" \
      "$(verdict "$e_p99 < 50000")"
    errors=$(awk -F'\t' -v b="$backend" '$1 == b { s += $7 + $8 } END { print s + 0 }' "$RESULTS")
    printf '| zero errors | %s | %d | %s |\n' "$n" "$errors" "$(verdict "$errors == 0")"
    ratio_f=$(awk -v a="$c1" -v b="$(result "$backend" f1k 5)" 'BEGIN { print a / b }')
    printf '| (f) p50 at 100k ≤ 1.5× p50 at 1k | %s | %.2f× | %s |\n' "$n" "$ratio_f" "$(verdict "$ratio_f <= 1.5")"
    rss=$(extra "$backend" rss_kb)
    printf '| (g) RSS < 64 MB (after all runs and the CSV export) | %s | %.1f MB | %s |\n' "$n" \
      "$(awk -v a="$rss" 'BEGIN { print a / 1024 }')" "$(verdict "$rss < 65536")"
    start=$(extra "$backend" startup_ms)
    printf '| (h) start-up < 300 ms | %s | %d ms | %s |\n' "$n" "$start" "$(verdict "$start < 300")"
  done
}

machine() {
  local cpu mem os
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  os=$(. /etc/os-release && echo "$PRETTY_NAME")
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- cores (nproc): $(nproc); CPU: ${cpu:-unknown}"
  echo "- memory: $mem; OS: $os, kernel $(uname -r)"
  echo "- $(rustc --version); $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2)"
  if [[ $BACKENDS == *postgres* ]]; then
    echo "- PostgreSQL $(psql -tA "$PG_URL/postgres" -c 'SHOW server_version' | cut -d' ' -f1), same machine, connected without TLS (\`sslmode=disable\`)"
  fi
}

TABLE=$(report)
printf '%s\n' "$TABLE"
if [[ $OUTPUT != /dev/null ]]; then
  {
    echo "# Benchmarks"
    echo
    echo "The latest run of \`bash bench/run.sh\` (see the comment at its top for what"
    echo "it does). Each wrk run: ${DURATION}, ${CONNECTIONS} connections, ${THREADS} threads."
    echo
    echo "## Machine"
    echo
    machine
    echo
    echo "wrk, the server and (for PostgreSQL) the database all share these cores;"
    echo "there is no separate load generator. Figures are therefore lower than the"
    echo "server alone could reach, and the ratio to the fortunes baseline (a), which"
    echo "pays the same tax, is the more telling number."
    echo
    echo "## Results"
    echo
    printf '%s\n' "$TABLE"
    echo
    echo "## How the runs are set up"
    echo
    echo "- Data: \`partnerlink seed-bulk\` adds ${CUSTOMERS} customers of Northwind (Latin,"
    echo "  Cyrillic and CJK names, grants, subscriptions, audit events). (f) measures the"
    echo "  customer list with ${SMALL} customers first, on the same database, before the rest is added."
    echo "- (b), (c) sign in as admin@northwind.example, (d) as admin@tailspin.example, with"
    echo "  curl and a cookie jar; wrk sends the session cookie."
    echo "- (e): \`seed-bulk --bench-partners ${BENCH_PARTNERS} --bench-admins ${BENCH_ADMINS}\` adds partners with an"
    echo "  invitation link each and customers with a global admin each; all admins are"
    echo "  signed in first. \`bench/accept.lua\` sends every POST with the next, never-used"
    echo "  partner token and the next admin, accepting all four services: each request runs"
    echo "  the full acceptance transaction (new reseller relationship, delegated"
    echo "  administration taken over from the previous partner for four services, audit"
    echo "  events) and answers 303. Requests in flight use different customers, so they"
    echo "  never race for one customer's service (that race answers 409 by design)."
    echo "- (g) is VmHWM of the server process after all its runs; (h) is from launching the"
    echo "  binary on a new, empty database until /readyz answers 200 (migrations and demo"
    echo "  data included), polled with curl every few milliseconds."
    echo "- PostgreSQL: \`VACUUM ANALYZE\` after each bulk load, as autovacuum would do"
    echo "  shortly after (so it does not start during a measurement)."
    echo "- Before each wrk run the script waits until the server is idle, so requests"
    echo "  still queued from the previous run (slow searches) do not count against the next."
    if [[ -f bench/analysis.md ]]; then
      echo
      cat bench/analysis.md
    fi
    echo
    echo "<!-- bench-results (read by the next run: backend, id, label, req/s, p50 µs, p99 µs, errors)"
    awk -F'\t' '{ print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 "\t" $7 + $8 }' "$RESULTS"
    echo "-->"
  } >"$OUTPUT"
  log "wrote $OUTPUT"
fi
