/*
 * libFuzzer harness for the KCP segment decoder and the control block
 * behind it. The input is a script of records (op byte, 16-bit length,
 * bytes): hostile datagrams to tfo_kcp_input, clock steps, sends and
 * receives, on an endpoint in one of the presets. Every datagram the
 * endpoint emits must decode whole, with our conv, a known cmd and at most
 * the MTU; every received message must fit what was asked. Any broken
 * promise aborts, which libFuzzer reports as a crash.
 */
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

struct out_check {
	uint32_t conv, mtu;
};

static int on_output(const uint8_t *dgram, size_t len, void *user)
{
	const struct out_check *oc = user;
	size_t off = 0;

	check(len > 0 && len <= oc->mtu);
	while (off < len) {
		tfo_kcp_segment s;
		int n = tfo_kcp_segment_decode(dgram + off, len - off, &s);

		check(n >= (int)TFO_KCP_OVERHEAD);
		check(s.conv == oc->conv);
		off += (size_t)n;
	}
	check(off == len);
	return 0;
}

static void run(tfo_kcp *k, const uint8_t *data, size_t size)
{
	static uint8_t buf[65536];
	uint32_t now = 0;

	while (size >= 3) {
		uint8_t op = data[0];
		size_t len = (size_t)(data[1] | data[2] << 8);
		int rc;

		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		switch (op % 4) {
		case 0:
			rc = tfo_kcp_input(k, now, data, len);
			check(rc == 0 || rc == TFO_ERR_TRUNCATED || rc == TFO_ERR_KCP_CONV ||
			      rc == TFO_ERR_KCP_CMD || rc == TFO_ERR_NOMEM);
			break;
		case 1:
			now += (uint32_t)len * 7;
			check(tfo_kcp_update(k, now) == 0);
			check(tfo_kcp_check(k, now) - now <= 5000);
			break;
		case 2:
			rc = tfo_kcp_send(k, data, len);
			check(rc == (int)len || rc == TFO_ERR_INVALID);
			break;
		default:
			rc = tfo_kcp_recv(k, buf, len);
			check(rc == TFO_ERR_AGAIN || rc == TFO_ERR_NOBUF ||
			      (rc >= 0 && (size_t)rc <= len));
			break;
		}
		data += len;
		size -= len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct out_check oc;
	tfo_kcp_config cfg;
	tfo_kcp *k;

	if (size < 2)
		return 0;
	/* conv 1 so that hand-made seeds can reach the segment handlers */
	tfo_kcp_config_preset(&cfg, 1, data[0] % 3, data[0] & 4);
	cfg.stream = (data[0] >> 3) & 1;
	cfg.mtu = 50 + data[1] * 8u;
	oc.conv = cfg.conv;
	oc.mtu = cfg.mtu;
	check(tfo_kcp_new(&cfg, NULL, on_output, &oc, &k) == 0);
	run(k, data + 2, size - 2);
	tfo_kcp_free(k);
	return 0;
}
