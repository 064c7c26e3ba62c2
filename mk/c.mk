# The C library: build, header check, C tests (ASan+UBSan and valgrind), install, pkg-config
# example, fuzz and benchmark. Included by the top-level Makefile.
#
#   make test-c          C tests under ASan/UBSan and valgrind
#   make test-c-example  install into a temporary prefix, build examples/c with pkg-config, run it
#   make install PREFIX=/usr/local [C_PROFILE=release]   also the CMake package (test: make test-c-cmake)
#   make header          regenerate ffi/include/bildungsnetz.h with cbindgen
#   make fuzz            a longer run of the byte fuzzers (FUZZ_CASES=...): the C entry points and
#                        the CSV readers and settings parsers of the core
#   make bench-c         benchmarks: C timing program and the Rust bench (measured, not asserted)

TEST_TARGETS += test-c test-c-example test-c-fuzz

CC ?= cc
PREFIX ?= /usr/local
C_PROFILE ?= release
C_TARGET_DIR ?= $(or $(CARGO_TARGET_DIR),target)
C_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
C_BUILD := build/c
C_STD_FLAGS := -std=c11 -Wall -Wextra -Werror -pedantic -D_POSIX_C_SOURCE=200809L -g
C_SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
C_DEBUG_LIB := $(C_BUILD)/lib
C_TEST_SRCS := $(wildcard tests/c/test_*.c)
C_TESTS := $(basename $(notdir $(C_TEST_SRCS)))
C_DATA := examples/data
# Every C test gets: the sample data, the conformance cases flattened to TSV, the case files.
C_TEST_ARGS := $(C_DATA) $(C_BUILD)/cases.tsv tests/conformance
VALGRIND_FLAGS := --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all \
	--show-leak-kinds=all --track-origins=yes --quiet

.PHONY: c-lib test-c test-c-asan test-c-valgrind test-c-coverage test-c-example install header \
	fuzz test-c-fuzz bench-c

# The debug library, with the file name its SONAME asks for, in build/c/lib.
c-lib:
	$(CARGO) build -p bildungsnetz-ffi
	mkdir -p $(C_BUILD)/lib
	ln -sf $(abspath $(C_TARGET_DIR)/debug/libbildungsnetz_ffi.so) $(C_BUILD)/lib/libbildungsnetz.so.$(C_VERSION)
	ln -sf libbildungsnetz.so.$(C_VERSION) $(C_BUILD)/lib/libbildungsnetz.so

$(C_BUILD):
	mkdir -p $@

