# examples/: the reference buddy allocator (linked into its test) and the
# early-boot example.  `make examples` builds them; `make check` only runs
# the buddy's test, like any other test.
TEST_EXTRA_test_buddy_handoff := examples/buddy.c
TEST_LIBS_test_buddy_handoff := -Iexamples

# Rebuild the test when the example changes (the configs of mk/tests.mk).
$(foreach c,plain san phys32,$(B)/t-$(c)/test_buddy_handoff): \
	examples/buddy.c examples/buddy.h

.PHONY: examples
examples: $(B)/examples/early_boot

$(B)/examples/early_boot: examples/early_boot.c examples/buddy.c \
		examples/buddy.h $(MEMBLOCK_SRCS) $(MEMBLOCK_HOSTED_SRCS) \
		$(MEMBLOCK_HEADERS) src/internal.h
	@mkdir -p $(dir $@)
	$(CC) $(MEMBLOCK_CFLAGS) -Iexamples $(WARN) $(CFLAGS) -o $@ \
	    examples/early_boot.c examples/buddy.c \
	    $(MEMBLOCK_SRCS) $(MEMBLOCK_HOSTED_SRCS)
