/*
 * The outcome rules and the times (docs/replay.md explains both):
 *   no SYN or no SYN-ACK seen         incomplete
 *   SYN data, all of it acknowledged  tfo-accepted
 *   SYN data, part of it              tfo-partial
 *   SYN data, only the SYN            tfo-rejected
 *   no data, an empty TFO option      cookie-request
 *   no data otherwise                 plain
 * rtt_us runs from the SYN that the SYN-ACK answered to the client's ACK
 * that completed the handshake; saved_us is that RTT (its acknowledged
 * share for tfo-partial) when the SYN's data went through, else 0.
 */
#include <string.h>

#include "replay_analysis.h"

static const char *const outcome_names[] = {
	[TFO_OUTCOME_PLAIN] = "plain",           [TFO_OUTCOME_COOKIE_REQUEST] = "cookie-request",
	[TFO_OUTCOME_ACCEPTED] = "tfo-accepted", [TFO_OUTCOME_PARTIAL] = "tfo-partial",
	[TFO_OUTCOME_REJECTED] = "tfo-rejected", [TFO_OUTCOME_INCOMPLETE] = "incomplete",
};

const char *replay_outcome_name(int outcome)
{
	return outcome >= 0 && outcome <= TFO_OUTCOME_INCOMPLETE ? outcome_names[outcome] : "?";
}

int replay_outcome_parse(const char *name)
{
	for (int o = 0; o <= TFO_OUTCOME_INCOMPLETE; o++)
		if (strcmp(outcome_names[o], name) == 0)
			return o;
	return -1;
}

const char *replay_option_name(int form)
{
	switch (form) {
	case REPLAY_OPT_STANDARD:
		return "standard";
	case REPLAY_OPT_EXPERIMENTAL:
		return "experimental";
	default:
		return NULL;
	}
}

const char *replay_check_name(int check)
{
	switch (check) {
	case REPLAY_CHECK_UNCHECKED:
		return "unchecked";
	case REPLAY_CHECK_PRIMARY:
		return "valid-primary";
	case REPLAY_CHECK_BACKUP:
		return "valid-backup";
	case REPLAY_CHECK_INVALID:
		return "invalid";
	default:
		return NULL;
	}
}

static int outcome(const struct replay_conn *c, uint32_t *acked)
{
	uint32_t n;

	*acked = 0;
	if (!c->syn_seen || !c->synack_seen)
		return TFO_OUTCOME_INCOMPLETE;
	if (c->syn_data == 0)
		return c->syn_tfo.cookie_len == 0 ? TFO_OUTCOME_COOKIE_REQUEST : TFO_OUTCOME_PLAIN;
	n = c->synack_ack - (c->isn + 1);
	if (n > c->syn_data)
		return TFO_OUTCOME_INCOMPLETE; /* a SYN-ACK for some other SYN */
	*acked = n;
	if (n == c->syn_data)
		return TFO_OUTCOME_ACCEPTED;
	return n ? TFO_OUTCOME_PARTIAL : TFO_OUTCOME_REJECTED;
}

static int check(const struct replay_conn *c, const tfo_keyring *ring)
{
	int rc;

	if (c->syn_tfo.cookie_len <= 0)
		return REPLAY_CHECK_NULL;
	if (!ring)
		return REPLAY_CHECK_UNCHECKED;
	rc = tfo_keyring_check(ring, &c->client.addr, &c->server.addr, c->syn_tfo.cookie,
	                       (size_t)c->syn_tfo.cookie_len);
	switch (rc) {
	case TFO_MATCH_PRIMARY:
		return REPLAY_CHECK_PRIMARY;
	case TFO_MATCH_BACKUP:
		return REPLAY_CHECK_BACKUP;
	case TFO_MATCH_NONE:
		return REPLAY_CHECK_INVALID;
	default:
		return REPLAY_CHECK_UNCHECKED;
	}
}

static int64_t span_us(int64_t from, int64_t to)
{
	if (from == REPLAY_NO_TIME || to == REPLAY_NO_TIME || to < from)
		return REPLAY_NULL;
	return (to - from) / 1000;
}

static void times(const struct replay_conn *c, struct replay_result *r)
{
	int went = r->outcome == TFO_OUTCOME_ACCEPTED || r->outcome == TFO_OUTCOME_PARTIAL;

	/* Two legs (docs/replay.md): the last SYN to the first SYN-ACK, and the
	 * last SYN-ACK to the handshake ACK, so that neither side's
	 * retransmission timeout counts. */
	r->rtt_us = REPLAY_NULL;
	if (span_us(c->t_syn_last, c->t_synack) != REPLAY_NULL &&
	    span_us(c->t_synack_last, c->t_hs_ack) != REPLAY_NULL)
		r->rtt_us =
		        ((c->t_synack - c->t_syn_last) + (c->t_hs_ack - c->t_synack_last)) / 1000;
	r->rr_us = span_us(c->t_cdata, c->t_sdata);
	r->saved_rtts = went ? (double)r->syn_data_acked / (double)r->syn_data : 0.0;
	if (c->t_syn == REPLAY_NO_TIME && c->t_synack == REPLAY_NO_TIME)
		r->saved_us = REPLAY_NULL; /* a trace without times */
	else if (!went)
		r->saved_us = 0;
	else if (r->rtt_us == REPLAY_NULL)
		r->saved_us = REPLAY_NULL;
	else
		r->saved_us = r->rtt_us * (int64_t)r->syn_data_acked / (int64_t)r->syn_data;
}

void replay_analyse(const struct replay_conn *c, const tfo_keyring *ring, struct replay_result *r)
{
	memset(r, 0, sizeof(*r));
	r->number = c->number;
	r->client = c->client;
	r->server = c->server;
	r->outcome = outcome(c, &r->syn_data_acked);
	r->option = c->syn_tfo.form != REPLAY_OPT_NONE ? c->syn_tfo.form : c->synack_tfo.form;
	r->sent = c->syn_tfo;
	r->granted = c->synack_tfo;
	r->check = check(c, ring);
	r->syn_data = c->syn_data;
	r->packets = c->packets;
	times(c, r);
}

void replay_summary_add(struct replay_summary *s, const struct replay_result *r)
{
	s->connections++;
	if (r->outcome >= 0 && r->outcome <= TFO_OUTCOME_INCOMPLETE)
		s->outcomes[r->outcome]++;
	if (r->outcome == TFO_OUTCOME_ACCEPTED || r->outcome == TFO_OUTCOME_PARTIAL)
		s->tfo_used++;
	if (r->saved_us != REPLAY_NULL) {
		s->timed++;
		s->saved_us_total += r->saved_us;
	}
	s->saved_rtts_total += r->saved_rtts;
	s->packets += r->packets;
}

int64_t replay_summary_mean_us(const struct replay_summary *s)
{
	return s->timed ? s->saved_us_total / (int64_t)s->timed : REPLAY_NULL;
}

double replay_summary_share(const struct replay_summary *s)
{
	return s->connections ? (double)s->tfo_used / (double)s->connections : 0.0;
}
