// SPDX-License-Identifier: MIT
/*
 * load.c - open an input the parsers cannot read from bytes alone:
 * /sys/firmware/memmap (or a copy) is turned into "memmap/N/key:value"
 * lines; device tree sources go through Debian's dtc; blobs are checked
 * with Debian's libfdt (the library's importer checks them again, on its
 * own).  Anything else is read as a file.
 */
#include <dirent.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

static bool is_dts(const char *path)
{
	size_t n = strlen(path);
	char line[256];
	FILE *f;
	int i;
	bool found = false;

	if ((n > 4 && !strcmp(path + n - 4, ".dts")) ||
	    (n > 5 && !strcmp(path + n - 5, ".dtsi")))
		return true;
	f = strcmp(path, "-") ? fopen(path, "r") : NULL;
	if (!f)
		return false;
	/* The tag comes after the licence comment. */
	for (i = 0; i < 40 && !found && fgets(line, sizeof(line), f); i++)
		found = !strncmp(line, "/dts-v1/", 8) ||
			!strncmp(line, "/memreserve/", 12) ||
			!strncmp(line, "/ {", 3);
	fclose(f);
	return found;
}

/* dtc -I dts -O dtb -o TMP PATH, without a shell. */
static int compile_dts(struct mbt_input *in, const char *path)
{
	char tmp[] = "/tmp/memblock-dtb-XXXXXX";
	int fd = mkstemp(tmp), status = 0, ret;
	pid_t pid;

	if (fd < 0) {
		mbt_error(&in->diag, 0, "cannot create a temporary file");
		return -1;
	}
	close(fd);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execlp("dtc", "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", tmp,
		       path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		mbt_error(&in->diag, 0, "dtc could not compile the source%s",
			  WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
				  " (dtc not installed: scripts/deps.sh tool)" :
				  " (its messages are above; a kernel .dts with "
				  "#include lines needs the kernel's preprocessing: "
				  "'make dtbs' there, then pass the .dtb)");
		unlink(tmp);
		return -1;
	}
	ret = mbt_parse_file(in, tmp);
	unlink(tmp);
	if (!ret && in->format != FMT_DTB) {
		mbt_error(&in->diag, 0, "dtc did not produce a device tree blob");
		ret = -1;
	}
	return ret;
}

/* libfdt's own structural check, and the /model for the report. */
static int check_blob(struct mbt_input *in)
{
	const char *model;
	int len, err = fdt_check_full(in->fdt, in->fdt_size);

	if (err) {
		mbt_error(&in->diag, 0, "libfdt rejects the device tree: %s",
			  fdt_strerror(err));
		return -1;
	}
	model = fdt_getprop(in->fdt, 0, "model", &len);
	if (model && len > 0 && !memchr(model, '\0', (size_t)len - 1) &&
	    model[len - 1] == '\0')
		in->fdt_model = strdup(model);
	return 0;
}

int mbt_load_input(struct mbt_input *in, const char *path)
{
	struct stat st;
	int ret;

	if (strcmp(path, "-") && !stat(path, &st) && S_ISDIR(st.st_mode))
		return load_dir(in, path);
	ret = is_dts(path) ? compile_dts(in, path) : mbt_parse_file(in, path);
	if (!ret && in->format == FMT_DTB)
		ret = check_blob(in);
	return ret;
}
