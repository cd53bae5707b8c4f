/*
 * The scenario parser: a scenario using every keyword reads into the
 * expected model, and every error names file:line:column and what was
 * expected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_scenario.h"
#include "testutil.h"

static struct sim_scenario *parse_ok(const char *text)
{
	struct sim_scenario *sc = calloc(1, sizeof(*sc));
	char err[SC_ERR_MAX];

	ck_assert_ptr_nonnull(sc);
	ck_assert_msg(scenario_parse(sc, "t.scn", text, strlen(text), err) == 0, "%s", err);
	ck_assert_str_eq(err, "");
	return sc;
}

static const char full[] =
        "# every keyword once\n"
        "title  a  full   scenario   # with a comment\n"
        "seed 0x2a\n"
        "stop at 10s\n"
        "host client addr 10.0.0.1 addr 2001:db8::1 fastopen client,client-no-cookie\n"
        "host server addr 10.0.0.2 addr 2001:db8::2 fastopen 0x203 \\\n"
        "host s2 key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4,1-2-3-4 mtu 1400B rto 300ms\n"
        "host s3 cookie-alg hmac-sha256 cookie-len 16B syn-retries 2 time-wait 1s\n"
        "link client server delay 50ms jitter 1ms loss 2% dup 0.5% reorder 1% 5ms\n"
        "link server>client rate 10Mbit queue 20 delay 30ms\n"
        "link s2 client\n"
        "loss client>server first syn-ack\n"
        "loss server>client data 3\n"
        "middlebox client server strip-tfo\n"
        "middlebox client server nat 192.0.2.99 rebind 192.0.2.100 at 2s\n"
        "listen server port 80 qlen 5 backlog 10 think 20ms response 2KiB close server\n"
        "connect at 0ms client server:80 request 6B reset\n"
        "connect at 1s client server:80 every 10ms count 100 plain ipv6\n"
        "rotate-key server at 500ms key 5-6-7-8\n"
        "set-key s2 at 1s key 9-9-9-9,8-8-8-8\n";

START_TEST(full_scenario_reads_into_the_model)
{
	char err[SC_ERR_MAX];
	struct sim_scenario *sc;
	char text[sizeof(full)];

	/* The '\' above is a stray word: the real text must not parse. */
	memcpy(text, full, sizeof(full));
	sc = calloc(1, sizeof(*sc));
	ck_assert_int_eq(scenario_parse(sc, "t.scn", text, strlen(text), err), TFO_ERR_INVALID);
	ck_assert_str_eq(err, "t.scn:6:59: unknown host option '\\' (expected addr, fastopen, "
	                      "key, cookie-alg, cookie-len, mtu, syn-retries, rto, time-wait, "
	                      "cookie-cache, blackhole, delack, rcvbuf or sndbuf)");
	free(sc);
	*strchr(text, '\\') = ' ';
	sc = parse_ok(text);
	ck_assert_str_eq(sc->title, "a  full   scenario");
	ck_assert_uint_eq(sc->seed, 42);
	ck_assert_uint_eq(sc->stop, 10 * TFO_NS_PER_S);
	ck_assert_uint_eq(sc->nhosts, 4);
	ck_assert_uint_eq(sc->hosts[0].fastopen, 0x5);
	ck_assert_uint_eq(sc->hosts[1].fastopen, 0x203);
	ck_assert_uint_eq(sc->hosts[1].addr6.bytes[15], 2);
	ck_assert_uint_eq(sc->hosts[2].addr4.bytes[3], 3); /* 10.0.0.3, given none */
	ck_assert(sc->hosts[2].has_key && sc->hosts[2].has_backup);
	ck_assert_uint_eq(sc->hosts[2].key.bytes[0], 0xa1);
	ck_assert_uint_eq(sc->hosts[2].backup.bytes[4], 2);
	ck_assert_uint_eq(sc->hosts[2].mtu, 1400);
	ck_assert_uint_eq(sc->hosts[2].rto, 300 * TFO_NS_PER_MS);
	ck_assert_uint_eq(sc->hosts[3].cookie_alg, TFO_COOKIE_HMAC_SHA256);
	ck_assert_uint_eq(sc->hosts[3].cookie_len, 16);
	ck_assert_uint_eq(sc->hosts[3].set, SC_SET_COOKIE_ALG | SC_SET_COOKIE_LEN |
	                                            SC_SET_SYN_RETRIES | SC_SET_TIME_WAIT);
	ck_assert_uint_eq(sc->nlinks, 2);
	ck_assert_uint_eq(sc->links[0].dir[0].delay, 50 * TFO_NS_PER_MS);
	ck_assert_uint_eq(sc->links[0].dir[1].delay, 30 * TFO_NS_PER_MS);
	ck_assert_uint_eq(sc->links[0].dir[0].loss_ppm, 20000);
	ck_assert_uint_eq(sc->links[0].dir[1].dup_ppm, 5000);
	ck_assert_uint_eq(sc->links[0].dir[0].reorder_delay, 5 * TFO_NS_PER_MS);
	ck_assert_uint_eq(sc->links[0].dir[0].rate_bps, 0);
	ck_assert_uint_eq(sc->links[0].dir[1].rate_bps, 10000000);
	ck_assert_uint_eq(sc->links[0].dir[1].queue, 20);
	ck_assert_uint_eq(sc->links[1].a, 2);
	ck_assert_uint_eq(sc->nloss, 2);
	ck_assert_uint_eq(sc->loss[0].dir, 0);
	ck_assert_uint_eq(sc->loss[0].kind, SC_PK_SYN_ACK);
	ck_assert_uint_eq(sc->loss[0].nth, 1);
	ck_assert_uint_eq(sc->loss[1].dir, 1);
	ck_assert_uint_eq(sc->loss[1].kind, SC_PK_DATA);
	ck_assert_uint_eq(sc->loss[1].nth, 3);
	ck_assert_uint_eq(sc->nmbox, 2);
	ck_assert_uint_eq(sc->mbox[0].type, SC_MB_STRIP_TFO);
	ck_assert_uint_eq(sc->mbox[1].type, SC_MB_NAT);
	ck_assert_uint_eq(sc->mbox[1].nat.bytes[3], 99);
	ck_assert_uint_eq(sc->mbox[1].rebind_at, 2 * TFO_NS_PER_S);
	ck_assert_uint_eq(sc->listen[0].qlen, 5);
	ck_assert_uint_eq(sc->listen[0].backlog, 10);
	ck_assert_uint_eq(sc->listen[0].response, 2048);
	ck_assert_uint_eq(sc->listen[0].closer, SC_CLOSE_SERVER);
	ck_assert_uint_eq(sc->connect[0].request, 6);
	ck_assert_uint_eq(sc->connect[0].count, 1);
	ck_assert_uint_eq(sc->connect[0].family, TFO_AF_INET);
	ck_assert_uint_eq(sc->connect[1].count, 100);
	ck_assert_uint_eq(sc->connect[1].every, 10 * TFO_NS_PER_MS);
	ck_assert_uint_eq(sc->connect[1].request, 100);
	ck_assert_uint_eq(sc->connect[1].plain, 1);
	ck_assert_uint_eq(sc->connect[0].reset, 1);
	ck_assert_uint_eq(sc->connect[1].reset, 0);
	ck_assert_uint_eq(sc->connect[1].family, TFO_AF_INET6);
	ck_assert_uint_eq(scenario_total_connections(sc), 101);
	ck_assert_uint_eq(sc->nkeyops, 2);
	ck_assert_uint_eq(sc->keyops[0].type, SC_KEY_ROTATE);
	ck_assert_uint_eq(sc->keyops[1].has_backup, 1);
	free(sc);
}
END_TEST

