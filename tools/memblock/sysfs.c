// SPDX-License-Identifier: MIT
/*
 * sysfs.c - open an input that may be a directory: /sys/firmware/memmap
 * (or a copy of it) is turned into "memmap/N/key:value" lines for the
 * parser; anything else is read as a file.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mbt.h"

static int append(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > *cap) {
		size_t c = (*cap ? *cap * 2 : 4096) + n;
		char *b = realloc(*buf, c);

		if (!b)
			return -1;
		*buf = b;
		*cap = c;
	}
	memcpy(*buf + *len, s, n + 1);
	*len += n;
	return 0;
}

/* One attribute file's first line, as "memmap/N/KEY:VALUE\n". */
static int read_attr(const char *dir, const char *entry, const char *key,
		     char **buf, size_t *len, size_t *cap)
{
	char path[4096], line[256], out[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s/%s", dir, entry, key);
	f = fopen(path, "r");
	if (!f)
		return 0; /* reported as incomplete by the parser */
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	snprintf(out, sizeof(out), "memmap/%s/%s:%s\n", entry, key, line);
	return append(buf, len, cap, out);
}

static int load_dir(struct mbt_input *in, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int ret;

	if (!d) {
		mbt_error(&in->diag, 0, "cannot open the directory");
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		if (read_attr(dir, e->d_name, "start", &buf, &len, &cap) ||
		    read_attr(dir, e->d_name, "end", &buf, &len, &cap) ||
		    read_attr(dir, e->d_name, "type", &buf, &len, &cap)) {
			closedir(d);
			free(buf);
			return -1;
		}
	}
	closedir(d);
	ret = mbt_parse_buffer(in, buf ? buf : "", len);
	free(buf);
	return ret;
}

int mbt_load_input(struct mbt_input *in, const char *path)
{
	struct stat st;

	if (strcmp(path, "-") && !stat(path, &st) && S_ISDIR(st.st_mode))
		return load_dir(in, path);
	return mbt_parse_file(in, path);
}
