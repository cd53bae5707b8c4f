/*
 * tfosim replay: real packet traces in; per connection what TCP Fast Open
 * did and the time it saved out; --expect / --write-expect regression
 * checks; --conform against a libtfo server.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

#include "cli.h"
#include "cmd_replay.h"
#include "replay_expect.h"
#include "replay_json.h"
#include "replay_ladder.h"
#include "replay_report.h"

static void usage(FILE *out)
{
	fputs("usage: tfosim replay [OPTIONS] FILE...\n"
	      "       tfosim replay --check DIR\n"
	      "\n"
	      "Read packet traces (pcap, pcapng or tcpdump text; '-' is stdin) and tell,\n"
	      "per TCP connection, what TCP Fast Open did and how much time it saved.\n"
	      "\n"
	      "  --format text|json     the report's form (default text)\n"
	      "  --key KEY[,BACKUP]     the server's key ring (net.ipv4.tcp_fastopen_key form):\n"
	      "                         cookie_check says which key made each SYN's cookie\n"
	      "  --rekey N=KEY[,BACKUP] from connection N on, the ring is this (repeatable)\n"
	      "  --alg ALG              siphash (default), hmac-sha256 or aes\n"
	      "  --len N                cookie length for hmac-sha256 and aes (default 8)\n"
	      "  --expect FILE.json     compare with a stored analysis, with the settings it\n"
	      "                         records (flags given win); print each difference;\n"
	      "                         exit 1 when they differ\n"
	      "  --write-expect FILE.json  store the analysis (JSON) for --expect, with the\n"
	      "                         settings above, so that --expect needs no other flag\n"
	      "  --check DIR            check every trace DIR/NAME.* against DIR/NAME.expect.json\n"
	      "  --ignore-times         with --expect: do not compare the timed fields\n"
	      "  --ladder               draw each connection as a ladder diagram (text form)\n"
	      "  --html FILE            write a page to step through the first 20 connections'\n"
	      "                         ladders in a browser, each segment explained\n"
	      "  --svg FILE             write one connection's ladder as an SVG image\n"
	      "  --connection N         the connection --svg draws (default 1)\n"
	      "  --width N              the ladder's width, 80 (default) to 240 columns\n"
	      "  --max-anomalies N      anomaly details kept per kind (default 100, 0: all)\n"
	      "  --order first|finish   connections in the order of their first packets\n"
	      "                         (default), or as they finish: then a connection\n"
	      "                         open for the whole capture holds nothing back\n"
	      "  --conform              feed each connection's client packets to a libtfo\n"
	      "                         server holding --key and compare its answer to each\n"
	      "                         SYN with the trace's; exit 1 on any mismatch\n"
	      "  --fastopen N           with --conform: the server's net.ipv4.tcp_fastopen\n"
	      "                         (default: inferred from the trace)\n"
	      "  --qlen N               with --conform: every listener's TCP_FASTOPEN queue\n"
	      "                         length, 0 for none (default: inferred from the trace)\n"
	      "  --max-buffer SIZE      with --conform: the most kept of an input that cannot\n"
	      "                         be read twice (stdin, a pipe): N, NK, NM or NG\n"
	      "                         (default 1G)\n"
	      "  --kcp PORT             read KCP over UDP to or from PORT instead (pcap or\n"
	      "                         pcapng): per conversation the messages, resends,\n"
	      "                         RTT samples and bytes on the wire (docs/kcp.md)\n"
	      "  -h, --help             this help\n"
	      "\n"
	      "Exit status: 0 success, 1 --expect found differences or --conform a mismatch,\n"
	      "2 bad usage or an input that cannot be read.\n",
	      out);
}

static int bad_number(const char *what, const char *text)
{
	cli_error("replay: bad %s '%s'", what, text);
	return CLI_USAGE;
}

/* Digits only: strtoull alone would take " 8", "+8" and "-8". */
static int parse_u64(const char *text, int base, uint64_t *out)
{
	char *end;

	if (!text[0] || text[0] == '-' || text[0] == '+' || text[0] == ' ')
		return -1;
	errno = 0;
	*out = strtoull(text, &end, base);
	return errno || *end ? -1 : 0;
}

