/*
 * libFuzzer harness for the tcpdump text reader: the bytes are read as
 * text whatever they look like (no format detection in the way), through
 * the line parser, the option rebuilder, the relative sequence table, the
 * tracker, the analysis and the JSON writers.
 */
#include "fuzz_replay_common.h"
#include "replay_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_packet(void *user, struct replay_packet *p)
{
	(void)user;
	fuzz_check(p->seg.src.addr.family == p->seg.dst.addr.family);
	return 0;
}

static int on_anomaly(void *user, const struct replay_anomaly *a)
{
	(void)user;
	fuzz_check(a->kind >= 0 && a->kind < RA_COUNT);
	return 0;
}

static void on_warn(void *user, const char *msg)
{
	(void)user;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct replay_emit e = { NULL, on_packet, on_anomaly, on_warn, NULL };
	size_t head = size < 4096 ? size : 4096;
	struct replay *r;
	char err[512];
	FILE *f;
	int rc;

	if (size == 0)
		return 0;
	/* The reader alone, on any bytes at all. */
	f = fmemopen((void *)data, size, "rb");
	fuzz_check(f != NULL);
	rc = replay_text_read(f, "fuzz", 0, &e, NULL, err, sizeof(err));
	fuzz_check(rc == 0 || rc == REPLAY_ERR_INPUT);
	fclose(f);
	/* And the whole pipeline, when the bytes pass for text. */
	f = fmemopen((void *)data, size, "rb");
	fuzz_check(f != NULL);
	fseek(f, (long)head, SEEK_SET);
	r = fuzz_replay();
	fuzz_finish(r, replay_stream(r, f, data, head, "fuzz", err, sizeof(err)));
	return 0;
}
