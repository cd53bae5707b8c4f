/*
 * Retransmission: RTT estimation and RTO (RFC 6298, with Linux's 200 ms
 * floor and its form RTO = SRTT + max(4 * RTTVAR, rto_min)), exponential
 * backoff, Karn's rule, SYN and SYN-ACK retries, go-back-N after a
 * timeout with RFC 5681's window collapse, zero-window probes, and the
 * state timers (TIME-WAIT, FIN-WAIT-2, delayed ACK).
 */
#include "tfo_conn.h"
#include "tfo_fastopen.h"
#include "tfo_fsm.h"
#include "tfo_host.h"
#include "tfo_output.h"
#include "tfo_retransmit.h"
#include "tfo_seq.h"

/* Linux measures RTT in microseconds; a sample of zero counts as 1 us. */
#define RTT_FLOOR TFO_NS_PER_US

static tfo_time rto_from(const struct tfo_endpoint *ep)
{
	const tfo_settings *s = &ep->h->s;
	tfo_time var = 4 * ep->rttvar;
	tfo_time rto = ep->srtt + (var > s->rto_min ? var : s->rto_min);

	return rto > s->rto_max ? s->rto_max : rto;
}

void rtx_sample(struct tfo_endpoint *ep, tfo_time rtt)
{
	if (rtt < RTT_FLOOR)
		rtt = RTT_FLOOR;
	if (ep->srtt == 0) {
		/* RFC 6298 (2.2): the first measurement */
		ep->srtt = rtt;
		ep->rttvar = rtt / 2;
	} else {
		/* RFC 6298 (2.3), alpha = 1/8, beta = 1/4 */
		tfo_time err = ep->srtt > rtt ? ep->srtt - rtt : rtt - ep->srtt;

		ep->rttvar = (3 * ep->rttvar + err) / 4;
		ep->srtt = (7 * ep->srtt + rtt) / 8;
	}
	ep->rto = rto_from(ep);
}

void rtx_reset_backoff(struct tfo_endpoint *ep)
{
	if (ep->srtt)
		ep->rto = rto_from(ep);
}

void rtx_backoff(struct tfo_endpoint *ep)
{
	tfo_time max = ep->h->s.rto_max;

	ep->rto = ep->rto > max / 2 ? max : ep->rto * 2;
}

static void arm_main(struct tfo_endpoint *ep, int kind, tfo_time delay)
{
	ep->t_main.kind = (uint8_t)kind;
	tmr_arm(&ep->h->heap, &ep->t_main, ep->h->now + delay);
}

void rtx_start(struct tfo_endpoint *ep)
{
	arm_main(ep, TMR_RTO, ep->rto);
}

/* TIME-WAIT and FIN-WAIT-2 last a host setting each: fixed delays. */
void rtx_arm_state_timer(struct tfo_endpoint *ep, int kind, tfo_time delay)
{
	ep->t_main.kind = (uint8_t)kind;
	tmr_arm_fixed(&ep->h->heap, &ep->t_main, ep->h->now + delay);
}

void rtx_stop_all(struct tfo_endpoint *ep)
{
	tmr_stop(&ep->h->heap, &ep->t_main);
	tmr_stop(&ep->h->heap, &ep->t_delack);
}

static int has_unsent(const struct tfo_endpoint *ep)
{
	uint32_t end = ep->snd_base + ep->sndq.len;

	if (seq_lt(ep->snd_nxt, end))
		return 1;
	return (ep->flags & EPF_FIN_QUEUED) && ep->snd_nxt == end;
}

void rtx_update(struct tfo_endpoint *ep)
{
	struct tmr *t = &ep->t_main;

	if (tmr_armed(t) && (t->kind == TMR_TIMEWAIT || t->kind == TMR_FINWAIT2))
		return;
	if (seq_lt(ep->snd_una, ep->snd_max)) {
		if (!tmr_armed(t) || t->kind != TMR_RTO)
			rtx_start(ep);
		return;
	}
	/* Data waits and nothing is in flight: only a zero window holds it. */
	if (has_unsent(ep) && ep->snd_wnd == 0 && (ep->flags & (EPF_SYNCED | EPF_TFO_CHILD))) {
		if (!tmr_armed(t) || t->kind != TMR_PERSIST)
			arm_main(ep, TMR_PERSIST, ep->rto);
		return;
	}
	tmr_stop(&ep->h->heap, t);
}

void rtx_delack(struct tfo_endpoint *ep)
{
	tfo_host *h = ep->h;

	/* RFC 1122 4.2.3.2: at least every second segment, within delack. */
	if (h->s.delack == 0 || (ep->flags & EPF_DELACK_OWED)) {
		ep->flags |= EPF_ACK_NOW;
		return;
	}
	ep->flags |= EPF_DELACK_OWED;
	tmr_arm(&h->heap, &ep->t_delack, h->now + h->s.delack);
}

void rtx_fire(struct tfo_endpoint *ep, int kind)
{
	switch (kind) {
	case TMR_RTO:
		fsm_event(ep, FSM_TIMEOUT_RTO, NULL);
		break;
	case TMR_PERSIST:
		fsm_event(ep, FSM_TIMEOUT_PERSIST, NULL);
		break;
	case TMR_TIMEWAIT:
		fsm_event(ep, FSM_TIMEOUT_TIMEWAIT, NULL);
		break;
	case TMR_FINWAIT2:
		fsm_event(ep, FSM_TIMEOUT_FINWAIT2, NULL);
		break;
	case TMR_DELACK:
		if (ep->flags & EPF_DELACK_OWED)
			out_ack(ep);
		break;
	default:
		break;
	}
}