$(C_BUILD)/cases.tsv: tests/c/cases_to_tsv.py $(wildcard tests/conformance/*.json) | $(C_BUILD)
	python3 tests/c/cases_to_tsv.py tests/conformance > $@

# Every function declared in the header must be called somewhere in tests/c.
test-c-coverage:
	@missing=0; for f in $$(sed -n 's/^[a-z_ ]*[ *]\(bildungsnetz_[a-z0-9_]*\)(.*/\1/p' ffi/include/bildungsnetz.h); do \
		grep -q "$$f(" tests/c/*.c || { echo "not covered by tests/c: $$f"; missing=1; }; \
	done; test $$missing = 0 && echo "test-c-coverage: every exported function is called by tests/c"

test-c-asan: c-lib $(C_BUILD)/cases.tsv
	@set -e; for t in $(C_TESTS); do \
		$(CC) $(C_STD_FLAGS) $(C_SAN_FLAGS) -pthread -Iffi/include tests/c/$$t.c \
			-L$(C_DEBUG_LIB) -Wl,-rpath,$(abspath $(C_DEBUG_LIB)) -lbildungsnetz \
			-o $(C_BUILD)/$$t-asan; \
		echo "== $$t (ASan+UBSan)"; \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
			$(C_BUILD)/$$t-asan $(C_TEST_ARGS); \
	done

test-c-valgrind: c-lib $(C_BUILD)/cases.tsv
	@set -e; for t in $(C_TESTS); do \
		$(CC) $(C_STD_FLAGS) -O1 -pthread -Iffi/include tests/c/$$t.c \
			-L$(C_DEBUG_LIB) -Wl,-rpath,$(abspath $(C_DEBUG_LIB)) -lbildungsnetz \
			-o $(C_BUILD)/$$t; \
		echo "== $$t (valgrind)"; \
		BILDUNGSNETZ_TEST_SMALL=1 valgrind $(VALGRIND_FLAGS) $(C_BUILD)/$$t $(C_TEST_ARGS); \
	done

test-c: test-c-coverage test-c-asan test-c-valgrind

# cbindgen output must equal the committed header (ffi/tests/header.rs runs in test-rust too).
header:
	BILDUNGSNETZ_BLESS=1 $(CARGO) test -p bildungsnetz-ffi --test header

C_LIB_OUT = $(C_TARGET_DIR)/$(if $(filter dev debug,$(C_PROFILE)),debug,$(C_PROFILE))
C_DEV_PROFILE = $(filter dev debug,$(C_PROFILE))
C_CMAKE_DIR = $(DESTDIR)$(PREFIX)/lib/cmake/bildungsnetz
C_VERSION_SED = -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(C_VERSION)|g' \
	-e 's|@VERSION_MAJOR@|$(word 1,$(subst ., ,$(C_VERSION)))|g' \
	-e 's|@VERSION_MINOR@|$(word 2,$(subst ., ,$(C_VERSION)))|g' \
	-e 's|@SIZEOF_VOID_P@|$(shell echo $$(($$(getconf LONG_BIT) / 8)))|g'
STRIP ?= strip

# Header, shared and static library, pkg-config file and CMake package (lib/cmake/bildungsnetz).
# The release .so is linked without DWARF ([profile.release] strip = "debuginfo"); the .a is
# an archive that no linker has touched, so the DWARF of the Rust standard library in it is
# stripped here (symbols stay: backtraces keep their function names). Dev installs keep it all.
install:
	$(CARGO) build -p bildungsnetz-ffi $(if $(C_DEV_PROFILE),,--profile $(C_PROFILE))
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig $(C_CMAKE_DIR)
	install -m 644 ffi/include/bildungsnetz.h $(DESTDIR)$(PREFIX)/include/
	install -m 755 $(C_LIB_OUT)/libbildungsnetz_ffi.so $(DESTDIR)$(PREFIX)/lib/libbildungsnetz.so.$(C_VERSION)
	ln -sf libbildungsnetz.so.$(C_VERSION) $(DESTDIR)$(PREFIX)/lib/libbildungsnetz.so
	install -m 644 $(C_LIB_OUT)/libbildungsnetz_ffi.a $(DESTDIR)$(PREFIX)/lib/libbildungsnetz.a
	$(if $(C_DEV_PROFILE),,$(STRIP) --strip-debug $(DESTDIR)$(PREFIX)/lib/libbildungsnetz.a)
	sed $(C_VERSION_SED) ffi/bildungsnetz.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/bildungsnetz.pc
	sed $(C_VERSION_SED) ffi/cmake/bildungsnetzConfig.cmake.in > $(C_CMAKE_DIR)/bildungsnetzConfig.cmake
	sed $(C_VERSION_SED) ffi/cmake/bildungsnetzConfigVersion.cmake.in \
		> $(C_CMAKE_DIR)/bildungsnetzConfigVersion.cmake

# Installs into a temporary prefix (debug build, shared with the tests), then builds and runs the
# example the way a user would: with pkg-config, against the shared and the static library.
test-c-example: | $(C_BUILD)
	@set -e; prefix=$$(mktemp -d); trap 'rm -rf "$$prefix"' EXIT; \
	$(MAKE) --no-print-directory install PREFIX=$$prefix C_PROFILE=dev >/dev/null; \
	export PKG_CONFIG_PATH=$$prefix/lib/pkgconfig; \
	test "$$(pkg-config --modversion bildungsnetz)" = "$(C_VERSION)"; \
	test "$$(readelf -d $$prefix/lib/libbildungsnetz.so | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')" = "libbildungsnetz.so.$(C_VERSION)"; \
	$(CC) $(C_STD_FLAGS) examples/c/network_report.c $$(pkg-config --cflags --libs bildungsnetz) \
		-Wl,-rpath,$$prefix/lib -o $(C_BUILD)/network_report; \
	$(CC) $(C_STD_FLAGS) examples/c/network_report.c $$(pkg-config --cflags bildungsnetz) \
		-L$$prefix/lib -Wl,-Bstatic -lbildungsnetz -Wl,-Bdynamic \
		$$(pkg-config --static --libs-only-l bildungsnetz | sed 's/-lbildungsnetz//') \
		-o $(C_BUILD)/network_report-static; \
	echo "== examples/c/network_report (shared)"; \
	$(C_BUILD)/network_report $(C_DATA)/hagen.json $(C_DATA)/broken.json; \
	echo "== examples/c/network_report (static)"; \
	$(C_BUILD)/network_report-static $(C_DATA)/hagen.json > /dev/null; \
	echo "test-c-example: 1 passed, 0 failed"

# A bounded run of the random-bytes fuzzers: through the C entry points (ffi/tests/fuzz.rs:
# documents, rules, the monitor's settings, CSV records and directory files) and the core's CSV
# readers and settings parsers (core/tests/fuzz_readers.rs; it runs in test-rust as well).
test-c-fuzz:
	$(CARGO) test -p bildungsnetz-ffi --test fuzz
	$(CARGO) test -p bildungsnetz --test fuzz_readers

fuzz:
	FUZZ_CASES=$${FUZZ_CASES:-200000} $(CARGO) test --release -p bildungsnetz-ffi --test fuzz -- --nocapture
	FUZZ_CASES=$${FUZZ_CASES:-200000} $(CARGO) test --release -p bildungsnetz --test fuzz_readers -- --nocapture

bench-c: | $(C_BUILD)
	$(CARGO) build --release -p bildungsnetz-ffi
	$(CC) -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -Iffi/include tests/c/bench.c \
		$(C_TARGET_DIR)/release/libbildungsnetz_ffi.a -lpthread -ldl -lm -o $(C_BUILD)/bench
	$(C_BUILD)/bench $(C_DATA)
	$(CARGO) bench -p bildungsnetz-ffi
