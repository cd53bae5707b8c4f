/*
 * Which of a connection's SYNs a server's answer answers.
 *
 * A client that gets no answer sends its SYN again, and Linux sends the
 * retransmission without the data and without the TFO option. The first
 * SYN-ACK (or RST) captured then answers one of several SYNs, and not
 * always the last: when the SYN-ACK was the packet lost, the later
 * SYN-ACKs still answer the first SYN. What the packets prove decides:
 *
 * 1. The answer's TS ecr echoes the TS val of the SYN it answers (Linux
 *    echoes the ts_recent of the request, set by the SYN that made it).
 *    The latest SYN whose TS val equals the ecr is the one.
 * 2. Without timestamps (or when no SYN's TS val matches): when the ack
 *    covers data (ack = ISN+1+k, k > 0), only a SYN carrying at least k
 *    bytes can have been answered; Linux's retransmissions carry none, so
 *    at most one candidate is left (the latest such SYN).
 * 3. Otherwise the latest SYN sent before the answer.
 *
 * The SYNs are held as a small window of the latest REPLAY_PAIR_SYNS
 * (Linux sends at most tcp_syn_retries + 1, 7 by default).
 */
#ifndef REPLAY_PAIR_H
#define REPLAY_PAIR_H

#include <stdint.h>

#include <tfo/wire.h>

#define REPLAY_PAIR_SYNS 8

/* What the pairing and the inference need of one SYN. */
struct replay_pair_syn {
	uint32_t ts_val;
	uint32_t len;      /* payload bytes */
	int8_t cookie_len; /* the SYN's TFO option: -1 none, 0 request, else cookie */
	uint8_t has_ts;
};

struct replay_pair {
	struct replay_pair_syn syn[REPLAY_PAIR_SYNS]; /* SYN number n is at n % REPLAY_PAIR_SYNS */
	uint32_t n;                                   /* SYNs seen so far */
};

/* replay_pair_add: records a SYN (without ACK); returns its number, 0-based. */
uint32_t replay_pair_add(struct replay_pair *pr, const tfo_segment *syn);

/*
 * replay_pair_answer: the number (0-based) of the SYN that answer (a
 * SYN-ACK or a RST) answers, isn being the client's ISN; -1 when no SYN
 * was recorded.
 */
long replay_pair_answer(const struct replay_pair *pr, const tfo_segment *answer, uint32_t isn);

/* replay_pair_get: SYN number i, which must be among the latest REPLAY_PAIR_SYNS. */
const struct replay_pair_syn *replay_pair_get(const struct replay_pair *pr, uint32_t i);

#endif /* REPLAY_PAIR_H */
