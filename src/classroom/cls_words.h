/*
 * A segment's name in the seed notes' words: "SYN + cookie request",
 * "SYN-ACK + cookie", "SYN + cookie + data", "ACK of data", and the
 * words for the rest of a connection's life.
 */
#ifndef CLS_WORDS_H
#define CLS_WORDS_H

#include <stdint.h>

enum cls_opt { CLS_OPT_NONE, CLS_OPT_REQUEST, CLS_OPT_COOKIE, CLS_OPT_INVALID };

struct cls_pkt {
	uint8_t from;      /* enum cls_side */
	uint8_t flags;     /* TFO_TH_* */
	uint8_t opt;       /* enum cls_opt */
	uint8_t acks_data; /* its ACK covers data of the other side */
	uint8_t acks_fin;  /* its ACK covers the other side's FIN */
	uint8_t rtx;       /* sends sequence space again */
	uint8_t dup;       /* a copy the link made */
	uint32_t len;
};

/* One side's sequence space, to tell retransmissions and what an ACK covers. */
struct cls_flow {
	uint32_t isn, max_end, fin_seq;
	uint8_t known, fin, data;
};

/* A segment as the words need it. */
struct cls_wire {
	uint8_t from, flags, opt, dup;
	uint32_t seq, ack, len;
};

/*
 * cls_view: fills out for segment w, the flows of both sides (zeroed at
 * the connection's start) being updated as segments go by, in order.
 */
void cls_view(struct cls_flow f[2], const struct cls_wire *w, struct cls_pkt *out);

/* cls_label: the label of p. Returns 0 or TFO_ERR_NOMEM. */
int cls_label(char **out, const struct cls_pkt *p);

#endif /* CLS_WORDS_H */
