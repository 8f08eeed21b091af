// SPDX-License-Identifier: MIT
/*
 * kprintf.c - a small printf for the demo kernels: %s %c %d %u %x %p and
 * %%, with l/ll/z length modifiers, a field width and '0' padding.
 */
#include "kernel.h"

void kputs(const char *s)
{
	while (*s)
		arch_putc(*s++);
}

/*
 * The digits of @v in base 10 or 16, least significant first, into @d;
 * their count.  Without a 64-bit divide: 32-bit Arm has no instruction for
 * one and the kernels link no helper library, so base 16 shifts and base
 * 10 subtracts powers of ten.
 */
static unsigned digits(unsigned long long v, unsigned base, char *d)
{
	static const char hex[] = "0123456789abcdef";
	static const unsigned long long pow10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
		10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
		100000000000ull, 1000000000000ull, 10000000000000ull,
		100000000000000ull, 1000000000000000ull, 10000000000000000ull,
		100000000000000000ull, 1000000000000000000ull,
		10000000000000000000ull,
	};
	unsigned n = 0, top = 0, i, k;

	if (base == 16) {
		do {
			d[n++] = hex[v & 15];
			v >>= 4;
		} while (v);
		return n;
	}
	while (top < 19 && v >= pow10[top + 1])
		top++;
	for (i = top + 1; i--;) {
		for (k = 0; v >= pow10[i]; k++)
			v -= pow10[i];
		d[i] = hex[k];
	}
	return top + 1;
}

static void put_num(unsigned long long v, unsigned base, bool neg,
		    unsigned width, char pad)
{
	char d[24];
	unsigned n = digits(v, base, d);

	if (neg)
		d[n++] = '-';
	while (width > n) {
		arch_putc(pad);
		width--;
	}
	while (n)
		arch_putc(d[--n]);
}

void kvprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		unsigned width = 0, lng = 0;
		char pad = ' ';
		unsigned long long u;

		if (*fmt != '%') {
			arch_putc(*fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd': {
			long long v = lng >= 2 ? va_arg(ap, long long) :
				      lng ? va_arg(ap, long) : va_arg(ap, int);
			u = v < 0 ? 0ull - (unsigned long long)v :
				    (unsigned long long)v;
			put_num(u, 10, v < 0, width, pad);
			break;
		}
		case 'u':
		case 'x':
			u = lng >= 2 ? va_arg(ap, unsigned long long) :
			    lng ? va_arg(ap, unsigned long) :
				  va_arg(ap, unsigned);
			put_num(u, *fmt == 'x' ? 16 : 10, false, width, pad);
			break;
		case 'p':
			kputs("0x");
			put_num((uintptr_t)va_arg(ap, void *), 16, false,
				width, pad);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			kputs(s ? s : "(null)");
			break;
		}
		case 'c':
			arch_putc((char)va_arg(ap, int));
			break;
		case '%':
			arch_putc('%');
			break;
		default: /* unknown: print it as written */
			arch_putc('%');
			if (!*fmt)
				return;
			arch_putc(*fmt);
		}
	}
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	kputs("FAIL ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kputs("\n");
	arch_exit(1);
}
