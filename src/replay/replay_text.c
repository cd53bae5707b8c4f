/*
 * The tcpdump text reader: lines in, packets out. Times of day (tcpdump's
 * default) roll over at midnight: a time more than 12 hours before the
 * previous one is taken to be on the next day.
 */
#include <stdio.h>
#include <string.h>

#include "replay_optcheck.h"
#include "replay_text.h"
#include "replay_text_line.h"
#include "replay_textseq.h"
#include "tfo_alloc.h"

#define NS_PER_DAY (INT64_C(86400) * 1000000000)
#define WARN_MAX 10
#define PROGRESS_EVERY 65536u

struct reader {
	const char *name;
	uint32_t file;
	const struct replay_emit *emit;
	struct replay_textseq *seq;
	char *buf;
	uint64_t line;
	uint64_t packets, others, errors, first_error;
	char first_why[96];
	int64_t day, last_clock, pending_ns;
	int has_last_clock, pending_kind;
	struct replay_text_line l;
	struct replay_packet pkt;
};

static int bad_line(struct reader *r, const char *text)
{
	char msg[512], why[sizeof(r->l.why)];

	/* the reason may quote the line: only printable ASCII goes out */
	snprintf(why, sizeof(why), "%s", text);
	replay_printable(why);

	if (r->errors == 0) {
		r->first_error = r->line;
		snprintf(r->first_why, sizeof(r->first_why), "%s", why);
	}
	r->errors++;
	if (r->errors <= WARN_MAX) {
		snprintf(msg, sizeof(msg), "%s:%llu: %s%s", r->name, (unsigned long long)r->line,
		         why, r->errors == WARN_MAX ? " (further bad lines are not shown)" : "");
		r->emit->warn(r->emit->user, msg);
	}
	return replay_note(r->emit, RA_UNPARSABLE, r->file, r->line, 0, "%s", why);
}

/* The line's time in ns, or 0 with has_time 0. */
static int line_time(struct reader *r, int kind, int64_t ns, int64_t *out)
{
	if (kind == TT_INHERIT) {
		kind = r->pending_kind;
		ns = r->pending_ns;
	}
	if (kind == TT_NONE)
		return 0;
	if (kind == TT_CLOCK) {
		if (r->has_last_clock && ns + NS_PER_DAY / 2 < r->last_clock)
			r->day++;
		/* A hostile file can step the clock back a day on every line:
		 * past what int64 nanoseconds hold, the lines have no time. */
		if (r->day > INT64_MAX / NS_PER_DAY - 2)
			return 0;
		r->last_clock = ns;
		r->has_last_clock = 1;
		ns += r->day * NS_PER_DAY;
	}
	*out = ns;
	return 1;
}

/*
 * An option the line printed that cannot be had whole (tcpdump's "[bad
 * opt]", "[len N]", "(invalid)", a Fast Open cookie of odd length...), or
 * one rebuilt that a receiver would not take: an anomaly, the segment still
 * analysed without it. MPTCP's options are left out quietly: their text
 * does not give their bytes, and nothing here needs them.
 */
static int option_findings(struct reader *r)
{
	const struct replay_text_line *l = &r->l;
	char why[REPLAY_DETAIL_MAX];

	if (l->opts_lossy && strncmp(l->lost_opt, "mptcp", 5) != 0)
		return replay_note(r->emit, RA_MALFORMED, r->file, r->line, 0,
		                   "TCP option '%s' cannot be had whole; left out", l->lost_opt);
	if (replay_opts_problem(&l->seg, why, sizeof(why)))
		return replay_note(r->emit, RA_MALFORMED, r->file, r->line, 0, "%s", why);
	return 0;
}

static int tcp_line(struct reader *r)
{
	struct replay_text_line *l = &r->l;
	struct replay_packet *p = &r->pkt;
	int rc = replay_textseq_fix(r->seq, l);

	if (rc == 0)
		rc = option_findings(r);
	if (rc != 0)
		return rc;
	memset(p, 0, sizeof(*p));
	p->seg = l->seg;
	p->seg.seq = l->seq;
	p->seg.ack = l->has_ack ? l->ack : 0;
	p->seg.payload = NULL;
	p->seq_unknown = !l->has_seq;
	p->has_time = (uint8_t)line_time(r, l->time_kind, l->ts_ns, &p->t_ns);
	p->csum = REPLAY_CSUM_UNKNOWN;
	p->snapped = l->cut;
	p->file = r->file;
	p->index = r->line;
	r->packets++;
	return r->emit->packet(r->emit->user, p);
}

