# Evidence of correctness (issue 4): the reference model and differential
# driver linked into tests, a soak run, libFuzzer, and static analysis.
#   make soak [SECONDS=60]   differential soak with ASan+UBSan (gap index in
#                            tiny blocks, as in the slack tests)
#   make fuzz [SECONDS=60]   libFuzzer (clang, ASan+UBSan) on fuzz/fuzz_ops.c;
#                            FUZZ=fuzz_ops32 fuzzes the 32-bit phys_addr_t build
#   make soak-ci             a bounded soak for CI (30 s)
#   make fuzz-ci             a bounded fuzz run for CI (20 s + 10 s phys32 +
#                            20 s of the parsers, FUZZ=fuzz_parse)
#   make lint                cppcheck and clang-tidy on src/, fail on findings
DRV_SRCS := tests/model.c tests/driver.c
DRV_HDRS := tests/model.h tests/driver.h
TEST_EXTRA_test_differential := $(DRV_SRCS)
TEST_EXTRA_test_fault_injection := $(DRV_SRCS)
TEST_EXTRA_test_edge_maps := $(DRV_SRCS)

SECONDS ?= 60
EVIDENCE_DEPS := $(DRV_SRCS) $(DRV_HDRS) $(MEMBLOCK_SRCS) \
                 $(MEMBLOCK_HOSTED_SRCS) $(MEMBLOCK_HEADERS)

.PHONY: soak soak-ci fuzz fuzz-ci lint

$(B)/tools/soak: tools/soak.c $(EVIDENCE_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(MEMBLOCK_CFLAGS) -Isrc -Itests $(WARN) -O1 -g $(SAN) \
	    $(TEST_GAPS_SMALL) -o $@ tools/soak.c $(DRV_SRCS) $(MEMBLOCK_SRCS) $(MEMBLOCK_HOSTED_SRCS)

soak: $(B)/tools/soak
	$(B)/tools/soak --seconds $(SECONDS)

# A bounded soak for CI.
soak-ci: $(B)/tools/soak
	$(B)/tools/soak --seconds 30

FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all -fno-omit-frame-pointer

FUZZ ?= fuzz_ops
FUZZ_CFG_fuzz_ops :=
# The 32-bit build also runs the gap index in tiny blocks (mk/tests.mk).
FUZZ_CFG_fuzz_ops32 = -DMEMBLOCK_PHYS_ADDR_32BIT $(TEST_GAPS_SMALL)

$(B)/fuzz/fuzz_ops $(B)/fuzz/fuzz_ops32: fuzz/fuzz_ops.c $(EVIDENCE_DEPS)
	@mkdir -p $(dir $@)
	$(CLANG) $(MEMBLOCK_CFLAGS) -Isrc -Itests $(WARN) $(FUZZ_FLAGS) \
	    $(FUZZ_CFG_$(notdir $@)) -o $@ \
	    fuzz/fuzz_ops.c $(DRV_SRCS) $(MEMBLOCK_SRCS) $(MEMBLOCK_HOSTED_SRCS)

# New inputs go to build/fuzz/corpus-*; the checked-in seeds stay as they are.
fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory $(B)/fuzz/$(FUZZ)
	@mkdir -p $(B)/fuzz/corpus-$(FUZZ)
	$(B)/fuzz/$(FUZZ) -max_total_time=$(SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(B)/fuzz/ $(B)/fuzz/corpus-$(FUZZ) \
	    $(or $(FUZZ_SEEDS_$(FUZZ)),fuzz/corpus)

fuzz-ci:
	@$(MAKE) --no-print-directory fuzz SECONDS=20
	@$(MAKE) --no-print-directory fuzz SECONDS=10 FUZZ=fuzz_ops32
	@$(MAKE) --no-print-directory fuzz SECONDS=20 FUZZ=fuzz_parse

# Real maps seed the parser fuzzer (first byte 0x01: the text parsers; 0x00
# and 0x08: the FDT importer without and with scratch; 0x06: e820).
FUZZ_SEEDS_fuzz_parse := fuzz/corpus-parse

# The parsers and importers: tool text formats, kernel options, FDT, UEFI,
# multiboot and e820 tables (the first input byte picks which).
PARSE_FUZZ_SRCS = fuzz/fuzz_parse.c $(TOOL_PARSER_SRCS) $(MEMBLOCK_SRCS) \
	$(MEMBLOCK_HOSTED_SRCS)
$(B)/fuzz/fuzz_parse: $(PARSE_FUZZ_SRCS) $(MEMBLOCK_HEADERS) $(wildcard tools/memblock/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(MEMBLOCK_CFLAGS) -Isrc -Itools/memblock $(WARN) $(FUZZ_FLAGS) \
	    -D_POSIX_C_SOURCE=200809L -o $@ $(PARSE_FUZZ_SRCS)

# Static analysis of the library, with the configuration checked in here.
lint:
	@scripts/deps.sh lint
	cppcheck --quiet --error-exitcode=1 --std=c11 --inline-suppr \
	    --enable=warning,style,performance,portability \
	    --suppressions-list=mk/cppcheck.supp -Iinclude -Isrc src
	clang-tidy --quiet --config-file=mk/clang-tidy.yaml $(wildcard src/*.c) \
	    -- $(MEMBLOCK_CFLAGS) -Isrc
