# Tests: every tests/test_*.c is a cmocka program, built and run in three
# configurations: plain, ASan+UBSan, and 32-bit phys_addr_t (+ sanitizers).
# A test needing more sources sets TEST_EXTRA_<name> (and TEST_LIBS_<name>)
# in its own mk/*.mk file.
TEST_NAMES   := $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))
TEST_SUPPORT := tests/support.c
TEST_CFG_plain  := -O2 -g
TEST_CFG_san    := -O1 -g $(SAN)
TEST_CFG_phys32 := -O1 -g $(SAN) -DMEMBLOCK_PHYS_ADDR_32BIT
TEST_CONFIGS := plain san phys32

define test_rule
$(B)/t-$(1)/$(2): tests/$(2).c $(TEST_SUPPORT) tests/support.h $(MEMBLOCK_SRCS) $(MEMBLOCK_HOSTED_SRCS) $(MEMBLOCK_HEADERS) src/internal.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(MEMBLOCK_CFLAGS) -Isrc -Itests $$(WARN) $$(TEST_CFG_$(1)) \
	    -o $$@ tests/$(2).c $$(TEST_SUPPORT) $$(TEST_EXTRA_$(2)) \
	    $$(MEMBLOCK_SRCS) $$(MEMBLOCK_HOSTED_SRCS) -lcmocka $$(TEST_LIBS_$(2))
endef
$(foreach c,$(TEST_CONFIGS),$(foreach t,$(TEST_NAMES),$(eval $(call test_rule,$(c),$(t)))))

TEST_BINS := $(foreach c,$(TEST_CONFIGS),$(addprefix $(B)/t-$(c)/,$(TEST_NAMES)))

test-deps:
	@scripts/deps.sh test

# Build first (after deps), then run every binary; fail if any fails.
check: test-deps
	@$(MAKE) --no-print-directory lib $(TEST_BINS)
	@fail=0; for t in $(TEST_BINS); do \
	    echo "== $$t"; \
	    $$t || fail=1; \
	done; \
	if [ $$fail -ne 0 ]; then echo "check: FAILED"; exit 1; fi; \
	echo "check: all $(words $(TEST_BINS)) test programs passed"
