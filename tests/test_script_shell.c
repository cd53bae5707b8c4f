/*
 * The shell-line interpreter: the command forms Linux's packetdrill
 * scripts and the harness use, each setting what it should and nothing
 * being run; the window scale derived as Linux derives it.
 */
#include <stdio.h>
#include <string.h>

#include <check.h>
#include <tfo/tfo.h>

#include "rig.h"
#include "script_shell.h"

struct shell {
	struct rig r;
	tfo_settings s;
	uint64_t rmem2, rmem_max;
	int ws;
	struct sh_ctx c;
	char msg[300];
	int line;
};

static void shell_init(struct shell *sh)
{
	rig_init(&sh->r, NULL);
	sh->s = *tfo_host_settings(sh->r.h);
	sh->rmem2 = 33554432;
	sh->rmem_max = 4194304;
	sh->ws = 1;
	memset(&sh->c, 0, sizeof(sh->c));
	sh->c.s = &sh->s;
	sh->c.ring = tfo_host_keyring(sh->r.h);
	sh->c.h = sh->r.h;
	sh->c.dir = TFO_SOURCE_ROOT "/tests/script/tcp/fastopen/client";
	sh->c.rmem2 = &sh->rmem2;
	sh->c.rmem_max = &sh->rmem_max;
	sh->c.window_scaling = &sh->ws;
}

static int run(struct shell *sh, const char *text)
{
	sh->line = -1;
	sh->msg[0] = '\0';
	return sh_run(&sh->c, text, &sh->line, sh->msg, sizeof(sh->msg));
}

START_TEST(sysctl_forms)
{
	struct shell sh;

	shell_init(&sh);
	ck_assert_int_eq(run(&sh,
	                     "sysctl -q net.ipv4.tcp_fastopen=0x603 net.ipv4.tcp_sack=0\n"
	                     "sysctl -w net/ipv4/tcp_syn_retries=3; echo 0 > "
	                     "/proc/sys/net/ipv4/tcp_syn_linear_timeouts; echo 0 > "
	                     "/proc/sys/net/ipv4/tcp_timestamps\n"
	                     "set_sysctls.py /proc/sys/net/ipv4/tcp_synack_retries=2 "
	                     "/proc/sys/net/ipv4/tcp_fastopen_blackhole_timeout_sec=5\n"
	                     "sysctl -q net.ipv4.ip_local_port_range=\"40000 40010\" && true\n"
	                     "sysctl -q net.ipv4.tcp_ecn=1 > /dev/null 2>&1  # not modelled\n"),
	                 SH_OK);
	ck_assert_uint_eq(sh.s.fastopen, 0x603);
	ck_assert_uint_eq(sh.s.sack, 0);
	ck_assert_uint_eq(sh.s.syn_retries, 3);
	ck_assert_uint_eq(sh.s.syn_linear_timeouts, 0);
	ck_assert_uint_eq(sh.s.timestamps, 0);
	ck_assert_uint_eq(sh.s.synack_retries, 2);
	ck_assert_uint_eq(sh.s.blackhole_timeout, SEC(5));
	ck_assert_uint_eq(sh.s.port_lo, 40000);
	ck_assert_uint_eq(sh.s.port_hi, 40010);
	rig_free(&sh.r);
}
END_TEST

START_TEST(window_scale_from_buffers)
{
	/* tcp_select_initial_window(): ilog2(max(tcp_rmem[2], rmem_max)) - 15 */
	struct shell sh;

	ck_assert_uint_eq(sh_wscale(33554432, 4194304), 10); /* Linux 6.18's defaults */
	ck_assert_uint_eq(sh_wscale(6291456, 4194304), 7);
	ck_assert_uint_eq(sh_wscale(65535, 0), 0);
	ck_assert_uint_eq(sh_wscale(UINT64_C(1) << 40, 0), 14);
	shell_init(&sh);
	ck_assert_int_eq(run(&sh, "sysctl -q net.ipv4.tcp_rmem=\"4096 540000 $((15*1024*1024))\""),
	                 SH_OK);
	ck_assert_uint_eq(sh.s.wscale, 8);
	ck_assert_int_eq(run(&sh, "sysctl -q net.core.rmem_max=67108864"), SH_OK);
	ck_assert_uint_eq(sh.s.wscale, 11);
	ck_assert_int_eq(run(&sh, "sysctl -q net.ipv4.tcp_window_scaling=0"), SH_OK);
	ck_assert_uint_eq(sh.s.wscale, 15); /* not offered */
	ck_assert_int_eq(run(&sh, "sysctl -q net.ipv4.tcp_window_scaling=1"), SH_OK);
	ck_assert_uint_eq(sh.s.wscale, 11);
	rig_free(&sh.r);
}
END_TEST

