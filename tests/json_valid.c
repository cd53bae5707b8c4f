/*
 * json-valid FILE: exit 0 when FILE is empty or holds one valid JSON
 * document, 1 otherwise (with jansson's message). For the CLI tests that
 * check a report is valid JSON or nothing.
 */
#include <stdio.h>

#include <jansson.h>

int main(int argc, char **argv)
{
	json_error_t err;
	json_t *doc;
	FILE *f;
	int c;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: json-valid FILE\n");
		return 2;
	}
	c = getc(f);
	if (c == EOF) {
		fclose(f);
		return 0;
	}
	ungetc(c, f);
	doc = json_loadf(f, 0, &err);
	fclose(f);
	if (!doc) {
		fprintf(stderr, "%s:%d:%d: %s\n", argv[1], err.line, err.column, err.text);
		return 1;
	}
	json_decref(doc);
	return 0;
}
