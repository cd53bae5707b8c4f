/* RTT estimation, RTO, backoff, Karn's rule and the timers (tfo_retransmit.c). */
#ifndef TFO_RETRANSMIT_H
#define TFO_RETRANSMIT_H

#include <tfo/tfo.h>

struct tfo_endpoint;

/* rtx_sample: an RTT measurement (RFC 6298 section 2, with Linux's rto_min floor). */
void rtx_sample(struct tfo_endpoint *ep, tfo_time rtt);

/* rtx_reset_backoff: new data was acknowledged: RTO from srtt again (RFC 6298 5.7). */
void rtx_reset_backoff(struct tfo_endpoint *ep);

/* rtx_backoff: doubles the RTO, up to rto_max (RFC 6298 5.5). */
void rtx_backoff(struct tfo_endpoint *ep);

/* rtx_start: arms the retransmission timer now + rto. */
void rtx_start(struct tfo_endpoint *ep);

/*
 * rtx_update: after sending or acknowledging: keeps the retransmission
 * timer running while anything is outstanding (RFC 6298 5.1, 5.2), or the
 * persist timer while data waits for a zero window; stops them otherwise.
 */
void rtx_update(struct tfo_endpoint *ep);

/* rtx_fire: a timer of ep is due: hands it to the state machine. */
void rtx_fire(struct tfo_endpoint *ep, int kind);

/* rtx_timeout: the RTO expired in a synchronized state (or SYN-RECEIVED). */
void rtx_timeout(struct tfo_endpoint *ep);

/* rtx_syn_timeout: the RTO expired in SYN-SENT. */
void rtx_syn_timeout(struct tfo_endpoint *ep);

/* rtx_persist: the persist timer expired: probe the zero window. */
void rtx_persist(struct tfo_endpoint *ep);

/* rtx_arm_state_timer: arms the TIME-WAIT or FIN-WAIT-2 timer. */
void rtx_arm_state_timer(struct tfo_endpoint *ep, int kind, tfo_time delay);

/* rtx_stop_all: stops every timer of ep. */
void rtx_stop_all(struct tfo_endpoint *ep);

/* rtx_delack: schedules a delayed ACK (settings.delack > 0). */
void rtx_delack(struct tfo_endpoint *ep);

#endif /* TFO_RETRANSMIT_H */
