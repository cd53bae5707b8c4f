/*
 * A unit test of server key rotation with libtfo's test kit, as Linux's
 * net.ipv4.tcp_fastopen_key with a backup key does it: after one rotation
 * the old cookie is still accepted (on the backup key) and the SYN-ACK
 * brings a fresh one; after a second rotation the old key is gone and the
 * old cookie is refused.
 *
 *   cc key_rotation.c $(pkg-config --cflags --libs tfo) -o key_rotation && ./key_rotation
 */
#include <stdio.h>
#include <string.h>

#include <tfo/tfo.h>

#define MS 1000000u

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond);         \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

static void on_event(void *user, int side, tfo_time now, const tfo_event *ev)
{
	tfo_endpoint *child;
	char buf[16];

	(void)user;
	if (side == TFO_PAIR_SERVER && ev->type == TFO_EV_ACCEPT)
		tfo_accept(ev->listener, &child);
	if (side == TFO_PAIR_SERVER && ev->type == TFO_EV_READABLE)
		tfo_read(ev->ep, now, buf, sizeof(buf));
}

/* One visit with data; returns its outcome, or -1. */
static int visit(tfo_pair *p)
{
	tfo_connect_args a;
	tfo_endpoint *ep;
	tfo_endpoint_info info;

	memset(&a, 0, sizeof(a));
	tfo_sockaddr_parse(&a.local, "192.0.2.1:0");
	tfo_sockaddr_parse(&a.remote, "192.168.0.1:80");
	a.flags = TFO_CONNECT_FASTOPEN;
	a.data = (const uint8_t *)"hello!";
	a.len = 6;
	if (tfo_connect(tfo_pair_host(p, TFO_PAIR_CLIENT), tfo_pair_now(p), &a, &ep) != 6 ||
	    tfo_pair_run_until(p, tfo_pair_now(p) + 1000 * MS) != 0)
		return -1;
	tfo_endpoint_get_info(ep, &info);
	tfo_close(ep, tfo_pair_now(p));
	return info.outcome;
}

static int rotate(tfo_pair *p, const char *text)
{
	tfo_key k;

	if (tfo_key_parse(&k, text) != 0)
		return -1;
	return tfo_keyring_rotate(tfo_host_keyring(tfo_pair_host(p, TFO_PAIR_SERVER)), &k);
}

int main(void)
{
	tfo_host *server;
	tfo_pair_config cfg;
	tfo_sockaddr srv;
	tfo_listener *l;
	tfo_pair *p;

	memset(&cfg, 0, sizeof(cfg));
	cfg.delay = 10 * MS;
	cfg.seed = 1;
	cfg.event = on_event;
	CHECK(tfo_pair_new(&p, &cfg) == 0);
	server = tfo_pair_host(p, TFO_PAIR_SERVER);
	CHECK(rotate(p, "01234567-89abcdef-fedcba98-76543210") == 0);
	CHECK(tfo_sockaddr_parse(&srv, "192.168.0.1:80") == 0);
	CHECK(tfo_listen(server, &srv, 16, &l) == 0);
	CHECK(tfo_listener_set_fastopen(l, 16) == 0);

	CHECK(visit(p) == TFO_OUTCOME_COOKIE_REQUEST); /* cookie from key 1 */
	CHECK(visit(p) == TFO_OUTCOME_ACCEPTED);

	CHECK(rotate(p, "deadbeef-cafebabe-feedface-0ddba11f") == 0); /* key 1 is the backup */
	CHECK(visit(p) == TFO_OUTCOME_ACCEPTED); /* on the backup key; a key-2 cookie comes back */
	CHECK(tfo_host_counter(server, TFO_CTR_FASTOPEN_PASSIVE_ALT_KEY) == 1);
	CHECK(visit(p) == TFO_OUTCOME_ACCEPTED); /* the fresh cookie, on the primary */

	CHECK(rotate(p, "10203040-50607080-90a0b0c0-d0e0f000") == 0); /* key 1 is gone */
	CHECK(rotate(p, "0f0e0d0c-0b0a0908-07060504-03020100") == 0); /* so is key 2 */
	CHECK(visit(p) == TFO_OUTCOME_REJECTED); /* the data is sent again after the handshake */
	CHECK(tfo_host_counter(server, TFO_CTR_FASTOPEN_PASSIVE_FAIL) == 1);
	CHECK(visit(p) == TFO_OUTCOME_ACCEPTED); /* with the cookie the refusal carried */

	tfo_pair_del(p);
	puts("key_rotation: backup key accepted, retired key refused, fresh cookie accepted");
	return 0;
}
