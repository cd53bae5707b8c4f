/*
 * The script runner (<tfo/script.h>): whole scripts held inline, each
 * first run on Linux 6.18 with packetdrill (../shared/packetdrill), then
 * changed one thing at a time to check that the runner fails at the
 * right line with packetdrill's words; and the exact syntax errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <tfo/tfo.h>

#include "testutil.h"

/* Passes on Linux 6.18 (../shared/packetdrill/example-server-syn-data.pkt). */
static const char server_syn_data[] =
        "`sysctl -q net.ipv4.tcp_fastopen=0x3\n"
        "sysctl -q net.ipv4.tcp_fastopen_key=a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n"
        "sysctl -q net.ipv4.tcp_timestamps=0`\n"
        "    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
        "   +0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n"
        "   +0 bind(3, ..., ...) = 0\n"
        "   +0 listen(3, 1) = 0\n"
        "   +0 setsockopt(3, SOL_TCP, TCP_FASTOPEN, [1], 4) = 0\n"
        "   +0 < S 0:10(10) win 32792 <mss 1460,sackOK,nop,nop,FO 3021b9d889017eeb,nop,nop>\n"
        "   +0 > S. 0:0(0) ack 11 <mss 1460,nop,nop,sackOK>\n"
        "   +0 accept(3, ..., ...) = 4\n"
        "   +0 read(4, ..., 1024) = 10\n"
        "   +0 %{ assert tcpi_options & TCPI_OPT_SYN_DATA != 0 }%\n"
        "  +.1 < . 11:11(0) ack 1 win 257\n"
        "   +0 close(4) = 0\n"
        "   +0 > F. 1:1(0) ack 11\n";

/* Passes on Linux 6.18: a cookie request, then the cookie with 1000 bytes. */
static const char client_cookie[] =
        "`sysctl -q net.ipv4.tcp_fastopen=0x1\n"
        "sysctl -q net.ipv4.tcp_timestamps=0\n"
        "ip tcp_metrics flush all`\n"
        "    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
        "   +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
        "   +0 sendto(3, ..., 1000, MSG_FASTOPEN, ..., ...) = -1 EINPROGRESS (Operation now in "
        "progress)\n"
        "   +0 > S 0:0(0) <mss 1460,nop,nop,sackOK,nop,wscale 10,FO,nop,nop>\n"
        "  +.1 < S. 1234:1234(0) ack 1 win 5840 <mss 1460,nop,nop,sackOK,nop,wscale "
        "6,FO 0102030405060708,nop,nop>\n"
        "   +0 > . 1:1(0) ack 1\n"
        "   +0 close(3) = 0\n"
        "   +0 > F. 1:1(0) ack 1\n"
        "  +.1 < F. 1:1(0) ack 2 win 92\n"
        "   +0 > . 2:2(0) ack 2\n"
        "  +.1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
        "   +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
        "   +0 sendto(3, ..., 1000, MSG_FASTOPEN, ..., ...) = 1000\n"
        "   +0 > S 0:1000(1000) <mss 1460,nop,nop,sackOK,nop,wscale 10,FO "
        "0102030405060708,nop,nop>\n"
        "  +.1 < S. 5000:5000(0) ack 1001 win 5840 <mss 1460,nop,nop,sackOK,nop,wscale 6>\n"
        "   +0 > . 1001:1001(0) ack 1\n"
        "   +0 %{ assert tcpi_options & TCPI_OPT_SYN_DATA != 0, tcpi_options }%\n";

/* Passes on Linux 6.18: the SYN retransmission at 1 s has neither data nor option. */
static const char client_syn_rtx[] =
        "`sysctl -q net.ipv4.tcp_fastopen=0x1\n"
        "sysctl -q net.ipv4.tcp_timestamps=0\n"
        "ip tcp_metrics flush all`\n"
        "    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
        "   +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
        "   +0 sendto(3, ..., 1000, MSG_FASTOPEN, ..., ...) = -1 EINPROGRESS (Operation now in "
        "progress)\n"
        "   +0 > S 0:0(0) <mss 1460,nop,nop,sackOK,nop,wscale 10,FO,nop,nop>\n"
        "   +1 > S 0:0(0) <mss 1460,nop,nop,sackOK,nop,wscale 10>\n"
        "  +.1 < S. 1234:1234(0) ack 1 win 5840 <mss 1460,nop,nop,sackOK,nop,wscale 6>\n"
        "   +0 > . 1:1(0) ack 1\n"
        "   +0 write(3, ..., 100) = 100\n"
        "   +0 > P. 1:101(100) ack 1\n";

