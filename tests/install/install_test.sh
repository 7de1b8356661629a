#!/usr/bin/env bash
# Install the build tree into a temporary prefix, check the installed
# files, then build and run a consumer three ways: CMake package (shared
# and static) and pkg-config.
# usage: install_test.sh BUILD_DIR SOURCE_DIR
set -eu
BUILD=$1
SRC=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/digestssp-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
PREFIX="$TMP/prefix"

cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
LIBDIR=$(find "$PREFIX" -name libdigestssp.so -printf '%h\n' | head -n 1)
for f in include/digestssp/sspi.h bin/digestssp; do
    [ -e "$PREFIX/$f" ] || { echo "missing $f"; exit 1; }
done
for f in libdigestssp.so libdigestssp.a pkgconfig/digestssp.pc \
         cmake/digestssp/digestsspConfig.cmake; do
    [ -e "$LIBDIR/$f" ] || { echo "missing lib/$f"; exit 1; }
done
# no LD_LIBRARY_PATH: the installed tool must find the installed library
env -u LD_LIBRARY_PATH "$PREFIX/bin/digestssp" --version >/dev/null
echo "ok installed files"

cmake -S "$SRC/tests/install/consumer" -B "$TMP/cb" \
    -DCMAKE_PREFIX_PATH="$PREFIX" >/dev/null
cmake --build "$TMP/cb" >/dev/null
LD_LIBRARY_PATH="$LIBDIR" "$TMP/cb/consumer"
"$TMP/cb/consumer_static"
echo "ok find_package(digestssp): shared and static"

export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
# shellcheck disable=SC2046
cc -std=c11 -o "$TMP/pc" "$SRC/tests/install/consumer/main.c" \
    $(pkg-config --cflags --libs digestssp)
LD_LIBRARY_PATH="$LIBDIR" "$TMP/pc"
# shellcheck disable=SC2046
cc -std=c11 -o "$TMP/pcs" "$SRC/tests/install/consumer/main.c" \
    $(pkg-config --static --cflags digestssp) "$LIBDIR/libdigestssp.a" \
    $(pkg-config --static --libs-only-l digestssp | sed 's/-ldigestssp//') \
    $(pkg-config --libs nettle)
"$TMP/pcs"
echo "ok pkg-config: shared and static"
echo "3 passed, 0 failed"
