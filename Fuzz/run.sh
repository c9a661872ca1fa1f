#!/usr/bin/env bash
# Builds a libFuzzer target and runs it.
#
#   Fuzz/run.sh TARGET SECONDS [libFuzzer options...]   fuzz for SECONDS (0: until stopped)
#   Fuzz/run.sh TARGET replay FILE...                    run the target once on each file
#
# TARGET is evaluate, rpc or data. The build goes to .build-fuzz (release, libFuzzer + ASan);
# the growing corpus to .build-fuzz/corpus/TARGET, seeded from Fuzz/corpus/TARGET and
# Fuzz/regressions/TARGET; crashes, leaks and timeouts to .build-fuzz/artifacts/TARGET/.
# Exit status: 0 when the time ran out with nothing found, non-zero otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: Fuzz/run.sh TARGET SECONDS|replay [options or files...]}
mode=${2:?usage: Fuzz/run.sh TARGET SECONDS|replay [options or files...]}
shift 2
leaks=1
case "$target" in
    evaluate) max_len=2048 ;;
    rpc) max_len=8192 ;;
    data) max_len=4096 ;;
    *) echo "unknown target '$target': evaluate, rpc or data" >&2; exit 2 ;;
esac

scratch=.build-fuzz
# Both options are needed: --sanitize fuzzer links libFuzzer; -sanitize=fuzzer,address (one flag,
# or coverage is lost) instruments the Swift code. SOLVUS_FUZZER selects the libFuzzer entry point.
swift build -c release --scratch-path "$scratch" \
    --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DSOLVUS_FUZZER \
    --product "fuzz-$target" >&2
binary=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/fuzz-$target

# Leaks are errors; a slow input is a hang at 10 s (the harness budgets evaluations at 0.1-0.2 s).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=$leaks:allocator_may_return_null=1:malloc_context_size=8}
# Swift's own crash handler would run first, inside the sanitizer, and hide the stack: leave
# traps to libFuzzer, which prints the stack and saves the input.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0}
common=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -max_len=$max_len -dict=Fuzz/solvus.dict
        -detect_leaks=$leaks)

if [ "$mode" = replay ]; then
    [ $# -gt 0 ] || exit 0
    exec "$binary" "${common[@]}" "$@"
fi

corpus=$scratch/corpus/$target
artifacts=$scratch/artifacts/$target/
mkdir -p "$corpus" "$artifacts"
seeds=(Fuzz/corpus/"$target")
[ -d Fuzz/regressions/"$target" ] && seeds+=(Fuzz/regressions/"$target")
exec "$binary" "${common[@]}" -max_total_time="$mode" -artifact_prefix="$artifacts" \
    -print_final_stats=1 "$@" "$corpus" "${seeds[@]}"
