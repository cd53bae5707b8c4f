/*
 * Named output files: a temporary file renamed into place, or the target
 * itself when it cannot be replaced. See outfile.h for the rules.
 */
/* realpath, fchmod */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/* How many temporary names to try before giving up (EEXIST each time). */
#define TMP_TRIES 100

struct outfile {
	FILE *fp;
	char *name;   /* as given, for messages */
	char *target; /* what the temporary file replaces; NULL when in place */
	char *tmp;    /* the temporary file; NULL when in place or stdout */
	int is_stdout;
};

static void release(struct outfile *f)
{
	free(f->name);
	free(f->target);
	free(f->tmp);
	free(f);
}

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Whether PATH must be written in place: device and process files are never
 * replaced (their names may lead to a terminal, a pipe or a device even when
 * stat says otherwise), nor is anything that exists and is not a regular file.
 */
static int in_place(const char *path)
{
	struct stat st;

	if (has_prefix(path, "/dev/") || has_prefix(path, "/proc/"))
		return 1;
	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

static int open_in_place(struct outfile *f)
{
	int fd = open(f->name, O_WRONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		return -1;
	f->fp = fdopen(fd, "wb");
	if (!f->fp) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return 0;
}

/* The file a symbolic link leads to, or a copy of PATH. NULL: errno set. */
static char *resolve(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		return realpath(path, NULL);
	return strdup(path);
}

/* ".BASE.tmp-PID-N" in the folder of TARGET. NULL: ENOMEM. */
static char *tmp_name(const char *target, unsigned n)
{
	const char *slash = strrchr(target, '/');
	size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
	const char *base = target + dirlen;
	size_t room = strlen(target) + 2 + sizeof(".tmp--") + 2 * 3 * sizeof(long);
	char *s = malloc(room);

	if (!s) {
		errno = ENOMEM;
		return NULL;
	}
	snprintf(s, room, "%.*s.%s.tmp-%ld-%u", (int)dirlen, target, base, (long)getpid(), n);
	return s;
}

static int create_tmp(struct outfile *f)
{
	struct stat st;
	int have_old = stat(f->target, &st) == 0;
	int fd = -1;

	for (unsigned n = 0; n < TMP_TRIES && fd < 0; n++) {
		free(f->tmp);
		f->tmp = tmp_name(f->target, n);
		if (!f->tmp)
			return -1;
		fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		int e = errno;

		free(f->tmp);
		f->tmp = NULL;
		errno = e;
		return -1;
	}
	/* the replacement keeps the permissions the user gave the old file */
	if ((have_old && fchmod(fd, st.st_mode & 07777) != 0) || !(f->fp = fdopen(fd, "wb"))) {
		int e = errno;

		close(fd);
		unlink(f->tmp);
		errno = e;
		return -1;
	}
	return 0;
}

struct outfile *outfile_open(const char *path)
{
	struct outfile *f = calloc(1, sizeof(*f));
	int rc;

	if (!f || !(f->name = strdup(path))) {
		free(f);
		errno = ENOMEM;
		return NULL;
	}
	if (strcmp(path, "-") == 0) {
		f->is_stdout = 1;
		f->fp = stdout;
		return f;
	}
	if (in_place(path))
		rc = open_in_place(f);
	else
		rc = (f->target = resolve(path)) ? create_tmp(f) : -1;
	if (rc != 0) {
		int e = errno;

		release(f);
		errno = e;
		return NULL;
	}
	return f;
}

FILE *outfile_stream(struct outfile *f)
{
	return f->fp;
}

const char *outfile_name(const struct outfile *f)
{
	return f->is_stdout ? "standard output" : f->name;
}

/*
 * Flushes FP and says whether anything written to it was lost. glibc keeps
 * what a failed write could not pass on, so the flush repeats the failure
 * and errno names its cause; EIO stands in when nothing is left to retry.
 */
static int flush_error(FILE *fp)
{
	if (fflush(fp) != 0)
		return errno ? errno : EIO;
	return ferror(fp) ? EIO : 0;
}

/*
 * The rename is on disk only once the folder is: sync it too. Failing to
 * sync a folder is not failing to write the file (some file systems refuse
 * it), so nothing is reported.
 */
static void sync_folder(const char *target)
{
	const char *slash = strrchr(target, '/');
	char *dir = slash ? strndup(target, (size_t)(slash - target) + 1) : strdup(".");
	int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int outfile_close(struct outfile *f)
{
	int e;

	if (!f)
		return 0;
	errno = 0;
	e = flush_error(f->fp);
	if (f->is_stdout) {
		release(f);
		return e;
	}
	if (!e && f->tmp && fsync(fileno(f->fp)) != 0)
		e = errno;
	if (fclose(f->fp) != 0 && !e)
		e = errno ? errno : EIO;
	if (!e && f->tmp && rename(f->tmp, f->target) != 0)
		e = errno;
	if (!e && f->tmp)
		sync_folder(f->target);
	if (e && f->tmp)
		unlink(f->tmp);
	release(f);
	return e;
}

void outfile_discard(struct outfile *f)
{
	if (!f)
		return;
	if (f->is_stdout) {
		fflush(stdout);
	} else {
		fclose(f->fp);
		if (f->tmp)
			unlink(f->tmp);
	}
	release(f);
}

int outfile_close_stdout(void)
{
	int e;

	errno = 0;
	e = flush_error(stdout);
	if (fclose(stdout) != 0 && !e)
		e = errno ? errno : EIO;
	return e;
}
