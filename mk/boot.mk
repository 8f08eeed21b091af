# Demo kernels booted under QEMU (boot/README.md).
#   make boot       build build/boot/x86/kernel.bin, build/boot/riscv/kernel.elf
#                   build/boot/arm64/Image and build/boot/arm/zImage
#   make boot-test  build them and boot each under a matrix of memory sizes,
#                   NUMA layouts and mem= values (boot/check.sh)
BOOT_B := $(B)/boot
# The freestanding core with its firmware-map importers.
BOOT_LIB_SRCS := $(MEMBLOCK_SRCS)
# dtboot.c is the arch_import/arch_reserve of the kernels started with a
# device tree: those link it, x86 does not.
BOOT_COMMON_SRCS := $(filter-out boot/common/dtboot.c,$(wildcard boot/common/*.c))
BOOT_EXTRA_SRCS := examples/buddy.c
BOOT_MORE_riscv := boot/common/dtboot.c
BOOT_MORE_arm64 := boot/common/dtboot.c
BOOT_MORE_arm := boot/common/dtboot.c
BOOT_DEPS := $(MEMBLOCK_HEADERS) include/memblock_import.h src/internal.h \
             $(wildcard boot/*/*.h examples/*.h)
BOOT_CFLAGS := -ffreestanding -nostdlib -fno-builtin -fno-stack-protector \
               -O2 -g -std=c11 -Iboot/common -Iinclude -Iexamples $(WARN)
BOOT_ARCHS := x86 riscv arm64 arm arm-lpae
BOOT_TARGET_x86 := --target=x86_64-unknown-none -mno-red-zone -fno-pic \
                   -mcmodel=small
BOOT_TARGET_riscv := --target=riscv64-unknown-none -march=rv64imac \
                     -mabi=lp64 -mno-relax -mcmodel=medany -fno-pic
BOOT_TARGET_arm64 := --target=aarch64-unknown-none -mgeneral-regs-only \
                     -mstrict-align -fno-pic
# 32-bit Arm: the library with a 32-bit phys_addr_t (boot/arm/arm.c), no
# unaligned accesses (they fault before the MMU is on), no FP registers.
BOOT_TARGET_arm := --target=armv7a-unknown-none-eabi -mcpu=cortex-a15 -marm \
                   -mfloat-abi=soft -mno-unaligned-access -fno-pic \
                   -DMEMBLOCK_PHYS_ADDR_32BIT
# The same kernel with the library's 64-bit phys_addr_t (LPAE, highmem).
BOOT_SRC_arm-lpae := arm
BOOT_MORE_arm-lpae := boot/common/dtboot.c
BOOT_TARGET_arm-lpae := $(filter-out -DMEMBLOCK_PHYS_ADDR_32BIT,$(BOOT_TARGET_arm))
BOOT_LDEMU_arm-lpae := armelf
BOOT_LDEMU_x86 := elf_x86_64
BOOT_LDEMU_riscv := elf64lriscv
BOOT_LDEMU_arm64 := aarch64elf
BOOT_LDEMU_arm := armelf

# One compile recipe for every source directory of a kernel.
boot_cc = @mkdir -p $(dir $@); echo "  CC $(1) $<"; \
	$(CLANG) $(BOOT_TARGET_$(1)) $(2) -c $< -o $@

# Kernel $(1) is built from boot/$(2)/.
define boot_arch
BOOT_OBJS_$(1) := \
	$$(patsubst %.c,$(BOOT_B)/$(1)/lib/%.o,$$(notdir $(BOOT_LIB_SRCS))) \
	$$(patsubst %.c,$(BOOT_B)/$(1)/%.o,$$(notdir $(BOOT_COMMON_SRCS) $(BOOT_EXTRA_SRCS) $(BOOT_MORE_$(1)))) \
	$$(patsubst boot/$(2)/%,$(BOOT_B)/$(1)/%.o,$$(wildcard boot/$(2)/*.c boot/$(2)/*.S))
$(BOOT_B)/$(1)/lib/%.o: $(MEMBLOCK_DIR)/src/%.c $(BOOT_DEPS)
	$$(call boot_cc,$(1),$(BOOT_CFLAGS))
$(BOOT_B)/$(1)/%.o: boot/common/%.c $(BOOT_DEPS)
	$$(call boot_cc,$(1),$(BOOT_CFLAGS))
$(BOOT_B)/$(1)/%.o: examples/%.c $(BOOT_DEPS)
	$$(call boot_cc,$(1),$(BOOT_CFLAGS))
$(BOOT_B)/$(1)/%.c.o: boot/$(2)/%.c $(BOOT_DEPS)
	$$(call boot_cc,$(1),$(BOOT_CFLAGS))
$(BOOT_B)/$(1)/%.S.o: boot/$(2)/%.S
	$$(call boot_cc,$(1))
$(BOOT_B)/$(1)/kernel.elf: $$(BOOT_OBJS_$(1)) boot/$(2)/kernel.ld
	@echo "  LD $$@"
	@ld.lld -m $(BOOT_LDEMU_$(1)) -static -nostdlib -T boot/$(2)/kernel.ld \
	    -o $$@ $$(BOOT_OBJS_$(1))
endef
$(foreach a,$(BOOT_ARCHS),$(eval $(call boot_arch,$(a),$(or $(BOOT_SRC_$(a)),$(a)))))

# QEMU's multiboot loader takes the flat image (see boot/x86/entry.S).
$(BOOT_B)/x86/kernel.bin: $(BOOT_B)/x86/kernel.elf
	llvm-objcopy -O binary $< $@

# QEMU's loader takes an arm64 Linux Image: the flat image, header first.
$(BOOT_B)/arm64/Image: $(BOOT_B)/arm64/kernel.elf
	llvm-objcopy -O binary $< $@

# And a 32-bit Arm one a zImage: the flat image too.
$(BOOT_B)/arm/zImage $(BOOT_B)/arm-lpae/zImage: $(BOOT_B)/%/zImage: $(BOOT_B)/%/kernel.elf
	llvm-objcopy -O binary $< $@

BOOT_KERNELS := $(BOOT_B)/x86/kernel.bin $(BOOT_B)/riscv/kernel.elf \
                $(BOOT_B)/arm64/Image $(BOOT_B)/arm/zImage \
                $(BOOT_B)/arm-lpae/zImage

# The host side of the check: recomputes the hand-off from a boot log.  It
# links the hosted library but supplies the seam's functions itself (to
# capture the dump), so the archive's env_hosted.o stays out.
$(BOOT_B)/hostcheck: boot/hostcheck.c $(B)/libmemblock.a $(BOOT_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(MEMBLOCK_CFLAGS) $(WARN) -O2 -g -o $@ boot/hostcheck.c \
	    $(B)/libmemblock.a -lfdt

# The same for the 32-bit Arm kernel: the core built with its 32-bit
# phys_addr_t (compiled here, not archived: one program uses it).
$(BOOT_B)/hostcheck32: boot/hostcheck.c $(BOOT_LIB_SRCS) $(BOOT_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(MEMBLOCK_CFLAGS) $(WARN) -O2 -g -DMEMBLOCK_PHYS_ADDR_32BIT \
	    -o $@ boot/hostcheck.c $(BOOT_LIB_SRCS) -lfdt

.PHONY: boot boot-test boot-deps
boot-deps:
	@scripts/deps.sh boot cross tool grub
boot: boot-deps
	@$(MAKE) --no-print-directory $(BOOT_KERNELS)
boot-test: boot-deps
	@$(MAKE) --no-print-directory $(BOOT_KERNELS) $(BOOT_B)/hostcheck \
	    $(BOOT_B)/hostcheck32
	@boot/check.sh $(BOOT_B)
