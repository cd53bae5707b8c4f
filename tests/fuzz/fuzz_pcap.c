/*
 * libFuzzer harness for the capture file path: the bytes are a file given
 * to replay (format detection, libpcap's pcap/pcapng parsing, the link
 * layers, the codec, the tracker, the analysis and the JSON writers).
 */
#include "fuzz_replay_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t head = size < 4096 ? size : 4096;
	struct replay *r;
	char err[512];
	FILE *f;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "rb");
	fuzz_check(f != NULL);
	fseek(f, (long)head, SEEK_SET);
	r = fuzz_replay();
	fuzz_finish(r, replay_stream(r, f, data, head, "fuzz", err, sizeof(err)));
	return 0;
}
