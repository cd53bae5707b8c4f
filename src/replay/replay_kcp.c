/*
 * KCP in captures. A retransmission's cause cannot be seen on the wire; it
 * is inferred: a segment that the peer had skipped (acknowledged a later
 * one) since it was last sent counts as resent after skips ("fast", which
 * includes kcp-go's early retransmission), any other as resent on timeout.
 * RTT samples pair each ACK with the transmission whose ts it echoes; they
 * measure the path only for PUSHes sent by the host the capture was taken
 * on (for the other end's, they measure its peer's delay in acknowledging).
 */
#define _DEFAULT_SOURCE /* libpcap's headers use u_int and u_char */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "replay_kcp.h"
#include "replay_link.h"
#include "tfo_alloc.h"

#define MAX_TRACKED (1u << 22) /* sequence numbers followed per direction */
#define MAX_LEAP 4096          /* how far past the followed ones a new sn may start */

struct kcp_entry {
	uint8_t tx, acked, skipped;
	uint32_t ts[2]; /* the ts of the last two transmissions */
	uint64_t at[2]; /* and when the capture saw them (us) */
};

struct kcp_seen {
	uint32_t base; /* sn of e[0] */
	uint32_t cap, una;
	struct kcp_entry *e;
};

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* IEEE 802.3 CRC32, as Go's crc32.ChecksumIEEE (kcp-go's packet check). */
static uint32_t crc32_ieee(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
	}
	return ~c;
}

/* segs_ok: the bytes are a whole number of valid segments of one conv. */
static int segs_ok(const uint8_t *p, size_t n)
{
	size_t off = 0;
	uint32_t conv = n >= 4 ? le32(p) : 0;

	if (n < TFO_KCP_OVERHEAD)
		return 0;
	while (off < n) {
		tfo_kcp_segment s;
		int rc = tfo_kcp_segment_decode(p + off, n - off, &s);

		if (rc < 0 || s.conv != conv)
			return 0;
		off += (size_t)rc;
	}
	return 1;
}

static struct kcp_entry *entry(struct kcp_replay *r, struct kcp_seen **sp, uint32_t sn, int add)
{
	struct kcp_seen *s = *sp;
	uint32_t i;

	if (!s) {
		if (!add)
			return NULL;
		s = mem_zalloc(r->mem, 1, sizeof(*s));
		if (!s)
			return NULL;
		s->base = s->una = sn;
		*sp = s;
	}
	i = sn - s->base;
	/* A hostile sn far ahead must not cost memory: only what follows on is kept */
	if ((int32_t)(sn - s->base) < 0 || i >= MAX_TRACKED || i >= s->cap + MAX_LEAP)
		return NULL;
	if (i >= s->cap) {
		uint32_t cap;
		struct kcp_entry *e;

		if (!add)
			return NULL;
		cap = s->cap ? s->cap : 256;
		while (cap <= i)
			cap *= 2;
		e = mem_zalloc(r->mem, cap, sizeof(*e));
		if (!e)
			return NULL;
		if (s->cap)
			memcpy(e, s->e, s->cap * sizeof(*e));
		mem_free(r->mem, s->e);
		s->e = e;
		s->cap = cap;
	}
	return &s->e[i];
}

static void on_push(struct kcp_replay *r, struct kcp_conv *c, int d, const tfo_kcp_segment *sg,
                    uint64_t t)
{
	struct kcp_dir_stats *st = &c->dir[d];
	struct kcp_entry *e = entry(r, &c->seen[d], sg->sn, 1);

	if (e && e->tx) {
		st->push_rtx++;
		if (e->skipped)
			st->rtx_fast++;
		else
			st->rtx_timeout++;
	} else {
		st->push_new++;
		st->data_bytes += sg->len;
		st->messages += sg->frg == 0;
	}
	if (!e)
		return;
	e->tx += e->tx < 255;
	e->skipped = 0;
	e->ts[1] = e->ts[0];
	e->at[1] = e->at[0];
	e->ts[0] = sg->ts;
	e->at[0] = t;
}

/* An ACK from side d for the other side's segment: an RTT sample when its ts is known. */
static void on_ack(struct kcp_replay *r, struct kcp_conv *c, int d, const tfo_kcp_segment *sg,
                   uint64_t t)
{
	struct kcp_dir_stats *st = &c->dir[!d];
	struct kcp_entry *e = entry(r, &c->seen[!d], sg->sn, 0);

	c->dir[d].acks++;
	if (!e || e->acked)
		return;
	e->acked = 1;
	for (int k = 0; k < 2; k++) {
		uint64_t rtt;

		if (e->tx <= k || e->ts[k] != sg->ts || t < e->at[k])
			continue;
		rtt = t - e->at[k];
		if (!st->rtt_n || rtt < st->rtt_min_us)
			st->rtt_min_us = rtt;
		if (rtt > st->rtt_max_us)
			st->rtt_max_us = rtt;
		st->rtt_n++;
		st->rtt_sum_us += rtt;
		break;
	}
}

