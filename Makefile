# digestssp - the two set-up commands of the README, and a few helpers.
#
#   make demo    install what is missing, build, run the main job
#   make test    install what is missing, build, run every test
#   make bench   build the benchmarks (Release) and print their table
#   make bench-instr  the same plus instructions per operation (callgrind)
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
DEB_ALL = $(DEB_BUILD) $(DEB_PEERS)

BENCH_BUILD ?= build-bench
BENCH_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DDSS_BUILD_BENCH=ON -DDSS_WERROR=ON
BENCH_ARGS ?=

.PHONY: all deps build test demo install clean bench bench-build bench-instr

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
	rm -rf $(BUILD)
