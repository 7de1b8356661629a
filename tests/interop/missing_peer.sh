# shellcheck shell=bash
# tests/interop/missing_peer.sh MSG - stands in for an interoperability
# program that was not built because its peer library is missing.
# Skip (exit 77); under CI=true a missing peer is a failure (exit 1).
if [ "${CI:-}" = true ]; then
    echo "FAIL: $* (CI=true: a missing peer is a failure)"
    exit 1
fi
echo "SKIP: $*"
exit 77
