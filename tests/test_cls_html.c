/* The classroom page and the --svg file, from a hand-made document. */
#include <stdlib.h>
#include <string.h>

#include "cls_html.h"
#include "testutil.h"

#define MS 1000000LL

static void doc(struct cls_doc *d)
{
	struct cls_seg *s;

	ck_assert_int_eq(cls_doc_init(d, 1), 0);
	d->title = strdup("scenario x, seed 1");
	d->subtitle = strdup("a title with </script><!-- in it");
	d->caption = "as run";
	d->pairs[0].on.index = 7;
	d->pairs[0].on.title = strdup("connection 7");
	s = cls_seg_add(&d->pairs[0].on);
	ck_assert_ptr_nonnull(s);
	s->t_end = 50 * MS;
	s->end_pm = 1000;
	s->label = strdup("SYN + cookie request");
	s->brief = strdup("S seq 0 cookie req");
	s->why = strdup("because </script>");
	s->what = strdup("the server answers");
}

static char *page(const struct cls_doc *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_int_eq(cls_html_write(f, d), 0);
	fclose(f);
	return buf;
}

START_TEST(self_contained)
{
	struct cls_doc d;
	char *html;

	doc(&d);
	html = page(&d);
	ck_assert(strncmp(html, "<!DOCTYPE html>\n", 16) == 0);
	ck_assert_ptr_null(strstr(html, "http:"));
	ck_assert_ptr_null(strstr(html, "https:"));
	ck_assert_ptr_null(strstr(html, "<link"));
	ck_assert_ptr_null(strstr(html, "src="));
	ck_assert_ptr_null(strstr(html, "url("));
	ck_assert_ptr_null(strstr(html, "@import"));
	/* The two scripts, data and code, each closed once. */
	ck_assert_uint_eq(test_count(html, "<script"), 2);
	ck_assert_uint_eq(test_count(html, "</script>"), 2);
	ck_assert_ptr_nonnull(strstr(html, "\"why\":\"because \\u003c\\/script>\""));
	ck_assert_ptr_nonnull(strstr(html, "a title with &lt;/script&gt;&lt;!-- in it"));
	ck_assert_ptr_nonnull(strstr(html, "<section class=\"conn\" id=\"conn0\" data-k=\"0\">"));
	ck_assert_uint_eq(test_count(html, "<li class=\"step "), 1);
	ck_assert_ptr_nonnull(strstr(html, "@media print"));
	free(html);
	cls_doc_free(&d);
}
END_TEST

START_TEST(svg_file_picks_the_connection)
{
	struct cls_doc d;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	doc(&d);
	f = open_memstream(&buf, &len);
	ck_assert_int_eq(cls_svg_file(f, &d, 6), TFO_ERR_INVALID);
	ck_assert_int_eq(cls_svg_file(f, &d, 7), 0);
	fclose(f);
	ck_assert(strncmp(buf, "<?xml", 5) == 0);
	ck_assert_uint_eq(test_count(buf, "<g class=\"seg "), 1);
	ck_assert_ptr_nonnull(
	        strstr(buf, "<title id=\"ladder-t\">connection 7: connection 7</title>"));
	free(buf);
	cls_doc_free(&d);
}
END_TEST

Suite *cls_html_suite(void)
{
	Suite *s = suite_create("cls_html");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, self_contained);
	tcase_add_test(tc, svg_file_picks_the_connection);
	suite_add_tcase(s, tc);
	return s;
}
