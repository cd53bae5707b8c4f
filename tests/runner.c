/*
 * The unit test runner: runs every suite, or the ones named on the command
 * line, and prints check's summary line after the names of the suites run
 * ("pair: 100%: Checks: 6, Failures: 0, Errors: 0"), so that a log of many
 * runs says which line is whose. Exit status 0 when all pass.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

struct suite_entry {
	const char *name;
	suite_fn make;
};

#define SUITE(n) { #n, n##_suite },
static const struct suite_entry all_suites[] = { TFO_TEST_SUITES{ NULL, NULL } };
#undef SUITE

static int wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	SRunner *sr = NULL;
	int failed, matched = 0;

	for (const struct suite_entry *e = all_suites; e->name; e++) {
		if (!wanted(e->name, argc, argv))
			continue;
		matched++;
		if (!sr)
			sr = srunner_create(e->make());
		else
			srunner_add_suite(sr, e->make());
	}
	if (!matched) {
		fprintf(stderr, "runner: no such suite\n");
		return 2;
	}
	srunner_run_all(sr, CK_SILENT);
	for (const struct suite_entry *e = all_suites; e->name; e++)
		if (wanted(e->name, argc, argv))
			printf("%s%s", e->name, --matched ? ", " : ": ");
	fflush(stdout);
	srunner_print(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
