#include <stdio.h>
#include <string.h>

#include "replay_testutil.h"
#include "tfo_bytes.h"

static const uint8_t payload[2048] = { 0 };

static int collect(void *user, const struct replay_result *r, struct replay_conn *c)
{
	struct rt_out *o = user;

	(void)c;
	if (o->n < RT_MAX_RESULTS)
		o->res[o->n++] = *r;
	return 0;
}

static void warn(void *user, const char *msg)
{
	struct rt_out *o = user;
	size_t n = strlen(o->warn);

	snprintf(o->warn + n, sizeof(o->warn) - n, "%s\n", msg);
}

static const char *const names[] = { "in1", "in2", "in3", "in4" };

int rt_run(struct rt_out *o, const char *key, const uint8_t *const *bufs, const size_t *lens,
           size_t n)
{
	struct replay_config cfg;

	memset(o, 0, sizeof(*o));
	memset(&cfg, 0, sizeof(cfg));
	cfg.key = key;
	cfg.user = o;
	cfg.result = collect;
	cfg.warn = warn;
	o->rc = replay_new(&o->r, &cfg, o->err, sizeof(o->err));
	for (size_t i = 0; o->rc == 0 && i < n && i < 4; i++) {
		FILE *f = fmemopen((void *)bufs[i], lens[i], "rb");
		size_t head = lens[i] < 4096 ? lens[i] : 4096;

		ck_assert_ptr_nonnull(f);
		fseek(f, (long)head, SEEK_SET);
		o->rc = replay_stream(o->r, f, bufs[i], head, names[i], o->err, sizeof(o->err));
	}
	if (o->rc == 0)
		o->rc = replay_end(o->r);
	return o->rc;
}

int rt_run1(struct rt_out *o, const char *key, const void *buf, size_t len)
{
	const uint8_t *b = buf;

	/* fmemopen refuses an empty buffer. */
	return rt_run(o, key, &b, &len, 1);
}

int rt_text(struct rt_out *o, const char *text)
{
	return rt_run1(o, NULL, text, strlen(text));
}

void rt_free(struct rt_out *o)
{
	replay_del(o->r);
	o->r = NULL;
}

uint64_t rt_count(const struct rt_out *o, int kind)
{
	return replay_get_anomalies(o->r)->count[kind];
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

void rt_pcap_begin(struct rt_pcap *p, uint32_t linktype, uint32_t snaplen, int nanos)
{
	memset(p->buf, 0, 24);
	put_le32(p->buf, nanos ? 0xa1b23c4du : 0xa1b2c3d4u);
	p->buf[4] = 2; /* version 2.4 */
	p->buf[6] = 4;
	put_le32(p->buf + 16, snaplen);
	put_le32(p->buf + 20, linktype);
	p->len = 24;
}

void rt_pcap_add(struct rt_pcap *p, uint32_t sec, uint32_t frac, const uint8_t *frame,
                 size_t caplen, size_t len)
{
	ck_assert_uint_le(p->len + 16 + caplen, sizeof(p->buf));
	put_le32(p->buf + p->len, sec);
	put_le32(p->buf + p->len + 4, frac);
	put_le32(p->buf + p->len + 8, (uint32_t)caplen);
	put_le32(p->buf + p->len + 12, (uint32_t)len);
	memcpy(p->buf + p->len + 16, frame, caplen);
	p->len += 16 + caplen;
}

void rt_seg(tfo_segment *s, const char *src, const char *dst, uint8_t flags, uint32_t seq,
            uint32_t ack, uint32_t len)
{
	tfo_sockaddr a, b;

	ck_assert_int_eq(tfo_sockaddr_parse(&a, src), 0);
	ck_assert_int_eq(tfo_sockaddr_parse(&b, dst), 0);
	tfo_segment_init(s, &a, &b);
	s->flags = flags;
	s->seq = seq;
	s->ack = ack;
	s->window = 1000;
	s->len = len;
	s->payload = len ? payload : NULL;
	ck_assert_uint_le(len, sizeof(payload));
}

size_t rt_ip(uint8_t *out, size_t size, const tfo_segment *s)
{
	size_t n = 0;

	ck_assert_int_eq(tfo_segment_encode(s, out, size, &n), 0);
	return n;
}

size_t rt_eth(uint8_t *out, size_t size, const tfo_segment *s, int vlans)
{
	size_t hdr = 14 + 4 * (size_t)vlans;

	memset(out, 0, hdr);
	for (int i = 0; i < vlans; i++)
		put_be16(out + 12 + 4 * i, i ? 0x8100 : 0x88a8);
	put_be16(out + hdr - 2, s->src.addr.family == TFO_AF_INET ? 0x0800 : 0x86dd);
	return hdr + rt_ip(out + hdr, size - hdr, s);
}
