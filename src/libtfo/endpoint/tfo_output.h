/* Building and sending segments (tfo_output.c). */
#ifndef TFO_OUTPUT_H
#define TFO_OUTPUT_H

#include <tfo/tfo.h>

struct tfo_endpoint;
struct fo_option;

/*
 * out_syn: our SYN, as ep->fo planned it: with the TFO option and the SYN
 * data unless retransmit (Linux: "Exclude Fast Open option for SYN
 * retries"), in which case it is a bare SYN.
 */
void out_syn(struct tfo_endpoint *ep, int retransmit);

/* out_synack: our SYN-ACK; fo (may be NULL) is the TFO option to carry. */
void out_synack(struct tfo_endpoint *ep, const struct fo_option *fo, int retransmit);

/*
 * out_push: sends what the windows allow (data, then our FIN), then a pure
 * ACK if one is still owed, and arms the retransmission or persist timer.
 */
void out_push(struct tfo_endpoint *ep);

/*
 * out_retransmit: goes back to snd_una and resends one segment (or the
 * FIN) whatever the windows say, as Linux's tcp_retransmit_skb() does for
 * the head of the queue.
 */
void out_retransmit(struct tfo_endpoint *ep);

/* out_ack: a pure ACK now. */
void out_ack(struct tfo_endpoint *ep);

/* out_challenge_ack: an RFC 5961 challenge ACK (a pure ACK, counted). */
void out_challenge_ack(struct tfo_endpoint *ep);

/* out_probe: a zero-window probe: an ACK for snd_una - 1 (Linux tcp_xmit_probe_skb()). */
void out_probe(struct tfo_endpoint *ep);

/* out_rst: RST|ACK with seq snd_nxt, as Linux's tcp_send_active_reset(). */
void out_rst(struct tfo_endpoint *ep);

/*
 * out_rst_reply: the RFC 793 reset for a segment nobody wants: with an
 * ACK, <SEQ=SEG.ACK><CTL=RST>; else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
 * Nothing for a segment that is itself a RST.
 */
void out_rst_reply(tfo_host *h, const tfo_segment *seg);

/* out_window: the window field for a non-SYN segment; moves rcv_adv. */
uint16_t out_window(struct tfo_endpoint *ep);

#endif /* TFO_OUTPUT_H */
