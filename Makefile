# digestssp - the two set-up commands of the README, and a few helpers.
#
#   make demo    install what is missing, build, run the main job
#   make test    install what is missing, build, run every test
#   make bench   build the benchmarks (Release) and print their table
#   make bench-instr  the same plus instructions per operation (callgrind)
#
# Hardening variants (each configures its own build directory):
#   make test-asan      ASan+UBSan (gcc) build, every ctest test, any report fatal
#   make test-valgrind  valgrind memcheck over every unit and API test program
#   make test-tsan      TSan build, the multi-threaded tests (label threads)
#   make fuzz-ci        clang libFuzzer build, each target FUZZ_SECONDS, replays
#   make test-portable  the byte-loop paths instead of SSE2 (-U__SSE2__), unit,
#                       API and fuzz-replay tests
#   make ci             test, then the five above, in that order (.ci/run)
#   make fuzz-long      every fuzz target FUZZ_RUNS inputs (default 10 million),
#                       two at a time (not part of CI: about 20 min)
#
# Debian packages are installed with apt-get when run as root; otherwise
# the exact apt-get line is printed and make stops.

BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDSS_WERROR=ON

# Build tools and libraries; then the real peers the tests talk to.
DEB_BUILD = build-essential cmake pkg-config python3 \
	nettle-dev libcmocka-dev libcurl4-openssl-dev libmicrohttpd-dev
DEB_PEERS = curl apache2 apache2-utils lighttpd python3-requests \
	faketime libsasl2-dev libsasl2-modules sasl2-bin libgsasl-dev gsasl valgrind
# The variants: gcc's sanitizer runtimes, clang with libFuzzer and its
# sanitizer runtimes (libclang-rt-14-dev), llvm-symbolizer (llvm),
# valgrind with glibc's symbols (libc6-dbg).
DEB_VARIANTS = libasan8 libubsan1 libtsan2 clang libclang-rt-14-dev llvm \
	valgrind libc6-dbg
DEB_ALL = $(DEB_BUILD) $(DEB_PEERS) $(DEB_VARIANTS)

BENCH_BUILD ?= build-bench
BENCH_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DDSS_BUILD_BENCH=ON -DDSS_WERROR=ON
BENCH_ARGS ?=

ASAN_BUILD ?= build-asan
ASAN_CC ?= gcc
ASAN_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDSS_WERROR=ON \
	-DDSS_SANITIZE=address,undefined
VALGRIND_BUILD ?= build-valgrind
TSAN_BUILD ?= build-tsan
TSAN_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDSS_WERROR=ON \
	-DDSS_SANITIZE=thread -DDSS_BUILD_CLI=OFF
TSAN_TESTS = test_handle test_store test_http_server test_api_edges
PORTABLE_BUILD ?= build-portable
# -fno-tree-vectorize: the check below looks for our SSE2 paths, not for
# byte loops the compiler vectorised itself (it would for any target).
PORTABLE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDSS_WERROR=ON \
	-DDSS_BUILD_CLI=OFF "-DCMAKE_C_FLAGS=-U__SSE2__ -fno-tree-vectorize"
FUZZ_BUILD ?= build-fuzz-ci
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 25
FUZZ_RUNS ?= 10000000
FUZZ_TARGETS_A = fuzz_http_asc fuzz_authparam fuzz_sasl_isc fuzz_unwrap
FUZZ_TARGETS_B = fuzz_secbuf fuzz_http_isc fuzz_sasl_asc
FUZZ_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDSS_WERROR=ON \
	-DDSS_BUILD_FUZZERS=ON -DDSS_BUILD_CLI=OFF

.PHONY: all deps build test demo install clean bench bench-build bench-instr \
	test-asan test-valgrind test-tsan test-portable fuzz-ci fuzz-long ci

all: build