/* After a datagram from side d: una and the highest ACK mark the other side's segments. */
static void after_datagram(struct kcp_conv *c, int d, uint32_t una, int have_ack, uint32_t max_ack)
{
	struct kcp_seen *s = c->seen[!d];

	if (!s)
		return;
	/* Only the followed entries are marked: a hostile una far ahead costs no loop */
	for (; (int32_t)(una - s->una) > 0 && s->una - s->base < s->cap; s->una++)
		s->e[s->una - s->base].acked = 1;
	if ((int32_t)(una - s->una) > 0)
		s->una = una;
	if (!have_ack)
		return;
	for (uint32_t sn = s->una; (int32_t)(max_ack - sn) > 0; sn++) {
		uint32_t i = sn - s->base;

		if (i >= s->cap)
			break;
		if (s->e[i].tx && !s->e[i].acked)
			s->e[i].skipped = 1;
	}
}

static struct kcp_conv *conv_of(struct kcp_replay *r, uint32_t conv, const tfo_sockaddr *cl,
                                const tfo_sockaddr *sv, uint64_t t)
{
	struct kcp_conv **pp = &r->convs;

	for (; *pp; pp = &(*pp)->next) {
		struct kcp_conv *c = *pp;

		if (c->conv == conv && c->client.port == cl->port && c->server.port == sv->port &&
		    tfo_addr_equal(&c->client.addr, &cl->addr) &&
		    tfo_addr_equal(&c->server.addr, &sv->addr))
			return c;
	}
	if (r->nconvs == KCP_REPLAY_MAX_CONVS)
		return NULL;
	*pp = mem_zalloc(r->mem, 1, sizeof(**pp));
	if (!*pp)
		return NULL;
	(*pp)->conv = conv;
	(*pp)->client = *cl;
	(*pp)->server = *sv;
	(*pp)->first_us = t;
	r->nconvs++;
	return *pp;
}

/* One UDP payload on PORT, from the client (d 0) or the server (d 1). */
static int datagram(struct kcp_replay *r, const uint8_t *p, size_t n, size_t wire, int d,
                    const tfo_sockaddr *cl, const tfo_sockaddr *sv, uint64_t t)
{
	struct kcp_conv *c;
	uint32_t una = 0, max_ack = 0;
	int have_ack = 0;
	size_t off = 0;

	r->datagrams++;
	if (segs_ok(p, n)) {
		r->plain++;
	} else if (n > KCPGO_HEADER &&
	           le32(p + 16) == crc32_ieee(p + KCPGO_HEADER, n - KCPGO_HEADER) &&
	           segs_ok(p + KCPGO_HEADER, n - KCPGO_HEADER)) {
		r->kcpgo++;
		p += KCPGO_HEADER;
		n -= KCPGO_HEADER;
	} else {
		r->undecodable++;
		return 0;
	}
	c = conv_of(r, le32(p), cl, sv, t);
	if (!c && r->nconvs == KCP_REPLAY_MAX_CONVS) {
		r->untracked++;
		return 0;
	}
	if (!c)
		return TFO_ERR_NOMEM;
	c->last_us = t;
	c->dir[d].datagrams++;
	c->dir[d].wire_bytes += wire;
	while (off < n) {
		tfo_kcp_segment sg;

		off += (size_t)tfo_kcp_segment_decode(p + off, n - off, &sg);
		una = sg.una;
		if (sg.cmd == TFO_KCP_CMD_PUSH) {
			on_push(r, c, d, &sg, t);
		} else if (sg.cmd == TFO_KCP_CMD_ACK) {
			on_ack(r, c, d, &sg, t);
			if (!have_ack || (int32_t)(sg.sn - max_ack) > 0)
				max_ack = sg.sn;
			have_ack = 1;
		} else {
			c->dir[d].probes++;
		}
	}
	after_datagram(c, d, una, have_ack, max_ack);
	return 0;
}

