/*
 * The assert evaluator of %{ }% blocks: Python's precedence and chained
 * comparisons over integers and names, the assert statement's message,
 * and what it refuses.
 */
#include <string.h>

#include <check.h>

#include "script_assert.h"
#include "testutil.h"

static int names(void *user, const char *name, int64_t *value)
{
	if (!strcmp(name, "tcpi_options"))
		*value = 0x27;
	else if (!strcmp(name, "TCPI_OPT_SYN_DATA"))
		*value = 32;
	else if (!strcmp(name, "tcpi_state"))
		*value = 1;
	else
		return -1;
	return 0;
}

static int64_t eval(const char *text)
{
	char msg[128];
	int64_t v = -999;

	ck_assert_msg(sa_eval(text, names, NULL, &v, msg, sizeof(msg)) == 0, "%s: %s", text, msg);
	return v;
}

START_TEST(python_precedence)
{
	/* & binds tighter than comparisons: (0x27 & 32) != 0 */
	ck_assert_int_eq(eval("tcpi_options & TCPI_OPT_SYN_DATA != 0"), 1);
	ck_assert_int_eq(eval("tcpi_options & TCPI_OPT_SYN_DATA == 32"), 1);
	ck_assert_int_eq(eval("1 + 2 * 3"), 7);
	ck_assert_int_eq(eval("(1 + 2) * 3"), 9);
	ck_assert_int_eq(eval("7 // 2 + 7 % 2"), 4);
	ck_assert_int_eq(eval("1 << 4 | 1"), 17);
	ck_assert_int_eq(eval("6 ^ 3 & 1"), 7);
	ck_assert_int_eq(eval("-3 + ~0"), -4);
	ck_assert_int_eq(eval("0x10 + 1"), 17);
	ck_assert_int_eq(eval("not 0 and 2 or 3"), 2); /* Python: True and 2 -> 2 */
	ck_assert_int_eq(eval("0 or 5"), 5);
	ck_assert_int_eq(eval("True + True"), 2);
}
END_TEST

START_TEST(chained_comparisons)
{
	ck_assert_int_eq(eval("0 <= tcpi_state < 2"), 1);
	ck_assert_int_eq(eval("0 <= tcpi_state < 1"), 0);
	ck_assert_int_eq(eval("3 > 2 > 1"), 1);
	ck_assert_int_eq(eval("3 > 2 == 2"), 1);
	ck_assert_int_eq(eval("1 != 1 <= 5"), 0);
}
END_TEST

START_TEST(statements)
{
	char msg[160];
	int line = -1;

	ck_assert_int_eq(sa_run("assert tcpi_state == 1\n\n# comment\nassert 1; assert 2 > 1",
	                        names, NULL, &line, msg, sizeof(msg)),
	                 SA_PASS);
	ck_assert_int_eq(sa_run("assert 1\nassert tcpi_state == 2, \"not yet\"", names, NULL, &line,
	                        msg, sizeof(msg)),
	                 SA_FAIL);
	ck_assert_int_eq(line, 1);
	ck_assert_str_eq(msg, "assertion failed: tcpi_state == 2: not yet");
	ck_assert_int_eq(sa_run(" assert tcpi_options & 1 == 0, tcpi_options", names, NULL, &line,
	                        msg, sizeof(msg)),
	                 SA_FAIL);
	ck_assert_str_eq(msg, "assertion failed: tcpi_options & 1 == 0: tcpi_options");
	ck_assert_int_eq(sa_run("print(tcpi_state)", names, NULL, &line, msg, sizeof(msg)),
	                 SA_ERROR);
	ck_assert_str_eq(msg, "only assert statements are run: 'print(tcpi_state)'");
	ck_assert_int_eq(sa_run("assert tcpi_rtt > 0", names, NULL, &line, msg, sizeof(msg)),
	                 SA_ERROR);
	ck_assert_str_eq(msg, "name 'tcpi_rtt' is not defined");
	ck_assert_int_eq(sa_run("assert 1 // 0", names, NULL, &line, msg, sizeof(msg)), SA_ERROR);
	ck_assert_str_eq(msg, "division by zero");
	ck_assert_int_eq(sa_run("assert (1", names, NULL, &line, msg, sizeof(msg)), SA_ERROR);
	ck_assert_str_eq(msg, "expected ')'");
	ck_assert_int_eq(sa_run("assert 1 2", names, NULL, &line, msg, sizeof(msg)), SA_ERROR);
	ck_assert_str_eq(msg, "unexpected '2' in assert");
}
END_TEST

Suite *script_assert_suite(void)
{
	Suite *s = suite_create("script_assert");
	TCase *tc = tcase_create("script_assert");

	tcase_add_test(tc, python_precedence);
	tcase_add_test(tc, chained_comparisons);
	tcase_add_test(tc, statements);
	suite_add_tcase(s, tc);
	return s;
}
