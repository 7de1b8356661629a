#!/bin/sh
# run_ctgrind.sh CT_TEST - run the ctgrind program under memcheck.
# Exit 77 (skip) when valgrind or the program (no <valgrind/memcheck.h>)
# is missing, 1 then under CI=true.
skip() {
	echo "$1" >&2
	if [ "${CI:-}" = true ]; then
		exit 1
	fi
	exit 77
}
[ -n "$1" ] || skip "ct_test not built: <valgrind/memcheck.h> missing"
command -v valgrind >/dev/null 2>&1 || skip "valgrind not found"
exec valgrind --tool=memcheck --error-exitcode=1 --track-origins=yes \
	--suppressions="$(dirname "$0")/ct.supp" \
	--num-callers=30 "$1"
