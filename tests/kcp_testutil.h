/* KCP test helpers: a recording output callback and a segment reader. */
#ifndef KCP_TESTUTIL_H
#define KCP_TESTUTIL_H

#include <stdint.h>
#include <tfo/tfo.h>

#include "testutil.h"

#define KCAP_MAX 256

/* Every datagram the output callback got, with the time set by the test. */
struct kcap {
	uint32_t now;
	size_t n;
	uint32_t at[KCAP_MAX];
	size_t len[KCAP_MAX];
	uint8_t dgram[KCAP_MAX][1500];
	int fail; /* when set, the callback returns this */
};

/* kcap_output: a tfo_kcp_output_fn recording into the struct kcap in user. */
int kcap_output(const uint8_t *dgram, size_t len, void *user);

/* kcap_segs: decodes datagram i; fails the test on a bad one. Returns the count. */
size_t kcap_segs(const struct kcap *c, size_t i, tfo_kcp_segment *out, size_t cap);

/* kcap_count_cmd: PUSH (or other cmd) segments in every datagram from index from. */
size_t kcap_count_cmd(const struct kcap *c, size_t from, uint8_t cmd);

/*
 * kcp_make: a control block for cfg over ta's allocator (or the default
 * when ta is NULL) recording into c. Fails the test when creation fails.
 */
tfo_kcp *kcp_make(const tfo_kcp_config *cfg, struct test_alloc *ta, struct kcap *c);

/* kcp_tick: updates kcp at every millisecond from from to to inclusive. */
void kcp_tick(tfo_kcp *kcp, struct kcap *c, uint32_t from, uint32_t to);

/* kcp_seg_bytes: one segment's encoding into out; returns its length. */
size_t kcp_seg_bytes(uint8_t *out, uint32_t conv, uint8_t cmd, uint8_t frg, uint16_t wnd,
                     uint32_t ts, uint32_t sn, uint32_t una, const char *data);

#endif /* KCP_TESTUTIL_H */
