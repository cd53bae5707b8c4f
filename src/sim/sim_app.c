/*
 * The applications: a client that connects at its scheduled time, sends
 * an N-byte request (in the SYN when it uses Fast Open) and reads an
 * M-byte answer; a server that accepts, reads the N bytes, thinks, writes
 * the M bytes. Who closes first is the listener's choice. The two moments
 * the report measures are recorded here: the server application has the
 * whole request, and the client application has the first answer byte.
 */
#include <string.h>

#include "sim_conn.h"
#include "tfo_alloc.h"

static const struct sc_listen *listener_for(const struct sim_scenario *sc, unsigned host,
                                            uint16_t port)
{
	for (size_t i = 0; i < sc->nlisten; i++)
		if (sc->listen[i].host == host && sc->listen[i].port == port)
			return &sc->listen[i];
	return NULL;
}

static uint64_t response_of(const struct sim_conn *c)
{
	return c->lis ? c->lis->response : 0;
}

static int client_closes(const struct sim_conn *c)
{
	return !c->lis || c->lis->closer == SC_CLOSE_CLIENT;
}

static void mark(struct sim *s, struct sim_conn *c, int type, int side, uint32_t bytes)
{
	struct trace_ev ev;

	if (!c->tr)
		return; /* untraced: the event would be zeroed and built for nothing */
	ev = (struct trace_ev){ .t = s->now,
		                .type = (uint8_t)type,
		                .side = (uint8_t)side,
		                .bytes = bytes,
		                .error = c->error };
	app_trace_add(s, c, &ev);
}

/* ---- client -------------------------------------------------------- */

/* client_close: the client application is done; its endpoint lives on in the host. */
static void client_close(struct sim *s, struct sim_conn *c, int status)
{
	sconn_snapshot(c);
	sconn_finish(s, c, status);
	if (c->cep && c->line->reset)
		tfo_abort(c->cep, s->now);
	else if (c->cep)
		tfo_close(c->cep, s->now);
	c->cep = NULL;
}

static void client_write(struct sim *s, struct sim_conn *c)
{
	while (c->cep && c->req_written < c->line->request) {
		uint64_t left = c->line->request - c->req_written;
		int n = tfo_write(c->cep, s->now, s->pattern,
		                  left < PATTERN_LEN ? left : PATTERN_LEN);

		if (n == TFO_ERR_NOMEM)
			sim_fail(s, n);
		if (n <= 0)
			return; /* TFO_ERR_AGAIN: TFO_EV_WRITABLE resumes; errors come as events */
		c->req_written += (uint64_t)n;
	}
	/* Nothing to wait for: close once the request is out. */
	if (c->cep && response_of(c) == 0 && client_closes(c))
		client_close(s, c, RES_DONE);
}

static void client_read(struct sim *s, struct sim_conn *c)
{
	while (c->cep) {
		int n = tfo_read(c->cep, s->now, s->scratch, sizeof(s->scratch));

		if (n > 0) {
			if (c->resp_read == 0) {
				c->first_at = s->now;
				mark(s, c, TR_ANSWER_IN, 0, 0);
			}
			c->resp_read += (uint64_t)n;
			if (c->resp_read >= response_of(c) && client_closes(c))
				client_close(s, c, RES_DONE);
		} else if (n == 0) {
			client_close(s, c, RES_DONE); /* the server closed */
		} else {
			return;
		}
	}
}

static void family_addr(const struct sc_host *h, int family, tfo_addr *out)
{
	*out = family == TFO_AF_INET ? h->addr4 : h->addr6;
}

