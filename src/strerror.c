// SPDX-License-Identifier: MIT
/*
 * strerror.c - text for the MB_E* codes.
 */
#include "libmemblock.h"

const char *mb_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return "success";
	case MB_ENOENT:
		return "no such range, or the map was discarded";
	case MB_ENOMEM:
		return "region table full and cannot grow";
	case MB_EINVAL:
		return "invalid argument (zero size, bad alignment, node or flags)";
	case MB_ENOSPC:
		return "no free memory of that size within the bounds";
	case MB_EALIGN:
		return "free memory fits, but not at the requested alignment";
	case MB_ERANGE:
		return "allocation bounds are empty";
	default:
		return "unknown error";
	}
}