/* ip_udp: the UDP payload of an IPv4/IPv6 packet, its ports and addresses; 0 when not UDP. */
static int ip_udp(const uint8_t *ip, size_t len, tfo_sockaddr *src, tfo_sockaddr *dst,
                  const uint8_t **pl, size_t *plen, size_t *wire)
{
	size_t hl, udp_len;
	const uint8_t *u;

	memset(src, 0, sizeof(*src));
	memset(dst, 0, sizeof(*dst));
	if (len >= 20 && ip[0] >> 4 == 4) {
		hl = (size_t)(ip[0] & 15) * 4;
		if (hl < 20 || ip[9] != 17 || (ip[6] & 0x1f) || ip[7] || len < hl + 8)
			return 0;
		src->addr.family = dst->addr.family = TFO_AF_INET;
		memcpy(src->addr.bytes, ip + 12, 4);
		memcpy(dst->addr.bytes, ip + 16, 4);
		*wire = (size_t)(ip[2] << 8 | ip[3]);
	} else if (len >= 40 && ip[0] >> 4 == 6) {
		hl = 40;
		if (ip[6] != 17 || len < hl + 8)
			return 0;
		src->addr.family = dst->addr.family = TFO_AF_INET6;
		memcpy(src->addr.bytes, ip + 8, 16);
		memcpy(dst->addr.bytes, ip + 24, 16);
		*wire = 40 + (size_t)(ip[4] << 8 | ip[5]);
	} else {
		return 0;
	}
	u = ip + hl;
	src->port = (uint16_t)(u[0] << 8 | u[1]);
	dst->port = (uint16_t)(u[2] << 8 | u[3]);
	udp_len = (size_t)(u[4] << 8 | u[5]);
	if (udp_len < 8 || hl + udp_len > len)
		return 0;
	*pl = u + 8;
	*plen = udp_len - 8;
	return 1;
}

/* The records of an opened capture. */
static int read_all(struct kcp_replay *r, pcap_t *pc, const char *name, uint16_t port, char *err)
{
	struct pcap_pkthdr *h;
	const u_char *frame;
	int rc = 0, got, dlt = pcap_datalink(pc);

	if (!replay_link_supported(dlt)) {
		snprintf(err, 256, "%.120s: link type %d is not one replay reads", name, dlt);
		return TFO_ERR_INVALID;
	}
	while (rc == 0 && (got = pcap_next_ex(pc, &h, &frame)) == 1) {
		tfo_sockaddr src, dst;
		const uint8_t *pl;
		size_t off, plen, wire;
		uint64_t t = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;

		r->packets++;
		if (replay_link_ip(dlt, frame, h->caplen, &off) != REPLAY_LINK_IP ||
		    !ip_udp(frame + off, h->caplen - off, &src, &dst, &pl, &plen, &wire) ||
		    (src.port != port && dst.port != port))
			continue;
		r->udp++;
		rc = dst.port == port ? datagram(r, pl, plen, wire, 0, &src, &dst, t)
		                      : datagram(r, pl, plen, wire, 1, &dst, &src, t);
	}
	if (rc == 0 && got == -1) {
		snprintf(err, 256, "%.120s: packet %llu: %.100s", name,
		         (unsigned long long)r->packets + 1, pcap_geterr(pc));
		rc = TFO_ERR_INVALID;
	}
	if (rc == TFO_ERR_NOMEM)
		snprintf(err, 256, "%.120s: %s", name, tfo_strerror(rc));
	return rc;
}

int kcp_replay_stream(struct kcp_replay *r, FILE *f, const char *name, uint16_t port,
                      const tfo_allocator *mem, char *err)
{
	char perr[PCAP_ERRBUF_SIZE];
	pcap_t *pc;
	int rc;

	memset(r, 0, sizeof(*r));
	r->port = port;
	r->mem = mem_get(mem);
	pc = pcap_fopen_offline(f, perr);
	if (!pc) {
		fclose(f);
		snprintf(err, 256, "%.120s: %.120s", name, perr);
		return TFO_ERR_INVALID;
	}
	rc = read_all(r, pc, name, port, err);
	pcap_close(pc); /* closes f */
	return rc;
}

int kcp_replay_file(struct kcp_replay *r, const char *path, uint16_t port, const tfo_allocator *mem,
                    char *err)
{
	FILE *f = fopen(path, "rb");

	if (!f) {
		memset(r, 0, sizeof(*r));
		snprintf(err, 256, "%.120s: %s", path, strerror(errno));
		return TFO_ERR_INVALID;
	}
	return kcp_replay_stream(r, f, path, port, mem, err);
}

void kcp_replay_free(struct kcp_replay *r)
{
	while (r->convs) {
		struct kcp_conv *c = r->convs;

		r->convs = c->next;
		for (int d = 0; d < 2; d++) {
			if (c->seen[d])
				mem_free(r->mem, c->seen[d]->e);
			mem_free(r->mem, c->seen[d]);
		}
		mem_free(r->mem, c);
	}
	r->nconvs = 0;
}
