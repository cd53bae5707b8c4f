/*
 * Pairing a server's answer with the SYN it answers (see replay_pair.h).
 */
#include "replay_pair.h"

uint32_t replay_pair_add(struct replay_pair *pr, const tfo_segment *syn)
{
	struct replay_pair_syn *s = &pr->syn[pr->n % REPLAY_PAIR_SYNS];
	tfo_opts_parsed o;

	tfo_opts_parse(syn, &o);
	s->ts_val = o.ts_val;
	s->has_ts = (o.present & TFO_HAS_TS) != 0;
	s->len = syn->len;
	s->cookie_len = o.cookie_len;
	return pr->n++;
}

const struct replay_pair_syn *replay_pair_get(const struct replay_pair *pr, uint32_t i)
{
	return &pr->syn[i % REPLAY_PAIR_SYNS];
}

/* The SYNs still held: numbers first..n-1. */
static uint32_t first_held(const struct replay_pair *pr)
{
	return pr->n > REPLAY_PAIR_SYNS ? pr->n - REPLAY_PAIR_SYNS : 0;
}

long replay_pair_answer(const struct replay_pair *pr, const tfo_segment *answer, uint32_t isn)
{
	uint32_t first = first_held(pr), k;
	tfo_opts_parsed o;

	if (pr->n == 0)
		return -1;
	tfo_opts_parse(answer, &o);
	if ((o.present & TFO_HAS_TS) && o.ts_ecr != 0) {
		for (uint32_t i = pr->n; i-- > first;) {
			const struct replay_pair_syn *s = replay_pair_get(pr, i);

			if (s->has_ts && s->ts_val == o.ts_ecr)
				return (long)i;
		}
	}
	k = (answer->flags & TFO_TH_ACK) ? answer->ack - isn - 1 : 0;
	if (k > 0) {
		for (uint32_t i = pr->n; i-- > first;) {
			if (replay_pair_get(pr, i)->len >= k)
				return (long)i;
		}
	}
	return (long)(pr->n - 1);
}
