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

/*
 * The largest "length N" believed: 512 KiB, the most a Linux BIG TCP
 * GSO/GRO packet holds (net.core gso_max_size); tcpdump on the host sees
 * those whole. Anything more cannot be one packet.
 */
#define REPLAY_TEXT_LEN_MAX (512u * 1024)

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

/*
 * The time parsers return 1 (read, *p advanced), 0 (not this form) or -1
 * (this form, with impossible values: 99:99:99, month 13, an epoch past
 * what 64-bit nanoseconds hold).
 */

/* "HH:MM:SS.frac" */
static int clock_time(const char **p, const char *end, int64_t *ns)
{
	const char *s = *p;
	uint32_t h, m, sec;
	int64_t frac;

	if (!lex_u32(&s, end, &h) || !lex_lit(&s, end, ":") || !lex_u32(&s, end, &m) ||
	    !lex_lit(&s, end, ":") || !lex_u32(&s, end, &sec) || !lex_frac_ns(&s, end, &frac))
		return 0;
	/* 60: a leap second */
	if (h > 23 || m > 59 || sec > 60)
		return -1;
	*ns = ((int64_t)h * 3600 + m * 60 + sec) * NS_PER_S + frac;
	*p = s;
	return 1;
}

/* "YYYY-MM-DD " before a clock time. */
#define DAYS_REPRESENTABLE (INT64_MAX / (86400 * NS_PER_S) - 1)

