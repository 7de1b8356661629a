#!/bin/sh
# fuzz_ci.sh - a bounded fuzz pass: every libFuzzer target of tests/fuzz
# for N seconds (default 30) from a copy of its committed corpus, after
# replaying the saved regressions. Exits non-zero on any finding (crash,
# leak, timeout, sanitizer report); the reproducer is left in the work
# directory and its path printed.
#
#   tools/fuzz_ci.sh [seconds] [build-dir]
#
# Needs clang with libFuzzer (builds build-dir, default build-fuzz, with
# DSS_BUILD_FUZZERS=ON when it is missing). FUZZ_TARGETS overrides the
# target list; FUZZ_JOBS runs that many targets at once (default 1).
set -eu

secs=${1:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$root/build-fuzz}
targets=${FUZZ_TARGETS:-"fuzz_authparam fuzz_http_isc fuzz_http_asc
	fuzz_sasl_isc fuzz_sasl_asc fuzz_unwrap fuzz_secbuf"}
jobs=${FUZZ_JOBS:-1}

if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz_ci: clang not found" >&2
	exit 1
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
	CC=clang cmake -S "$root" -B "$build" -DDSS_BUILD_FUZZERS=ON \
		-DDSS_BUILD_CLI=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
set --
for t in $targets; do
	set -- "$@" "${t}_fuzzer"
done
cmake --build "$build" -j"$(nproc)" --target "$@" >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/dss-fuzz.XXXXXX")
echo "fuzz_ci: ${secs}s per target, work directory $work"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

run_one() {
	t=$1
	bin="$build/tests/fuzz/${t}_fuzzer"
	corpus="$work/$t/corpus"
	mkdir -p "$corpus" "$work/$t/artifacts"
	cp "$root/tests/fuzz/corpora/$t/"* "$corpus/" 2>/dev/null || true
	reg="$root/tests/fuzz/regressions/$t"
	if [ -d "$reg" ] && [ -n "$(ls -A "$reg" 2>/dev/null)" ]; then
		if ! "$bin" -runs=0 "$reg"/* >"$work/$t/regressions.log" 2>&1
		then
			echo "fuzz_ci: $t: a saved regression still fails" \
			     "(see $work/$t/regressions.log)"
			return 1
		fi
	fi
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 \
		-artifact_prefix="$work/$t/artifacts/" "$corpus" \
		>"$work/$t/fuzz.log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
			"$work/$t/fuzz.log")
		echo "fuzz_ci: $t: ok, ${execs:-?} executions"
		return 0
	fi
	echo "fuzz_ci: $t: FINDING (log $work/$t/fuzz.log)"
	grep -m5 -E 'ERROR|SUMMARY|runtime error|invariant' \
		"$work/$t/fuzz.log" || true
	ls "$work/$t/artifacts/" | sed "s|^|    $work/$t/artifacts/|"
	return 1
}

fail=0
running=0
pids=""
for t in $targets; do
	run_one "$t" &
	pids="$pids $!"
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		for p in $pids; do
			wait "$p" || fail=1
		done
		pids=""
		running=0
	fi
done
for p in $pids; do
	wait "$p" || fail=1
done
if [ "$fail" -ne 0 ]; then
	echo "fuzz_ci: findings; see $work" >&2
	exit 1
fi
rm -rf "$work"
echo "fuzz_ci: no findings"
