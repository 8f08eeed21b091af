/* SPDX-License-Identifier: MIT */
/*
 * parse.h - what the input parsers (parse*.c) share; not for the
 * subcommands, which see only mbt.h.
 */
#ifndef MBT_PARSE_H
#define MBT_PARSE_H

#include "mbt.h"

/* [a, b] inclusive as a size; the whole 64-bit space loses a byte. */
uint64_t mbt_range_size(uint64_t a, uint64_t b);
/* A copy without trailing blanks and line ends (NULL when out of memory). */
char *mbt_dup_trimmed(const char *s);
/* Make room to append to an array of @n items (grows at powers of two). */
void *mbt_grow(void *arr, size_t n, size_t size);
int mbt_add_edit(struct mbt_input *in, const struct mbt_edit *e);
int mbt_add_op(struct mbt_input *in, const struct mbt_op *o);
int mbt_add_node_range(struct mbt_input *in, uint64_t s, uint64_t e, int nid);

/* Kernel logs (parse_dmesg.c). */
enum table_kind { TBL_NONE, TBL_FIRMWARE, TBL_USER };

struct dmesg_state {
	enum table_kind last;      /* table the previous line belonged to */
	const char *last_prefix;
	unsigned long first_marker; /* first memblock_add / dump line */
	unsigned long last_pfn_line;
	int dump_phase;            /* 0 before, 1 inside, 2 after the first dump */
	struct mbt_input dump;     /* the first MEMBLOCK dump's regions (ops) */
};

/*
 * A log without a firmware map (memory registered before memblock=debug
 * took effect) still shows memory in its first dump: use those regions.
 */
void mbt_dmesg_finish(struct mbt_input *in, struct dmesg_state *st);

bool mbt_is_dmesg_marker(const char *line);
void mbt_dmesg_line(struct mbt_input *in, struct dmesg_state *st,
		    const char *line, unsigned long ln);

/* The text format and memblock's debugfs listing (parse_text.c). */
void mbt_text_line(struct mbt_input *in, const char *line, unsigned long ln);
bool mbt_debugfs_split(const char *line, uint64_t *a, uint64_t *b,
		       const char **rest);
void mbt_debugfs_line(struct mbt_input *in, const char *line,
		      unsigned long ln);

/* /proc/iomem and /sys/firmware/memmap (parse_iomem.c). */
bool mbt_iomem_split(const char *line, unsigned *depth, uint64_t *a,
		     uint64_t *b, const char **name);
void mbt_iomem_line(struct mbt_input *in, const char *line,
		    unsigned long ln, bool *all_zero);
struct sysfs_entry {
	uint64_t start, end;
	uint32_t type;
	unsigned have;     /* bits: 1 start, 2 end, 4 type */
	unsigned long line;
};

struct sysfs_state {
	struct sysfs_entry *e;
	size_t n;
};

bool mbt_sysfs_split(const char *line, uint64_t *idx, const char **key,
		     const char **val);
void mbt_sysfs_line(struct mbt_input *in, struct sysfs_state *st,
		    const char *line, unsigned long ln);
void mbt_sysfs_finish(struct mbt_input *in, struct sysfs_state *st);

/* Raw dumps (parse_raw.c). */
int mbt_parse_raw(struct mbt_input *in, const unsigned char *b, size_t len);

#endif /* MBT_PARSE_H */
