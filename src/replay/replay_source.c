/*
 * Inputs: opening, format detection from the content, and dispatch. A
 * regular file is rewound after its first bytes are looked at; a stream
 * that cannot seek (stdin, a pipe) is wrapped so that the bytes already
 * read come out first (glibc's fopencookie), so nothing is ever loaded
 * whole into memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "replay_pcap.h"
#include "replay_pcap_records.h"
#include "replay_source.h"
#include "replay_text.h"
#include "replay_text_line.h"
#include "tfo_alloc.h"

#define HEAD_MAX 4096

static int pcap_magic(const uint8_t *h)
{
	static const uint8_t magics[][4] = {
		{ 0xa1, 0xb2, 0xc3, 0xd4 }, { 0xd4, 0xc3, 0xb2, 0xa1 }, /* microseconds */
		{ 0xa1, 0xb2, 0x3c, 0x4d }, { 0x4d, 0x3c, 0xb2, 0xa1 }, /* nanoseconds */
		{ 0xa1, 0xb2, 0xcd, 0x34 }, { 0x34, 0xcd, 0xb2, 0xa1 }, /* Kuznetzov's */
	};

	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (memcmp(h, magics[i], 4) == 0)
			return 1;
	return 0;
}

/*
 * Text: a first line tcpdump could print, with no control bytes but tabs
 * (ending at "\n", "\r\n" or a lone "\r"). Only that line is judged: a NUL
 * or a binary line further on is the reader's to report, with its number.
 */
static int looks_like_text(const uint8_t *h, size_t len)
{
	char line[HEAD_MAX + 1];
	struct replay_text_line l;
	size_t i = 0, n = 0;

	while (i < len && (h[i] == '\n' || h[i] == '\r'))
		i++;
	while (i + n < len && h[i + n] != '\n' && h[i + n] != '\r') {
		if (h[i + n] < 0x20 && h[i + n] != '\t')
			return 0;
		n++;
	}
	if (n == 0)
		return 0;
	memcpy(line, h + i, n);
	line[n] = '\0';
	replay_text_parse(line, &l);
	if (l.kind != TL_ERROR || l.cut)
		return 1;
	/* A TCP line cut short, by the file's end or by what was looked at. */
	return strstr(line, ": Flags [") != NULL;
}

int replay_detect(const uint8_t *head, size_t len)
{
	static const uint8_t pcapng[4] = { 0x0a, 0x0d, 0x0d, 0x0a };

	if (len >= 4 && pcap_magic(head))
		return REPLAY_FMT_PCAP;
	if (len >= 4 && memcmp(head, pcapng, 4) == 0)
		return REPLAY_FMT_PCAPNG;
	if (looks_like_text(head, len))
		return REPLAY_FMT_TEXT;
	return REPLAY_FMT_UNKNOWN;
}

/* A stream whose first bytes come from a buffer, then from the real one. */
struct prefixed {
	FILE *inner;
	uint8_t head[HEAD_MAX];
	size_t len, pos;
};

static ssize_t prefixed_read(void *cookie, char *buf, size_t size)
{
	struct prefixed *s = cookie;
	size_t n;

	if (s->pos < s->len) {
		n = s->len - s->pos < size ? s->len - s->pos : size;
		memcpy(buf, s->head + s->pos, n);
		s->pos += n;
		return (ssize_t)n;
	}
	n = fread(buf, 1, size, s->inner);
	return n == 0 && ferror(s->inner) ? -1 : (ssize_t)n;
}

static int prefixed_close(void *cookie)
{
	(void)cookie;
	return 0;
}

static FILE *open_prefixed(struct prefixed *s, FILE *inner, const uint8_t *head, size_t len)
{
	static const cookie_io_functions_t io = { .read = prefixed_read, .close = prefixed_close };

	s->inner = inner;
	memcpy(s->head, head, len);
	s->len = len;
	s->pos = 0;
	return fopencookie(s, "rb", io);
}

static int dispatch(FILE *f, int format, const uint8_t *head, size_t headlen, const char *name,
                    uint32_t file, const struct replay_emit *emit, const tfo_allocator *mem,
                    char *err, size_t errsize)
{
	int rc;

	if (format == REPLAY_FMT_TEXT) {
		rc = replay_text_read(f, name, file, emit, mem, err, errsize);
		fclose(f);
		return rc;
	}
	return replay_pcap_read(f, pcap_records_kind(head, headlen), name, file, emit, mem, err,
	                        errsize);
}

int replay_source_unknown(const char *name, char *err, size_t errsize)
{
	snprintf(err, errsize, "%s: not a pcap, pcapng or tcpdump text file", name);
	return REPLAY_ERR_INPUT;
}

int replay_source_stream(FILE *f, const uint8_t *head, size_t headlen, const char *name,
                         uint32_t file, const struct replay_emit *emit, const tfo_allocator *mem,
                         char *err, size_t errsize)
{
	int format = replay_detect(head, headlen);
	struct prefixed *s;
	FILE *wrapped;
	int rc;

	if (format == REPLAY_FMT_UNKNOWN) {
		if (f != stdin)
			fclose(f);
		return replay_source_unknown(name, err, errsize);
	}
	mem = mem_get(mem);
	s = mem_alloc(mem, sizeof(*s));
	wrapped = s && headlen <= HEAD_MAX ? open_prefixed(s, f, head, headlen) : NULL;
	if (!wrapped) {
		mem_free(mem, s);
		if (f != stdin)
			fclose(f);
		return TFO_ERR_NOMEM;
	}
	rc = dispatch(wrapped, format, head, headlen, name, file, emit, mem, err, errsize);
	if (f != stdin)
		fclose(f);
	mem_free(mem, s);
	return rc;
}

int replay_source_read(const char *path, uint32_t file, const struct replay_emit *emit,
                       const tfo_allocator *mem, char *err, size_t errsize)
{
	uint8_t head[HEAD_MAX];
	size_t n;
	int format;
	FILE *f;

	if (strcmp(path, "-") == 0) {
		n = fread(head, 1, sizeof(head), stdin);
		return replay_source_stream(stdin, head, n, "(stdin)", file, emit, mem, err,
		                            errsize);
	}
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return REPLAY_ERR_INPUT;
	}
	n = fread(head, 1, sizeof(head), f);
	if (ferror(f)) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		fclose(f);
		return REPLAY_ERR_INPUT;
	}
	if (fseek(f, 0, SEEK_SET) != 0)
		return replay_source_stream(f, head, n, path, file, emit, mem, err, errsize);
	format = replay_detect(head, n);
	if (format == REPLAY_FMT_UNKNOWN) {
		fclose(f);
		return replay_source_unknown(path, err, errsize);
	}
	return dispatch(f, format, head, n, path, file, emit, mem, err, errsize);
}