START_TEST(defaults)
{
	struct sim_scenario *sc = parse_ok("host a\nhost b\nlink a b\nlisten b port 1\n"
	                                   "connect at 0ms a b:1\n");

	ck_assert_uint_eq(sc->seed, 1);
	ck_assert_uint_eq(sc->stop, TFO_TIME_NEVER);
	ck_assert_uint_eq(sc->hosts[0].set, 0);
	ck_assert_uint_eq(sc->hosts[1].addr4.bytes[3], 2);
	ck_assert_int_eq(sc->listen[0].qlen, -1);
	ck_assert_uint_eq(sc->listen[0].response, 1000);
	ck_assert_uint_eq(sc->listen[0].closer, SC_CLOSE_CLIENT);
	ck_assert_uint_eq(sc->connect[0].request, 100);
	ck_assert_uint_eq(sc->links[0].dir[0].delay, 0);
	free(sc);
}
END_TEST

/* Empty text, comments only and CRLF line ends are fine. */
START_TEST(blank_and_crlf)
{
	struct sim_scenario *sc = parse_ok("host a\r\nhost b # x\r\nlink a b delay 1ms\r\n"
	                                   "connect at 0ms a b:80\r\n");

	ck_assert_uint_eq(sc->links[0].dir[1].delay, TFO_NS_PER_MS);
	free(sc);
}
END_TEST

