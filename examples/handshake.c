/*
 * A unit test of a plain TCP handshake with libtfo's test kit: a client
 * and a server host 10 ms apart, in virtual time. The SYN-ACK reaches the
 * client at 20 ms (one RTT), the server accepts at 30 ms.
 *
 *   cc handshake.c $(pkg-config --cflags --libs tfo) -o handshake && ./handshake
 */
#include <stdio.h>
#include <string.h>

#include <tfo/tfo.h>

#define MS 1000000u /* tfo_time is in nanoseconds */

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond);         \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

struct seen {
	tfo_time connected, accepted;
	tfo_endpoint *child;
};

static void on_event(void *user, int side, tfo_time now, const tfo_event *ev)
{
	struct seen *s = user;

	if (side == TFO_PAIR_CLIENT && ev->type == TFO_EV_CONNECTED)
		s->connected = now;
	if (side == TFO_PAIR_SERVER && ev->type == TFO_EV_ACCEPT &&
	    tfo_accept(ev->listener, &s->child) == 0)
		s->accepted = now;
}

int main(void)
{
	struct seen seen = { TFO_TIME_NEVER, TFO_TIME_NEVER, NULL };
	tfo_pair_config cfg;
	tfo_connect_args a;
	tfo_listener *l;
	tfo_endpoint *ep;
	tfo_pair *p;

	memset(&cfg, 0, sizeof(cfg));
	cfg.delay = 10 * MS;
	cfg.seed = 1;
	cfg.user = &seen;
	cfg.event = on_event;
	CHECK(tfo_pair_new(&p, &cfg) == 0);

	memset(&a, 0, sizeof(a));
	CHECK(tfo_sockaddr_parse(&a.local, "192.0.2.1:0") == 0);
	CHECK(tfo_sockaddr_parse(&a.remote, "192.168.0.1:80") == 0);
	CHECK(tfo_listen(tfo_pair_host(p, TFO_PAIR_SERVER), &a.remote, 16, &l) == 0);
	CHECK(tfo_connect(tfo_pair_host(p, TFO_PAIR_CLIENT), tfo_pair_now(p), &a, &ep) == 0);

	CHECK(tfo_pair_run_until(p, 1000 * MS) == 0);
	CHECK(seen.connected == 20 * MS);
	CHECK(seen.accepted == 30 * MS);
	CHECK(tfo_endpoint_state(ep) == TFO_ESTABLISHED);
	CHECK(tfo_endpoint_state(seen.child) == TFO_ESTABLISHED);

	tfo_pair_del(p);
	puts("handshake: connected at 20 ms, accepted at 30 ms");
	return 0;
}
