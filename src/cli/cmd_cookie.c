#include "cli.h"

int cmd_cookie(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("cookie: not built yet");
	return CLI_USAGE;
}