/* Passes on Linux 6.18: a blocking connect returns with the SYN-ACK (E counts like T). */
static const char blocking_connect[] = "`sysctl -q net.ipv4.tcp_fastopen=0x1\n"
                                       "sysctl -q net.ipv4.tcp_timestamps=0`\n"
                                       "    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                                       " +.2...0.3 connect(3, ..., ...) = 0\n"
                                       "   +0 > S 0:0(0) <mss 1460,nop,nop,sackOK,nop,wscale 10>\n"
                                       "  +.1 < S. 0:0(0) ack 1 win 5840 <mss 1460>\n"
                                       "   +0 > . 1:1(0) ack 1\n";

static int run(const char *text, const tfo_script_config *cfg, tfo_script_result *res)
{
	int v = tfo_script_run_string("t.pkt", text, cfg, res);

	ck_assert_int_ge(v, 0);
	ck_assert_int_eq(v, res->verdict);
	return v;
}

/* mutate: text with the first `from` replaced by `to` (malloc'd). */
static char *mutate(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	ck_assert_ptr_nonnull(at);
	ck_assert_ptr_nonnull(out);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

static void expect_fail(const char *text, const char *from, const char *to, int verdict,
                        const char *message)
{
	tfo_script_result res;
	char *m = mutate(text, from, to);

	ck_assert_int_eq(run(m, NULL, &res), verdict);
	ck_assert_str_eq(res.message, message);
	free(m);
}

START_TEST(linux_scripts_pass)
{
	const char *scripts[] = { server_syn_data, client_cookie, client_syn_rtx,
		                  blocking_connect };
	tfo_script_result res;

	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		ck_assert_int_eq(run(scripts[i], NULL, &res), TFO_SCRIPT_PASS);
		ck_assert_str_eq(res.message, "");
		ck_assert_int_eq(res.line, 0);
	}
}
END_TEST

