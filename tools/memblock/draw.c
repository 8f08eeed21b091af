// SPDX-License-Identifier: MIT
#include "mbt.h"
int mbt_cmd_draw(int argc, char **argv)
{
	(void)argc; (void)argv;
	return MBT_EXIT_USAGE;
}
