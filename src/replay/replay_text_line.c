/*
 * One tcpdump line taken apart. The line is found by its shape rather
 * than by position, so that the prefixes tcpdump adds in its various
 * modes (a time in four forms, "-i any"'s interface and direction, -e's
 * MAC addresses, the numbered form "N. ") all lead to the same
 * "SRC > DST: Flags [...], field, field, ..., length N" core.
 */
#include <stdio.h>
#include <string.h>

#include "replay_lex.h"
#include "replay_text_line.h"
#include "replay_text_opts.h"

#define NS_PER_S INT64_C(1000000000)

static void fail(struct replay_text_line *out, const char *why)
{
	out->kind = TL_ERROR;
	snprintf(out->why, sizeof(out->why), "%s", why);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil algorithm, a published formula). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* "HH:MM:SS.frac" */
static int clock_time(const char **p, const char *end, int64_t *ns)
{
	const char *s = *p;
	uint32_t h, m, sec;
	int64_t frac;

	if (!lex_u32(&s, end, &h) || !lex_lit(&s, end, ":") || !lex_u32(&s, end, &m) ||
	    !lex_lit(&s, end, ":") || !lex_u32(&s, end, &sec) || !lex_frac_ns(&s, end, &frac))
		return 0;
	if (h > 23 || m > 59 || sec > 60)
		return 0;
	*ns = ((int64_t)h * 3600 + m * 60 + sec) * NS_PER_S + frac;
	*p = s;
	return 1;
}

