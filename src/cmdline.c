// SPDX-License-Identifier: MIT
/*
 * cmdline.c - the kernel command-line options memblock acts on, parsed
 * without libc so a kernel can call it before anything else is up.
 */
#include "internal.h"

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

static unsigned suffix_shift(char c)
{
	switch (c) {
	case 'K': case 'k': return 10;
	case 'M': case 'm': return 20;
	case 'G': case 'g': return 30;
	case 'T': case 't': return 40;
	case 'P': case 'p': return 50;
	case 'E': case 'e': return 60;
	default: return 0;
	}
}

/* v = v * base + d, false on overflow; constant limits avoid a division. */
static bool mul_add(uint64_t *v, unsigned base, unsigned d)
{
	uint64_t lim = base == 16 ? UINT64_MAX >> 4 :
		       base == 8 ? UINT64_MAX >> 3 : UINT64_MAX / 10;

	if (*v > lim || *v * base > UINT64_MAX - d)
		return false;
	*v = *v * base + d;
	return true;
}

int mb_parse_size(const char *s, uint64_t *out, const char **rest)
{
	unsigned base = 10, shift;
	uint64_t v = 0;
	const char *p = s;
	int d, n = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (; (d = digit_value(*p)) < (int)base; p++, n++)
		if (!mul_add(&v, base, (unsigned)d))
			return -MB_ERANGE;
	if (!n)
		return -MB_EINVAL;
	shift = suffix_shift(*p);
	if (shift) {
		if (v > (UINT64_MAX >> shift))
			return -MB_ERANGE;
		v <<= shift;
		p++;
	}
	*out = v;
	if (rest)
		*rest = p;
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Does [p, end) start with @key, the whole of it? */
static const char *after_key(const char *p, const char *end, const char *key)
{
	while (*key && p < end && *p == *key) {
		p++;
		key++;
	}
	return *key ? NULL : p;
}

static bool contains(const char *p, const char *end, const char *word)
{
	for (; p < end; p++)
		if (after_key(p, end, word))
			return true;
	return false;
}

/* A size that must fill the value exactly. */
static bool whole_size(const char *p, const char *end, uint64_t *v,
		       const char **stop)
{
	const char *q;

	if (mb_parse_size(p, v, &q) || q > end)
		return false;
	*stop = q;
	return true;
}

/* Does an earlier reserve_mem= already use the @n-byte @name? */
static bool name_taken(const struct mb_cmdline *out, const char *name,
		       size_t n)
{
	unsigned i;

	for (i = 0; i < out->reserve_mem_cnt; i++) {
		const char *s = out->reserve_mem[i].name;
		size_t k = 0;

		while (k < n && s[k] == name[k])
			k++;
		if (k == n && s[k] == '\0')
			return true;
	}
	return false;
}

static bool parse_reserve_mem(const char *p, const char *end,
			      struct mb_cmdline *out)
{
	uint64_t size, align;
	const char *q;
	size_t n;

	if (out->reserve_mem_cnt >= sizeof(out->reserve_mem) /
					    sizeof(out->reserve_mem[0]))
		return false;
	if (!whole_size(p, end, &size, &q) || !size || q >= end || *q != ':')
		return false;
	if (!whole_size(q + 1, end, &align, &q) || q >= end || *q != ':')
		return false;
	if (align && (align & (align - 1)))
		return false;
	n = (size_t)(end - (q + 1));
	if (!n || n >= sizeof(out->reserve_mem[0].name) ||
	    name_taken(out, q + 1, n))
		return false;
	/* As Linux: the alignment is at least a cache line (0 included). */
	if (align < MEMBLOCK_ENV_CACHE_BYTES)
		align = MEMBLOCK_ENV_CACHE_BYTES;
	out->reserve_mem[out->reserve_mem_cnt].size = size;
	out->reserve_mem[out->reserve_mem_cnt].align = align;
	MEMBLOCK_ENV_MEMCPY(out->reserve_mem[out->reserve_mem_cnt].name, q + 1,
			    n);
	out->reserve_mem[out->reserve_mem_cnt].name[n] = '\0';
	out->reserve_mem_cnt++;
	return true;
}

/* Linux's next_arg() drops the quotes around a value: key="value". */
static const char *unquote_value(const char *v, const char **end)
{
	if (v && v < *end && *v == '"') {
		v++;
		if (*end > v && (*end)[-1] == '"')
			(*end)--;
	}
	return v;
}

static void parse_word(const char *p, const char *end, struct mb_cmdline *out)
{
	const char *v;
	uint64_t size;

	if ((v = unquote_value(after_key(p, end, "mem="), &end))) {
		const char *q;

		/* mem=nopentium is an x86 paging switch, not a limit. */
		if (after_key(v, end, "nopentium") == end)
			return;
		if (whole_size(v, end, &size, &q) && q == end)
			out->mem_limit = size;
		else
			out->errors++;
	} else if ((v = unquote_value(after_key(p, end, "memblock="), &end))) {
		if (contains(v, end, "debug"))
			out->debug = true;
	} else if ((v = unquote_value(after_key(p, end, "reserve_mem="),
				      &end))) {
		if (!parse_reserve_mem(v, end, out))
			out->errors++;
	}
}

int mb_parse_cmdline(const char *cmdline, struct mb_cmdline *out)
{
	const char *p = cmdline;

	MEMBLOCK_ENV_MEMSET(out, 0, sizeof(*out));
	if (!p)
		return 0;
	while (*p) {
		const char *start, *wend;
		bool quoted = false;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		start = p;
		/* Words end at unquoted white space, as in Linux's next_arg(). */
		for (; *p && (quoted || !is_space(*p)); p++)
			if (*p == '"')
				quoted = !quoted;
		/* A word in quotes is an option too, without its quotes. */
		wend = p;
		if (*start == '"') {
			start++;
			if (wend > start && wend[-1] == '"')
				wend--;
		}
		parse_word(start, wend, out);
		if (after_key(start, wend, "--") == wend)
			break; /* the rest belongs to init */
	}
	return out->errors ? -MB_EINVAL : 0;
}
