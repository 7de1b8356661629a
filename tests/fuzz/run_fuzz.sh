#!/bin/bash
# run_fuzz.sh BUILD_DIR [TARGET...] - the bounded fuzz pass of make fuzz-ci.
#
# BUILD_DIR is a clang build with DSS_BUILD_FUZZERS=ON and the target
# `fuzzers` built; the targets are those of BUILD_DIR/tests/fuzz/
# fuzz_targets.txt unless named. For each target, with ASan+UBSan (any
# report fatal):
#   1. replay the committed corpus (corpora/<t>, regressions/<t>) with
#      leak detection;
#   2. fuzz for FUZZ_SECONDS (default 25), or FUZZ_RUNS inputs when that
#      is set (the long campaigns: FUZZ_RUNS=10000000), from a copy of it,
#      without the
#      per-input leak check (LeakSanitizer after every input is very slow
#      with a credential's 32 KiB session table); at most FUZZ_INPUT_TIMEOUT
#      seconds (default 10) per input;
#   3. replay the resulting corpus (the copy plus what the fuzzer added)
#      once more with leak detection.
# Any crash, leak, timeout or out-of-memory fails the run; the input is
# left in BUILD_DIR/fuzz-ci/<t>/ (crash-*, leak-*, timeout-*, oom-*) and
# its path printed, with the end of the fuzzer's log. FUZZ_WORK (default
# BUILD_DIR/fuzz-ci) is where the copies and logs go: two runs over
# different targets at once need two of them.
set -u

if [ $# -lt 1 ]; then
	echo "usage: $0 BUILD_DIR [TARGET...]" >&2
	exit 2
fi
build=$(cd "$1" && pwd) || exit 1
shift
src=$(cd "$(dirname "$0")" && pwd)
bindir=$build/tests/fuzz
seconds=${FUZZ_SECONDS:-25}
input_timeout=${FUZZ_INPUT_TIMEOUT:-10}
work=${FUZZ_WORK:-$build/fuzz-ci}
runs=${FUZZ_RUNS:-}

if [ $# -gt 0 ]; then
	targets=("$@")
else
	if [ ! -f "$bindir/fuzz_targets.txt" ]; then
		echo "run_fuzz: $bindir/fuzz_targets.txt missing:" \
			"configure $build with clang and -DDSS_BUILD_FUZZERS=ON" >&2
		exit 1
	fi
	mapfile -t targets < "$bindir/fuzz_targets.txt"
fi
if [ ${#targets[@]} -eq 0 ]; then
	echo "run_fuzz: no fuzz target" >&2
	exit 1
fi

# symbolized stacks in the reports
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
	for s in "$(command -v llvm-symbolizer 2>/dev/null)" \
		/usr/lib/llvm-*/bin/llvm-symbolizer; do
		if [ -n "$s" ] && [ -x "$s" ]; then
			export ASAN_SYMBOLIZER_PATH=$s
			break
		fi
	done
fi
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

rm -rf "$work"
mkdir -p "$work"
failed=()

# fail TARGET STEP LOG: report a failed step with its inputs and log
fail() {
	local t=$1 step=$2 log=$3 f found=0
	echo "FAIL $t: $step" >&2
	echo "---- last lines of $log" >&2
	tail -n 60 "$log" >&2
	for f in "$work/$t"/crash-* "$work/$t"/leak-* "$work/$t"/timeout-* \
		"$work/$t"/oom-*; do
		[ -e "$f" ] || continue
		echo "input kept: $f" >&2
		found=1
	done
	[ $found = 1 ] || echo "(no input file: see the log $log)" >&2
	failed+=("$t")
}

for t in "${targets[@]}"; do
	fuzzer=$bindir/${t}_fuzzer
	if [ ! -x "$fuzzer" ]; then
		echo "run_fuzz: $fuzzer not built" >&2
		failed+=("$t")
		continue
	fi
	committed=()
	for d in "$src/corpora/$t" "$src/regressions/$t"; do
		[ -d "$d" ] && committed+=("$d")
	done
	if [ ${#committed[@]} -eq 0 ]; then
		echo "run_fuzz: no committed corpus for $t" >&2
		failed+=("$t")
		continue
	fi
	mkdir -p "$work/$t/corpus"
	common=(-timeout="$input_timeout" -rss_limit_mb=2048
		-artifact_prefix="$work/$t/" -print_final_stats=1)
	# the whole run of one step never hangs the job
	limit=$((seconds + 300))
	budget=(-max_total_time="$seconds")
	if [ -n "$runs" ]; then
		budget=(-runs="$runs")
		limit=$((runs / 500 + 600)) # at least 500 inputs a second
	fi
	start=$SECONDS

	if ! timeout -k 10 "$limit" "$fuzzer" "${common[@]}" -runs=0 \
		"${committed[@]}" > "$work/$t/replay-committed.log" 2>&1; then
		fail "$t" "replay of the committed corpus" \
			"$work/$t/replay-committed.log"
		continue
	fi

	for d in "${committed[@]}"; do
		cp -p "$d"/* "$work/$t/corpus/" 2>/dev/null
	done
	if ! timeout -k 10 "$limit" "$fuzzer" "${common[@]}" -detect_leaks=0 \
		"${budget[@]}" "$work/$t/corpus" \
		> "$work/$t/fuzz.log" 2>&1; then
		fail "$t" "fuzzing" "$work/$t/fuzz.log"
		continue
	fi

	if ! timeout -k 10 "$limit" "$fuzzer" "${common[@]}" -runs=0 \
		"$work/$t/corpus" > "$work/$t/replay.log" 2>&1; then
		fail "$t" "replay of the resulting corpus" "$work/$t/replay.log"
		continue
	fi
	n=$(find "$work/$t/corpus" -type f | wc -l)
	execs=$(grep -o 'number_of_executed_units: [0-9]*' "$work/$t/fuzz.log" |
		tail -n 1 | grep -o '[0-9]*$')
	echo "ok $t: ${execs:-?} runs, corpus $n inputs," \
		"$((SECONDS - start)) s in all"
done

if [ ${#failed[@]} -ne 0 ]; then
	echo "fuzz-ci: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "fuzz-ci: ${#targets[@]} targets fuzzed ${runs:-${seconds} s} each, corpora replayed, no finding"
