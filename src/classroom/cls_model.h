/*
 * The classroom model: what a teacher's ladder shows, whatever made it (a
 * simulated run or a replayed trace). A document holds connections; a
 * connection holds its segments in the order they were sent, each with
 * its send and arrival times, its label in the seed notes' words, the
 * sentence saying why it was sent and what the receiver did, and the
 * details shown on a click. The HTML page, the standalone SVG and the
 * terminal stepper all draw from this.
 */
#ifndef CLS_MODEL_H
#define CLS_MODEL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

/* A time not known (a mark that never happened). */
#define CLS_NO_TIME INT64_MIN

enum cls_side { CLS_CLIENT, CLS_SERVER };

struct cls_seg {
	uint8_t from;    /* enum cls_side */
	uint8_t lost;    /* it never arrived: the arrow ends in a cross */
	uint8_t data;    /* it carries payload */
	uint8_t tfo;     /* it carries a Fast Open option */
	int64_t t_send;  /* ns from the connection's start */
	int64_t t_end;   /* arrival, or where the cross is drawn */
	uint16_t end_pm; /* how far across the arrow goes, per mille (1000: to the other line) */
	char *label;     /* the seeds' words: "SYN + cookie + data" */
	char *brief;     /* flags, relative seq/ack, length, option: "S seq 0 len 100 cookie …" */
	char *why;       /* why it was sent */
	char *what;      /* what the receiver did with it (or where it died) */
	char *tcpdump;   /* the tcpdump -n -S line, or NULL */
	char *cookie;    /* the cookie in hex, or NULL */
	char *check;     /* whether the cookie checks, in words, or NULL */
	char *change;    /* what a middlebox changed on the way, or NULL */
};

/* A moment worth a line across the ladder. */
enum cls_mark_kind { CLS_MARK_REQUEST, CLS_MARK_ANSWER };

struct cls_conn {
	uint64_t index;           /* from 1 */
	char *title;              /* "connection 3: 10.0.0.1:60911 -> 10.0.0.2:80" */
	char *outcome;            /* "tfo-accepted", ... or NULL */
	char *middle;             /* the middle line's name, or NULL when there is none */
	int64_t rtt;              /* ns, 0 when unknown */
	uint8_t untimed;          /* a trace without times: one step apart, no times shown */
	int64_t mark[2];          /* enum cls_mark_kind: ns from the start, or CLS_NO_TIME */
	const char *mark_text[2]; /* what each mark says (static text), or NULL: the default */
	int64_t saved_est;        /* the replay's estimate of the time saved, ns, or CLS_NO_TIME */
	struct cls_seg *segs;
	size_t nsegs, cap;
};

/* One connection, and the same connection with TCP Fast Open off when known. */
struct cls_pair {
	struct cls_conn on;
	struct cls_conn off;
	int has_off;
};

struct cls_doc {
	char *title;         /* "scenario demo, seed 1" */
	char *subtitle;      /* the scenario's title, or the trace's name */
	char *note;          /* how to read the times, or NULL */
	const char *caption; /* above each ladder: "as run (TCP Fast Open on)", "as captured" */
	struct cls_pair *pairs;
	size_t npairs;
};

/* cls_strf: *out = a malloc'd printf result. Returns 0 or TFO_ERR_NOMEM. */
int cls_strf(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cls_vstrf: cls_strf with a va_list. */
int cls_vstrf(char **out, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* cls_seg_add: a zeroed segment at the end of c, or NULL (out of memory). */
struct cls_seg *cls_seg_add(struct cls_conn *c);

/* cls_doc_init: an empty document with n pairs. Returns 0 or TFO_ERR_NOMEM. */
int cls_doc_init(struct cls_doc *d, size_t n);

/* cls_conn_init: an empty connection, its times unknown. */
void cls_conn_init(struct cls_conn *c);
void cls_conn_free(struct cls_conn *c);
void cls_doc_free(struct cls_doc *d);

/* cls_ms: "150" or "0.25": ns as milliseconds, trailing zeros left out. Returns buf (>= 32). */
char *cls_ms(char *buf, int64_t ns);

#endif /* CLS_MODEL_H */
