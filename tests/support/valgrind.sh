#!/bin/sh
# valgrind.sh ARGS... - run valgrind with ARGS; exit 77 (skip) when
# valgrind is missing, or 1 when CI=true (a missing tool is a failure).
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind not found" >&2
	if [ "${CI:-}" = true ]; then
		exit 1
	fi
	exit 77
fi
exec valgrind -q "$@"
