/*
 * Per-packet facts. The handshake is read from the first SYN and the
 * first SYN-ACK; times come from the capture clock. The sequence state
 * keeps, per direction, the highest sequence number seen and the latest
 * hole behind it: a segment beyond the highest opens a hole, one inside
 * the hole arrived out of order, and one below the highest elsewhere is a
 * retransmission. One hole per direction keeps the state fixed in size;
 * with several holes at once, fillers of the older ones are counted as
 * retransmissions.
 */
#include <stdarg.h>
#include <string.h>

#include "replay_conn_update.h"
#include "replay_seq.h"
#include "tfo_options.h"

/* The option as replay keeps it. */
static void tfo_of(const struct tfo_fastopen_opt *o, struct replay_tfo *out)
{
	memset(out, 0, sizeof(*out));
	out->cookie_len = -1;
	if (o->cookie_len < 0)
		return;
	out->form = o->exp ? REPLAY_OPT_EXPERIMENTAL : REPLAY_OPT_STANDARD;
	out->cookie_len = o->cookie_len;
	memcpy(out->cookie, o->cookie, (size_t)o->cookie_len);
}

/* Only the Fast Open option: the full parse was a twentieth of a replay. */
void replay_tfo_get(const tfo_segment *seg, struct replay_tfo *out)
{
	struct tfo_fastopen_opt o;

	tfo_opts_fastopen(seg->opts, seg->optlen, &o);
	tfo_of(&o, out);
}

/* The packet's option: as its reader found it, else read here. */
static void packet_tfo(const struct replay_packet *p, struct replay_tfo *out)
{
	if (p->fo_known)
		tfo_of(&p->fo, out);
	else
		replay_tfo_get(&p->seg, out);
}

