/*
 * libFuzzer harness for replay --html and --svg: the bytes are a capture
 * (pcap, pcapng or tcpdump text, as replay detects it) whose connections
 * become the classroom model, the page and a connection's SVG. Whatever
 * the input, the page is whole: every connection kept has its section and
 * one arrow per packet kept, and the SVG of a connection drawn exists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cls_html.h"
#include "cls_replay.h"

#define FIRST 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check(int cond)
{
	if (!cond)
		abort();
}

static int on_result(void *user, const struct replay_result *r, struct replay_conn *c)
{
	fuzz_check(cls_replay_result(user, r, c) == 0);
	return 0;
}

static int on_packet(void *user, struct replay_conn *c, const struct replay_packet *p,
                     int from_client)
{
	fuzz_check(cls_replay_packet(user, c, p, from_client) == 0);
	return 0;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)) != NULL; p++)
		n++;
	return n;
}

static void check_outputs(const struct cls_doc *d)
{
	char *buf = NULL;
	size_t len = 0, segs = 0;
	FILE *out = open_memstream(&buf, &len);

	fuzz_check(out != NULL);
	fuzz_check(cls_html_write(out, d) == 0);
	fuzz_check(fclose(out) == 0);
	for (size_t k = 0; k < d->npairs; k++)
		segs += d->pairs[k].on.nsegs;
	fuzz_check(count(buf, "<section class=\"conn\"") == d->npairs);
	fuzz_check(count(buf, "<g class=\"seg ") == segs);
	fuzz_check(len > 8 && strcmp(buf + len - 8, "</html>\n") == 0);
	free(buf);
	if (!d->npairs)
		return;
	out = open_memstream(&buf, &len);
	fuzz_check(out != NULL);
	fuzz_check(cls_svg_file(out, d, d->pairs[0].on.index) == 0);
	fuzz_check(fclose(out) == 0);
	fuzz_check(count(buf, "<g class=\"seg ") == d->pairs[0].on.nsegs);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t head = size < 4096 ? size : 4096;
	struct replay_config cfg;
	struct cls_replay *cr;
	struct replay *r = NULL;
	struct cls_doc d;
	char err[512];
	FILE *f;
	int rc;

	if (size == 0)
		return 0;
	fuzz_check(cls_replay_new(&cr, FIRST, FIRST + 2) == 0);
	memset(&cfg, 0, sizeof(cfg));
	cfg.key = "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4";
	cfg.user = cr;
	cfg.result = on_result;
	cfg.packet = on_packet;
	fuzz_check(replay_new(&r, &cfg, err, sizeof(err)) == 0);
	f = fmemopen((void *)data, size, "rb");
	fuzz_check(f != NULL);
	fseek(f, (long)head, SEEK_SET);
	rc = replay_stream(r, f, data, head, "fuzz", err, sizeof(err));
	fuzz_check(rc == 0 || rc == REPLAY_ERR_INPUT);
	if (rc == 0)
		fuzz_check(replay_end(r) == 0);
	replay_del(r);
	fuzz_check(cls_replay_doc(cr, &d, "fuzz") == 0);
	fuzz_check(d.npairs <= FIRST + 1);
	check_outputs(&d);
	cls_doc_free(&d);
	cls_replay_free(cr);
	return 0;
}