static int date_prefix(const char **p, const char *end, int64_t *days)
{
	const char *s = *p;
	uint32_t y, m, d;

	if (!lex_u32(&s, end, &y) || !lex_lit(&s, end, "-") || !lex_u32(&s, end, &m) ||
	    !lex_lit(&s, end, "-") || !lex_u32(&s, end, &d) || !lex_lit(&s, end, " "))
		return 0;
	if (y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*days = days_from_civil(y, m, d);
	/*
	 * Times are nanoseconds from 1970 in an int64, and never negative
	 * (as pcap's: a capture has none before 1970), so that the
	 * difference of any two cannot overflow: 1970 to 2262-04-10.
	 */
	if (*days < 0 || *days > DAYS_REPRESENTABLE)
		return -1;
	*p = s;
	return 1;
}

/* "SECONDS.frac" (-tt) */
static int epoch_time(const char **p, const char *end, int64_t *ns)
{
	const char *s = *p;
	uint64_t sec;
	int64_t frac;

	if (!lex_u64(&s, end, &sec) || !lex_frac_ns(&s, end, &frac))
		return 0;
	if (sec > (uint64_t)(INT64_MAX / NS_PER_S - 1))
		return -1;
	*ns = (int64_t)sec * NS_PER_S + frac;
	*p = s;
	return 1;
}

/* A MAC address "xx:xx:xx:xx:xx:xx" (-e with -t): not a time. */
static int mac_shaped(const char *w, size_t n)
{
	if (n != 17)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (i % 3 == 2 ? w[i] != ':' : !strchr("0123456789abcdefABCDEF", w[i]))
			return 0;
	return 1;
}

/*
 * Whether a first word that is no time tcpdump prints was meant as one:
 * made of digits, ':', '.', '-' and '+' only ("-5.25", "99:99:99.1",
 * "1e9" is not), so that the time is never dropped without a word.
 */
static int time_shaped(const char *w, size_t n)
{
	int digits = 0;

	if (mac_shaped(w, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (w[i] >= '0' && w[i] <= '9')
			digits++;
		else if (!strchr(":.-+", w[i]))
			return 0;
	}
	return digits > 0;
}

/* The words at p (two for a date and time) as an impossible time. */
static void bad_time(const char *p, const char *end, int words, struct replay_text_line *out)
{
	const char *s = p, *w;
	size_t n = 0;

	while (words-- > 0 && s < end) {
		n = (size_t)(s - p) + lex_word(&s, end, &w);
		lex_spaces(&s, end);
	}
	snprintf(out->why, sizeof(out->why), "impossible time '%.*s'", n > 40 ? 40 : (int)n, p);
	out->kind = TL_ERROR;
}

/*
 * The optional "N. " and the time; sets the time fields of out, or makes
 * out a TL_ERROR when the line starts with a time that cannot be.
 */
static void prefix(const char **p, const char *end, struct replay_text_line *out)
{
	const char *s = *p, *w;
	uint64_t n;
	int64_t days, ns;
	int rc, words = 1;

	if (lex_u64(&s, end, &n) && lex_lit(&s, end, ". "))
		*p = s;
	s = *p;
	out->time_kind = TT_NONE;
	if ((rc = date_prefix(&s, end, &days)) == 1 && (rc = clock_time(&s, end, &ns)) == 1) {
		out->time_kind = TT_DATE;
		out->ts_ns = days * 86400 * NS_PER_S + ns;
	} else if (rc != 0) {
		words = 2;
	} else if (s = *p, (rc = clock_time(&s, end, &ns)) == 1) {
		out->time_kind = TT_CLOCK;
		out->ts_ns = ns;
	} else if (rc == 0 && (s = *p, (rc = epoch_time(&s, end, &ns)) == 1)) {
		out->time_kind = TT_EPOCH;
		out->ts_ns = ns;
	} else if (rc == 0) {
		s = *p;
		if (time_shaped(*p, lex_word(&s, end, &w)))
			bad_time(*p, end, 1, out);
		return;
	}
	if (rc != 1 || (s < end && *s != ' ')) {
		bad_time(*p, end, words, out);
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
	if (replay_text_opts(&out->seg, *p, (size_t)(s - *p),
	                     out->opts_lossy ? NULL : out->lost_opt,
	                     out->opts_lossy ? 0 : sizeof(out->lost_opt)))
		out->opts_lossy = 1;
	if (s == end) {
		out->cut = 1;
		*p = end;
		return 0;
	}
	*p = s + 1;
	return 1;
}

/*
 * The number of field name at *p, at most max; else out becomes a TL_ERROR
 * saying what is wrong with it (not a number, too large, cut off).
 */
static int number_field(const char **p, const char *end, const char *name, uint32_t max,
                        uint32_t *v, struct replay_text_line *out)
{
	const char *s = *p, *w, *d;
	size_t n;
	uint64_t big;

	if (lex_u32(p, end, v) && *v <= max)
		return 1;
	*p = s;
	n = lex_word(&s, end, &w);
	while (n && (w[n - 1] == ',' || w[n - 1] == ':'))
		n--;
	d = w;
	if (n == 0)
		snprintf(out->why, sizeof(out->why), "%s: no number", name);
	else if (*w >= '0' && *w <= '9' && (!lex_u64(&d, end, &big) || big > max))
		snprintf(out->why, sizeof(out->why), "%s %.*s: more than %lu", name,
		         n > 24 ? 24 : (int)n, w, (unsigned long)max);
	else
		snprintf(out->why, sizeof(out->why), "%s '%.*s': not a number", name,
		         n > 24 ? 24 : (int)n, w);
	out->kind = TL_ERROR;
	return 0;
}

/* One "name value" field; unknown ones are skipped to the next ", ". */
static int field(const char **p, const char *end, struct replay_text_line *out, struct fields *f)
{
	uint32_t v;

	if (lex_lit(p, end, "seq ")) {
		if (!number_field(p, end, "seq", UINT32_MAX, &out->seq, out))
			return 0;
		out->has_seq = 1;
		if (lex_lit(p, end, ":")) {
			if (!number_field(p, end, "seq range end", UINT32_MAX, &f->seq_end, out))
				return 0;
			f->has_seq_end = 1;
		}
	} else if (lex_lit(p, end, "ack ")) {
		if (!number_field(p, end, "ack", UINT32_MAX, &out->ack, out))
			return 0;
		out->has_ack = 1;
	} else if (lex_lit(p, end, "win ")) {
		if (!number_field(p, end, "win", UINT16_MAX, &v, out))
			return 0;
		out->seg.window = (uint16_t)v;
		f->has_win = 1;
	} else if (lex_lit(p, end, "urg ")) {
		if (!number_field(p, end, "urg", UINT16_MAX, &v, out))
			return 0;
		out->seg.urgent = (uint16_t)v;
	} else if (lex_lit(p, end, "options [")) {
		return options(p, end, out);
	} else if (lex_lit(p, end, "length ")) {
		if (!number_field(p, end, "length", REPLAY_TEXT_LEN_MAX, &f->len, out))
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
		if (!field(&p, end, out, &f)) {
			if (out->kind == TL_ERROR)
				return;
			break;
		}
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

/*
 * Whether a line with "SRC > DST" stops before it says what it carries: no
 * ": " after the addresses, or only the start of ": Flags [".
 */
static int cut_after_addresses(const char *p, const char *end)
{
	static const char flags[] = "Flags [";
	const char *gt = lex_find(p, end, " > "), *colon;
	size_t rest;

	if (!gt)
		return 0;
	colon = lex_find(gt + 3, end, ": ");
	if (!colon)
		return 1;
	rest = (size_t)(end - (colon + 2));
	return rest < sizeof(flags) - 1 && memcmp(colon + 2, flags, rest) == 0;
}

/* A line with no TCP segment: another protocol, or not tcpdump at all. */
static void not_tcp(const char *p, const char *end, struct replay_text_line *out)
{
	if (cut_after_addresses(p, end)) {
		fail(out, "cut short after the addresses: the protocol is missing");
		out->cut = 1;
		return;
	}
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
		if (out->kind == TL_ERROR)
			return;
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
		fail(out, p + 1 == end && *p == ',' ? "cut short after Flags [...]"
		                                    : "unexpected text after Flags [...]");
		return;
	}
	tcp_fields(p, end, out);
}