/* A size: digits, then nothing (bytes), K, M or G (powers of 1024). */
static int parse_size(const char *text, uint64_t *out)
{
	static const char units[] = "KMG";
	char num[24];
	size_t len = strlen(text);
	const char *u;
	unsigned shift = 0;

	if (len && (u = strchr(units, text[len - 1])) && *u) {
		shift = 10 * (unsigned)(u - units + 1);
		len--;
	}
	if (len == 0 || len >= sizeof(num))
		return -1;
	memcpy(num, text, len);
	num[len] = '\0';
	if (parse_u64(num, 10, out) != 0 || *out == 0 || *out > UINT64_MAX >> shift)
		return -1;
	*out <<= shift;
	return 0;
}

static int add_rekey(struct replay_args *a, const char *text)
{
	const char *eq = strchr(text, '=');
	uint64_t n;
	char num[24];

	if (!eq || (size_t)(eq - text) >= sizeof(num))
		return bad_number("--rekey (expected N=KEY[,BACKUP])", text);
	memcpy(num, text, (size_t)(eq - text));
	num[eq - text] = '\0';
	if (parse_u64(num, 10, &n) != 0 || n < 1)
		return bad_number("--rekey (expected N=KEY[,BACKUP])", text);
	if (a->nrekeys == REPLAY_ARGS_MAX_REKEYS) {
		cli_error("replay: at most %d --rekey", REPLAY_ARGS_MAX_REKEYS);
		return CLI_USAGE;
	}
	if (a->nrekeys && a->rekeys[a->nrekeys - 1].from >= n) {
		cli_error("replay: --rekey connection numbers must increase");
		return CLI_USAGE;
	}
	a->rekeys[a->nrekeys].from = n;
	a->rekeys[a->nrekeys].ring = eq + 1;
	a->nrekeys++;
	return CLI_OK;
}

static int option_value(struct replay_args *a, int c, const char *arg)
{
	uint64_t v;

	switch (c) {
	case 'f':
		if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0)
			return bad_number("--format (expected text or json)", arg);
		a->json = strcmp(arg, "json") == 0;
		return CLI_OK;
	case 'k':
		a->key = arg;
		return CLI_OK;
	case 'o':
		if (strcmp(arg, "first") != 0 && strcmp(arg, "finish") != 0)
			return bad_number("--order (expected first or finish)", arg);
		a->by_finish = strcmp(arg, "finish") == 0;
		a->order_given = 1;
		return CLI_OK;
	case 'r':
		return add_rekey(a, arg);
	case 'a':
		a->alg_text = arg;
		return CLI_OK;
	case 'l':
		if (parse_u64(arg, 10, &v) || v < TFO_COOKIE_MIN || v > TFO_COOKIE_MAX || v % 2)
			return bad_number("--len (expected an even number from 4 to 16)", arg);
		a->cookie_len = (size_t)v;
		return CLI_OK;
	case 'e':
		a->expect = arg;
		return CLI_OK;
	case 'w':
		a->write_expect = arg;
		return CLI_OK;
	case 'c':
		a->check = arg;
		return CLI_OK;
	case 'W':
		if (parse_u64(arg, 10, &v) || v < REPLAY_LADDER_WIDTH || v > 240)
			return bad_number("--width (expected 80 to 240 columns)", arg);
		a->width = (unsigned)v;
		return CLI_OK;
	case 'm':
		if (parse_u64(arg, 10, &a->anomaly_keep))
			return bad_number("--max-anomalies", arg);
		return CLI_OK;
	case 'F':
		if (parse_u64(arg, 0, &v) || v > UINT32_MAX)
			return bad_number("--fastopen (expected a number such as 0x3)", arg);
		a->fastopen = (uint32_t)v;
		a->server_given |= REPLAY_SERVER_FASTOPEN_GIVEN;
		return CLI_OK;
	case 'K':
		if (parse_u64(arg, 10, &v) || v == 0 || v > 65535)
			return bad_number("--kcp (expected a UDP port from 1 to 65535)", arg);
		a->kcp_port = (uint16_t)v;
		return CLI_OK;
	case 'q':
		if (parse_u64(arg, 10, &v) || v > REPLAY_ARGS_MAX_QLEN)
			return bad_number("--qlen (expected 0 to 1000000)", arg);
		a->qlen = (int)v;
		a->server_given |= REPLAY_SERVER_QLEN_GIVEN;
		return CLI_OK;
	case 'B':
		if (parse_size(arg, &a->max_buffer) != 0)
			return bad_number("--max-buffer (expected a size such as 512M or 2G)", arg);
		a->max_buffer_given = 1;
		return CLI_OK;
	default:
		return cli_classroom_option(&a->cls, c, arg) ? CLI_OK : CLI_USAGE;
	}
}

