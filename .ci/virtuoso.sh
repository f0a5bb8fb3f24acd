#!/usr/bin/env bash
# A throwaway Virtuoso server on loopback, for the tests of `--store http://...`.
#
#   .ci/virtuoso.sh start   install Debian's virtuoso-opensource-7-bin if needed, create a
#                           database in a temp directory with a freshly generated dba
#                           password, start the server on two free 127.0.0.1 ports, wait
#                           until /sparql answers, and write .ci/virtuoso.env
#   .ci/virtuoso.sh stop    stop that server and remove its directory and .ci/virtuoso.env
#
# .ci/virtuoso.env holds `export` lines for CAREKG_TEST_SPARQL_STORE (the /sparql URL),
# CAREKG_STORE_USER, CAREKG_STORE_PASSWORD, VIRTUOSO_PID and VIRTUOSO_DIR; load it with
# `set -a; . .ci/virtuoso.env; set +a`. It is gitignored: it holds a password.
#
# Needs only bash, coreutils and apt-get (no curl, no python): the ports are probed and
# /sparql is polled through bash's /dev/tcp. The dba password is set while the database is
# created offline (`+checkpoint-only +pwdold dba +pwddba NEW`), so the server never
# listens with the default "dba" password; the new one is visible in that short-lived
# process's argument list (about 2 s) to other local users. The dba needs no extra grant
# for SPARQL Update over /sparql-auth; anonymous /sparql stays read-only.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENV_FILE="$HERE/virtuoso.env"
WAIT_SECONDS=60

log() { printf 'virtuoso.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port tries=0
  while ((tries++ < 200)); do
    port=$((20000 + RANDOM % 40000))
    if ! port_in_use "$port" && [[ " ${*:-} " != *" $port "* ]]; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found on 127.0.0.1"
}

# HTTP status of GET /sparql?query=ASK{} on 127.0.0.1:$1 (empty if nothing answers).
sparql_status() {
  local line=""
  {
    exec 3<>"/dev/tcp/127.0.0.1/$1" &&
      printf 'GET /sparql?query=ASK%%7B%%7D HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
      IFS=$' \r' read -r -t 5 _ line _ <&3
    exec 3>&-
  } 2>/dev/null || true
  echo "$line"
}

isql_ok() { # sql_port password: can dba log in with it?
  local out
  out="$(echo "select 1;" | isql-vt "127.0.0.1:$1" dba "$2" 2>&1 || true)"
  [[ $out == *"1 Rows"* ]]
}

install_virtuoso() {
  command -v virtuoso-t >/dev/null && return 0
  log "installing virtuoso-opensource-7-bin"
  export DEBIAN_FRONTEND=noninteractive
  local out
  out="$(mktemp)"
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
    virtuoso-opensource-7-bin; } >"$out" 2>&1; then
    cat "$out" >&2
    rm -f "$out"
    die "apt-get could not install virtuoso-opensource-7-bin"
  fi
  rm -f "$out"
  command -v virtuoso-t >/dev/null || die "virtuoso-t is still missing after the install"
}

write_ini() { # dir sql_port http_port
  cat >"$1/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $1/virtuoso.db
ErrorLogFile       = $1/virtuoso.log
LockFile           = $1/virtuoso.lck
TransactionFile    = $1/virtuoso.trx
xa_persistent_file = $1/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $1/virtuoso-temp.db
TransactionFile    = $1/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort                 = 127.0.0.1:$2
DisableTcpSocket           = 0
NumberOfBuffers            = 40000
MaxDirtyBuffers            = 30000
DirsAllowed                = ., $1
CheckpointInterval         = 60
TransactionAfterImageLimit = 1500000000

[HTTPServer]
ServerPort           = 127.0.0.1:$3
ServerRoot           = $1
MaxClientConnections = 8
ServerThreads        = 8

[SPARQL]
ResultSetMaxRows           = 5000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
EOF
}

