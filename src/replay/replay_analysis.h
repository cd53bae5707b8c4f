/*
 * What TFO did on one connection, from the tracker's facts: the outcome,
 * the option and cookies, the cookie check, and the times. And the
 * summary over all connections.
 */
#ifndef REPLAY_ANALYSIS_H
#define REPLAY_ANALYSIS_H

#include <tfo/tfo.h>

#include "replay_conn.h"

/* A time or count that is not known: printed as null or "-". */
#define REPLAY_NULL INT64_MIN

enum replay_check {
	REPLAY_CHECK_NULL,      /* no cookie was sent */
	REPLAY_CHECK_UNCHECKED, /* no key given */
	REPLAY_CHECK_PRIMARY,
	REPLAY_CHECK_BACKUP,
	REPLAY_CHECK_INVALID
};

struct replay_result {
	uint64_t number;
	tfo_sockaddr client, server;
	int outcome;               /* enum tfo_outcome */
	int option;                /* enum replay_tfo_form; NONE prints as null */
	struct replay_tfo sent;    /* the SYN's option */
	struct replay_tfo granted; /* the SYN-ACK's option */
	int check;                 /* enum replay_check */
	uint32_t syn_data, syn_data_acked;
	int64_t rtt_us, saved_us, rr_us; /* REPLAY_NULL when unknown */
	double saved_rtts;
	uint64_t packets;
	const char *file; /* the input of its first packet (set by the replay) */
};

struct replay_summary {
	uint64_t connections;
	uint64_t outcomes[TFO_OUTCOME_INCOMPLETE + 1];
	uint64_t tfo_used; /* accepted or partial: the SYN's data went through */
	uint64_t timed;    /* connections whose saved_us is known */
	int64_t saved_us_total;
	double saved_rtts_total;
	uint64_t packets;
};

/* replay_outcome_name: "tfo-accepted", ...; "?" if unknown. */
const char *replay_outcome_name(int outcome);

/* replay_outcome_parse: the reverse, or -1. */
int replay_outcome_parse(const char *name);

/* replay_option_name: "standard", "experimental", or NULL (none). */
const char *replay_option_name(int form);

/* replay_check_name: "valid-primary", "valid-backup", "invalid", "unchecked", or NULL. */
const char *replay_check_name(int check);

/*
 * replay_analyse: the result for a finished connection. ring, when not
 * NULL, is the server key ring that cookie_check uses.
 */
void replay_analyse(const struct replay_conn *c, const tfo_keyring *ring,
                    struct replay_result *out);

/* replay_summary_add: counts one result in the summary. */
void replay_summary_add(struct replay_summary *s, const struct replay_result *r);

/* replay_summary_mean_us: mean saved_us over connections with a known one, or REPLAY_NULL. */
int64_t replay_summary_mean_us(const struct replay_summary *s);

/* replay_summary_share: tfo_used / connections (0 with none). */
double replay_summary_share(const struct replay_summary *s);

#endif /* REPLAY_ANALYSIS_H */