static int bad_option(char **argv, int c)
{
	if (c == ':')
		cli_error("replay: option '%s' needs an argument", argv[optind - 1]);
	else if (optopt)
		cli_error("replay: unknown option '-%c' (try 'tfosim replay --help')", optopt);
	else
		cli_error("replay: unknown option '%s' (try 'tfosim replay --help')",
		          argv[optind - 1]);
	return CLI_USAGE;
}

static int parse_options(struct replay_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "key", required_argument, NULL, 'k' },
		{ "rekey", required_argument, NULL, 'r' },
		{ "alg", required_argument, NULL, 'a' },
		{ "len", required_argument, NULL, 'l' },
		{ "expect", required_argument, NULL, 'e' },
		{ "write-expect", required_argument, NULL, 'w' },
		{ "check", required_argument, NULL, 'c' },
		{ "width", required_argument, NULL, 'W' },
		{ "ignore-times", no_argument, NULL, 'i' },
		{ "ladder", no_argument, NULL, 'L' },
		{ "max-anomalies", required_argument, NULL, 'm' },
		{ "conform", no_argument, NULL, 'C' },
		{ "fastopen", required_argument, NULL, 'F' },
		{ "qlen", required_argument, NULL, 'q' },
		{ "max-buffer", required_argument, NULL, 'B' },
		CLI_CLASSROOM_FILE_OPTIONS,
		{ "order", required_argument, NULL, 'o' },
		{ "kcp", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return -1;
		}
		if (c == 'i' || c == 'L' || c == 'C') {
			a->ignore_times |= c == 'i';
			a->ladder |= c == 'L';
			a->conform |= c == 'C';
			continue;
		}
		if (c == '?' || c == ':')
			return bad_option(argv, c);
		rc = option_value(a, c, optarg);
		if (rc != CLI_OK)
			return rc;
	}
	a->files = argv + optind;
	a->nfiles = argc - optind;
	return CLI_OK;
}

/*
 * Every --key and --rekey ring parses for the algorithm, before anything is
 * read: a bad one is named with the option that gave it.
 */
static int check_keys(const struct replay_args *a)
{
	size_t len = a->cookie_len ? a->cookie_len : TFO_COOKIE_DEFAULT_LEN;
	char err[512], what[40];
	tfo_keyring *ring;
	int rc = tfo_keyring_new(&ring, a->alg, len, NULL);

	if (rc != 0) {
		cli_error("replay: cookie algorithm: %s", tfo_strerror(rc));
		return CLI_USAGE;
	}
	err[0] = '\0';
	if (a->key && tfo_keyring_parse(ring, a->key) != 0)
		replay_key_error(err, sizeof(err), "key", a->key, a->alg);
	for (size_t i = 0; !err[0] && i < a->nrekeys; i++) {
		if (tfo_keyring_parse(ring, a->rekeys[i].ring) == 0)
			continue;
		snprintf(what, sizeof(what), "--rekey %" PRIu64 " key", a->rekeys[i].from);
		replay_key_error(err, sizeof(err), what, a->rekeys[i].ring, a->alg);
	}
	tfo_keyring_del(ring);
	if (!err[0])
		return CLI_OK;
	cli_error("replay: %s", err);
	return CLI_USAGE;
}

