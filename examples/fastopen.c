/*
 * A unit test of TCP Fast Open with libtfo's test kit: the first visit
 * gets a cookie, the return visit's data reaches the server application
 * with the SYN, one RTT before the handshake's final ACK does.
 *
 *   cc fastopen.c $(pkg-config --cflags --libs tfo) -o fastopen && ./fastopen
 */
#include <stdio.h>
#include <string.h>

#include <tfo/tfo.h>

#define MS 1000000u
#define KEY "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond);         \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

struct seen {
	tfo_time data_read; /* the server application read the request */
	tfo_time final_ack; /* the client's handshake ACK reached the server */
	char request[8];
};

static void on_event(void *user, int side, tfo_time now, const tfo_event *ev)
{
	struct seen *s = user;
	tfo_endpoint *child;

	if (side != TFO_PAIR_SERVER)
		return;
	if (ev->type == TFO_EV_ACCEPT)
		tfo_accept(ev->listener, &child); /* a Fast Open child comes at once */
	if (ev->type == TFO_EV_READABLE && s->data_read == TFO_TIME_NEVER &&
	    tfo_read(ev->ep, now, s->request, sizeof(s->request) - 1) > 0)
		s->data_read = now;
}

/* Records when the first bare ACK (no SYN, no data) reaches the server. */
static void on_deliver(void *user, int to, tfo_time now, const tfo_segment *seg)
{
	struct seen *s = user;

	if (to == TFO_PAIR_SERVER && seg->flags == TFO_TH_ACK && seg->len == 0 &&
	    s->final_ack == TFO_TIME_NEVER)
		s->final_ack = now;
}

static int visit(tfo_pair *p, struct seen *s, tfo_endpoint **ep)
{
	tfo_connect_args a;

	memset(s, 0, sizeof(*s));
	s->data_read = s->final_ack = TFO_TIME_NEVER;
	memset(&a, 0, sizeof(a));
	tfo_sockaddr_parse(&a.local, "192.0.2.1:0");
	tfo_sockaddr_parse(&a.remote, "192.168.0.1:80");
	a.flags = TFO_CONNECT_FASTOPEN; /* sendto(MSG_FASTOPEN) */
	a.data = (const uint8_t *)"hello!";
	a.len = 6;
	return tfo_connect(tfo_pair_host(p, TFO_PAIR_CLIENT), tfo_pair_now(p), &a, ep);
}

int main(void)
{
	tfo_pair_config cfg;
	tfo_sockaddr srv;
	tfo_listener *l;
	tfo_endpoint *ep;
	tfo_endpoint_info info;
	struct seen s;
	tfo_pair *p;
	tfo_time start;

	memset(&cfg, 0, sizeof(cfg));
	cfg.delay = 50 * MS; /* a 100 ms RTT */
	cfg.seed = 1;
	cfg.user = &s;
	cfg.event = on_event;
	cfg.deliver = on_deliver;
	CHECK(tfo_pair_new(&p, &cfg) == 0); /* the server has fastopen 0x3 */
	CHECK(tfo_keyring_parse(tfo_host_keyring(tfo_pair_host(p, TFO_PAIR_SERVER)), KEY) == 0);
	CHECK(tfo_sockaddr_parse(&srv, "192.168.0.1:80") == 0);
	CHECK(tfo_listen(tfo_pair_host(p, TFO_PAIR_SERVER), &srv, 16, &l) == 0);
	CHECK(tfo_listener_set_fastopen(l, 16) == 0);

	/* First visit: the SYN asks for a cookie; the request waits for the handshake. */
	CHECK(visit(p, &s, &ep) == 6);
	CHECK(tfo_pair_run_until(p, 1000 * MS) == 0);
	tfo_endpoint_get_info(ep, &info);
	CHECK(info.outcome == TFO_OUTCOME_COOKIE_REQUEST);
	CHECK(s.data_read == 150 * MS);
	tfo_close(ep, tfo_pair_now(p));

	/* Return visit: the request rides in the SYN. */
	start = tfo_pair_now(p);
	CHECK(visit(p, &s, &ep) == 6);
	CHECK(tfo_pair_run_until(p, start + 1000 * MS) == 0);
	tfo_endpoint_get_info(ep, &info);
	CHECK(info.outcome == TFO_OUTCOME_ACCEPTED);
	CHECK(strcmp(s.request, "hello!") == 0);
	CHECK(s.data_read == start + 50 * MS);  /* with the SYN */
	CHECK(s.final_ack == start + 150 * MS); /* one RTT later */
	CHECK(s.data_read < s.final_ack);

	tfo_pair_del(p);
	puts("fastopen: the return visit's request was read 100 ms before the final ACK");
	return 0;
}