deps:
	@missing=""; \
	for p in $(DEB_ALL); do \
		dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | \
			grep -q '^install ok installed$$' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $$missing; \
	else \
		echo "These Debian packages are missing. Install them with:"; \
		echo "  sudo apt-get install -y --no-install-recommends$$missing"; \
		exit 1; \
	fi

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# ASan + UBSan over every test (interop too: the CLI and the SASL peers'
# programs are instrumented). Reports go to $(ASAN_BUILD)/sanitizer-logs and
# any of them fails the run (tests/support/sanitized_ctest.sh). Not
# registered in this build: ctgrind and test_alloc_fail_memcheck (valgrind
# cannot run an ASan program), install_consumer (a plain consumer cannot
# link the sanitized archive).
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_C_COMPILER=$(ASAN_CC) $(ASAN_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	tests/support/sanitized_ctest.sh asan $(ASAN_BUILD) -j $(JOBS)

# valgrind memcheck over every unit and API test program (labels unit and
# api), each run by tests/support/memcheck.sh: any error or leak of any
# kind fails.
test-valgrind: deps
	@command -v valgrind >/dev/null || { echo "valgrind not found"; exit 1; }
	cmake -S . -B $(VALGRIND_BUILD) $(CMAKE_FLAGS) \
		-DDSS_TEST_LAUNCHER=$(CURDIR)/tests/support/memcheck.sh \
		-DDSS_TEST_TIMEOUT=1500
	cmake --build $(VALGRIND_BUILD) -j $(JOBS)
	ctest --test-dir $(VALGRIND_BUILD) -L '^(unit|api)$$' \
		--output-on-failure -j $(JOBS)

# TSan over the multi-threaded test programs (label threads), whole.
test-tsan: deps
	cmake -S . -B $(TSAN_BUILD) $(TSAN_FLAGS)
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target $(TSAN_TESTS)
	tests/support/sanitized_ctest.sh tsan $(TSAN_BUILD) -L '^threads$$' \
		-j $(JOBS)

# The lexer, quoting, hex and name compares have SSE2 paths with a byte
# loop beside them for other targets: build without __SSE2__ and run the
# tests that need no peer and no install (the CLI is not built).
test-portable: deps
	cmake -S . -B $(PORTABLE_BUILD) $(PORTABLE_FLAGS)
	cmake --build $(PORTABLE_BUILD) -j $(JOBS)
	@if objdump -d $(PORTABLE_BUILD)/src/libdigestssp.so | grep -q pcmpeqb; \
		then echo "test-portable: SSE2 code left in the library"; exit 1; fi
	ctest --test-dir $(PORTABLE_BUILD) -LE '^(interop|install)$$' \
		--output-on-failure -j $(JOBS)

# A bounded fuzz pass: every libFuzzer target FUZZ_SECONDS from its
# committed corpus, and the corpora replayed (tests/fuzz/run_fuzz.sh).
fuzz-ci: deps
	@command -v $(FUZZ_CC) >/dev/null || { echo "$(FUZZ_CC) not found"; exit 1; }
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=$(FUZZ_CC) $(FUZZ_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run_fuzz.sh $(FUZZ_BUILD)

# The long campaign: each target FUZZ_RUNS inputs, in two parallel lanes
# (the slow targets first in each), logs and corpora in $(FUZZ_BUILD)/fuzz-long-*.
fuzz-long: deps
	@command -v $(FUZZ_CC) >/dev/null || { echo "$(FUZZ_CC) not found"; exit 1; }
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=$(FUZZ_CC) $(FUZZ_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers
	@FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_WORK=$(FUZZ_BUILD)/fuzz-long-a \
		tests/fuzz/run_fuzz.sh $(FUZZ_BUILD) $(FUZZ_TARGETS_A) & a=$$!; \
	FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_WORK=$(FUZZ_BUILD)/fuzz-long-b \
		tests/fuzz/run_fuzz.sh $(FUZZ_BUILD) $(FUZZ_TARGETS_B); b=$$?; \
	wait $$a; a=$$?; test $$a = 0 && test $$b = 0

# What CI runs (.ci/run): the README's `make test` first, then each variant,
# one after the other (they share 127.0.0.1 ports and the two cores), with
# the wall-clock time of each step.
CI_STEPS = test test-asan test-valgrind test-tsan test-portable fuzz-ci
ci:
	@set -e; times=""; \
	for t in $(CI_STEPS); do \
		echo "==== make $$t"; start=$$(date +%s); \
		$(MAKE) --no-print-directory $$t; \
		times="$$times $$t=$$(( $$(date +%s) - start ))s"; \
	done; \
	echo "==== ci: all green:$$times"

demo: build
	tools/demo.sh $(BUILD)

install: build
	cmake --install $(BUILD)

bench-build:
	cmake -S . -B $(BENCH_BUILD) $(BENCH_FLAGS)
	cmake --build $(BENCH_BUILD) -j $(JOBS) --target dss_bench

bench: bench-build
	$(BENCH_BUILD)/bench/dss_bench $(BENCH_ARGS)

# callgrind files of every run are kept in $(BENCH_BUILD)/callgrind for
# callgrind_annotate
bench-instr: bench-build
	$(BENCH_BUILD)/bench/dss_bench --instr --out $(BENCH_BUILD)/callgrind $(BENCH_ARGS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(VALGRIND_BUILD) $(TSAN_BUILD) \
		$(PORTABLE_BUILD) $(FUZZ_BUILD)
