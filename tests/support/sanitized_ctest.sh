#!/bin/sh
# sanitized_ctest.sh asan|tsan BUILD_DIR [CTEST_ARGS...] - run ctest in a
# DSS_SANITIZE build with every sanitizer report made fatal.
#
# The runtimes write their reports to files under BUILD_DIR/sanitizer-logs
# (log_path) instead of stderr: a report from a program whose exit status
# a test script does not look at (a server, a CLI run expected to fail)
# is then not lost. The run fails when ctest fails or when any report file
# exists; the reports are printed at the end. gcc's UBSan ignores log_path
# when linked with ASan and reports on stderr (then exits 1): the output
# of every test, passed or not (ctest's LastTest.log), is searched too.
set -u
kind=$1
build=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
logs=$(cd "$build" && pwd)/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"

case $kind in
asan)
	# detect_leaks: LeakSanitizer at every program's exit.
	ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1"
	ASAN_OPTIONS="$ASAN_OPTIONS:detect_stack_use_after_return=1"
	ASAN_OPTIONS="$ASAN_OPTIONS:check_initialization_order=1"
	ASAN_OPTIONS="$ASAN_OPTIONS:strict_string_checks=1"
	ASAN_OPTIONS="$ASAN_OPTIONS:log_path=$logs/asan"
	UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
	UBSAN_OPTIONS="$UBSAN_OPTIONS:log_path=$logs/ubsan"
	LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
	export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
	;;
tsan)
	TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
	TSAN_OPTIONS="$TSAN_OPTIONS:log_path=$logs/tsan"
	export TSAN_OPTIONS
	;;
*)
	echo "usage: $0 asan|tsan BUILD_DIR [CTEST_ARGS...]" >&2
	exit 2
	;;
esac

ctest --test-dir "$build" --output-on-failure "$@"
rc=$?

last=$build/Testing/Temporary/LastTest.log
pattern='runtime error: |(Address|Leak|Thread|UndefinedBehavior)Sanitizer'
if [ -f "$last" ] && grep -Eq "$pattern" "$last"; then
	echo "==== sanitizer messages in the tests' output ($last):"
	grep -En "$pattern" "$last" | head -n 50
	rc=1
fi

reports=$(find "$logs" -type f | sort)
if [ -n "$reports" ]; then
	for f in $reports; do
		echo "==== sanitizer report $f"
		cat "$f"
	done
	echo "$kind: $(echo "$reports" | wc -l) sanitizer report(s), see above" >&2
	rc=1
fi
if [ "$rc" -ne 0 ]; then
	echo "$kind: FAILED" >&2
	exit 1
fi
echo "$kind: no sanitizer report"
