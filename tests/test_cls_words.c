/* Segment labels in the seed notes' words, and the flow view behind them. */
#include <stdlib.h>
#include <string.h>

#include "cls_model.h"
#include "cls_words.h"
#include "testutil.h"

static void expect_label(const struct cls_pkt *p, const char *want)
{
	char *got = NULL;

	ck_assert_int_eq(cls_label(&got, p), 0);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(seed_words)
{
	struct cls_pkt p = { .flags = TFO_TH_SYN, .opt = CLS_OPT_REQUEST };

	expect_label(&p, "SYN + cookie request");
	p.opt = CLS_OPT_COOKIE;
	p.len = 120;
	expect_label(&p, "SYN + cookie + data");
	p = (struct cls_pkt){ .from = CLS_SERVER,
		              .flags = TFO_TH_SYN | TFO_TH_ACK,
		              .opt = CLS_OPT_COOKIE };
	expect_label(&p, "SYN-ACK + cookie");
	p = (struct cls_pkt){ .flags = TFO_TH_ACK, .acks_data = 1 };
	expect_label(&p, "ACK of data");
}
END_TEST

START_TEST(other_words)
{
	struct cls_pkt p = { .flags = TFO_TH_SYN };

	expect_label(&p, "SYN");
	p.rtx = 1;
	expect_label(&p, "SYN, again");
	p = (struct cls_pkt){ .from = CLS_SERVER,
		              .flags = TFO_TH_SYN | TFO_TH_ACK,
		              .acks_data = 1 };
	expect_label(&p, "SYN-ACK (acks the data)");
	p = (struct cls_pkt){ .from = CLS_SERVER, .flags = TFO_TH_ACK | TFO_TH_PSH, .len = 1000 };
	expect_label(&p, "response (1000 B)");
	p.from = CLS_CLIENT;
	p.dup = 1;
	expect_label(&p, "data (1000 B), duplicate");
	p = (struct cls_pkt){ .flags = TFO_TH_ACK | TFO_TH_FIN };
	expect_label(&p, "FIN");
	p = (struct cls_pkt){ .flags = TFO_TH_ACK, .acks_fin = 1, .acks_data = 1 };
	expect_label(&p, "ACK of FIN");
	p = (struct cls_pkt){ .flags = TFO_TH_ACK };
	expect_label(&p, "ACK");
	p = (struct cls_pkt){ .flags = TFO_TH_RST | TFO_TH_ACK };
	expect_label(&p, "RST");
}
END_TEST

/* The return visit's opening, as the flows see it. */
START_TEST(view_follows_the_flows)
{
	struct cls_flow f[2];
	struct cls_pkt v;
	const struct cls_wire syn = {
		.from = 0, .flags = TFO_TH_SYN, .opt = CLS_OPT_COOKIE, .seq = 1000, .len = 100
	};
	const struct cls_wire synack = {
		.from = 1, .flags = TFO_TH_SYN | TFO_TH_ACK, .seq = 5000, .ack = 1101
	};
	const struct cls_wire again = {
		.from = 0, .flags = TFO_TH_ACK | TFO_TH_PSH, .seq = 1001, .ack = 5001, .len = 100
	};
	const struct cls_wire hs_ack = { .from = 0, .flags = TFO_TH_ACK, .seq = 1101, .ack = 5001 };

	memset(f, 0, sizeof(f));
	cls_view(f, &syn, &v);
	ck_assert_int_eq(v.rtx, 0);
	cls_view(f, &synack, &v);
	ck_assert_int_eq(v.acks_data, 1);
	cls_view(f, &again, &v);
	ck_assert_int_eq(v.rtx, 1);
	cls_view(f, &hs_ack, &v);
	ck_assert_int_eq(v.acks_data, 0);
	ck_assert_int_eq(v.rtx, 0);
}
END_TEST

Suite *cls_words_suite(void)
{
	Suite *s = suite_create("cls_words");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, seed_words);
	tcase_add_test(tc, other_words);
	tcase_add_test(tc, view_follows_the_flows);
	suite_add_tcase(s, tc);
	return s;
}
