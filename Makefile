# libmemblock - build, tests, cross builds.  See README.md.
MEMBLOCK_DIR := .
include Makefile.memblock

CC      ?= cc
CLANG   ?= clang
B       := build
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wundef -Wvla \
           -Wcast-align -Wswitch-enum -Wno-switch-enum
CFLAGS  ?= -O2 -g
ALLCFLAGS = $(MEMBLOCK_CFLAGS) $(WARN) $(CFLAGS)
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer

LIB_OBJS := $(patsubst ./src/%.c,$(B)/obj/%.o,$(MEMBLOCK_SRCS) $(MEMBLOCK_HOSTED_SRCS))

.PHONY: all lib check test-deps clean cross
all: lib
lib: $(B)/libmemblock.a

$(B)/obj/%.o: src/%.c $(MEMBLOCK_HEADERS) $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -c $< -o $@

$(B)/libmemblock.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# tests.mk last: it expands the TEST_EXTRA_* variables the others set.
include $(filter-out mk/tests.mk,$(sort $(wildcard mk/*.mk))) mk/tests.mk

clean:
	rm -rf $(B)