/* Nothing to run is said as such, not blamed later on a flag never given. */
START_TEST(empty_scenario)
{
	static const char *const empty[] = { "", "# only\n\n   # comments\n", "\n\n" };
	struct sim_scenario *sc = calloc(1, sizeof(*sc));
	char err[SC_ERR_MAX];

	ck_assert_ptr_nonnull(sc);
	for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		ck_assert_int_eq(scenario_parse(sc, "t.scn", empty[i], strlen(empty[i]), err),
		                 TFO_ERR_INVALID);
		ck_assert_str_eq(err,
		                 "t.scn: the scenario is empty: a scenario needs hosts, a link, "
		                 "a listen line and at least one connect line (see "
		                 "docs/scenarios.md, or 'tfosim run --print demo')");
	}
	ck_assert_int_eq(scenario_parse(sc, "t.scn", "host a\nhost b\n", 14, err), TFO_ERR_INVALID);
	ck_assert_str_eq(err,
	                 "t.scn: the scenario makes no connection (no connect or kcp line): a "
	                 "scenario needs hosts, a link, a listen line and at least one connect "
	                 "line (see docs/scenarios.md, or 'tfosim run --print demo')");
	free(sc);
}
END_TEST

struct bad {
	const char *text;
	const char *err;
};

#define HOSTS "host c\nhost s\nlink c s\n"