START_TEST(mutants_fail_at_their_line)
{
	expect_fail(server_syn_data, "ack 11 <mss", "ack 12 <mss", TFO_SCRIPT_FAIL,
	            "t.pkt:10: error handling packet: live packet field tcp_ack_seq: expected: 12 "
	            "(0xc) vs actual: 11 (0xb)");
	expect_fail(server_syn_data, "<mss 1460,nop,nop,sackOK>", "<mss 1460,sackOK,nop,nop>",
	            TFO_SCRIPT_FAIL,
	            "t.pkt:10: error handling packet: bad outbound TCP options: expected: <mss "
	            "1460,sackOK,nop,nop> vs actual: <mss 1460,nop,nop,sackOK>");
	/* A changed cookie is refused: the SYN-ACK acks the SYN only. */
	expect_fail(server_syn_data, "FO 3021b9d889017eeb", "FO 3021b9d889017eec", TFO_SCRIPT_FAIL,
	            "t.pkt:10: error handling packet: live packet field tcp_ack_seq: expected: 11 "
	            "(0xb) vs actual: 1 (0x1)");
	expect_fail(
	        client_cookie, "EINPROGRESS", "EAGAIN", TFO_SCRIPT_FAIL,
	        "t.pkt:6: runtime error in sendto call: Expected errno 11 (Resource temporarily "
	        "unavailable) but got 115 (Operation now in progress)");
	expect_fail(server_syn_data, "read(4, ..., 1024) = 10", "read(4, ..., 1024) = 9",
	            TFO_SCRIPT_FAIL,
	            "t.pkt:12: runtime error in read call: Expected result 9 but got 10");
	expect_fail(server_syn_data, "!= 0 }%", "== 0 }%", TFO_SCRIPT_FAIL,
	            "t.pkt:13: error executing code: assertion failed: tcpi_options & "
	            "TCPI_OPT_SYN_DATA == 0");
	/* packetdrill's tolerance: 4 ms, or 12.5% of the time since the start. */
	expect_fail(client_syn_rtx, "+1 > S", "+.9 > S", TFO_SCRIPT_PASS, "");
	expect_fail(client_syn_rtx, "+1 > S", "+.8 > S", TFO_SCRIPT_FAIL,
	            "t.pkt:8: error handling packet: timing error: expected outbound packet at "
	            "0.800000 sec but happened at 1.000000 sec; tolerance 0.100000 sec");
	expect_fail(client_syn_rtx, "wscale 10>\n  +.1", "wscale 10,FO,nop,nop>\n  +.1",
	            TFO_SCRIPT_FAIL,
	            "t.pkt:8: error handling packet: bad outbound TCP options: expected: <mss "
	            "1460,nop,nop,sackOK,nop,wscale 10,FO,nop,nop> vs actual: <mss "
	            "1460,nop,nop,sackOK,nop,wscale 10>");
	expect_fail(client_cookie, "S 0:1000(1000)", "S 0:999(999)", TFO_SCRIPT_FAIL,
	            "t.pkt:17: error handling packet: live packet payload: expected 999 bytes vs "
	            "actual 1000 bytes");
	expect_fail(blocking_connect, "+.2...0.3", "+.2...0.2", TFO_SCRIPT_FAIL,
	            "t.pkt:4: timing error: expected system call return at 0.200000 sec but "
	            "happened at 0.300000 sec; tolerance 0.025000 sec");
	/* The SYN-ACK comes after the second retransmission (at 3 s): that SYN is next. */
	expect_fail(client_syn_rtx, "+.1 < S.", "+2.1 < S.", TFO_SCRIPT_FAIL,
	            "t.pkt:10: error handling packet: live packet field tcp_syn: expected: 0 "
	            "(0x0) vs actual: 1 (0x1)");
}
END_TEST

START_TEST(cannot_run_is_verdict_2)
{
	expect_fail(server_syn_data, "listen(3, 1)", "listne(3, 1)", TFO_SCRIPT_ERROR,
	            "t.pkt:7: unknown system call 'listne'");
	expect_fail(server_syn_data, "sysctl -q net.ipv4.tcp_timestamps=0", "rm -rf /",
	            TFO_SCRIPT_ERROR,
	            "t.pkt:3: error executing `shell` command: cannot run shell command 'rm': only "
	            "sysctl, echo > /proc/sys, ip tcp_metrics, set_sysctls.py and shell files are "
	            "interpreted");
	expect_fail(server_syn_data, "`sysctl", "--no_such_option=1\n`sysctl", TFO_SCRIPT_ERROR,
	            "t.pkt:1: bad option --no_such_option=1: unknown option");
}
END_TEST

