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

/* cls_label: the label of p. Returns 0 or TFO_ERR_NOMEM. */
int cls_label(char **out, const struct cls_pkt *p);

#endif /* CLS_WORDS_H */