/* --check takes a folder and the settings from each expectation: nothing else. */
static int check_check(const struct replay_args *a)
{
	if (a->nfiles || a->json || a->ladder || a->ignore_times || a->conform || a->key ||
	    a->nrekeys || a->alg_text || a->cookie_len || a->expect || a->write_expect ||
	    a->server_given || a->max_buffer_given || a->width || a->order_given || a->cls.html ||
	    a->cls.svg || a->cls.conn_arg) {
		cli_error("replay: --check DIR takes no FILE and no other option but "
		          "--max-anomalies (the settings come from each expectation)");
		return CLI_USAGE;
	}
	return CLI_OK;
}

static int check_args(struct replay_args *a)
{
	if (a->check)
		return check_check(a);
	if (a->nfiles == 0) {
		cli_error("replay: expected at least one FILE (try 'tfosim replay --help')");
		return CLI_USAGE;
	}
	a->alg = a->alg_text ? tfo_cookie_alg_parse(a->alg_text) : TFO_COOKIE_SIPHASH;
	if (a->alg < 0)
		return bad_number("--alg (expected siphash, hmac-sha256 or aes)", a->alg_text);
	if (a->alg == TFO_COOKIE_SIPHASH && a->cookie_len && a->cookie_len != 8) {
		cli_error("replay: --len: siphash cookies are 8 bytes");
		return CLI_USAGE;
	}
	if (check_keys(a) != CLI_OK)
		return CLI_USAGE;
	if (a->nrekeys && !a->key) {
		cli_error("replay: --rekey needs --key for the connections before it");
		return CLI_USAGE;
	}
	if (a->width && !a->ladder) {
		cli_error("replay: --width goes with --ladder");
		return CLI_USAGE;
	}
	if (a->ignore_times && !a->expect) {
		cli_error("replay: --ignore-times goes with --expect");
		return CLI_USAGE;
	}
	if (a->server_given && !a->conform) {
		cli_error("replay: --fastopen and --qlen go with --conform");
		return CLI_USAGE;
	}
	if (a->max_buffer_given && !a->conform) {
		cli_error("replay: --max-buffer goes with --conform");
		return CLI_USAGE;
	}
	if (a->kcp_port &&
	    (a->key || a->expect || a->write_expect || a->conform || a->ladder || a->by_finish ||
	     a->check || a->cls.html || a->cls.svg || a->cls.conn_arg)) {
		cli_error("replay: --kcp goes with --format only");
		return CLI_USAGE;
	}
	if (a->kcp_port && a->json && a->nfiles > 1) {
		cli_error("replay: --kcp --format json reads one file (one document per run)");
		return CLI_USAGE;
	}
	return cli_classroom_parse(&a->cls, "replay");
}

int cmd_replay(int argc, char **argv)
{
	struct replay_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.anomaly_keep = REPLAY_ANOMALY_KEEP_DEFAULT;
	a.max_buffer = REPLAY_ARGS_MAX_BUFFER_DEFAULT;
	rc = parse_options(&a, argc, argv);
	if (rc < 0)
		return CLI_OK;
	if (rc == CLI_OK && a.expect) {
		a.expect_doc = cli_expect_load(a.expect);
		if (!a.expect_doc)
			return CLI_USAGE;
		cli_expect_apply(&a, a.expect_doc);
	}
	if (rc == CLI_OK)
		rc = check_args(&a);
	if (rc == CLI_OK)
		rc = a.kcp_port ? replay_kcp_run(&a) : a.check ? cli_check_dir(&a) : replay_run(&a);
	json_decref(a.expect_doc);
	return rc;
}
