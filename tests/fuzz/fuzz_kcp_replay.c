/*
 * libFuzzer harness for tfosim replay --kcp: the bytes are a capture file
 * (libpcap's parsing, the link layers, IP/UDP, kcp-go's header and CRC,
 * the segment chains, the per-sn history) read for port 4000, then both
 * reports written. Promises: a clean error or a result whose counts add
 * up; never a crash.
 */
#include <stdio.h>
#include <stdlib.h>

#include "replay_kcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kcp_replay r;
	char err[256];
	FILE *f, *out;
	int rc;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "rb");
	check(f != NULL);
	rc = kcp_replay_stream(&r, f, "fuzz", 4000, NULL, err);
	check(rc == 0 || rc == TFO_ERR_INVALID);
	check(r.plain + r.kcpgo + r.undecodable == r.datagrams);
	for (const struct kcp_conv *c = r.convs; c; c = c->next)
		for (int d = 0; d < 2; d++)
			check(c->dir[d].push_rtx == c->dir[d].rtx_fast + c->dir[d].rtx_timeout);
	out = fopen("/dev/null", "w");
	check(out != NULL);
	if (rc == 0) {
		kcp_replay_text(out, "fuzz", &r);
		check(kcp_replay_json(out, "fuzz", &r) == 0);
	}
	fclose(out);
	kcp_replay_free(&r);
	return 0;
}
