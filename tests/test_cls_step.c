/* The terminal stepper: the exact text, and waiting for Enter. */
#include <stdlib.h>
#include <string.h>

#include "cls_step.h"
#include "testutil.h"

#define MS 1000000LL

static void doc(struct cls_doc *d)
{
	struct cls_seg *s;

	ck_assert_int_eq(cls_doc_init(d, 1), 0);
	d->pairs[0].on.title = strdup("connection 1: a -> b");
	for (int i = 0; i < 2; i++) {
		s = cls_seg_add(&d->pairs[0].on);
		ck_assert_ptr_nonnull(s);
		s->from = (uint8_t)i;
		s->t_send = i * 50 * MS;
		s->t_end = (i + 1) * 50 * MS;
		s->lost = (uint8_t)i;
		s->label = strdup(i ? "SYN-ACK" : "SYN + cookie + data");
		s->brief = strdup(i ? "S. seq 0 ack 101" : "S seq 0 len 100");
		s->why = strdup(
		        i ? "The server received the SYN."
		          : "The client application sends its 100-byte request with "
		            "sendto(MSG_FASTOPEN); the client holds a cookie for this server.");
		s->what = strdup(i ? "It is lost." : "The server checks the cookie.");
	}
}

static char *run(const struct cls_doc *d, const char *input, int interactive)
{
	char *buf = NULL, in_text[64];
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	FILE *in;

	snprintf(in_text, sizeof(in_text), "%s", input);
	in = fmemopen(in_text, strlen(in_text) + 1, "r");
	ck_assert_int_eq(cls_step(out, in, interactive, d), 0);
	fclose(out);
	fclose(in);
	return buf;
}

static const char *const steps =
        "connection 1: a -> b\n"
        "\n"
        "[1/2] 0 ms  client --> server  SYN + cookie + data\n"
        "        S seq 0 len 100; arrives at 50 ms\n"
        "  why:  The client application sends its 100-byte request with\n"
        "        sendto(MSG_FASTOPEN); the client holds a cookie for this server.\n"
        "  then: The server checks the cookie.\n"
        "%s"
        "\n"
        "[2/2] 50 ms  client <-- server  SYN-ACK\n"
        "        S. seq 0 ack 101; lost\n"
        "  why:  The server received the SYN.\n"
        "  then: It is lost.\n"
        "%s";

#define PROMPT "-- Enter: next segment, q: run through the rest --"

START_TEST(runs_through)
{
	struct cls_doc d;
	char want[2048], *got;

	doc(&d);
	snprintf(want, sizeof(want), steps, "", "");
	got = run(&d, "", 0);
	ck_assert_str_eq(got, want);
	free(got);
	cls_doc_free(&d);
}
END_TEST

START_TEST(waits_for_enter)
{
	struct cls_doc d;
	char want[2048], *got;

	doc(&d);
	snprintf(want, sizeof(want), steps, PROMPT, PROMPT);
	got = run(&d, "\n\n", 1);
	ck_assert_str_eq(got, want);
	free(got);
	/* q: no more waiting. */
	snprintf(want, sizeof(want), steps, PROMPT, "");
	got = run(&d, "q\n", 1);
	ck_assert_str_eq(got, want);
	free(got);
	cls_doc_free(&d);
}
END_TEST

Suite *cls_step_suite(void)
{
	Suite *s = suite_create("cls_step");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, runs_through);
	tcase_add_test(tc, waits_for_enter);
	suite_add_tcase(s, tc);
	return s;
}
