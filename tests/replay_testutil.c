#include <stdio.h>
#include <string.h>

#include "replay_infer.h"
#include "replay_report.h"
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

static int run(struct rt_out *o, const struct replay_config *base, const uint8_t *const *bufs,
               const size_t *lens, size_t n)
{
	struct replay_config cfg = *base;

	memset(o, 0, sizeof(*o));
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

int rt_run(struct rt_out *o, const char *key, const uint8_t *const *bufs, const size_t *lens,
           size_t n)
{
	struct replay_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.key = key;
	return run(o, &cfg, bufs, lens, n);
}

int rt_run_config(struct rt_out *o, const struct replay_config *cfg, const void *buf, size_t len)
{
	const uint8_t *b = buf;

	return run(o, cfg, &b, &len, 1);
}

int rt_text_by_finish(struct rt_out *o, const char *text)
{
	struct replay_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.by_finish = 1;
	return rt_run_config(o, &cfg, text, strlen(text));
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

static int infer_packet(void *user, struct replay_conn *c, const struct replay_packet *p,
                        int from_client)
{
	return replay_infer_packet(user, c, p, from_client);
}

static void infer_release(void *user, struct replay_conn *c)
{
	replay_infer_release(user, c);
}

static int conform_packet(void *user, struct replay_conn *c, const struct replay_packet *p,
                          int from_client)
{
	struct rt_conform *o = user;

	return replay_conform_packet(o->cf, c, p, from_client);
}

static void conform_release(void *user, struct replay_conn *c)
{
	struct rt_conform *o = user;

	replay_conform_release(o->cf, c);
}

static int conform_result(void *user, const struct replay_result *r, struct replay_conn *c)
{
	struct rt_conform *o = user;

	(void)r;
	if (o->n < RT_MAX_RESULTS)
		replay_conform_verdict(o->cf, c, &o->v[o->n++]);
	return 0;
}

/* One pass over buf with cfg; *out is the replay, freed by the caller. */
/* One pass over buf; inf, when not NULL, checks cookies with the pass's keys. */
static int pass(struct replay **out, const struct replay_config *cfg, struct replay_infer *inf,
                const void *buf, size_t len, char *err, size_t errsize)
{
	size_t head = len < 4096 ? len : 4096;
	FILE *f;
	int rc = replay_new(out, cfg, err, errsize);

	if (rc != 0)
		return rc;
	if (inf)
		replay_infer_set_keys(inf, *out);
	f = fmemopen((void *)buf, len, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, (long)head, SEEK_SET);
	rc = replay_stream(*out, f, buf, head, "in1", err, errsize);
	return rc == 0 ? replay_end(*out) : rc;
}

static int first_pass(struct rt_conform *o, const struct rt_conform_args *a, const void *buf,
                      size_t len)
{
	struct replay_config cfg;
	struct replay_infer inf;
	struct replay *r = NULL;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.mem = a->mem;
	cfg.key = a->key;
	cfg.rekeys = a->rekeys;
	cfg.nrekeys = a->nrekeys;
	cfg.packet = infer_packet;
	cfg.release = infer_release;
	replay_infer_init(&inf, a->mem);
	cfg.user = &inf;
	rc = pass(&r, &cfg, &inf, buf, len, o->err, sizeof(o->err));
	if (rc == 0)
		rc = replay_infer_server(&inf, &o->server);
	replay_del(r);
	replay_infer_free(&inf);
	return rc;
}

int rt_conform(struct rt_conform *o, const struct rt_conform_args *a, const void *buf, size_t len)
{
	struct replay_conform_config ccfg;
	struct replay_config cfg;

	memset(o, 0, sizeof(*o));
	o->mem = a->mem;
	o->rc = first_pass(o, a, buf, len);
	if (o->rc != 0)
		return o->rc;
	if (a->fastopen >= 0)
		o->server.fastopen = (uint32_t)a->fastopen;
	for (size_t i = 0; a->qlen >= 0 && i < o->server.nlisteners; i++)
		o->server.listeners[i].qlen = a->qlen;
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.mem = a->mem;
	ccfg.server = &o->server;
	ccfg.key = a->key;
	ccfg.rekeys = a->rekeys;
	ccfg.nrekeys = a->nrekeys;
	o->rc = replay_conform_new(&o->cf, &ccfg, o->err, sizeof(o->err));
	if (o->rc != 0)
		return o->rc;
	memset(&cfg, 0, sizeof(cfg));
	cfg.mem = a->mem;
	cfg.key = a->key;
	cfg.rekeys = a->rekeys;
	cfg.nrekeys = a->nrekeys;
	cfg.user = o;
	cfg.result = conform_result;
	cfg.packet = conform_packet;
	cfg.release = conform_release;
	o->rc = pass(&o->r, &cfg, NULL, buf, len, o->err, sizeof(o->err));
	return o->rc;
}

int rt_conform_text(struct rt_conform *o, const char *key, const char *text)
{
	struct rt_conform_args a = { key, NULL, 0, -1, -1, NULL };

	return rt_conform(o, &a, text, strlen(text));
}

void rt_conform_free(struct rt_conform *o)
{
	replay_del(o->r);
	replay_conform_del(o->cf);
	replay_server_free(&o->server, o->mem);
	o->r = NULL;
	o->cf = NULL;
}

const char *rt_verdict_line(const struct rt_conform *o, size_t i, char *buf, size_t size)
{
	FILE *f = fmemopen(buf, size, "w");
	size_t n;

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_lt(i, o->n);
	replay_report_verdict(f, &o->v[i]);
	fclose(f);
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

size_t rt_slurp(const char *name, uint8_t *buf, size_t size)
{
	char path[1024];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/traces/%s", TFO_SOURCE_ROOT, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(buf, 1, size, f);
	ck_assert_msg(feof(f), "%s is larger than %zu bytes", path, size);
	fclose(f);
	return n;
}
