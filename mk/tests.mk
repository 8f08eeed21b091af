# Tests: every tests/test_*.c is a cmocka program, built and run in four
# configurations: plain, ASan+UBSan, 32-bit phys_addr_t, and slack in every
# grown table (the last three with sanitizers).
# A test needing more sources sets TEST_EXTRA_<name> (and TEST_LIBS_<name>)
# in its own mk/*.mk file.
TEST_NAMES   := $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))
TEST_SUPPORT := tests/support.c
TEST_CPPFLAGS := -Iexamples -Itools/memblock
TEST_CFG_plain  := -O2 -g
TEST_CFG_san    := -O1 -g $(SAN)
# The free-gap index from 2 reserved regions, in blocks of 2 to 4, with 4
# blocks inline and own storage after grown tables of 8 slots or more
# (normally 64, 32 to 64, 16 and 512), so that building, splitting and
# rebuilding it happen all the time; each block keeps 3 next best rooms
# (normally 1), so that both lengths of the list are tested.
TEST_GAPS_SMALL := -DMB_GAP_MIN=2 -DMB_GAP_PER_MIN=2 -DMB_GAP_INLINE=4 \
                   -DMB_GAP_EXT_MIN=8 -DMB_GAP_BEST=3
TEST_CFG_phys32 := -O1 -g $(SAN) -DMEMBLOCK_PHYS_ADDR_32BIT $(TEST_GAPS_SMALL)
# Slack at both ends of grown tables from the first region (normally 512).
TEST_CFG_slack  := -O1 -g $(SAN) -DMEMBLOCK_SLACK_MIN=1 $(TEST_GAPS_SMALL)
TEST_CONFIGS := plain san phys32 slack

# Per configuration, every source is compiled once (with -MMD header
# dependencies) and the library archived; each test links its objects.
TEST_LIB_OBJ = $(patsubst ./%.c,$(B)/t-$(1)/o/%.o,$(MEMBLOCK_SRCS) $(MEMBLOCK_HOSTED_SRCS))
TEST_OBJ = $(patsubst %.c,$(B)/t-$(1)/o/%.o,$(patsubst ./%,%,$(2)))

define cfg_rule
$(B)/t-$(1)/o/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(MEMBLOCK_CFLAGS) -Isrc -Itests $$(WARN) $$(TEST_CFG_$(1)) \
	    $$(TEST_CPPFLAGS) -MMD -MP -c $$< -o $$@
$(B)/t-$(1)/libmemblock.a: $(call TEST_LIB_OBJ,$(1))
	@rm -f $$@
	@ar rcs $$@ $$^
-include $$(wildcard $(B)/t-$(1)/o/*/*.d $(B)/t-$(1)/o/*/*/*.d)
endef
$(foreach c,$(TEST_CONFIGS),$(eval $(call cfg_rule,$(c))))

define test_rule
$(B)/t-$(1)/$(2): $(call TEST_OBJ,$(1),tests/$(2).c $(TEST_SUPPORT) $(TEST_EXTRA_$(2))) $(B)/t-$(1)/libmemblock.a
	$$(CC) $$(TEST_CFG_$(1)) -o $$@ $$(filter %.o %.a,$$^) -lcmocka \
	    $$(filter-out -I%,$$(TEST_LIBS_$(2)))
endef
$(foreach c,$(TEST_CONFIGS),$(foreach t,$(TEST_NAMES),$(eval $(call test_rule,$(c),$(t)))))

TEST_BINS := $(foreach c,$(TEST_CONFIGS),$(addprefix $(B)/t-$(c)/,$(TEST_NAMES)))

test-deps:
	@scripts/deps.sh test

# Build first (after deps), then run every binary; fail if any fails.
check: test-deps
	@$(MAKE) --no-print-directory -j2 lib $(TEST_BINS)
	@fail=0; for t in $(TEST_BINS); do \
	    echo "== $$t"; \
	    $$t || fail=1; \
	done; \
	if [ $$fail -ne 0 ]; then echo "check: FAILED"; exit 1; fi; \
	echo "check: all $(words $(TEST_BINS)) test programs passed"