/*
 * Linux tcp_model_timeout(): the time n SYN retransmissions take on
 * an exponential schedule from rto_initial, the RTO doubling up to rto_max
 * (1 + 2 + ... + 64 = 127 s with the defaults).
 */
static tfo_time syn_give_up_after(const tfo_settings *s, unsigned n)
{
	unsigned thresh = 0;
	tfo_time exp_part;

	while (thresh < 32 && s->rto_initial <= s->rto_max >> (thresh + 1))
		thresh++;
	if (n <= thresh)
		return (((tfo_time)2 << n) - 1) * s->rto_initial;
	exp_part = (((tfo_time)2 << thresh) - 1) * s->rto_initial;
	if (s->rto_max > (TFO_TIME_NEVER - exp_part) / (n - thresh))
		return TFO_TIME_NEVER;
	return exp_part + (tfo_time)(n - thresh) * s->rto_max;
}

/*
 * SYN-SENT: Linux tcp_retransmit_timer() -> tcp_write_timeout(): give up
 * once the time syn_retries (or TCP_SYNCNT) exponential retransmissions
 * take has passed since the first SYN (retransmits_timed_out()), else a bare SYN (no
 * data, no TFO option). The RTO doubles only after the first
 * syn_linear_timeouts retransmissions (Linux 6.18, tp->total_rto), so with
 * TCP_SYNCNT 2 the SYN goes at 0, 1, 2, 3, 4 and 5 s and connect() fails at
 * 7 s (tests/scripts/client-syncnt-etimedout.pkt, checked on Linux 6.18).
 */
void rtx_syn_timeout(struct tfo_endpoint *ep)
{
	const tfo_settings *s = &ep->h->s;
	unsigned retries = ep->user_syn_retries ? ep->user_syn_retries : s->syn_retries;
	int expired = ep->nrtx > 0 && ep->h->now - ep->t_open >= syn_give_up_after(s, retries);

	host_ctr(ep->h, TFO_CTR_TIMEOUTS);
	foc_timeout(ep, expired);
	if (expired) {
		fsm_fail(ep, TFO_ERR_TIMEDOUT, FSM_TIMEOUT_RTO);
		return;
	}
	ep->nrtx++;
	ep->flags |= EPF_SYN_REXMIT;
	if (ep->nrtx > s->syn_linear_timeouts)
		rtx_backoff(ep);
	out_syn(ep, 1);
	rtx_start(ep);
}

/*
 * The SYN-ACK was not acknowledged. Linux: a request socket gives up
 * silently after tcp_synack_retries (reqsk_timer_handler()); a Fast Open
 * child gets one retry more and fails with ETIMEDOUT
 * (tcp_fastopen_synack_timer()); a simultaneous open counts syn_retries.
 * Retransmitted SYN-ACKs carry no TFO option (inet_rtx_syn_ack()).
 */
static void synack_timeout(struct tfo_endpoint *ep)
{
	const tfo_settings *s = &ep->h->s;
	unsigned limit = !(ep->flags & EPF_ACTIVE) ? s->synack_retries
	                 : ep->user_syn_retries    ? ep->user_syn_retries
	                                           : s->syn_retries;

	if (ep->flags & EPF_TFO_CHILD)
		limit++;
	host_ctr(ep->h, TFO_CTR_TIMEOUTS);
	if (ep->nrtx >= limit) {
		if (ep->flags & (EPF_ACTIVE | EPF_TFO_CHILD | EPF_APP))
			fsm_fail(ep, TFO_ERR_TIMEDOUT, FSM_TIMEOUT_RTO);
		else
			fsm_set_state(ep, TFO_CLOSED, FSM_TIMEOUT_RTO);
		return;
	}
	ep->nrtx++;
	ep->flags |= EPF_SYN_REXMIT;
	rtx_backoff(ep);
	out_synack(ep, NULL, 1);
	rtx_start(ep);
}

/*
 * Data or FIN unacknowledged: give up after retries2 consecutive timeouts
 * (a count, where Linux converts tcp_retries2 into a time), else go back
 * to snd_una with a one-segment window (RFC 5681 section 3.1, eq. 4).
 */
static void data_timeout(struct tfo_endpoint *ep)
{
	int expired = ep->nrtx >= ep->h->s.retries2;
	uint32_t flight = ep->snd_max - ep->snd_una;

	host_ctr(ep->h, TFO_CTR_TIMEOUTS);
	if (ep->flags & EPF_ACTIVE)
		foc_timeout(ep, expired);
	if (expired) {
		fsm_fail(ep, TFO_ERR_TIMEDOUT, FSM_TIMEOUT_RTO);
		return;
	}
	ep->ssthresh = flight / 2 > 2u * ep->mss ? flight / 2 : 2u * ep->mss;
	ep->cwnd = ep->mss;
	ep->dupacks = 0;
	ep->nrtx++;
	rtx_backoff(ep);
	tmr_stop(&ep->h->heap, &ep->t_main);
	out_retransmit(ep);
	rtx_update(ep);
}

void rtx_timeout(struct tfo_endpoint *ep)
{
	if (!(ep->flags & EPF_SYNCED))
		synack_timeout(ep);
	else
		data_timeout(ep);
}

/* Linux tcp_probe_timer(): probe, back off; give up after retries2 unanswered probes. */
void rtx_persist(struct tfo_endpoint *ep)
{
	if (ep->probes >= ep->h->s.retries2) {
		fsm_fail(ep, TFO_ERR_TIMEDOUT, FSM_TIMEOUT_PERSIST);
		return;
	}
	ep->probes++;
	out_probe(ep);
	rtx_backoff(ep);
	arm_main(ep, TMR_PERSIST, ep->rto);
}
