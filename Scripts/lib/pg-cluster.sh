# Shared by the Scripts: a throwaway PostgreSQL cluster in a temporary folder, on a Unix
# socket only. Source this file, then:
#   pg_cluster_start     sets PGHOST/PGPORT/PGUSER/PGDATABASE/PGSSLMODE and PG_CLUSTER_DIR, PG_BIN
#   pg_cluster_ctl ARGS  runs pg_ctl on it (as the postgres user when root)
#   pg_cluster_remove    stops it and removes the folder (call it from an EXIT trap)

pg_cluster_bindir() {
    local dir
    for dir in $(command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)") $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    done
    echo "PostgreSQL server programs not found (apt-get install postgresql)" >&2
    return 1
}

pg_cluster_ctl() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" "$@"; else "$PG_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" "$@"; fi
}

pg_cluster_start() {
    PG_BIN=$(pg_cluster_bindir)
    PG_CLUSTER_DIR=$(mktemp -d /tmp/sipas-pg.XXXXXX)
    chmod 755 "$PG_CLUSTER_DIR"
    mkdir -p "$PG_CLUSTER_DIR/data" "$PG_CLUSTER_DIR/run"
    local as_pg=()
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres:postgres "$PG_CLUSTER_DIR"
        as_pg=(runuser -u postgres --)
    fi
    "${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_CLUSTER_DIR/data" -U sipas --auth=trust -E UTF8 --locale=C.UTF-8 --no-instructions >"$PG_CLUSTER_DIR/initdb.log" 2>&1 \
        || { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
    # Tests run in parallel, each with a database and a connection pool of its own: 500
    # connections leave room for the busiest moments (200 was exhausted once, with 289 tests).
    pg_cluster_ctl -l "$PG_CLUSTER_DIR/postgresql.log" -w -t 60 \
        -o "-k $PG_CLUSTER_DIR/run -c listen_addresses= -p 5432 -c max_connections=500 ${PG_CLUSTER_OPTIONS:-}" start >/dev/null \
        || { cat "$PG_CLUSTER_DIR/postgresql.log" >&2; return 1; }
    export PGHOST="$PG_CLUSTER_DIR/run" PGPORT=5432 PGUSER=sipas PGDATABASE=postgres PGSSLMODE=disable PG_CLUSTER_DIR PG_BIN
    unset DATABASE_URL
}

pg_cluster_remove() {
    [ -n "${PG_CLUSTER_DIR:-}" ] || return 0
    pg_cluster_ctl -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_CLUSTER_DIR"
}
