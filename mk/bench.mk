# Benchmarks of issue 5 (bench/README.md): `make bench` runs every workload
# at N = 100..100k, `make bench-ci` a bounded slice (N = 100, 1000, one
# repetition).  Built at -O2 without sanitizers from the library sources:
# this tree's, or those of another checkout with BENCH_TREE=/path (e.g. a
# `git archive` of a commit, to compare before and after a change).
BENCH_TREE ?= .
ifeq ($(BENCH_TREE),.)
BENCH_SRCS := $(MEMBLOCK_SRCS) $(MEMBLOCK_HOSTED_SRCS)
BENCH_BIN  := $(B)/bench/bench
ICOUNT_BIN := $(B)/bench/bench-icount
else
BENCH_SRCS := $(wildcard $(BENCH_TREE)/src/*.c)
BENCH_BIN  := $(B)/bench/bench-tree
ICOUNT_BIN := $(B)/bench/bench-icount-tree
.PHONY: $(BENCH_BIN) $(ICOUNT_BIN)
endif

$(BENCH_BIN): bench/bench.c $(BENCH_SRCS) $(wildcard $(BENCH_TREE)/include/*.h $(BENCH_TREE)/include/linux/*.h $(BENCH_TREE)/src/*.h)
	@mkdir -p $(dir $@)
	$(CC) -I$(BENCH_TREE)/include -std=c11 $(WARN) -O2 -g -o $@ \
	    bench/bench.c $(BENCH_SRCS) -ldl

.PHONY: bench bench-ci bench-icount
# Then the size of this tree's freestanding core per cross target, which
# issue 5 asks the benchmark to report too (`make cross`, -Os).
bench: $(BENCH_BIN)
	$(BENCH_BIN)
ifeq ($(BENCH_TREE),.)
	@echo
	@echo "Code and data size of the freestanding core at -Os (make cross):"
	@$(MAKE) --no-print-directory cross
endif

# Instructions per operation under callgrind (bench/icount.sh): a figure
# this machine's twofold clock swings do not move.  ICOUNT="c:10000 b:1000".
$(ICOUNT_BIN): bench/bench.c $(BENCH_SRCS) $(wildcard $(BENCH_TREE)/include/*.h $(BENCH_TREE)/include/linux/*.h $(BENCH_TREE)/src/*.h)
	@mkdir -p $(dir $@)
	$(CC) -I$(BENCH_TREE)/include -std=c11 $(WARN) -O2 -g -DBENCH_CALLGRIND \
	    -o $@ bench/bench.c $(BENCH_SRCS) -ldl

bench-icount:
	@scripts/deps.sh icount
	@$(MAKE) --no-print-directory $(ICOUNT_BIN)
	bench/icount.sh $(ICOUNT_BIN) $(ICOUNT)

bench-ci: $(BENCH_BIN)
	$(BENCH_BIN) --ci