START_TEST(keys_and_cookie_cache)
{
	struct shell sh;
	tfo_addr a, b;
	uint8_t cookie[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	size_t len = 0;

	shell_init(&sh);
	ck_assert_int_eq(run(&sh, "sysctl -q net.ipv4.tcp_fastopen_key="
	                          "00000001-00000002-00000003-00000004,"
	                          "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"),
	                 SH_OK);
	ck_assert_int_eq(tfo_keyring_has_backup(tfo_host_keyring(sh.r.h)), 1);
	ck_assert_int_eq(run(&sh, "sysctl -q net.ipv4.tcp_fastopen_key=zz"), SH_FAIL);
	ck_assert_str_eq(sh.msg, "sysctl net.ipv4.tcp_fastopen_key: bad key 'zz'");
	tfo_addr_parse(&a, "192.168.0.1");
	tfo_addr_parse(&b, "192.0.2.1");
	ck_assert_int_eq(tfo_host_cookie_set(sh.r.h, &a, &b, cookie, 8, 1460), 0);
	ck_assert_int_eq(run(&sh, "ip tcp_metrics flush all > /dev/null 2>&1"), SH_OK);
	ck_assert_int_eq(tfo_host_cookie_get(sh.r.h, &a, &b, cookie, &len, NULL), 0);
	rig_free(&sh.r);
}
END_TEST

START_TEST(shell_files_and_refusals)
{
	struct shell sh;

	shell_init(&sh);
	ck_assert_int_eq(run(&sh, "../../common/defaults.sh"), SH_OK);
	ck_assert_uint_eq(sh.s.fastopen, 0x70403);
	ck_assert_uint_eq(sh.s.wscale, 8);
	ck_assert_int_eq(run(&sh, "sysctl -q net.ipv4.tcp_sack=1\nrm -rf /tmp/x"), SH_ERROR);
	ck_assert_int_eq(sh.line, 1);
	ck_assert_str_eq(sh.msg, "cannot run shell command 'rm': only sysctl, echo > /proc/sys, ip "
	                         "tcp_metrics, set_sysctls.py and shell files are interpreted");
	ck_assert_int_eq(run(&sh, "echo 1 > /etc/passwd"), SH_ERROR);
	ck_assert_str_eq(sh.msg, "echo into '/etc/passwd': only /proc/sys files are modelled");
	ck_assert_int_eq(run(&sh, "ip route add default dev tun0"), SH_ERROR);
	ck_assert_int_eq(run(&sh, "../../common/missing.sh"), SH_ERROR);
	ck_assert_str_eq(sh.msg, "cannot read shell file '../../common/missing.sh'");
	ck_assert_int_eq(run(&sh, "sysctl -q foo.bar=1"), SH_ERROR);
	ck_assert_int_eq(run(&sh, "sysctl -q net.ipv4.tcp_syn_retries=0"), SH_FAIL);
	ck_assert_int_eq(run(&sh, "echo \"unterminated > /proc/sys/net/ipv4/tcp_sack"), SH_ERROR);
	rig_free(&sh.r);
}
END_TEST

Suite *script_shell_suite(void)
{
	Suite *s = suite_create("script_shell");
	TCase *tc = tcase_create("script_shell");

	tcase_add_test(tc, sysctl_forms);
	tcase_add_test(tc, window_scale_from_buffers);
	tcase_add_test(tc, keys_and_cookie_cache);
	tcase_add_test(tc, shell_files_and_refusals);
	suite_add_tcase(s, tc);
	return s;
}
