#!/bin/sh
# memcheck.sh PROGRAM [ARGS...] - the DSS_TEST_LAUNCHER of make
# test-valgrind: PROGRAM under valgrind memcheck, where any error and any
# leak, of any kind (definite, indirect, possible, and still reachable), is
# a failure (exit 1). valgrind.supp holds the suppressions, each one
# explained. Through valgrind.sh: a missing valgrind skips (77), or fails
# under CI=true.
here=$(dirname "$0")
exec "$here/valgrind.sh" --tool=memcheck --error-exitcode=1 \
	--leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
	--num-callers=30 --suppressions="$here/valgrind.supp" "$@"