start() {
  if [[ -f $ENV_FILE ]]; then
    local old_pid
    old_pid="$(sed -n 's/^export VIRTUOSO_PID=//p' "$ENV_FILE")"
    if [[ -n $old_pid ]] && kill -0 "$old_pid" 2>/dev/null; then
      die "already running (pid $old_pid); run '$0 stop' first"
    fi
    rm -f "$ENV_FILE"
  fi
  install_virtuoso

  local dir sql_port http_port password dav_password pid status=""
  dir="$(mktemp -d "${TMPDIR:-/tmp}/carekg-virtuoso.XXXXXX")"
  sql_port="$(free_port)"
  http_port="$(free_port "$sql_port")"
  # 20 hex digits (80 bits): a longer password given as +pwddba silently fails to log in.
  password="$(od -An -tx1 -N10 /dev/urandom | tr -d ' \n')"
  dav_password="$(od -An -tx1 -N10 /dev/urandom | tr -d ' \n')"
  write_ini "$dir" "$sql_port" "$http_port"

  # Create the database offline, then change the passwords in a second offline run (the
  # +pwddba option does not stick when given to the run that creates the database), and
  # only then start the server: it never listens with the default password.
  if ! (cd "$dir" && virtuoso-t +configfile virtuoso.ini +foreground +checkpoint-only \
    >"$dir/init.log" 2>&1 && virtuoso-t +configfile virtuoso.ini +foreground \
    +checkpoint-only +pwdold dba +pwddba "$password" +pwddav "$dav_password" \
    >>"$dir/init.log" 2>&1); then
    tail -n 20 "$dir/virtuoso.log" >&2 || true
    rm -rf "$dir"
    die "could not create the database"
  fi
  grep -q "The DBA password is changed" "$dir/virtuoso.log" || {
    rm -rf "$dir"
    die "the dba password was not changed; not starting a server with the default one"
  }
  (cd "$dir" && exec setsid virtuoso-t +configfile virtuoso.ini +foreground \
    </dev/null >"$dir/server.log" 2>&1) &
  pid=$!

  local deadline=$((SECONDS + WAIT_SECONDS))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$dir/virtuoso.log" >&2 || true
      rm -rf "$dir"
      die "virtuoso-t exited during start-up"
    fi
    status="$(sparql_status "$http_port")"
    [[ $status == 200 ]] && break
    sleep 0.5
  done
  if [[ $status != 200 ]]; then
    kill "$pid" 2>/dev/null || true
    tail -n 20 "$dir/virtuoso.log" >&2 || true
    rm -rf "$dir"
    die "/sparql did not answer within ${WAIT_SECONDS}s"
  fi

  # The new password must open an SQL session (the SQL listener may come up a moment after
  # the HTTP one) and the default one must not.
  local logged_in=""
  while ((SECONDS < deadline)); do
    if isql_ok "$sql_port" "$password"; then
      logged_in=yes
      break
    fi
    sleep 0.5
  done
  if [[ -z $logged_in ]] || isql_ok "$sql_port" dba; then
    kill "$pid" 2>/dev/null || true
    rm -rf "$dir"
    die "the dba password did not take effect"
  fi

  umask 077
  cat >"$ENV_FILE" <<EOF
export CAREKG_TEST_SPARQL_STORE=http://127.0.0.1:$http_port/sparql
export CAREKG_STORE_USER=dba
export CAREKG_STORE_PASSWORD=$password
export VIRTUOSO_PID=$pid
export VIRTUOSO_DIR=$dir
EOF
  log "running (pid $pid): http://127.0.0.1:$http_port/sparql, SQL on 127.0.0.1:$sql_port"
}

stop() {
  [[ -f $ENV_FILE ]] || die "not running here (no $ENV_FILE)"
  local pid dir
  pid="$(sed -n 's/^export VIRTUOSO_PID=//p' "$ENV_FILE")"
  dir="$(sed -n 's/^export VIRTUOSO_DIR=//p' "$ENV_FILE")"
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop in 20 s; killing it"
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  if [[ $dir == */carekg-virtuoso.* && -d $dir ]]; then
    rm -rf "$dir"
  fi
  rm -f "$ENV_FILE"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop" ;;
esac