static int one_line(struct reader *r)
{
	replay_text_parse(r->buf, &r->l);
	if (r->l.time_kind != TT_INHERIT) {
		r->pending_kind = r->l.time_kind;
		r->pending_ns = r->l.ts_ns;
	}
	switch (r->l.kind) {
	case TL_TCP:
		return tcp_line(r);
	case TL_OTHER:
		r->others++;
		return replay_note(r->emit, RA_NON_TCP, r->file, r->line, 0, "not a TCP packet");
	case TL_ERROR:
		return bad_line(r, r->l.why);
	default:
		return 0;
	}
}

enum { LINE_EOF, LINE_OK, LINE_LONG, LINE_NUL };

/*
 * Reads one line into r->buf, without its end: "\n", "\r\n" or a lone "\r"
 * (old Mac files, or tcpdump output through a tool that wrote CRs). Returns
 * LINE_OK, LINE_EOF, LINE_LONG (the rest is consumed) or LINE_NUL (the line
 * holds a NUL byte: *nul_at is its column, 1-based).
 */
static int read_line(struct reader *r, FILE *f, size_t *nul_at)
{
	size_t n = 0;
	int c, any = 0, state = LINE_OK;

	while ((c = getc_unlocked(f)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (c == '\r') {
			c = getc_unlocked(f);
			if (c != '\n' && c != EOF)
				ungetc(c, f);
			break;
		}
		if (c == '\0' && state == LINE_OK) {
			state = LINE_NUL;
			*nul_at = n + 1;
		}
		if (n + 1 < REPLAY_TEXT_LINE_MAX)
			r->buf[n++] = (char)c;
		else
			state = LINE_LONG;
	}
	r->buf[n] = '\0';
	return any ? state : LINE_EOF;
}

static int loop(struct reader *r, FILE *f)
{
	char why[64];
	size_t nul_at = 0;
	int got, rc;

	while ((got = read_line(r, f, &nul_at)) != LINE_EOF) {
		r->line++;
		if (got == LINE_NUL)
			snprintf(why, sizeof(why), "a NUL byte at column %zu: not text", nul_at);
		rc = got == LINE_LONG  ? bad_line(r, "line too long")
		     : got == LINE_NUL ? bad_line(r, why)
		                       : one_line(r);
		if (rc != 0)
			return rc;
		if (r->emit->progress && r->line % PROGRESS_EVERY == 0) {
			long pos = ftell(f);

			r->emit->progress(r->emit->user, pos < 0 ? 0 : (uint64_t)pos, r->packets);
		}
	}
	return 0;
}

int replay_text_read(FILE *f, const char *name, uint32_t file, const struct replay_emit *emit,
                     const tfo_allocator *mem, char *err, size_t errsize)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	mem = mem_get(mem);
	r.name = name;
	r.file = file;
	r.emit = emit;
	r.buf = mem_alloc(mem, REPLAY_TEXT_LINE_MAX);
	if (!r.buf)
		return TFO_ERR_NOMEM;
	rc = replay_textseq_new(&r.seq, mem);
	if (rc == 0)
		rc = loop(&r, f);
	if (rc == 0 && ferror(f)) {
		snprintf(err, errsize, "%s:%llu: read error", name, (unsigned long long)r.line + 1);
		rc = REPLAY_ERR_INPUT;
	}
	if (rc == 0 && r.errors && !r.packets && !r.others) {
		snprintf(err, errsize, "%s:%llu: %s; no line of the file could be read", name,
		         (unsigned long long)r.first_error, r.first_why);
		rc = REPLAY_ERR_INPUT;
	}
	replay_textseq_del(r.seq);
	mem_free(mem, r.buf);
	return rc;
}
