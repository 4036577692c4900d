#!/usr/bin/env python3
"""Hostile shapes: each a short unit of text or markup repeated into one
input, ingested at two sizes (the second four times the first) through the
release `dossier ingest`; prints seconds and peak RSS of each, and flags a
shape whose time or memory grows much faster than its size (a cost that is
quadratic or worse in the input is a denial of service: one document can
stall an unattended ingest). The seventeenth session found three such
costs in extraction and one in HTML memory this way (FUZZING.md).

    scripts/bench/hostile_shapes.py [--bin target/release/dossier] [--reps 2000] [--only NAME...]

Timing, not a test: run it on a quiet machine, never in CI.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

# name: (suffix, unit, wrapper). The unit is repeated; {i} is its index.
TEXT = ("txt", "The report. {body}\n")
HTML = ("html", "<html><head><title>T</title></head><body><article><h1>Title</h1>"
        "<p>The report says Russia sold jets to Egypt.</p>{body}</article></body></html>\n")
SHAPES = {
    # One "sentence" with no stop: speech verbs, triggers, entities, amounts, dates.
    "run-on speech": (TEXT, "n said; "),
    "run-on denial": (TEXT, "Ankara denied reports that Russia delivered "),
    "run-on transfer": (TEXT, "Russia sold S-400 systems to Turkey and "),
    "run-on amounts": (TEXT, "a contract worth $1.2 billion, or 9 billion rubles, "),
    "run-on dates": (TEXT, "on March 3, 2019, in 2020 and last Monday "),
    "run-on entities": (TEXT, "Turkey, India, Rosoboronexport, Lockheed Martin, Vladimir Putin, "),
    "open quotes": (TEXT, "\u201cWe will buy "),
    # Many short sentences in one paragraph.
    "states, no system": (TEXT, "Turkey and India met. "),
    "quotes": (TEXT, "\"We will buy it,\" Erdogan said. "),
    "speakers": (TEXT, "Minister Ana Lopez{i} said talks went well. "),
    "denials": (TEXT, "Turkey denied that it had signed a new contract with Russia. Russia said it had. "),
    "short lines": (TEXT, "a\n"),
    # Markup.
    "paragraphs": (HTML, "<p>Russia sold S-400 systems to Turkey, officials said on Monday.</p>"),
    "links": (HTML, "<a href=\"/x\">link</a> "),
    "nested tables": (HTML, "<table><tr><td>" * 20 + "x" + "</td></tr></table>" * 20),
    "attributes": (HTML, "<p " + " ".join(f"a{k}=\"v\"" for k in range(50)) + ">Russia sold jets.</p>"),
    "attribute names": (HTML, "<i" + "".join(f" a{k}" for k in range(500)) + ">x</i>\n"),
    "reopened formatting": (("html", "<html><body><p>Russia sold jets to Egypt.</p><p><b" + "".join(f" a{k}" for k in range(200)) + ">x</p>{body}</body></html>\n"), "<p>y"),
    "headings": (HTML, "<h2>Heading</h2><p>Short para.</p>"),
    "unclosed": (HTML, "<div><p>open "),
}


def run(binary, path, db):
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    t0 = time.monotonic()
    p = subprocess.run([binary, "ingest", "--db", db, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - t0
    # The largest of any child so far: each ingest runs from a fresh
    # interpreter (--one), so it is this run's.
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, rss, p.returncode, p.stderr.strip().splitlines()[-1:] if p.returncode else []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/dossier")
    ap.add_argument("--reps", type=int, default=2000)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        # Child mode: one ingest, so that peak RSS is this run's alone.
        path, db = a.one
        s, rss, rc, err = run(a.bin, path, db)
        print(f"{s:.3f} {rss} {rc} {' '.join(err)}")
        return
    names = a.only or list(SHAPES)
    print(f"{'shape':<20} {'size':>10} {'seconds':>8} {'peak MB':>8}   note")
    flagged = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            (suffix, wrapper), unit = SHAPES[name]
            rows = []
            for reps in (a.reps, 4 * a.reps):
                body = "".join(unit.replace("{i}", str(i)) for i in range(reps))
                path = os.path.join(tmp, f"shape.{suffix}")
                with open(path, "w") as f:
                    f.write(wrapper.replace("{body}", body))
                size = os.path.getsize(path)
                out = subprocess.run([sys.executable, __file__, "--bin", a.bin, "--one", path, os.path.join(tmp, "s.db")], capture_output=True, text=True, check=True).stdout.split(maxsplit=3)
                seconds, rss = float(out[0]), int(out[1]) / 1024
                rows.append((size, seconds, rss))
                note = f"exit {out[2]}" if out[2] != "0" else ""
                print(f"{name:<20} {size:>10,} {seconds:>8.2f} {rss:>8.0f}   {note}")
            (s1, t1, m1), (s2, t2, m2) = rows
            ratio = t2 / max(t1, 0.05)
            if ratio > 6 or (m2 > 300 and m2 > 1.5 * m1):
                flagged.append(f"{name}: 4x the size took {ratio:.1f}x the time, {m1:.0f} -> {m2:.0f} MB")
    print("\n" + ("\n".join(flagged) if flagged else "no shape grew faster than its size"))
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