static const struct bad bad_cases[] = {
	{ "frob x\n", "t.scn:1:1: unknown keyword 'frob' (expected title, seed, stop, host, link, "
	              "loss, middlebox, listen, connect, rotate-key, set-key or kcp)" },
	{ "host a\nlink a b delay 100\n", "t.scn:2:8: unknown host 'b' (declare it first with "
	                                  "'host b ...')" },
	{ HOSTS "link c>s delay 100\n",
	  "t.scn:4:16: expected a time with a unit (e.g. 100ms), got '100'" },
	{ HOSTS "link c>s delay\n",
	  "t.scn:4:15: expected a time with a unit (e.g. 100ms), got end of line" },
	{ HOSTS "link c>s\n", "t.scn:4:9: expected a link parameter (delay, jitter, loss, dup, "
	                      "reorder, rate or queue), got end of line" },
	{ HOSTS "link c>s speed 1\n", "t.scn:4:10: expected a link parameter (delay, jitter, loss, "
	                              "dup, reorder, rate or queue), got 'speed'" },
	{ HOSTS "link c s\n", "t.scn:4:6: there already is a link between 'c' and 's'" },
	{ "host c\nlink c c\n", "t.scn:2:6: a link joins two different hosts" },
	{ HOSTS "link c>x loss 1%\n", "t.scn:4:8: unknown host 'x' (declare it first with "
	                              "'host x ...')" },
	{ HOSTS "host d\nlink c>d loss 1%\n", "t.scn:5:6: no link between 'c' and 'd'" },
	{ HOSTS "link c>s loss 2\n",
	  "t.scn:4:15: expected a percentage from 0% to 100% (e.g. 2%), got '2'" },
	{ HOSTS "link c s\n", "t.scn:4:6: there already is a link between 'c' and 's'" },
	{ HOSTS "link s>c rate 10MB\n",
	  "t.scn:4:15: expected a rate with a unit (e.g. 10Mbit), got '10MB'" },
	{ HOSTS "link s>c reorder 1%\n",
	  "t.scn:4:20: expected a time with a unit (e.g. 100ms), got end of line" },
	{ HOSTS "link s>c queue 0\n", "t.scn:4:16: expected a queue length in packets (a number "
	                              "from 1 to 1000000), got '0'" },
	{ "host 1a\n", "t.scn:1:6: expected a host name (a letter, then letters, digits, '-' or "
	               "'_', at most 31), got '1a'" },
	{ "host\n", "t.scn:1:5: expected a host name (a letter, then letters, digits, '-' or "
	            "'_', at most 31), got end of line" },
	{ "host a\nhost a\n", "t.scn:2:6: host 'a' is already declared" },
	{ "host a addr 10.0.0.300\n",
	  "t.scn:1:13: expected an IPv4 or IPv6 address, got '10.0.0.300'" },
	{ "host a addr 10.0.0.1\nhost b addr 10.0.0.1\n",
	  "t.scn:2:13: address 10.0.0.1 is already used by a" },
	{ "host a addr 10.0.0.1 addr 10.0.0.2\n",
	  "t.scn:1:27: host 'a' already has an IPv4 address" },
	{ "host a addr 10.0.0.2\nhost b\n",
	  "t.scn:2:6: host 'b' needs an addr: 10.0.0.2 is taken" },
	{ "host a fastopen client,bogus\n",
	  "t.scn:1:17: expected Fast Open flags: a number like 0x3, or off, client, server, "
	  "client-no-cookie, server-no-cookie, all-listeners joined by ',', got 'client,bogus'" },
	{ "host a fastopen 0x10000\n",
	  "t.scn:1:17: expected Fast Open flags: a number like 0x3, or off, client, server, "
	  "client-no-cookie, server-no-cookie, all-listeners joined by ',', got '0x10000'" },
	{ "host a key 1-2-3\n", "t.scn:1:12: expected a key (xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx), "
	                        "optionally followed by ',BACKUP', got '1-2-3'" },
	{ "host a key 1-2-3-4,zz\n",
	  "t.scn:1:20: expected a backup key (xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx) after ','" },
	{ "host a key 1-2-3-4-5-6-7-8\n", "t.scn:1:12: siphash needs 128-bit keys (four groups)" },
	{ "host a cookie-alg md5\n",
	  "t.scn:1:19: expected a cookie algorithm (siphash, hmac-sha256 or aes), got 'md5'" },
	{ "host a cookie-len 4B\n", "t.scn:1:1: siphash cookies are 8 bytes (cookie-len 8B)" },
	{ "host a cookie-alg aes cookie-len 5B\n",
	  "t.scn:1:34: a cookie is 4 to 16 bytes, an even number" },
	{ "host a cookie-alg aes cookie-len 18B\n",
	  "t.scn:1:34: expected a size in bytes with a unit, at most 16 (e.g. 100B), got '18B'" },
	{ "host a mtu 100B\n", "t.scn:1:12: an MTU is at least 576B" },
	{ "host a rcvbuf 10B\n", "t.scn:1:15: a buffer is at least 1024B" },
	{ "host a syn-retries 0\n",
	  "t.scn:1:20: expected a retry count (a number from 1 to 127), got '0'" },
	{ "host a time-wait 60\n",
	  "t.scn:1:18: expected a time with a unit (e.g. 100ms), got '60'" },
	{ HOSTS "loss c>s syn\n",
	  "t.scn:4:13: expected which one (1 for the first) (a number from 1 to 4294967295), got "
	  "end of line" },
	{ HOSTS "loss c>s first synack\n",
	  "t.scn:4:16: expected a packet kind (packet, syn, "
	  "syn-data, syn-ack, ack, data, fin or rst), got 'synack'" },
	{ HOSTS "loss c>s first syn 2\n", "t.scn:4:20: unexpected '2' at the end of the line" },
	{ HOSTS "loss cs packet 1\n", "t.scn:4:6: expected a direction FROM>TO between two hosts "
	                              "(e.g. client>server), got 'cs'" },
	{ HOSTS "middlebox c s firewall\n",
	  "t.scn:4:15: expected a middlebox (drop-syn-data, "
	  "strip-tfo, drop-syn-tfo, strip-tfo-rfc or nat ADDR), got 'firewall'" },
	{ HOSTS "host d\nmiddlebox c d strip-tfo\n", "t.scn:5:11: no link between 'c' and 'd'" },
	{ HOSTS "middlebox c s nat 10.0.0.2\n",
	  "t.scn:4:19: address 10.0.0.2 is already used by s" },
	{ HOSTS "middlebox c s nat 2001:db8::9\n",
	  "t.scn:4:19: host 'c' has no address of this family to translate" },
	{ HOSTS "middlebox c s nat 192.0.2.1 rebind 192.0.2.1 at 1s\n",
	  "t.scn:4:36: address 192.0.2.1 is already used by this NAT" },
	{ HOSTS "middlebox c s nat 192.0.2.1 rebind 192.0.2.2\n",
	  "t.scn:4:45: expected 'at', got end of line" },
	{ HOSTS "middlebox c s nat 192.0.2.1 again\n",
	  "t.scn:4:29: expected 'rebind', got 'again'" },
	{ HOSTS "middlebox c s nat 192.0.2.1\nmiddlebox s c nat 192.0.2.2\n",
	  "t.scn:5:15: this link already has a NAT" },
	{ HOSTS "middlebox c s strip-tfo now\n", "t.scn:4:25: unexpected 'now' at the end of the "
	                                         "line" },
	{ HOSTS "listen s port 0\n", "t.scn:4:15: expected a port (a number from 1 to 65535), got "
	                             "'0'" },
	{ HOSTS "listen s 80\n", "t.scn:4:10: expected 'port', got '80'" },
	{ HOSTS "listen s port 80 response 100\n",
	  "t.scn:4:27: expected a size in bytes with a "
	  "unit, at most 1073741824 (e.g. 100B), got '100'" },
	{ HOSTS "listen s port 80 close nobody\n",
	  "t.scn:4:24: expected who closes first (client or server), got 'nobody'" },
	{ HOSTS "listen s port 80 think\n",
	  "t.scn:4:23: expected a time with a unit (e.g. 100ms), got end of line" },
	{ HOSTS "listen s port 80\nlisten s port 80\n",
	  "t.scn:5:8: 's' already listens on port 80" },
	{ HOSTS "listen s port 80 mode x\n", "t.scn:4:18: expected a listen option (qlen, backlog, "
	                                     "think, response or close), got 'mode'" },
	{ HOSTS "connect c s:80\n", "t.scn:4:9: expected 'at', got 'c'" },
	{ HOSTS "connect at 0 c s:80\n",
	  "t.scn:4:12: expected a time with a unit (e.g. 100ms), got '0'" },
	{ HOSTS "connect at 0ms c s\n",
	  "t.scn:4:18: expected HOST:PORT (e.g. server:80), got 's'" },
	{ HOSTS "connect at 0ms c x:80\n", "t.scn:4:18: unknown host 'x' (declare it first with "
	                                   "'host x ...')" },
	{ HOSTS "connect at 0ms c s:http\n",
	  "t.scn:4:20: expected a port (a number from 1 to 65535), got 'http'" },
	{ HOSTS "connect at 0ms c s:\n",
	  "t.scn:4:20: expected a port (a number from 1 to 65535), got end of line" },
	{ HOSTS "connect at 0ms c s:80 count 5\n", "t.scn:4:1: 'count' needs 'every'" },
	{ HOSTS "connect at 0ms c s:80 every 1ms\n", "t.scn:4:1: 'every' needs a 'count'" },
	{ HOSTS "connect at 0ms c s:80 every 0ms count 2\n",
	  "t.scn:4:29: 'every' needs a time above 0" },
	{ HOSTS "connect at 0ms c c:80\n", "t.scn:4:18: a host cannot connect to itself here" },
	{ HOSTS "host d\nconnect at 0ms c d:80\n", "t.scn:5:18: no link between 'c' and 'd'" },
	{ HOSTS "connect at 0ms c s:80 ipv6\n",
	  "t.scn:4:23: 'c' and 's' do not both have an IPv6 address" },
	{ "host c addr ::1\nhost s\nlink c s\nconnect at 0ms c s:80\n",
	  "t.scn:4:18: 'c' and 's' have no address family in common" },
	{ HOSTS "connect at 0ms c s:80 fast\n",
	  "t.scn:4:23: expected a connect option (request, "
	  "every, count, plain, ipv4, ipv6 or reset), got 'fast'" },
	{ HOSTS "connect at 0ms c s:80 request 6\n",
	  "t.scn:4:31: expected a size in bytes with a "
	  "unit, at most 1073741824 (e.g. 100B), got '6'" },
	{ HOSTS "rotate-key s at 1s key 1-2-3-4,5-6-7-8\n",
	  "t.scn:4:24: expected a key (xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx), got "
	  "'1-2-3-4,5-6-7-8'" },
	{ HOSTS "rotate-key s at 1s 1-2-3-4\n", "t.scn:4:20: expected 'key', got '1-2-3-4'" },
	{ HOSTS "set-key s at 1s key 1-2-3-4-5-6-7-8\n",
	  "t.scn:4:21: siphash needs 128-bit keys (four groups)" },
	{ "seed -1\n", "t.scn:1:6: expected a seed (a number from 0 to 18446744073709551615), got "
	               "'-1'" },
	{ "seed 1 2\n", "t.scn:1:8: unexpected '2' at the end of the line" },
	{ "stop 1s\n", "t.scn:1:6: expected 'at', got '1s'" },
	{ "title\n", "t.scn:1:6: expected a line of text, got end of line" },
	{ "host a\x01\n", "t.scn:1:7: unexpected byte (only printable ASCII outside comments)" },
	{ "host a # caf\xc3\xa9 is fine here\nhost \xc3\xa9\n",
	  "t.scn:2:6: unexpected byte (only printable ASCII outside comments)" },
	{ NULL, NULL },
};

