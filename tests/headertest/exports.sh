#!/bin/sh
# exports.sh - check the dynamic symbol table of libdigestssp.so
#
# Usage: exports.sh LIBRARY [NM]
#
# Fails if the library exports (defines in its dynamic symbol table) any
# name that is not one of the Windows SSPI functions of
# include/digestssp/sspi.h, or if one of those functions is missing.
# src/digestssp.map holds the same list for the linker.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 LIBRARY [NM]" >&2
    exit 2
fi
lib=$1
nm=${2:-nm}

allowed='
AcceptSecurityContext
AcquireCredentialsHandleA
AcquireCredentialsHandleW
AddCredentialsA
AddCredentialsW
ApplyControlToken
ChangeAccountPasswordA
ChangeAccountPasswordW
CompleteAuthToken
DecryptMessage
DeleteSecurityContext
EncryptMessage
EnumerateSecurityPackagesA
EnumerateSecurityPackagesW
ExportSecurityContext
FreeContextBuffer
FreeCredentialsHandle
ImpersonateSecurityContext
ImportSecurityContextA
ImportSecurityContextW
InitSecurityInterfaceA
InitSecurityInterfaceW
InitializeSecurityContextA
InitializeSecurityContextW
MakeSignature
QueryContextAttributesA
QueryContextAttributesExA
QueryContextAttributesExW
QueryContextAttributesW
QueryCredentialsAttributesA
QueryCredentialsAttributesExA
QueryCredentialsAttributesExW
QueryCredentialsAttributesW
QuerySecurityContextToken
QuerySecurityPackageInfoA
QuerySecurityPackageInfoW
RevertSecurityContext
SetContextAttributesA
SetContextAttributesW
SetCredentialsAttributesA
SetCredentialsAttributesW
VerifySignature
'

tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT

# POSIX format: "name type value size"; newer binutils may append
# @VERSION or @@VERSION to the name.
if ! "$nm" -D --defined-only -P "$lib" >"$tmp"; then
    echo "exports.sh: $nm failed on $lib" >&2
    exit 2
fi

status=0
count=0
for sym in $(awk '{ sub(/@.*/, "", $1); print $1 }' "$tmp" | sort -u); do
    count=$((count + 1))
    case "$allowed" in
    *"
$sym
"*) ;;
    *)
        echo "exports.sh: unexpected exported symbol: $sym" >&2
        status=1
        ;;
    esac
done

for name in $allowed; do
    if ! awk -v n="$name" '{ sub(/@.*/, "", $1) } $1 == n { f = 1 }
            END { exit !f }' "$tmp"; then
        echo "exports.sh: missing exported function: $name" >&2
        status=1
    fi
done

if [ "$status" -eq 0 ]; then
    echo "exports.sh: $count symbols exported, all expected"
fi
exit "$status"
