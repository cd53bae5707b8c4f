/*
 * tfosim cookie: compute the cookie a server with a given key ring grants
 * to SRC for DST, or check one.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

#include "cli.h"

#define KEY_FORM "xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx"

struct cookie_args {
	const char *key;
	const char *alg_text;
	const char *len_text;
	const char *check;
	const char *src_text, *dst_text;
	int alg;
	size_t len;
	tfo_addr src, dst;
	uint8_t cookie[TFO_COOKIE_MAX];
	size_t cookie_len;
};

static void usage(FILE *out)
{
	fputs("usage: tfosim cookie --key KEY[,BACKUP] [--alg ALG] [--len N] [--check HEX] SRC "
	      "DST\n"
	      "\n"
	      "Print the TCP Fast Open cookie a server grants to a SYN from SRC to DST,\n"
	      "or with --check say which key made a cookie.\n"
	      "\n"
	      "  --key KEY[,BACKUP]  the key ring as net.ipv4.tcp_fastopen_key takes it: a\n"
	      "                      primary key, then optionally a backup that only checks;\n"
	      "                      each " KEY_FORM "\n"
	      "                      (hex groups; 8 groups make a 256-bit key)\n"
	      "  --alg ALG           siphash (default, as Linux >= 5.3), hmac-sha256 or aes\n"
	      "  --len N             cookie length in bytes for hmac-sha256 and aes: even, 4..16\n"
	      "                      (default 8; siphash cookies are always 8)\n"
	      "  --check HEX         print valid-primary, valid-backup or invalid;\n"
	      "                      exit 0 when valid, 1 when invalid\n"
	      "  -h, --help          this help\n"
	      "\n"
	      "Exit status: 0 success, 1 invalid cookie, 2 bad usage or input.\n",
	      out);
}

static int parse_alg(struct cookie_args *a)
{
	a->alg = a->alg_text ? tfo_cookie_alg_parse(a->alg_text) : TFO_COOKIE_SIPHASH;
	if (a->alg < 0) {
		cli_error("cookie: bad --alg '%s': expected siphash, hmac-sha256 or aes",
		          a->alg_text);
		return CLI_USAGE;
	}
	if (!tfo_cookie_alg_available(a->alg)) {
		cli_error("cookie: --alg %s needs a CPU with AES-NI and PCLMUL",
		          tfo_cookie_alg_name(a->alg));
		return CLI_USAGE;
	}
	return CLI_OK;
}

static int parse_len(struct cookie_args *a)
{
	const char *t = a->len_text;
	unsigned long n;
	char *end;

	a->len = TFO_COOKIE_DEFAULT_LEN;
	if (!t)
		return CLI_OK;
	/* strtoul alone would accept " 8", "+8" and "-8". */
	n = t[0] >= '0' && t[0] <= '9' ? strtoul(t, &end, 10) : 0;
	if (n < TFO_COOKIE_MIN || n > TFO_COOKIE_MAX || n % 2 || *end) {
		cli_error("cookie: bad --len '%s': expected an even number from 4 to 16", t);
		return CLI_USAGE;
	}
	if (a->alg == TFO_COOKIE_SIPHASH && n != TFO_COOKIE_DEFAULT_LEN) {
		cli_error("cookie: bad --len '%s': siphash cookies are 8 bytes", t);
		return CLI_USAGE;
	}
	a->len = n;
	return CLI_OK;
}

/*
 * key_error: explains why the key ring text did not parse: either a key
 * is not in the sysctl form, or it is but has a length the algorithm
 * cannot use.
 */
static void key_error(const struct cookie_args *a)
{
	const char *comma = strchr(a->key, ',');
	char first[TFO_KEYSTRLEN];
	size_t n = comma ? (size_t)(comma - a->key) : strlen(a->key);
	tfo_key k1, k2;
	int form_ok;

	form_ok = n < sizeof(first);
	if (form_ok) {
		memcpy(first, a->key, n);
		first[n] = '\0';
		form_ok = tfo_key_parse(&k1, first) == 0 &&
		          (!comma || tfo_key_parse(&k2, comma + 1) == 0);
	}
	if (form_ok)
		cli_error("cookie: bad --key '%s': %s needs a 128-bit key (4 groups)", a->key,
		          tfo_cookie_alg_name(a->alg));
	else
		cli_error("cookie: bad --key '%s': expected " KEY_FORM "[,BACKUP]", a->key);
	tfo_key_wipe(&k1);
	tfo_key_wipe(&k2);
}

