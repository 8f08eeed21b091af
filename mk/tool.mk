# The memblock host tool: build/memblock from tools/memblock/*.c and the
# library (core + importers; the tool supplies the platform seam itself).
TOOL_SRCS   := $(sort $(wildcard tools/memblock/*.c))
TOOL_OBJS   := $(patsubst tools/memblock/%.c,$(B)/tool/%.o,$(TOOL_SRCS))
TOOL_LIB_SRCS = $(sort $(MEMBLOCK_SRCS) $(addprefix ./,$(wildcard src/import_*.c)))
TOOL_LIB_OBJS = $(patsubst ./src/%.c,$(B)/obj/%.o,$(TOOL_LIB_SRCS))
TOOL_CFLAGS := -D_POSIX_C_SOURCE=200809L
TOOL_LIBS   := -lfdt
# The parser half, linkable into tests (no platform seam of its own).
TOOL_PARSER_SRCS := tools/memblock/diag.c tools/memblock/e820tab.c \
	tools/memblock/kcmdline.c tools/memblock/parse.c \
	$(wildcard tools/memblock/parse_*.c)
# Bundled default for `make run` (see maps/SOURCES.md).
TOOL_DEFAULT_MAP := maps/e820/azw-ser8-ryzen7-8745hs-new-format-7.0.txt

.PHONY: tool run check-tool
tool: $(B)/memblock

$(B)/tool/%.o: tools/memblock/%.c $(wildcard tools/memblock/*.h) $(MEMBLOCK_HEADERS) include/memblock_import.h
	@mkdir -p $(dir $@)
	$(CC) $(MEMBLOCK_CFLAGS) $(TOOL_CFLAGS) $(WARN) $(CFLAGS) -c $< -o $@

# libfdt and dtc come from Debian (scripts/deps.sh tool), installed once.
$(B)/.tool-deps:
	@scripts/deps.sh tool
	@mkdir -p $(dir $@) && touch $@

$(B)/tool/load.o: | $(B)/.tool-deps

# Binaries are linked under a temporary name and renamed, so a test
# running at the same time never sees a half-written file.
$(B)/memblock: $(TOOL_OBJS) $(TOOL_LIB_OBJS) | $(B)/.tool-deps
	$(CC) $(CFLAGS) -o $@.tmp $(TOOL_OBJS) $(TOOL_LIB_OBJS) $(TOOL_LIBS)
	@mv $@.tmp $@

# Library objects also follow the library's private headers.
$(TOOL_LIB_OBJS): $(wildcard src/*.h)

# The same tool with ASan+UBSan, for the shell tests that feed it junk.
$(B)/memblock-san: $(TOOL_SRCS) $(wildcard tools/memblock/*.h) $(TOOL_LIB_SRCS) $(wildcard src/*.h) $(MEMBLOCK_HEADERS) include/memblock_import.h | $(B)/.tool-deps
	@mkdir -p $(dir $@)
	$(CC) $(MEMBLOCK_CFLAGS) -Isrc $(TOOL_CFLAGS) $(WARN) -O1 -g $(SAN) \
	    -o $@.tmp $(TOOL_SRCS) $(TOOL_LIB_SRCS) $(TOOL_LIBS)
	@mv $@.tmp $@

run:
	@scripts/deps.sh tool
	@$(MAKE) --no-print-directory $(B)/memblock
	$(B)/memblock simulate --check $(TOOL_DEFAULT_MAP)

# Tests that link the parsers (and are rebuilt when they change).
TEST_EXTRA_test_tool_parse := $(TOOL_PARSER_SRCS)
TEST_EXTRA_test_tool_cmdline := $(TOOL_PARSER_SRCS)
$(foreach c,plain san phys32,$(B)/t-$(c)/test_tool_parse $(B)/t-$(c)/test_tool_cmdline): \
	$(TOOL_PARSER_SRCS) tools/memblock/mbt.h tools/memblock/parse.h

# Shell-level tests of the built tool (fixtures, exit codes, outputs).
TOOL_SH_TESTS := $(sort $(wildcard tests/tool/*.sh))
check-tool: $(B)/memblock $(B)/memblock-san
	@fail=0; for t in $(TOOL_SH_TESTS); do \
	    echo "== $$t"; \
	    MEMBLOCK=$(B)/memblock MEMBLOCK_SAN=$(B)/memblock-san sh $$t || fail=1; \
	done; \
	if [ $$fail -ne 0 ]; then echo "check-tool: FAILED"; exit 1; fi
check: check-tool
