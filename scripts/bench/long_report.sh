#!/bin/bash
# One long report: the bundled demo corpus's paragraphs repeated into a
# single plain-text document of about 24 kB x N, ingested into a new
# database; prints seconds and peak RSS for each N. Extraction time should
# grow in proportion to length (lookups are binary searches, not scans of
# the document).
#   scripts/bench/long_report.sh [DOSSIER] [N...]
set -euo pipefail
bin=${1:-target/release/dossier}
shift || true
sizes=${*:-1 16 64 256}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in $sizes; do
  python3 - "$n" "$dir/long$n.txt" <<'PY'
import glob, sys
n, out = int(sys.argv[1]), sys.argv[2]
paras = []
for f in sorted(glob.glob('corpus/demo/*.txt')):
    paras += open(f).read().split('\n\n')[1:]
open(out, 'w').write('A long report\n\n' + '\n\n'.join(paras * n))
PY
  size=$(stat -c %s "$dir/long$n.txt")
  /usr/bin/time -f "$n copies, $size bytes: %e s, peak RSS %M kB" "$bin" ingest --db "$dir/db$n.sqlite" "$dir/long$n.txt" > /dev/null
done
