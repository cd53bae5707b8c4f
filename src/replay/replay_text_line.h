/*
 * One line of tcpdump's text output, taken apart: the timestamp in any of
 * the forms tcpdump prints it, the addresses, and the TCP fields and
 * options of the line, as printed (sequence numbers are not made
 * absolute here: see replay_textseq).
 */
#ifndef REPLAY_TEXT_LINE_H
#define REPLAY_TEXT_LINE_H

#include <stdint.h>

#include <tfo/wire.h>

enum replay_line_kind {
	TL_TCP,    /* a TCP segment */
	TL_OTHER,  /* a packet that is not TCP */
	TL_HEADER, /* tcpdump -v's first line: only the time; the segment follows indented */
	TL_SKIP,   /* blank, hex dump, or tcpdump's own chatter */
	TL_ERROR   /* not tcpdump output, or cut short: why says what */
};

enum replay_time_kind {
	TT_NONE,   /* -t, or the numbered form */
	TT_CLOCK,  /* HH:MM:SS.frac: the default; ts_ns is the time of day */
	TT_EPOCH,  /* -tt: seconds since 1970 */
	TT_DATE,   /* -tttt: YYYY-MM-DD HH:MM:SS.frac */
	TT_INHERIT /* an indented -v line: the time is on the line before */
};

struct replay_text_line {
	int kind;      /* enum replay_line_kind */
	int time_kind; /* enum replay_time_kind */
	int64_t ts_ns;
	tfo_segment seg; /* addresses, flags, window, urgent, options, len */
	uint8_t has_seq, has_ack;
	uint32_t seq, ack;  /* as printed */
	uint8_t opts_lossy; /* an option could not be rebuilt from its text */
	char lost_opt[48];  /* the first such option's text, cut to fit */
	uint8_t cut;        /* tcpdump ended the line early ("[|tcp]", "[bad opt]") */
	char why[96];
};

/*
 * replay_text_parse: parses one line (NUL-terminated, newline stripped).
 * Never fails as a function: the outcome is out->kind, with out->why set
 * for TL_ERROR. Reads nothing past the NUL.
 */
void replay_text_parse(const char *line, struct replay_text_line *out);

#endif /* REPLAY_TEXT_LINE_H */