/* "YYYY-MM-DD " before a clock time. */
static int date_prefix(const char **p, const char *end, int64_t *days)
{
	const char *s = *p;
	uint32_t y, m, d;

	if (!lex_u32(&s, end, &y) || !lex_lit(&s, end, "-") || !lex_u32(&s, end, &m) ||
	    !lex_lit(&s, end, "-") || !lex_u32(&s, end, &d) || !lex_lit(&s, end, " "))
		return 0;
	if (y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	*days = days_from_civil(y, m, d);
	*p = s;
	return 1;
}

/* "SECONDS.frac" (-tt) */
static int epoch_time(const char **p, const char *end, int64_t *ns)
{
	const char *s = *p;
	uint64_t sec;
	int64_t frac;

	if (!lex_u64(&s, end, &sec) || sec > (uint64_t)(INT64_MAX / NS_PER_S - 1) ||
	    !lex_frac_ns(&s, end, &frac))
		return 0;
	*ns = (int64_t)sec * NS_PER_S + frac;
	*p = s;
	return 1;
}

/* The optional "N. " and the time; sets the time fields of out. */
static void prefix(const char **p, const char *end, struct replay_text_line *out)
{
	const char *s = *p;
	uint64_t n;
	int64_t days, ns;

	if (lex_u64(&s, end, &n) && lex_lit(&s, end, ". "))
		*p = s;
	s = *p;
	out->time_kind = TT_NONE;
	if (date_prefix(&s, end, &days) && clock_time(&s, end, &ns)) {
		out->time_kind = TT_DATE;
		out->ts_ns = days * 86400 * NS_PER_S + ns;
	} else if (s = *p, clock_time(&s, end, &ns)) {
		out->time_kind = TT_CLOCK;
		out->ts_ns = ns;
	} else if (s = *p, epoch_time(&s, end, &ns)) {
		out->time_kind = TT_EPOCH;
		out->ts_ns = ns;
	} else {
		return;
	}
	if (s < end && *s != ' ') {
		out->time_kind = TT_NONE;
		return;
	}
	*p = s;
}

/* "ADDR.PORT", the address of either family; the port follows the last dot. */
static int endpoint(const char *w, const char *end, tfo_sockaddr *sa)
{
	char buf[TFO_ADDRSTRLEN];
	const char *dot = NULL, *p;
	uint32_t port;

	for (p = w; p < end; p++)
		if (*p == '.')
			dot = p;
	if (!dot || (size_t)(dot - w) >= sizeof(buf))
		return 0;
	memcpy(buf, w, (size_t)(dot - w));
	buf[dot - w] = '\0';
	p = dot + 1;
	if (!lex_u32(&p, end, &port) || p != end || port > 65535)
		return 0;
	if (tfo_addr_parse(&sa->addr, buf) != 0)
		return 0;
	sa->port = (uint16_t)port;
	return 1;
}

/* "SRC > DST" ending at colon (the ':' before " Flags [") */
static int addresses(const char *start, const char *colon, tfo_segment *seg)
{
	const char *gt = NULL, *w;

	for (const char *p = start; p + 3 <= colon; p++)
		if (memcmp(p, " > ", 3) == 0)
			gt = p;
	if (!gt)
		return 0;
	for (w = gt; w > start && w[-1] != ' '; w--)
		;
	if (!endpoint(w, gt, &seg->src) || !endpoint(gt + 3, colon, &seg->dst))
		return 0;
	return seg->src.addr.family == seg->dst.addr.family;
}

static int flags(const char **p, const char *end, uint8_t *out)
{
	static const char letters[] = "FSRP.UEW";
	const char *s = *p;

	*out = 0;
	if (lex_lit(&s, end, "none]")) {
		*p = s;
		return 1;
	}
	for (; s < end && *s != ']'; s++) {
		const char *l = memchr(letters, *s, 8);

		if (!l)
			return 0;
		*out |= (uint8_t)(1u << (l - letters));
	}
	if (s == end)
		return 0;
	*p = s + 1;
	return 1;
}

struct fields {
	uint8_t has_len, has_win;
	uint32_t len, seq_end;
	uint8_t has_seq_end;
};

/* "options [...]": the list runs to the matching ']'. Returns 0 when the
 * line ends inside it (tcpdump cut it short). */
static int options(const char **p, const char *end, struct replay_text_line *out)
{
	const char *s = *p;
	int depth = 1;

	for (; s < end; s++) {
		if (*s == '[')
			depth++;
		else if (*s == ']' && --depth == 0)
			break;
	}
	out->opts_lossy |= (uint8_t)replay_text_opts(&out->seg, *p, (size_t)(s - *p));
	if (s == end) {
		out->cut = 1;
		*p = end;
		return 0;
	}
	*p = s + 1;
	return 1;
}

static int number_field(const char **p, const char *end, uint32_t *v)
{
	return lex_u32(p, end, v);
}

/* One "name value" field; unknown ones are skipped to the next ", ". */
static int field(const char **p, const char *end, struct replay_text_line *out, struct fields *f)
{
	uint32_t v;

	if (lex_lit(p, end, "seq ")) {
		if (!number_field(p, end, &out->seq))
			return 0;
		out->has_seq = 1;
		if (lex_lit(p, end, ":")) {
			if (!number_field(p, end, &f->seq_end))
				return 0;
			f->has_seq_end = 1;
		}
	} else if (lex_lit(p, end, "ack ")) {
		if (!number_field(p, end, &out->ack))
			return 0;
		out->has_ack = 1;
	} else if (lex_lit(p, end, "win ")) {
		if (!number_field(p, end, &v) || v > UINT16_MAX)
			return 0;
		out->seg.window = (uint16_t)v;
		f->has_win = 1;
	} else if (lex_lit(p, end, "urg ")) {
		if (!number_field(p, end, &v) || v > UINT16_MAX)
			return 0;
		out->seg.urgent = (uint16_t)v;
	} else if (lex_lit(p, end, "options [")) {
		return options(p, end, out);
	} else if (lex_lit(p, end, "length ")) {
		if (!number_field(p, end, &f->len))
			return 0;
		f->has_len = 1;
	} else {
		const char *c = lex_find(*p, end, ", ");

		*p = c ? c : end;
	}
	return 1;
}

static void tcp_fields(const char *p, const char *end, struct replay_text_line *out)
{
	struct fields f = { 0 };

	while (p < end && !f.has_len) {
		if (!field(&p, end, out, &f))
			break;
		if (f.has_len || out->cut)
			break;
		if (!lex_lit(&p, end, ", "))
			break;
	}
	if (f.has_len) {
		out->seg.len = f.len;
	} else if (out->cut) {
		/* tcpdump stopped in the options; the seq range still gives the length. */
		out->seg.len = f.has_seq_end ? f.seq_end - out->seq : 0;
	} else {
		fail(out, "no length field: the line is cut short or is not tcpdump output");
		return;
	}
	if (!f.has_win && !out->cut) {
		fail(out, "no win field");
		return;
	}
	out->kind = TL_TCP;
}

/* A line with no TCP segment: another protocol, or not tcpdump at all. */
static void not_tcp(const char *p, const char *end, struct replay_text_line *out)
{
	if (lex_lit(&p, end, "IP (") || lex_lit(&p, end, "IP6 (")) {
		out->kind = out->time_kind == TT_NONE ? TL_SKIP : TL_HEADER;
		return;
	}
	if (out->time_kind != TT_NONE || lex_find(p, end, " > ") || lex_lit(&p, end, "IP") ||
	    lex_lit(&p, end, "ARP"))
		out->kind = TL_OTHER;
	else
		fail(out, "not a tcpdump line");
}

/* tcpdump's own messages, when its stderr went into the file too. */
static int chatter(const char *p, const char *end)
{
	static const char *const starts[] = { "reading from file", "listening on",
		                              "tcpdump:", NULL };

	for (const char *const *s = starts; *s; s++)
		if (lex_lit(&p, end, *s))
			return 1;
	return lex_find(p, end, " packets captured") || lex_find(p, end, " packets received by") ||
	       lex_find(p, end, " packets dropped by");
}

void replay_text_parse(const char *line, struct replay_text_line *out)
{
	const char *p = line, *end = line + strlen(line), *core;

	memset(out, 0, sizeof(*out));
	while (end > p && (end[-1] == '\r' || end[-1] == ' '))
		end--;
	out->kind = TL_SKIP;
	if (p == end || chatter(p, end))
		return;
	if (*p == ' ' || *p == '\t') {
		/* An indented line: -v's second line, or a hex/ASCII dump. */
		lex_spaces(&p, end);
		out->time_kind = TT_INHERIT;
		if (!lex_find(p, end, ": Flags ["))
			return;
	} else {
		prefix(&p, end, out);
	}
	core = lex_find(p, end, ": Flags [");
	if (!core) {
		not_tcp(p, end, out);
		return;
	}
	if (!addresses(p, core, &out->seg)) {
		fail(out, "cannot read the addresses before \"Flags\"");
		return;
	}
	p = core + 9;
	if (!flags(&p, end, &out->seg.flags)) {
		fail(out, "bad Flags [...]");
		return;
	}
	if (p < end && !lex_lit(&p, end, ", ")) {
		fail(out, "unexpected text after Flags [...]");
		return;
	}
	tcp_fields(p, end, out);
}