START_TEST(syntax_errors_are_exact)
{
	static const struct {
		const char *text, *message;
	} cases[] = {
		{ "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < Q 0:0(0) win 1\n",
		  "t.pkt:2: syntax error: bad TCP flags 'Q'" },
		{ "0 < S 0:10(9) win 1\n",
		  "t.pkt:1: syntax error: sequence range and length differ" },
		{ "0 < S 0:0(0)\n", "t.pkt:1: syntax error: an inbound packet needs 'win N'" },
		{ "0 < . 0:0(0) win 5\n", "t.pkt:1: syntax error: an ACK packet needs 'ack N'" },
		{ "0 < S 0:0(0) win 5 <mss 1460,bogus 3>\n",
		  "t.pkt:1: syntax error: unknown TCP option 'bogus'" },
		{ "0 < S 0:0(0) win 5 <mss 1460,sackOK,TS val 1 ecr 0,nop,nop,FO "
		  "3021b9d889017eeb,nop,nop>\n",
		  "t.pkt:1: semantic error: TCP options are not padded correctly to ensure TCP "
		  "header "
		  "is a multiple of 4 bytes: 2 excess bytes" },
		{ "0 < S 0:0(0) win 5 <FO 123>\n",
		  "t.pkt:1: syntax error: cookie '123' has an odd number of hex digits" },
		{ "\n\nfoo\n", "t.pkt:3: syntax error: expected a time at 'foo'" },
		{ "0 close(3 = 0\n", "t.pkt:1: syntax error: expected ',' at '='" },
		{ "0 close(3) = 0 `sysctl -q x=1\n",
		  "t.pkt:1: syntax error: unterminated backtick command" },
		{ "/* never closed\n0 close(3) = 0\n",
		  "t.pkt:1: syntax error: unterminated comment" },
		{ "0 close(3) = 0\n--tolerance_usecs=10\n",
		  "t.pkt:2: syntax error: option line '--tolerance_usecs=10' after the first "
		  "event" },
		{ "+.2...+.3 close(3) = 0\n",
		  "t.pkt:1: syntax error: the end of a blocking call's time has no '+'" },
		{ "0 write(3, \"abc, 3) = 3\n", "t.pkt:1: syntax error: unterminated string" },
		{ "0 %{ assert 1 == 1\n", "t.pkt:1: syntax error: unterminated %{ }% block" },
		{ "0 close(3) = x\n", "t.pkt:1: syntax error: expected a return value at 'x'" },
		{ "0 > S 0:0(0) ack 1 ack 2\n", "t.pkt:1: syntax error: ack given twice" },
	};
	tfo_script_result res;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(run(cases[i].text, NULL, &res), TFO_SCRIPT_ERROR);
		ck_assert_str_eq(res.message, cases[i].message);
	}
}
END_TEST

START_TEST(defines_and_options)
{
	tfo_script_config *cfg;
	tfo_script_result res;
	const char *bad = NULL;
	char *m = mutate(server_syn_data, "FO 3021b9d889017eeb", "FO TFO_COOKIE");

	ck_assert_int_eq(tfo_script_config_new(&cfg), 0);
	ck_assert_int_eq(run(m, cfg, &res), TFO_SCRIPT_ERROR); /* TFO_COOKIE is no cookie */
	ck_assert_str_eq(res.message,
	                 "t.pkt:9: syntax error: bad cookie 'TFO_COOKIE' (hex, at most "
	                 "36 bytes)");
	ck_assert_int_eq(tfo_script_config_define(cfg, "TFO_COOKIE", "3021b9d889017eeb"), 0);
	ck_assert_int_eq(run(m, cfg, &res), TFO_SCRIPT_PASS);
	/* The cookie is for 192.0.2.1 -> 192.168.0.1: another client address gets none. */
	ck_assert_int_eq(tfo_script_config_set(cfg, "remote_ip", "192.0.2.7", NULL), 0);
	ck_assert_int_eq(run(m, cfg, &res), TFO_SCRIPT_FAIL);
	ck_assert_int_eq(res.line, 10);
	ck_assert_int_eq(tfo_script_config_set(cfg, "mtu", "12", &bad), TFO_ERR_INVALID);
	ck_assert_str_eq(bad, "mtu is a number from 576 to 65535");
	ck_assert_int_eq(tfo_script_config_set(cfg, "colour", "blue", &bad), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_script_config_define(cfg, "1X", "2"), TFO_ERR_INVALID);
	tfo_script_config_del(cfg);
	free(m);
}
END_TEST

START_TEST(command_line_wins_over_script_options)
{
	tfo_script_config *cfg;
	tfo_script_result res;
	char *m = mutate(client_syn_rtx, "`sysctl", "--tolerance_usecs=200000\n`sysctl");
	char *n = mutate(m, "+1 > S", "+.8 > S");

	ck_assert_int_eq(run(n, NULL, &res), TFO_SCRIPT_PASS); /* 0.2 s late is tolerated */
	ck_assert_int_eq(tfo_script_config_new(&cfg), 0);
	ck_assert_int_eq(tfo_script_config_set(cfg, "tolerance_usecs", "4000", NULL), 0);
	ck_assert_int_eq(run(n, cfg, &res), TFO_SCRIPT_FAIL);
	ck_assert_int_eq(res.line, 9);
	tfo_script_config_del(cfg);
	free(m);
	free(n);
}
END_TEST

