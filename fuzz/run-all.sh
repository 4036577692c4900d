#!/usr/bin/env bash
# Runs every fuzz target in turn, one job each, and prints a Markdown table
# of what each reached. Run from anywhere; needs cargo-fuzz
# (`cargo install cargo-fuzz --locked`).
#
#   fuzz/run-all.sh                  # every target to 10,000,000 executions
#   RUNS=1000000 fuzz/run-all.sh     # fewer executions
#   MAX_TIME=240 fuzz/run-all.sh     # at most 240 s per target (stops at RUNS or MAX_TIME)
#   fuzz/run-all.sh amounts times    # only these targets
#   SANITIZER=address fuzz/run-all.sh
#   TIMEOUT=120 fuzz/run-all.sh      # a hang is an input taking more than this (s);
#                                    # raise it when the fuzzer runs at the lowest
#                                    # priority beside other work (libFuzzer's
#                                    # timeout is wall-clock time)
#
# cargo fuzz needs nightly features; on a stable toolchain RUSTC_BOOTSTRAP=1
# unlocks them. Logs go to fuzz/logs/<target>.log; crashes to
# fuzz/artifacts/<target>/.
set -u
cd "$(dirname "$0")"
RUNS=${RUNS:-10000000}
MAX_TIME=${MAX_TIME:-0}
TIMEOUT=${TIMEOUT:-10}
SANITIZER=${SANITIZER:-none}
# More libFuzzer flags, e.g. EXTRA="-fork=1 -ignore_crashes=1" to go on
# past known crashes.
EXTRA=${EXTRA:-}
export RUSTC_BOOTSTRAP=1
ALL="html_main_text text_chrome sentences quotes amounts times events jsonl feeds warc"
TARGETS=${*:-$ALL}

# rs-trafilatura prints diagnostics to stderr in builds with debug
# assertions (cargo fuzz turns them on); the targets that read HTML run with
# the target's stderr closed (libFuzzer keeps its own). Rerun an artifact to
# see its panic message: cargo fuzz run --sanitizer none <target> <artifact>
fd_mask() {
    case "$1" in
        html_main_text|jsonl|feeds|warc) echo 2 ;;
        *) echo 0 ;;
    esac
}

max_len() {
    case "$1" in
        sentences|quotes|amounts|times|events) echo 8192 ;;
        *) echo 65536 ;;
    esac
}

mkdir -p logs
RUSTC_BOOTSTRAP=1 cargo fuzz build --sanitizer "$SANITIZER" >/dev/null 2>logs/build.log || { cat logs/build.log; exit 1; }
status_all=0
rows=()
for t in $TARGETS; do
    mkdir -p "corpus/$t"
    log="logs/$t.log"
    cargo fuzz run --sanitizer "$SANITIZER" "$t" -- \
        -runs="$RUNS" -max_total_time="$MAX_TIME" -max_len="$(max_len "$t")" \
        -timeout="$TIMEOUT" -rss_limit_mb=2048 -close_fd_mask="$(fd_mask "$t")" -print_final_stats=1 $EXTRA >"$log" 2>&1
    rc=$?
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
    execs=$(grep -E '^stat::number_of_executed_units:' "$log" | tail -1 | awk '{print $2}')
    [ -z "$execs" ] && execs=$(echo "$done_line" | sed -nE 's/^#([0-9]+).*/\1/p')
    # Fork mode (-fork=1) prints "#N: cov: ... exec/s: R ... oom/timeout/crash: a/b/c".
    fork_line=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1)
    [ -z "$execs" ] && execs=$(echo "$fork_line" | sed -nE 's/^#([0-9]+):.*/\1/p')
    rate=$(grep -E '^stat::average_exec_per_sec:' "$log" | tail -1 | awk '{print $2}')
    [ -z "$rate" ] && rate=$(echo "$done_line$fork_line" | sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p')
    crashes=$(echo "$fork_line" | sed -nE 's/.*oom\/timeout\/crash: ([0-9]+\/[0-9]+\/[0-9]+).*/\1/p')
    # Units in libFuzzer's in-memory corpus at the end (files on disk are
    # more: replaced units are not deleted; `cargo fuzz cmin <target>` prunes).
    units=$(grep -aE '^#[0-9]+' "$log" | grep -aoE 'corp: [0-9]+(/[0-9.]+[KMb]*)?' | tail -1 | sed -E 's/corp: //')
    files=$(find "corpus/$t" -type f | wc -l)
    if [ -n "$crashes" ] && [ "$crashes" != "0/0/0" ]; then
        status="oom/timeout/crash $crashes (see artifacts/$t/)"; status_all=1
    elif [ $rc -eq 0 ]; then status=ok; else status="FAILED (rc $rc, see $log and artifacts/$t/)"; status_all=1; fi
    rows+=("| $t | ${execs:-?} | ${rate:-?} | ${units:-?} | $files | $status |")
    echo "$t: ${execs:-?} executions, ${rate:-?} exec/s, corpus ${units:-?} units, $files files, $status" >&2
done
echo "| target | executions | exec/s | corpus units/size | corpus files | status |"
echo "|---|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
exit $status_all
