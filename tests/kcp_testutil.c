#include <string.h>

#include "kcp_testutil.h"
#include "testutil.h"

int kcap_output(const uint8_t *dgram, size_t len, void *user)
{
	struct kcap *c = user;

	ck_assert_uint_lt(c->n, KCAP_MAX);
	ck_assert_uint_le(len, sizeof(c->dgram[0]));
	memcpy(c->dgram[c->n], dgram, len);
	c->len[c->n] = len;
	c->at[c->n] = c->now;
	c->n++;
	return c->fail;
}

size_t kcap_segs(const struct kcap *c, size_t i, tfo_kcp_segment *out, size_t cap)
{
	size_t off = 0, n = 0;

	ck_assert_uint_lt(i, c->n);
	while (off < c->len[i]) {
		int rc = tfo_kcp_segment_decode(c->dgram[i] + off, c->len[i] - off, &out[n]);

		ck_assert_int_gt(rc, 0);
		ck_assert_uint_lt(n, cap);
		off += (size_t)rc;
		n++;
	}
	return n;
}

size_t kcap_count_cmd(const struct kcap *c, size_t from, uint8_t cmd)
{
	tfo_kcp_segment s[64];
	size_t count = 0;

	for (size_t i = from; i < c->n; i++) {
		size_t k = kcap_segs(c, i, s, 64);

		for (size_t j = 0; j < k; j++)
			count += s[j].cmd == cmd;
	}
	return count;
}

tfo_kcp *kcp_make(const tfo_kcp_config *cfg, struct test_alloc *ta, struct kcap *c)
{
	tfo_kcp *kcp = NULL;

	ck_assert_int_eq(tfo_kcp_new(cfg, ta ? &ta->a : NULL, kcap_output, c, &kcp), 0);
	return kcp;
}

void kcp_tick(tfo_kcp *kcp, struct kcap *c, uint32_t from, uint32_t to)
{
	for (uint32_t t = from;; t++) {
		c->now = t;
		ck_assert_int_eq(tfo_kcp_update(kcp, t), 0);
		if (t == to)
			break;
	}
}

size_t kcp_seg_bytes(uint8_t *out, uint32_t conv, uint8_t cmd, uint8_t frg, uint16_t wnd,
                     uint32_t ts, uint32_t sn, uint32_t una, const char *data)
{
	tfo_kcp_segment s = { conv, cmd, frg, wnd, ts, sn, una, 0, NULL };
	int rc;

	if (data) {
		s.len = (uint32_t)strlen(data);
		s.data = (const uint8_t *)data;
	}
	rc = tfo_kcp_segment_encode(&s, out, 1500);
	ck_assert_int_gt(rc, 0);
	return (size_t)rc;
}
