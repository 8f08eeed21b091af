# Freestanding cross builds of the core, and their sizes.
CROSS_TARGETS := x86_64-unknown-none aarch64-unknown-none \
                 riscv64-unknown-none armv7a-unknown-none-eabi
CROSS_FLAGS := -ffreestanding -nostdlib -fno-builtin -Os -std=c11 \
               -Iinclude $(WARN) -fno-stack-protector
CROSS_x86_64-unknown-none := -mno-red-zone -mcmodel=kernel
CROSS_aarch64-unknown-none := -mgeneral-regs-only
CROSS_riscv64-unknown-none := -march=rv64imac -mabi=lp64 -mno-relax -mcmodel=medany
CROSS_armv7a-unknown-none-eabi := -mfloat-abi=soft -DMEMBLOCK_PHYS_ADDR_32BIT

define cross_rule
$(B)/cross/$(1)/libmemblock.o: $(MEMBLOCK_SRCS) $(MEMBLOCK_HEADERS) src/internal.h
	@mkdir -p $$(dir $$@)
	@for s in $(MEMBLOCK_SRCS); do \
	    $(CLANG) --target=$(1) $(CROSS_FLAGS) $(CROSS_$(1)) \
	        -c $$$$s -o $$(dir $$@)/$$$$(basename $$$$s .c).o || exit 1; \
	done
	@ld.lld -r -o $$@ $$(addprefix $$(dir $$@)/,$$(MEMBLOCK_CORE_FILES:.c=.o))
endef
$(foreach t,$(CROSS_TARGETS),$(eval $(call cross_rule,$(t))))

cross: 
	@scripts/deps.sh cross
	@$(MAKE) --no-print-directory $(foreach t,$(CROSS_TARGETS),$(B)/cross/$(t)/libmemblock.o)
	@scripts/cross-report.sh $(B)/cross $(CROSS_TARGETS)
