/*
 * An LD_PRELOAD shim that makes the N-th allocation of a whole program
 * fail, for the end-to-end allocation-failure tests of the tfosim CLI
 * (tests/cli/test-alloc.sh): the allocations libtfo's allocator cannot see
 * (the CLI's own, jansson's, libpcap's, the C library's).
 *
 *   TFOSIM_FAIL_ALLOC=N      the N-th malloc/calloc/realloc returns NULL
 *                            (1-based; 0 or unset: none fails)
 *   TFOSIM_ALLOC_COUNT=FILE  at exit, the number of calls is written to FILE
 *
 * glibc lets a program replace malloc: every call, also from inside the C
 * library, comes here; the real work is done by glibc's own entry points.
 * Not for sanitizer builds, which replace malloc themselves.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

/* The shim's state is the process's: one counter for the whole program. */
static unsigned long calls;
static unsigned long fail_at;
static int configured;

static int fail_now(void)
{
	if (!configured) {
		const char *s = getenv("TFOSIM_FAIL_ALLOC");

		configured = 1;
		fail_at = s ? strtoul(s, NULL, 10) : 0;
	}
	if (++calls != fail_at)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t size)
{
	return fail_now() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	return fail_now() ? NULL : __libc_realloc(p, size);
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("TFOSIM_ALLOC_COUNT");
	char buf[32];
	int fd, n;

	if (!path)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%lu\n", calls);
	if (write(fd, buf, (size_t)n) != n)
		n = -1;
	close(fd);
}