/* client_open: tfo_connect with the request in the SYN when Fast Open is in use. */
static int client_open(struct sim *s, struct sim_conn *c)
{
	const struct sc_connect *l = c->line;
	tfo_connect_args a = { .remote.port = l->port };
	tfo_sockaddr local, remote;
	int rc;

	family_addr(&s->sc->hosts[c->client], l->family, &a.local.addr);
	family_addr(&s->sc->hosts[c->server], l->family, &a.remote.addr);
	c->use_tfo = !l->plain && (s->hosts[c->client].fastopen & TFO_FASTOPEN_CLIENT);
	if (c->use_tfo) {
		a.flags = TFO_CONNECT_FASTOPEN;
		a.data = s->pattern;
		a.len = l->request < PATTERN_LEN ? (size_t)l->request : PATTERN_LEN;
	}
	s->ctx = c;
	s->ctx_host = c->client;
	s->ctx_seg = NULL;
	s->ctx_cause = TR_NO_CAUSE;
	rc = tfo_connect(s->hosts[c->client].h, s->now, &a, &c->cep);
	s->ctx = NULL;
	if (rc < 0)
		return rc;
	c->req_written = (uint64_t)rc;
	tfo_endpoint_addrs(c->cep, &local, &remote);
	if (sconn_key(s, c, 0, &local, &remote))
		sconn_bind(c, 0, c->cep);
	return 0;
}

static void trace_start(struct sim *s, struct sim_conn *c)
{
	struct ladder_info *li;

	if (c->index > s->opt->ladders)
		return;
	c->tr = &s->res->traces[c->index - 1];
	li = &s->res->info[c->index - 1];
	li->index = c->index;
	li->request = c->line->request;
	li->response = response_of(c);
	li->server_initial = c->lis ? TFO_LISTEN : TFO_CLOSED;
	li->client_host = c->client;
	li->server_host = c->server;
	li->start = s->now;
	li->sc = s->sc;
	s->res->ntraced++;
}

void app_connect(struct sim *s, uint32_t line)
{
	const struct sc_connect *l = &s->sc->connect[line];
	uint64_t k = s->line_next[line]++;
	struct sim_conn *c;
	int rc;

	if (k + 1 < s->line_count[line])
		sim_push(s, l->at + (k + 1) * l->every, EV_CONNECT, line, NULL);
	c = sconn_new(s);
	if (!c) {
		sim_fail(s, TFO_ERR_NOMEM);
		return;
	}
	c->index = ++s->next_index;
	c->line = l;
	c->client = l->client;
	c->server = l->server;
	c->lis = listener_for(s->sc, l->server, l->port);
	c->start = s->now;
	trace_start(s, c);
	rc = client_open(s, c);
	if (rc == TFO_ERR_NOMEM)
		sim_fail(s, rc);
	if (rc < 0) {
		c->error = rc;
		mark(s, c, TR_ERROR, 0, 0);
		sconn_finish(s, c, RES_FAILED);
		sconn_release(s, c);
	} else if (c->tr) {
		s->res->info[c->index - 1].client = c->ckey.key.local;
		s->res->info[c->index - 1].server = c->ckey.key.remote;
	}
	shost_rearm(&s->hosts[l->client]);
}

/* ---- server -------------------------------------------------------- */

static void server_close(struct sim *s, struct sim_conn *c)
{
	if (c->sep)
		tfo_close(c->sep, s->now);
	c->sep = NULL;
	c->server_closed = 1;
}

static void server_write(struct sim *s, struct sim_conn *c)
{
	uint64_t want = response_of(c);

	while (c->sep && c->resp_written < want) {
		uint64_t left = want - c->resp_written;
		int n = tfo_write(c->sep, s->now, s->pattern,
		                  left < PATTERN_LEN ? left : PATTERN_LEN);

		if (n == TFO_ERR_NOMEM)
			sim_fail(s, n);
		if (n <= 0)
			return;
		c->resp_written += (uint64_t)n;
	}
	if (c->sep && !client_closes(c))
		server_close(s, c);
}

static void request_complete(struct sim *s, struct sim_conn *c)
{
	c->req_done = 1;
	c->req_at = s->now;
	mark(s, c, TR_REQUEST_IN, 1, (uint32_t)c->line->request);
	sim_push(s, s->now + c->lis->think, EV_RESPOND, (uint32_t)c->gen, c);
}

static void server_read(struct sim *s, struct sim_conn *c)
{
	while (c->sep) {
		int n = tfo_read(c->sep, s->now, s->scratch, sizeof(s->scratch));

		if (n > 0) {
			c->req_read += (uint64_t)n;
			if (!c->req_done && c->req_read >= c->line->request)
				request_complete(s, c);
		} else if (n == 0) {
			/* The client is done: close our side too, answer or not. */
			server_close(s, c);
		} else {
			return;
		}
	}
}