static int note(const struct replay_emit *emit, const struct replay_conn *c,
                const struct replay_packet *p, int kind, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

static int note(const struct replay_emit *emit, const struct replay_conn *c,
                const struct replay_packet *p, int kind, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = replay_vnote(emit, kind, p->file, p->index, c->number, fmt, ap);
	va_end(ap);
	return rc;
}

static void first_syn(struct replay_conn *c, const struct replay_packet *p, int64_t t)
{
	c->syn_seen = 1;
	c->isn = p->seg.seq;
	c->syn_data = p->seg.len;
	packet_tfo(p, &c->syn_tfo);
	c->t_syn = t;
	c->t_syn_last = t;
}

static void first_synack(struct replay_conn *c, const struct replay_packet *p, int64_t t)
{
	struct replay_side *cs = &c->side[REPLAY_CLIENT];

	c->synack_seen = 1;
	c->srv_isn = p->seg.seq;
	c->synack_ack = p->seg.ack;
	packet_tfo(p, &c->synack_tfo);
	c->t_synack = t;
	/* SYN data the server did not take will come again: expected, not a
	 * retransmission worth reporting. */
	if (cs->started && seq_gt(cs->nxt, p->seg.ack) && seq_gt(p->seg.ack, c->isn))
		cs->nxt = p->seg.ack;
}

/* The first data time of the packet's direction. */
static void data_time(struct replay_conn *c, int from_client, int64_t t)
{
	if (from_client && !c->cdata_seen) {
		c->cdata_seen = 1;
		c->t_cdata = t;
	} else if (!from_client && !c->sdata_seen) {
		c->sdata_seen = 1;
		c->t_sdata = t;
	}
}

/* The handshake facts and the data times. */
static void handshake(struct replay_conn *c, const struct replay_packet *p, int from_client)
{
	const tfo_segment *s = &p->seg;
	int64_t t = p->has_time ? p->t_ns : REPLAY_NO_TIME;
	int syn = s->flags & TFO_TH_SYN, ack = s->flags & TFO_TH_ACK;

	/* Tested SYN first: most packets are past the handshake, and then
	 * fall through two tests. */
	if (syn) {
		if (from_client && !ack) {
			if (!c->syn_seen)
				first_syn(c, p, t);
			else if (!c->synack_seen)
				c->t_syn_last = t;
		} else if (!from_client && ack && !c->synack_seen) {
			first_synack(c, p, t);
			c->t_synack_last = t;
		} else if (!from_client && ack && !c->hs_done) {
			c->t_synack_last = t; /* sent again: the handshake ACK answers this one */
		}
	} else if (!c->hs_done && from_client && ack && !(s->flags & TFO_TH_RST) &&
	           c->synack_seen && seq_gt(s->ack, c->srv_isn)) {
		/* A RST does not complete the handshake: after a lost ACK, the
		 * client's reset is the next thing the server sees. */
		c->hs_done = 1;
		c->t_hs_ack = t;
	}
	if (s->len)
		data_time(c, from_client, t);
}

/* tfo_segment_seqlen without the call and its NULL test, once a packet. */
static inline uint32_t seqlen_of(const tfo_segment *s)
{
	return s->len + ((s->flags & TFO_TH_SYN) ? 1u : 0u) + ((s->flags & TFO_TH_FIN) ? 1u : 0u);
}

/* A segment below the highest sequence seen: a hole being filled, or
 * a retransmission. */
static int behind(struct replay_side *d, const struct replay_conn *c, const struct replay_packet *p,
                  const struct replay_emit *emit)
{
	uint32_t seq = p->seg.seq, end = seq + seqlen_of(&p->seg);

	if (seq_gt(end, d->nxt))
		d->nxt = end;
	if (d->has_hole && seq_ge(seq, d->hole_lo) && seq_lt(seq, d->hole_hi)) {
		if (seq == d->hole_lo && seq_lt(end, d->hole_hi))
			d->hole_lo = end;
		else if (seq_gt(seq, d->hole_lo))
			d->hole_hi = seq; /* keep the part below: the one more likely to come */
		else
			d->has_hole = 0;
		return note(emit, c, p, RA_OUT_OF_ORDER, "segment %u:%u arrived after later ones",
		            seq, end);
	}
	return note(emit, c, p, RA_RETRANSMISSION, "sequence %u:%u sent again", seq, end);
}

/* Sequence tracking for segments that use sequence space. */
static int sequence(struct replay_side *d, const struct replay_conn *c,
                    const struct replay_packet *p, const struct replay_emit *emit)
{
	uint32_t seqlen = seqlen_of(&p->seg), seq = p->seg.seq;

	if (seqlen == 0 || (p->seg.flags & TFO_TH_RST))
		return 0;
	if (!d->started) {
		d->started = 1;
		d->nxt = seq + seqlen;
		return 0;
	}
	if (seq == d->nxt) {
		d->nxt = seq + seqlen;
		return 0;
	}
	if (seq_gt(seq, d->nxt)) {
		d->hole_lo = d->nxt;
		d->hole_hi = seq;
		d->has_hole = 1;
		d->nxt = seq + seqlen;
		return 0;
	}
	return behind(d, c, p, emit);
}

static void fin_and_ack(struct replay_conn *c, const struct replay_packet *p, int from_client)
{
	struct replay_side *mine = &c->side[from_client ? REPLAY_CLIENT : REPLAY_SERVER];
	struct replay_side *peer = &c->side[from_client ? REPLAY_SERVER : REPLAY_CLIENT];
	const tfo_segment *s = &p->seg;

	if ((s->flags & TFO_TH_FIN) && !mine->fin) {
		mine->fin = 1;
		mine->fin_seq = s->seq + s->len + ((s->flags & TFO_TH_SYN) ? 1u : 0u);
	}
	if ((s->flags & TFO_TH_ACK) && peer->fin && seq_gt(s->ack, peer->fin_seq))
		peer->fin_acked = 1;
	if (s->flags & TFO_TH_RST)
		c->rst = 1;
}

static int quality(const struct replay_conn *c, const struct replay_packet *p,
                   const struct replay_emit *emit)
{
	int rc = 0;

	if (p->csum == REPLAY_CSUM_BAD)
		rc = note(emit, c, p, RA_BAD_CHECKSUM, "checksum wrong");
	if (rc == 0 && p->snapped)
		rc = note(emit, c, p, RA_SNAPPED, "payload cut by the snap length");
	return rc;
}

int replay_conn_update(struct replay_conn *c, struct replay_packet *p, int from_client,
                       const struct replay_emit *emit)
{
	struct replay_side *d = &c->side[from_client ? REPLAY_CLIENT : REPLAY_SERVER];
	int rc;

	c->packets++;
	if (p->seq_unknown)
		p->seg.seq = d->started ? d->nxt : 0;
	rc = quality(c, p, emit);
	if (rc != 0)
		return rc;
	handshake(c, p, from_client);
	rc = sequence(d, c, p, emit);
	fin_and_ack(c, p, from_client);
	return rc;
}

int replay_conn_note_gaps(const struct replay_conn *c, const struct replay_emit *emit)
{
	static const char *const who[2] = { "client", "server" };

	for (int i = 0; i < 2; i++) {
		const struct replay_side *d = &c->side[i];
		int rc;

		if (!d->has_hole)
			continue;
		rc = replay_note(emit, RA_GAP, c->first_file, 0, c->number,
		                 "%s sequence %u:%u never captured", who[i], d->hole_lo,
		                 d->hole_hi);
		if (rc != 0)
			return rc;
	}
	return 0;
}
