/* Ladder diagrams rendered from hand-made traces, compared line for line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_ladder.h"
#include "sim_link.h"
#include "testutil.h"

#define MS TFO_NS_PER_MS
#define ELL "\xe2\x80\xa6" /* the ellipsis after a cut cookie */

static const uint8_t cookie[8] = { 0x30, 0x21, 0xb9, 0xd8, 0x89, 0x01, 0x7e, 0xeb };

static struct trace_ev state(tfo_time t, int side, int from, int to)
{
	return (struct trace_ev){ .t = t,
		                  .type = TR_STATE,
		                  .side = (uint8_t)side,
		                  .old_state = (int8_t)from,
		                  .new_state = (int8_t)to };
}

static struct trace_ev pkt(tfo_time t, int side, uint8_t flags, uint32_t seq, uint32_t ack,
                           uint32_t len, tfo_time arrive)
{
	struct trace_ev e = { .t = t, .type = TR_PACKET, .side = (uint8_t)side };

	e.pkt.flags = flags;
	e.pkt.seq = seq;
	e.pkt.ack = ack;
	e.pkt.len = len;
	e.pkt.arrive = arrive;
	return e;
}

static struct trace_ev with_cookie(struct trace_ev e, int len)
{
	e.pkt.tfo = len ? TR_TFO_COOKIE : TR_TFO_REQUEST;
	e.pkt.cookie_len = (uint8_t)len;
	memcpy(e.pkt.cookie, cookie, (size_t)len);
	return e;
}

static struct trace_ev app(tfo_time t, int type, uint32_t bytes)
{
	return (struct trace_ev){
		.t = t, .type = (uint8_t)type, .side = type == TR_REQUEST_IN, .bytes = bytes
	};
}