START_TEST(every_error_names_file_line_column)
{
	struct sim_scenario *sc = calloc(1, sizeof(*sc));
	char err[SC_ERR_MAX];

	ck_assert_ptr_nonnull(sc);
	for (const struct bad *b = bad_cases; b->text; b++) {
		int rc = scenario_parse(sc, "t.scn", b->text, strlen(b->text), err);

		ck_assert_msg(rc == TFO_ERR_INVALID, "parsed: %s", b->text);
		ck_assert_msg(strcmp(err, b->err) == 0, "for %s\n got: %s\nwant: %s", b->text, err,
		              b->err);
	}
	free(sc);
}
END_TEST

START_TEST(limits_are_errors)
{
	struct sim_scenario *sc = calloc(1, sizeof(*sc));
	char text[4096], err[SC_ERR_MAX];
	size_t n = 0;

	for (int i = 0; i <= SC_MAX_HOSTS; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "host h%d\n", i);
	ck_assert_int_eq(scenario_parse(sc, "t.scn", text, n, err), TFO_ERR_INVALID);
	ck_assert_str_eq(err, "t.scn:33:6: too many hosts (at most 32)");
	n = (size_t)snprintf(text, sizeof(text), "title");
	for (int i = 0; i < 48; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, " w");
	ck_assert_int_eq(scenario_parse(sc, "t.scn", text, n, err), TFO_ERR_INVALID);
	ck_assert_str_eq(err, "t.scn:1:101: too many words on one line (at most 48)");
	memset(text, 'x', 200);
	memcpy(text, "title ", 6);
	ck_assert_int_eq(scenario_parse(sc, "t.scn", text, 200, err), TFO_ERR_INVALID);
	ck_assert_str_eq(err, "t.scn:1:7: a title is at most 159 bytes");
	free(sc);
}
END_TEST

