/* The built-in scenarios: each parses, and each says what it teaches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_builtin.h"
#include "sim_scenario.h"
#include "testutil.h"

START_TEST(every_builtin_parses_and_explains_itself)
{
	struct sim_scenario *sc = calloc(1, sizeof(*sc));
	char err[SC_ERR_MAX], head[64];
	int n = 0;

	ck_assert_ptr_nonnull(sc);
	for (const struct sim_builtin *b = builtin_list(); b->name; b++, n++) {
		ck_assert_msg(scenario_parse(sc, b->name, b->text, strlen(b->text), err) == 0, "%s",
		              err);
		snprintf(head, sizeof(head), "# %s: ", b->name);
		ck_assert_msg(strncmp(b->text, head, strlen(head)) == 0, "%s", b->name);
		ck_assert(strlen(b->teaches) > 10);
		ck_assert_ptr_eq(builtin_find(b->name), b);
		ck_assert_uint_ge(sc->nconnect, 1);
	}
	ck_assert_int_ge(n, 15);
	ck_assert_ptr_null(builtin_find("no-such"));
	ck_assert_int_eq(scenario_parse(sc, "bulk", builtin_find("bulk")->text,
	                                strlen(builtin_find("bulk")->text), err),
	                 0);
	ck_assert_uint_eq(scenario_total_connections(sc), 1000000);
	free(sc);
}
END_TEST

/* The issue names these; each must exist. */
START_TEST(the_required_set)
{
	static const char *const names[] = { "first-visit",
		                             "return-visit",
		                             "stale-cookie",
		                             "backup-key",
		                             "syn-data-lost",
		                             "syn-data-dropper",
		                             "option-stripper",
		                             "nat-rebind",
		                             "queue-overflow",
		                             "reset-held",
		                             "cookieless",
		                             "exp-option-fallback",
		                             "lossy-mobile",
		                             "ipv6",
		                             "bulk",
		                             "demo",
		                             "kcp-echo",
		                             NULL };

	for (int i = 0; names[i]; i++)
		ck_assert_msg(builtin_find(names[i]) != NULL, "%s", names[i]);
}
END_TEST

Suite *sim_builtin_suite(void)
{
	Suite *s = suite_create("sim_builtin");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_builtin_parses_and_explains_itself);
	tcase_add_test(tc, the_required_set);
	suite_add_tcase(s, tc);
	return s;
}
