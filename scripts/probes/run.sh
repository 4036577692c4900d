#!/usr/bin/env bash
# Reads one probe story (or every one) into a fresh database and prints
# what dossier makes of it: conflicts, register and timeline.
#
#   scripts/probes/run.sh k2-k9-poland          # one story
#   scripts/probes/run.sh                       # every story
#   DOSSIER=target/debug/dossier scripts/probes/run.sh fk3-serbia
#
# Databases go to ${OUT:-/tmp/dossier-probes}/NAME.db.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin=${DOSSIER:-$here/../../target/release/dossier}
out=${OUT:-/tmp/dossier-probes}
mkdir -p "$out"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for f in "$here"/*.jsonl; do names+=("$(basename "$f" .jsonl)"); done
fi
for n in "${names[@]}"; do
    db="$out/$n.db"
    rm -f "$db" "$db-wal" "$db-shm"
    echo "######## $n"
    "$bin" ingest --db "$db" "$here/$n.jsonl" 2>&1 | tail -1
    echo "== conflicts"; "$bin" conflicts --db "$db"
    echo "== register"; "$bin" register --db "$db"
    echo "== timeline"; "$bin" timeline --db "$db"
done