/* The parser reads only len bytes: no NUL needed, nothing past the end. */
START_TEST(reads_only_len_bytes)
{
	struct sim_scenario *sc = calloc(1, sizeof(*sc));
	const char text[] = "host a\nhost b\nhost c\nlink b c\nconnect at 0ms b c:80\n"
	                    "link a b delay 5ms";
	char err[SC_ERR_MAX];

	ck_assert_int_eq(scenario_parse(sc, "t.scn", text, sizeof(text) - 1, err), 0);
	ck_assert_uint_eq(sc->links[1].dir[0].delay, 5 * TFO_NS_PER_MS);
	ck_assert_int_eq(scenario_parse(sc, "t.scn", text, sizeof(text) - 3, err), TFO_ERR_INVALID);
	ck_assert_str_eq(err, "t.scn:6:16: expected a time with a unit (e.g. 100ms), got '5'");
	free(sc);
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(sc_pkind_name(SC_PK_SYN_ACK), "syn-ack");
	ck_assert_str_eq(sc_pkind_name(SC_PK_COUNT), "?");
	ck_assert_str_eq(sc_mbox_name(SC_MB_NAT), "nat");
	ck_assert_str_eq(sc_mbox_name(-1), "?");
}
END_TEST

Suite *sim_scenario_suite(void)
{
	Suite *s = suite_create("sim_scenario");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, full_scenario_reads_into_the_model);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, blank_and_crlf);
	tcase_add_test(tc, empty_scenario);
	tcase_add_test(tc, every_error_names_file_line_column);
	tcase_add_test(tc, limits_are_errors);
	tcase_add_test(tc, reads_only_len_bytes);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}
