# examples/: the reference buddy allocator (linked into its test) and the
# early-boot example.  `make examples` builds them; `make check` only runs
# the buddy's test, like any other test (tests see -Iexamples).
TEST_EXTRA_test_buddy_handoff := examples/buddy.c

.PHONY: examples
examples: $(B)/examples/early_boot

$(B)/examples/early_boot: examples/early_boot.c examples/buddy.c \
		examples/buddy.h $(MEMBLOCK_SRCS) $(MEMBLOCK_HOSTED_SRCS) \
		$(MEMBLOCK_HEADERS) src/internal.h
	@mkdir -p $(dir $@)
	$(CC) $(MEMBLOCK_CFLAGS) -Iexamples $(WARN) $(CFLAGS) -o $@ \
	    examples/early_boot.c examples/buddy.c \
	    $(MEMBLOCK_SRCS) $(MEMBLOCK_HOSTED_SRCS)