START_TEST(ipv6)
{
	tfo_script_config *cfg;
	tfo_script_result res;
	char *m = mutate(client_syn_rtx, "mss 1460,nop,nop,sackOK,nop,wscale 10,FO",
	                 "mss 1440,nop,nop,sackOK,nop,wscale 10,FO");
	char *n = mutate(m, "+1 > S 0:0(0) <mss 1460", "+1 > S 0:0(0) <mss 1440");

	ck_assert_int_eq(tfo_script_config_new(&cfg), 0);
	ck_assert_int_eq(tfo_script_config_set(cfg, "ip_version", "ipv6", NULL), 0);
	ck_assert_int_eq(run(n, cfg, &res), TFO_SCRIPT_PASS);
	ck_assert_int_eq(run(client_syn_rtx, cfg, &res), TFO_SCRIPT_FAIL);
	ck_assert_int_eq(res.line, 7);
	tfo_script_config_del(cfg);
	free(m);
	free(n);
}
END_TEST

struct log {
	char text[8192];
	size_t n;
};

static void log_packet(void *user, tfo_time t, int inbound, const tfo_segment *seg)
{
	struct log *l = user;
	char line[TFO_SEGMENT_STRLEN];

	tfo_segment_format_line(seg, line, sizeof(line));
	l->n += (size_t)snprintf(l->text + l->n, sizeof(l->text) - l->n, "%llu %c %s\n",
	                         (unsigned long long)t, inbound ? '<' : '>', line);
}

START_TEST(same_script_same_run)
{
	struct log a = { .n = 0 }, b = { .n = 0 };
	tfo_script_observer obs = { .user = &a, .packet = log_packet };
	tfo_script_config *cfg;
	tfo_script_result res;

	ck_assert_int_eq(tfo_script_config_new(&cfg), 0);
	tfo_script_config_observe(cfg, &obs);
	ck_assert_int_eq(run(client_cookie, cfg, &res), TFO_SCRIPT_PASS);
	obs.user = &b;
	tfo_script_config_observe(cfg, &obs);
	ck_assert_int_eq(run(client_cookie, cfg, &res), TFO_SCRIPT_PASS);
	ck_assert_uint_gt(a.n, 0);
	ck_assert_str_eq(a.text, b.text);
	/* The cookie request left at 0 and the ACK of the SYN-ACK at 0.1 s. */
	ck_assert_ptr_nonnull(strstr(a.text, "0 > IP 192.168.0.1."));
	ck_assert_ptr_nonnull(strstr(a.text, "100000000 < IP 192.0.2.1.8080 > 192.168.0.1."));
	tfo_script_config_del(cfg);
}
END_TEST

START_TEST(files_and_shell_files)
{
	tfo_script_result res;

	ck_assert_int_eq(tfo_script_run_file("/nonexistent/x.pkt", NULL, &res), TFO_SCRIPT_ERROR);
	ck_assert_str_eq(res.message, "/nonexistent/x.pkt: cannot open the script");
	ck_assert_int_eq(
	        tfo_script_run_file(TFO_SOURCE_ROOT
	                            "/tests/script/tcp/fastopen/client/defaults-cookie.pkt",
	                            NULL, &res),
	        TFO_SCRIPT_PASS);
	ck_assert_int_eq(tfo_script_run_file(NULL, NULL, &res), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_script_run_string("x", NULL, NULL, &res), TFO_ERR_INVALID);
}
END_TEST

Suite *script_suite(void)
{
	Suite *s = suite_create("script");
	TCase *tc = tcase_create("script");

	tcase_add_test(tc, linux_scripts_pass);
	tcase_add_test(tc, mutants_fail_at_their_line);
	tcase_add_test(tc, cannot_run_is_verdict_2);
	tcase_add_test(tc, syntax_errors_are_exact);
	tcase_add_test(tc, defines_and_options);
	tcase_add_test(tc, command_line_wins_over_script_options);
	tcase_add_test(tc, ipv6);
	tcase_add_test(tc, same_script_same_run);
	tcase_add_test(tc, files_and_shell_files);
	suite_add_tcase(s, tc);
	return s;
}