void app_respond(struct sim *s, struct sim_conn *c, uint64_t gen)
{
	if ((uint32_t)c->gen != (uint32_t)gen || !c->sep)
		return;
	c->resp_queued = 1;
	server_write(s, c);
	shost_rearm(&s->hosts[c->server]);
}

static void server_accept(struct sim *s, struct sim_host *sh, tfo_listener *l)
{
	tfo_endpoint *ep;

	while (tfo_accept(l, &ep) == 0) {
		struct sim_conn *c = sconn_of_ep(s, sh->idx, ep);

		if (!c || c->sep || c->server_closed || !c->lis) {
			tfo_close(ep, s->now); /* not one of ours: nobody serves it */
			continue;
		}
		c->sep = ep;
		if (c->line->request == 0)
			request_complete(s, c);
		server_read(s, c);
	}
}

/* ---- events -------------------------------------------------------- */

static void on_state(struct sim *s, struct sim_conn *c, int side, const tfo_event *ev)
{
	struct trace_ev t = { .t = s->now,
		              .type = TR_STATE,
		              .side = (uint8_t)side,
		              .old_state = (int8_t)ev->old_state,
		              .new_state = (int8_t)ev->new_state };

	app_trace(s, c, &t);
}

static void on_closed(struct sim *s, struct sim_conn *c, int side, tfo_endpoint *ep)
{
	sconn_forget(ep);
	if (side == 0) {
		sconn_snapshot(c);
		sconn_finish(s, c, c->error ? RES_FAILED : RES_DONE);
		c->cep = NULL;
		if (!c->client_gone) {
			c->client_gone = 1;
			sconn_unkey(s, c, 0);
			sconn_release(s, c);
		}
		return;
	}
	c->sep = NULL;
	sconn_unkey(s, c, 1);
}

static void on_error(struct sim *s, struct sim_conn *c, int side, const tfo_event *ev)
{
	if (side == 1) {
		server_close(s, c);
		return;
	}
	c->error = ev->error;
	mark(s, c, TR_ERROR, 0, 0);
	client_close(s, c, RES_FAILED);
}

static void dispatch(struct sim *s, struct sim_conn *c, int side, const tfo_event *ev)
{
	switch (ev->type) {
	case TFO_EV_STATE:
		on_state(s, c, side, ev);
		break;
	case TFO_EV_CONNECTED:
		if (side == 0)
			client_write(s, c);
		break;
	case TFO_EV_READABLE:
		if (side == 0)
			client_read(s, c);
		else
			server_read(s, c);
		break;
	case TFO_EV_WRITABLE:
		if (side == 0)
			client_write(s, c);
		else if (c->resp_queued)
			server_write(s, c);
		break;
	case TFO_EV_ERROR:
		on_error(s, c, side, ev);
		break;
	case TFO_EV_CLOSED:
		on_closed(s, c, side, ev->ep);
		break;
	default:
		break; /* TFO_EV_COOKIE: the client host's cache has it */
	}
}

void app_event(struct sim_host *sh, tfo_time now, const tfo_event *ev)
{
	struct sim *s = sh->sim;
	struct sim_conn *c;
	int side;

	if (ev->type == TFO_EV_ACCEPT) {
		server_accept(s, sh, ev->listener);
		return;
	}
	c = sconn_of_ep(s, sh->idx, ev->ep);
	if (!c)
		return; /* a stray endpoint: a child nobody asked for */
	side = sh->idx == c->server;
	/* Only the endpoints the applications hold get application events. */
	if (ev->type != TFO_EV_STATE && ev->type != TFO_EV_CLOSED &&
	    ev->ep != (side ? c->sep : c->cep))
		return;
	dispatch(s, c, side, ev);
}

void app_finish_all(struct sim *s)
{
	for (struct sim_conn *c = s->live_head; c; c = c->next) {
		sconn_snapshot(c);
		sconn_finish(s, c, RES_UNFINISHED);
	}
}