static char *render(const struct trace_ev *evs, size_t n, const struct sim_scenario *sc)
{
	struct trace tr = { 0 };
	struct ladder_info li = {
		.index = 2, .request = 6, .response = 100, .server_initial = TFO_LISTEN, .sc = sc
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	tfo_sockaddr_parse(&li.client, "10.0.0.1:40000");
	tfo_sockaddr_parse(&li.server, "10.0.0.2:80");
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(trace_add(&tr, &evs[i], NULL), 0);
	ladder_render(f, &li, &tr, NULL);
	fclose(f);
	trace_free(&tr, NULL);
	return buf;
}

static void check_lines(const char *got)
{
	for (const char *s = got; *s;) {
		const char *nl = strchr(s, '\n');
		size_t cols = 0;

		ck_assert_ptr_nonnull(nl);
		for (const char *c = s; c < nl; c++)
			cols += ((uint8_t)*c & 0xc0) != 0x80;
		ck_assert_msg(cols <= LADDER_WIDTH, "line too long: %.*s", (int)(nl - s), s);
		ck_assert_msg(nl == s || nl[-1] != ' ', "trailing space: %.*s", (int)(nl - s), s);
		s = nl + 1;
	}
}

START_TEST(return_visit)
{
	const uint8_t SA = TFO_TH_SYN | TFO_TH_ACK, PA = TFO_TH_PSH | TFO_TH_ACK;
	const struct trace_ev evs[] = {
		state(0, 0, TFO_CLOSED, TFO_SYN_SENT),
		with_cookie(pkt(0, 0, TFO_TH_SYN, 1000, 0, 6, 50 * MS), 8),
		state(50 * MS, 1, TFO_LISTEN, TFO_SYN_RECEIVED),
		app(50 * MS, TR_REQUEST_IN, 6),
		pkt(50 * MS, 1, SA, 5000, 1007, 0, 100 * MS),
		pkt(50 * MS, 1, PA, 5001, 1007, 100, 100 * MS),
		state(100 * MS, 0, TFO_SYN_SENT, TFO_ESTABLISHED),
		pkt(100 * MS, 0, TFO_TH_ACK, 1007, 5001, 0, 150 * MS),
		app(100 * MS, TR_ANSWER_IN, 0),
		pkt(100 * MS, 0, TFO_TH_ACK, 1007, 5101, 0, 150 * MS),
		state(150 * MS, 1, TFO_SYN_RECEIVED, TFO_ESTABLISHED),
	};
	static const char want[] =
	        "connection 2: 10.0.0.1:40000 -> 10.0.0.2:80, request 6 B, answer 100 B\n"
	        "seq and ack are relative to the ISNs: client 1000, server 5000\n"
	        "time (ms)  client                                                               "
	        "       server\n"
	        "    0.000  CLOSED                                                               "
	        "       LISTEN\n"
	        "    0.000  SYN-SENT     S seq 0 len 6 cookie 3021b9d8" ELL " -------------------"
	        "----> 50.000\n"
	        "   50.000                                       server app has the whole request"
	        " (6 B) SYN-RECEIVED\n"
	        "   50.000               100.000 <-------------------------------------- S. seq 0"
	        " ack 7\n"
	        "   50.000               100.000 <------------------------------ P. seq 1 ack 7 l"
	        "en 100\n"
	        "  100.000  ESTABLISHED  . seq 7 ack 1 ---------------------------------------> 1"
	        "50.000\n"
	        "  100.000               client app has the first byte of the answer\n"
	        "  100.000               . seq 7 ack 101 -------------------------------------> 1"
	        "50.000\n"
	        "  150.000                                                                       "
	        "       ESTABLISHED\n";
	char *got = render(evs, sizeof(evs) / sizeof(evs[0]), NULL);

	check_lines(got);
	ck_assert_msg(strcmp(got, want) == 0, "got:\n%s", got);
	free(got);
}
END_TEST

/* Drops end in X with their reason, middlebox changes get a note, rtx and dup are marked. */
START_TEST(losses_and_middleboxes)
{
	const uint8_t SA = TFO_TH_SYN | TFO_TH_ACK, PA = TFO_TH_PSH | TFO_TH_ACK;
	static struct sim_scenario sc;
	struct trace_ev evs[9];
	static const char want[] =
	        "connection 2: 10.0.0.1:40000 -> 10.0.0.2:80, request 6 B, answer 100 B\n"
	        "seq and ack are relative to the ISNs: client 1, server 77\n"
	        "time (ms)  client                                                               "
	        "       server\n"
	        "    0.000  CLOSED                                                               "
	        "       LISTEN\n"
	        "    0.000               S seq 0 exp cookie req --------------X dropped by drop-s"
	        "yn-tfo\n"
	        " 1000.000               S seq 0 (rtx) --------------------------------------> 10"
	        "50.000\n"
	        " 1000.000                 ^ nat rewrote 10.0.0.1 as 192.0.2.99\n"
	        " 1050.000               lost (rule: first syn-ack) X------------------- S. seq 0"
	        " ack 1 SYN-RECEIVED\n"
	        " 2050.000               2100.000 <------------------------------- S. seq 0 ack 1"
	        " (rtx)\n"
	        " 2100.000               P. seq 1 ack 1 len 1400 cookie 3021b9d8" ELL " ---------"
	        "--> 2150.000\n"
	        " 2100.000                 ^ a middlebox overwrote the Fast Open option with NOPs\n"
	        " 2100.000               P. seq 1 ack 1 len 1400 cookie 3021b9d8" ELL " (dup) ---"
	        "--> 2150.000\n"
	        " 2100.000                 ^ a middlebox overwrote the Fast Open option with NOPs\n"
	        " 2100.000               P. seq 1401 ack 1 len 1400 exp cookie 3021b9d8" ELL " --"
	        "----------X\n"
	        " 2100.000                 ^ lost (queue full)\n"
	        " 9000.000               client app: connection failed (ETIMEDOUT)\n";
	char *got;

	sc.nloss = 1;
	sc.loss[0] = (struct sc_loss){ .kind = SC_PK_SYN_ACK, .nth = 1 };
	evs[0] = with_cookie(pkt(0, 0, TFO_TH_SYN, 1, 0, 0, 0), 0);
	evs[0].pkt.tfo_exp = 1;
	evs[0].pkt.drop = SIM_DROP_MBOX;
	evs[0].pkt.mbox = SC_MB_DROP_SYN_TFO;
	evs[1] = pkt(1000 * MS, 0, TFO_TH_SYN, 1, 0, 0, 1050 * MS);
	evs[1].pkt.modified = TR_MOD_NAT;
	tfo_addr_parse(&evs[1].pkt.nat_from, "10.0.0.1");
	tfo_addr_parse(&evs[1].pkt.nat_to, "192.0.2.99");
	evs[2] = state(1050 * MS, 1, TFO_LISTEN, TFO_SYN_RECEIVED);
	evs[3] = pkt(1050 * MS, 1, SA, 77, 2, 0, 0);
	evs[3].pkt.drop = SIM_DROP_SCRIPT;
	evs[4] = pkt(2050 * MS, 1, SA, 77, 2, 0, 2100 * MS);
	evs[5] = with_cookie(pkt(2100 * MS, 0, PA, 2, 78, 1400, 2150 * MS), 8);
	evs[5].pkt.modified = TR_MOD_STRIPPED;
	evs[6] = evs[5];
	evs[6].pkt.dup = 1;
	evs[7] = with_cookie(pkt(2100 * MS, 0, PA, 1402, 78, 1400, 0), 8);
	evs[7].pkt.tfo_exp = 1;
	evs[7].pkt.drop = SIM_DROP_QUEUE;
	evs[8] = (struct trace_ev){ .t = 9000 * MS, .type = TR_ERROR, .error = TFO_ERR_TIMEDOUT };
	got = render(evs, 9, &sc);
	check_lines(got);
	ck_assert_msg(strcmp(got, want) == 0, "got:\n%s", got);
	free(got);
}
END_TEST

Suite *sim_ladder_suite(void)
{
	Suite *s = suite_create("sim_ladder");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, return_visit);
	tcase_add_test(tc, losses_and_middleboxes);
	suite_add_tcase(s, tc);
	return s;
}
