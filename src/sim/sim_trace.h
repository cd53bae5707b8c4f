/*
 * What the engine records about one connection for its ladder diagram and
 * the JSON output: every packet either end sent (with its fate), every
 * state change, and the two application moments the report measures.
 * A trace is an array that grows through the run's allocator.
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <tfo/tfo.h>

enum trace_type {
	TR_PACKET,     /* a packet left one end */
	TR_STATE,      /* an endpoint changed state */
	TR_REQUEST_IN, /* the server application has the whole request */
	TR_ANSWER_IN,  /* the client application has the first byte of the answer */
	TR_ERROR,      /* the client's connection failed (error is set) */
	TR_LOG,        /* an endpoint's log line (text), e.g. a Fast Open decision */
	TR_KCP,        /* a KCP datagram left one end (text: its segments) */
	TR_KCP_ECHO    /* the KCP client has an echo back (bytes: its number) */
};

enum trace_tfo {
	TR_TFO_NONE,
	TR_TFO_REQUEST, /* an empty option: cookie request */
	TR_TFO_COOKIE,
	TR_TFO_INVALID /* a Fast Open option no stack would take */
};

/* What a middlebox did to a packet that went on. */
#define TR_MOD_STRIPPED 0x1u /* its Fast Open option was overwritten */
#define TR_MOD_NAT 0x2u      /* its address was translated */

struct trace_pkt {
	uint8_t flags;
	uint8_t tfo; /* enum trace_tfo */
	uint8_t tfo_exp;
	uint8_t cookie_len;
	uint8_t cookie[TFO_COOKIE_MAX];
	uint8_t dup;       /* the duplicate a link made */
	uint8_t reordered; /* held back by the link's reordering */
	uint8_t drop;      /* enum sim_drop */
	uint8_t mbox;      /* SIM_DROP_MBOX: enum sc_mbox_type of the middlebox */
	uint8_t modified;  /* TR_MOD_* */
	uint16_t rule;     /* SIM_DROP_SCRIPT: the loss rule's index */
	uint32_t seq, ack, len;
	uint16_t window;
	tfo_time arrive; /* when not dropped */
	tfo_addr nat_from, nat_to;
};

/* trace_ev.cause when no packet's arrival led to the event. */
#define TR_NO_CAUSE (-1)

struct trace_ev {
	tfo_time t;
	uint8_t type; /* enum trace_type */
	uint8_t side; /* 0: the client, 1: the server */
	int8_t old_state, new_state;
	uint8_t timer; /* it happened when a timer of its host fired */
	int32_t cause; /* index of the TR_PACKET whose arrival led to it, or TR_NO_CAUSE */
	int error;
	uint32_t bytes; /* TR_REQUEST_IN: request size; TR_KCP_ECHO: the message number */
	uint32_t text;  /* TR_LOG: the line; TR_PACKET: its tcpdump line; TR_KCP: its segments
	                   as the ladder labels them (0: none) */
	struct trace_pkt pkt;
};

/*
 * The events, and the texts they point to: NUL-terminated strings one
 * after another in one buffer, addressed by offset; offset 0 is "".
 */
struct trace {
	struct trace_ev *ev;
	size_t len, cap;
	char *text;
	size_t tlen, tcap;
};

/* trace_add: appends ev. Returns 0 or TFO_ERR_NOMEM. */
int trace_add(struct trace *tr, const struct trace_ev *ev, const tfo_allocator *mem);

/*
 * trace_text: stores a copy of str, sets *off to its offset. Returns 0 or
 * TFO_ERR_NOMEM (then *off is 0).
 */
int trace_text(struct trace *tr, const char *str, uint32_t *off, const tfo_allocator *mem);

/* trace_str: the text at off ("" for 0). */
const char *trace_str(const struct trace *tr, uint32_t off);

void trace_free(struct trace *tr, const tfo_allocator *mem);

/* trace_tfo_from_segment: fills the TFO fields of p from seg's options. */
void trace_tfo_from_segment(struct trace_pkt *p, const tfo_segment *seg);

#endif /* SIM_TRACE_H */