static int parse_addrs(struct cookie_args *a)
{
	if (tfo_addr_parse(&a->src, a->src_text) != 0) {
		cli_error("cookie: bad SRC '%s': expected an IPv4 or IPv6 address", a->src_text);
		return CLI_USAGE;
	}
	if (tfo_addr_parse(&a->dst, a->dst_text) != 0) {
		cli_error("cookie: bad DST '%s': expected an IPv4 or IPv6 address", a->dst_text);
		return CLI_USAGE;
	}
	if (a->src.family != a->dst.family) {
		cli_error("cookie: SRC '%s' and DST '%s' are of two families: give two IPv4 or "
		          "two IPv6 addresses",
		          a->src_text, a->dst_text);
		return CLI_USAGE;
	}
	return CLI_OK;
}

static int parse_check(struct cookie_args *a)
{
	if (!a->check)
		return CLI_OK;
	if (!a->check[0] ||
	    tfo_hex_decode(a->check, a->cookie, sizeof(a->cookie), &a->cookie_len) != 0) {
		cli_error("cookie: bad --check '%s': expected the cookie in hex, 1 to 16 bytes",
		          a->check);
		return CLI_USAGE;
	}
	return CLI_OK;
}

/* parse_options: fills a from argv; returns CLI_OK, or an exit status. */
static int parse_options(struct cookie_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' }, { "alg", required_argument, NULL, 'a' },
		{ "len", required_argument, NULL, 'l' }, { "check", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },      { NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			a->key = optarg;
			break;
		case 'a':
			a->alg_text = optarg;
			break;
		case 'l':
			a->len_text = optarg;
			break;
		case 'c':
			a->check = optarg;
			break;
		case 'h':
			usage(stdout);
			return -1;
		case ':':
			cli_error("cookie: option '%s' needs an argument", argv[optind - 1]);
			return CLI_USAGE;
		default:
			/* optopt is the letter of a bad short option, 0 for a long one. */
			if (optopt)
				cli_error(
				        "cookie: unknown option '-%c' (try 'tfosim cookie --help')",
				        optopt);
			else
				cli_error(
				        "cookie: unknown option '%s' (try 'tfosim cookie --help')",
				        argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	if (!a->key) {
		cli_error("cookie: missing --key (try 'tfosim cookie --help')");
		return CLI_USAGE;
	}
	if (argc - optind < 2) {
		cli_error("cookie: expected SRC and DST (try 'tfosim cookie --help')");
		return CLI_USAGE;
	}
	if (argc - optind > 2) {
		cli_error("cookie: unexpected argument '%s'", argv[optind + 2]);
		return CLI_USAGE;
	}
	a->src_text = argv[optind];
	a->dst_text = argv[optind + 1];
	return CLI_OK;
}

static int run(const struct cookie_args *a, const tfo_keyring *ring)
{
	uint8_t out[TFO_COOKIE_MAX];
	char hex[2 * TFO_COOKIE_MAX + 1];
	int rc;

	if (a->check) {
		rc = tfo_keyring_check(ring, &a->src, &a->dst, a->cookie, a->cookie_len);
		if (rc < 0) {
			cli_error("cookie: %s", tfo_strerror(rc));
			return CLI_USAGE;
		}
		puts(tfo_key_match_name(rc));
		return rc == TFO_MATCH_NONE ? CLI_FAIL : CLI_OK;
	}
	rc = tfo_keyring_make(ring, &a->src, &a->dst, out, sizeof(out));
	if (rc < 0) {
		cli_error("cookie: %s", tfo_strerror(rc));
		return CLI_USAGE;
	}
	tfo_hex_encode(out, (size_t)rc, hex, sizeof(hex));
	puts(hex);
	return CLI_OK;
}

int cmd_cookie(int argc, char **argv)
{
	struct cookie_args a = { 0 };
	tfo_keyring *ring = NULL;
	int rc;

	rc = parse_options(&a, argc, argv);
	if (rc < 0)
		return CLI_OK; /* --help */
	if (rc == CLI_OK)
		rc = parse_alg(&a);
	if (rc == CLI_OK)
		rc = parse_len(&a);
	if (rc != CLI_OK)
		return rc;
	rc = tfo_keyring_new(&ring, a.alg, a.len, NULL);
	if (rc != 0) {
		cli_error("cookie: %s", tfo_strerror(rc));
		return CLI_USAGE;
	}
	if (tfo_keyring_parse(ring, a.key) != 0) {
		key_error(&a);
		rc = CLI_USAGE;
	}
	if (rc == CLI_OK)
		rc = parse_addrs(&a);
	if (rc == CLI_OK)
		rc = parse_check(&a);
	if (rc == CLI_OK)
		rc = run(&a, ring);
	tfo_keyring_del(ring);
	return rc;
}
