/*
 * outfile: the one way named outputs are written. A regular file is
 * replaced only when complete, keeps its mode, and is left alone on
 * failure; devices, FIFOs and links are written through, never replaced.
 */
#define _DEFAULT_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"
#include "testutil.h"

struct scratch {
	char dir[64];
	char path[128];
};

static void scratch_init(struct scratch *s, const char *name)
{
	strcpy(s->dir, "/tmp/tfo-outfile-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(s->dir));
	snprintf(s->path, sizeof(s->path), "%s/%s", s->dir, name);
}

/* How many entries the scratch folder holds: temporaries would show here. */
static int entries(const struct scratch *s)
{
	DIR *d = opendir(s->dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void scratch_done(struct scratch *s)
{
	DIR *d = opendir(s->dir);
	struct dirent *e;
	char p[sizeof(s->dir) + sizeof(e->d_name) + 1];

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", s->dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	ck_assert_int_eq(rmdir(s->dir), 0);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void assert_content(const char *path, const char *text)
{
	char buf[256] = { 0 };
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	ck_assert_uint_eq(n, strlen(text));
	ck_assert_str_eq(buf, text);
}

static int write_all(const char *path, const char *text)
{
	struct outfile *f = outfile_open(path);

	ck_assert_ptr_nonnull(f);
	fputs(text, outfile_stream(f));
	return outfile_close(f);
}

START_TEST(new_file_honours_umask)
{
	static const mode_t masks[] = { 022, 077, 002 };
	struct scratch s;
	struct stat st;

	scratch_init(&s, "out.txt");
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		mode_t old = umask(masks[i]);
		struct outfile *f = outfile_open(s.path);

		ck_assert_ptr_nonnull(f);
		ck_assert_str_eq(outfile_name(f), s.path);
		fputs("hello\n", outfile_stream(f));
		/* not there until it is complete */
		ck_assert_int_eq(access(s.path, F_OK), -1);
		ck_assert_int_eq(entries(&s), 1);
		ck_assert_int_eq(outfile_close(f), 0);
		umask(old);
		assert_content(s.path, "hello\n");
		ck_assert_int_eq(stat(s.path, &st), 0);
		ck_assert_uint_eq(st.st_mode & 0777, 0666 & ~masks[i]);
		ck_assert_int_eq(entries(&s), 1);
		unlink(s.path);
	}
	scratch_done(&s);
}
END_TEST

START_TEST(existing_file_replaced_keeps_mode)
{
	struct scratch s;
	struct stat st;
	ino_t before;

	scratch_init(&s, "out.txt");
	put(s.path, "old content that is longer\n");
	ck_assert_int_eq(chmod(s.path, 0640), 0);
	ck_assert_int_eq(stat(s.path, &st), 0);
	before = st.st_ino;
	ck_assert_int_eq(write_all(s.path, "new\n"), 0);
	assert_content(s.path, "new\n");
	ck_assert_int_eq(stat(s.path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	/* replaced by rename, not rewritten */
	ck_assert(st.st_ino != before);
	ck_assert_int_eq(entries(&s), 1);
	scratch_done(&s);
}
END_TEST

START_TEST(discard_leaves_target_alone)
{
	struct scratch s;
	struct outfile *f;

	scratch_init(&s, "out.txt");
	put(s.path, "keep\n");
	f = outfile_open(s.path);
	ck_assert_ptr_nonnull(f);
	fputs("half", outfile_stream(f));
	outfile_discard(f);
	assert_content(s.path, "keep\n");
	ck_assert_int_eq(entries(&s), 1);

	/* a new name: nothing at all is left */
	unlink(s.path);
	f = outfile_open(s.path);
	ck_assert_ptr_nonnull(f);
	fputs("half", outfile_stream(f));
	outfile_discard(f);
	ck_assert_int_eq(entries(&s), 0);
	outfile_discard(NULL);
	ck_assert_int_eq(outfile_close(NULL), 0);
	scratch_done(&s);
}
END_TEST

/*
 * A write that fails half-way (the file size limit, EFBIG) leaves the old
 * file whole and no temporary behind. In a child: the limit is per process.
 */
START_TEST(failed_write_leaves_nothing_half_written)
{
	struct scratch s;
	pid_t pid;
	int status;

	scratch_init(&s, "out.txt");
	put(s.path, "old\n");
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit rl = { 4096, 4096 };
		struct outfile *f;
		int rc;

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0 || !(f = outfile_open(s.path)))
			_exit(3);
		for (int i = 0; i < 10000; i++)
			fputs("0123456789\n", outfile_stream(f));
		rc = outfile_close(f);
		_exit(rc == EFBIG ? 0 : 4);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	assert_content(s.path, "old\n");
	ck_assert_int_eq(entries(&s), 1);
	scratch_done(&s);
}
END_TEST

START_TEST(devices_written_in_place)
{
	struct stat st;

	ck_assert_int_eq(write_all("/dev/full", "x\n"), ENOSPC);
	ck_assert_int_eq(write_all("/dev/null", "x\n"), 0);
	ck_assert_int_eq(stat("/dev/null", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
}
END_TEST

START_TEST(fifo_written_in_place)
{
	struct scratch s;
	struct stat st;
	char buf[16] = { 0 };
	int rd;

	scratch_init(&s, "pipe");
	ck_assert_int_eq(mkfifo(s.path, 0600), 0);
	/* a reader first, so opening for writing does not wait */
	rd = open(s.path, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(rd, 0);
	ck_assert_int_eq(write_all(s.path, "through\n"), 0);
	ck_assert_int_eq(read(rd, buf, sizeof(buf) - 1), 8);
	ck_assert_str_eq(buf, "through\n");
	close(rd);
	ck_assert_int_eq(stat(s.path, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_int_eq(entries(&s), 1);
	scratch_done(&s);
}
END_TEST

START_TEST(symlink_target_replaced_link_kept)
{
	struct scratch s;
	char real[160];
	struct stat st;

	scratch_init(&s, "link");
	snprintf(real, sizeof(real), "%s/real", s.dir);
	put(real, "old\n");
	ck_assert_int_eq(symlink("real", s.path), 0);
	ck_assert_int_eq(write_all(s.path, "new\n"), 0);
	ck_assert_int_eq(lstat(s.path, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	assert_content(real, "new\n");
	ck_assert_int_eq(entries(&s), 2);
	scratch_done(&s);
}
END_TEST

START_TEST(open_errors)
{
	struct scratch s;

	scratch_init(&s, "no/such/folder");
	errno = 0;
	ck_assert_ptr_null(outfile_open(s.path));
	ck_assert_int_eq(errno, ENOENT);
	errno = 0;
	ck_assert_ptr_null(outfile_open(s.dir));
	ck_assert_int_eq(errno, EISDIR);
	ck_assert_int_eq(entries(&s), 0);
	scratch_done(&s);
}
END_TEST

START_TEST(dash_is_standard_output)
{
	struct outfile *f = outfile_open("-");

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_eq(outfile_stream(f), stdout);
	ck_assert_str_eq(outfile_name(f), "standard output");
	ck_assert_int_eq(outfile_close(f), 0);
}
END_TEST

/* In a child whose standard output is /dev/full: the loss is reported. */
START_TEST(stdout_loss_reported)
{
	pid_t pid = fork();
	int status;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = open("/dev/full", O_WRONLY);

		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
			_exit(3);
		for (int i = 0; i < 20000; i++)
			printf("line %d\n", i);
		_exit(outfile_close_stdout() == ENOSPC ? 0 : 4);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

Suite *outfile_suite(void)
{
	Suite *s = suite_create("outfile");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, new_file_honours_umask);
	tcase_add_test(tc, existing_file_replaced_keeps_mode);
	tcase_add_test(tc, discard_leaves_target_alone);
	tcase_add_test(tc, failed_write_leaves_nothing_half_written);
	tcase_add_test(tc, devices_written_in_place);
	tcase_add_test(tc, fifo_written_in_place);
	tcase_add_test(tc, symlink_target_replaced_link_kept);
	tcase_add_test(tc, open_errors);
	tcase_add_test(tc, dash_is_standard_output);
	tcase_add_test(tc, stdout_loss_reported);
	suite_add_tcase(s, tc);
	return s;
}
