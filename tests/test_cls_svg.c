/* The ladder as SVG and its time axis, from hand-made connections. */
#include <stdlib.h>
#include <string.h>

#include "cls_svg.h"
#include "testutil.h"

#define MS 1000000LL

static void seg(struct cls_conn *c, int from, int64_t t0, int64_t t1, int lost, const char *label)
{
	struct cls_seg *s = cls_seg_add(c);

	ck_assert_ptr_nonnull(s);
	s->from = (uint8_t)from;
	s->t_send = t0;
	s->t_end = t1;
	s->lost = (uint8_t)lost;
	s->end_pm = lost ? 700 : 1000;
	s->label = strdup(label);
	s->why = strdup("why <it> went");
	s->what = strdup("what & then");
}

static char *draw(const struct cls_conn *c, const struct cls_conn *off, int standalone)
{
	struct cls_ymap m;
	struct cls_svg_opts o = {
		.id = "t", .caption = "cap", .cmp = off, .standalone = standalone
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_int_eq(cls_ymap_build(&m, c, off), 0);
	ck_assert_int_eq(cls_svg_write(f, c, &m, &o), 0);
	fclose(f);
	cls_ymap_free(&m);
	return buf;
}

static void conn(struct cls_conn *c)
{
	cls_conn_init(c);
	c->rtt = 100 * MS;
	c->title = strdup("connection 1");
	seg(c, 0, 0, 50 * MS, 0, "SYN + cookie + data");
	seg(c, 1, 50 * MS, 100 * MS, 0, "SYN-ACK (acks the data)");
	seg(c, 1, 50 * MS, 100 * MS, 0, "response (1000 B)");
	seg(c, 0, 100 * MS, 135 * MS, 1, "ACK");
	c->mark[CLS_MARK_REQUEST] = 50 * MS;
}

START_TEST(one_group_per_segment)
{
	struct cls_conn c;
	char *svg;

	conn(&c);
	svg = draw(&c, NULL, 0);
	ck_assert_uint_eq(test_count(svg, "<g class=\"seg "), 4);
	ck_assert_uint_eq(test_count(svg, "<polygon"), 3); /* arrowheads of those that arrived */
	ck_assert_uint_eq(test_count(svg, "class=\"cross\""), 1);
	ck_assert_ptr_nonnull(strstr(svg, "id=\"t-s3\""));
	ck_assert_ptr_nonnull(strstr(svg, "<title>4. ACK (lost)</title>"));
	ck_assert_ptr_nonnull(strstr(svg, "<desc>why &lt;it&gt; went what &amp; then</desc>"));
	ck_assert_ptr_null(strstr(svg, "<style>"));
	ck_assert_ptr_null(strstr(svg, "xmlns"));
	free(svg);
	cls_conn_free(&c);
}
END_TEST

START_TEST(standalone_has_its_style)
{
	static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                           "<svg xmlns=\"http://www.w3.org/2000/svg\" ";
	struct cls_conn c;
	char *svg;

	conn(&c);
	svg = draw(&c, NULL, 1);
	ck_assert(strncmp(svg, head, strlen(head)) == 0);
	ck_assert_ptr_nonnull(strstr(svg, "<style>.ladder"));
	ck_assert_ptr_null(strstr(svg, "<script"));
	free(svg);
	cls_conn_free(&c);
}
END_TEST

/* The same moment is at the same height on both ladders, and time goes down. */
START_TEST(shared_axis)
{
	struct cls_conn on, off;
	struct cls_ymap m;
	char *svg;

	conn(&on);
	cls_conn_init(&off);
	off.rtt = 100 * MS;
	seg(&off, 0, 0, 50 * MS, 0, "SYN");
	seg(&off, 1, 50 * MS, 100 * MS, 0, "SYN-ACK");
	seg(&off, 0, 100 * MS, 150 * MS, 0, "data (100 B)");
	off.mark[CLS_MARK_REQUEST] = 150 * MS;
	ck_assert_int_eq(cls_ymap_build(&m, &on, &off), 0);
	for (size_t i = 1; i < m.n; i++) {
		ck_assert(m.pts[i].y > m.pts[i - 1].y);
		ck_assert(m.pts[i].t > m.pts[i - 1].t ||
		          (m.pts[i].t == m.pts[i - 1].t && m.pts[i].k > m.pts[i - 1].k));
	}
	/* 50 ms is half the 100 ms round trip's 190 px: to scale, no break. */
	ck_assert_uint_eq(m.nbreaks, 0);
	ck_assert(m.pts[1].t == 50 * MS && m.pts[1].y - m.pts[0].y > 94.9 &&
	          m.pts[1].y - m.pts[0].y < 95.1);
	cls_ymap_free(&m);
	svg = draw(&on, &off, 0);
	ck_assert_ptr_nonnull(strstr(svg, "<g class=\"saved\" data-t=\"150000000\">"));
	ck_assert_ptr_nonnull(strstr(svg, ">saved 100 ms</text>"));
	ck_assert_ptr_nonnull(strstr(svg, ">(1.00 RTT)</text>"));
	free(svg);
	cls_conn_free(&on);
	cls_conn_free(&off);
}
END_TEST

START_TEST(long_gaps_break)
{
	struct cls_conn c;
	struct cls_ymap m;

	cls_conn_init(&c);
	c.rtt = 100 * MS;
	seg(&c, 0, 0, 35 * MS, 1, "SYN + cookie + data");
	seg(&c, 0, 1000 * MS, 1050 * MS, 0, "SYN, again");
	ck_assert_int_eq(cls_ymap_build(&m, &c, NULL), 0);
	ck_assert_uint_eq(m.nbreaks, 1);
	ck_assert_int_eq(m.breaks[0].dt, 965 * MS);
	cls_ymap_free(&m);
	cls_conn_free(&c);
}
END_TEST

START_TEST(xml_escaping)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cls_xml(f, "a<b>&\"c'");
	fclose(f);
	ck_assert_str_eq(buf, "a&lt;b&gt;&amp;&quot;c&#39;");
	free(buf);
}
END_TEST

Suite *cls_svg_suite(void)
{
	Suite *s = suite_create("cls_svg");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, one_group_per_segment);
	tcase_add_test(tc, standalone_has_its_style);
	tcase_add_test(tc, shared_axis);
	tcase_add_test(tc, long_gaps_break);
	tcase_add_test(tc, xml_escaping);
	suite_add_tcase(s, tc);
	return s;
}
