/*
 * tfosim script: run packetdrill scripts against libtfo (<tfo/script.h>),
 * with packetdrill's option names and the harness's defaults. -v prints
 * each packet and call as it happens, --ladder draws each run as the
 * simulator's ladder, --pcap writes the packets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

#include "cli.h"
#include "outfile.h"
#include "sim_ladder.h"
#include "sim_pcap.h"
#include "sim_trace.h"

struct watch {
	int verbose, ladder;
	FILE *pcap;
	int pcap_failed;
	struct trace tr;
	int nomem;
	int client_side; /* 0: the local host sent the first SYN; 1: the script did */
	uint64_t index;  /* the connection being drawn, from 1 */
	int seen_syn;
	uint64_t bytes[2];
	tfo_sockaddr client, server;
};

static void usage(FILE *out)
{
	fputs("usage: tfosim script [OPTIONS] FILE.pkt...\n"
	      "\n"
	      "Run packetdrill scripts against libtfo's model of Linux TCP, in virtual time:\n"
	      "no kernel, no tun device, no root (docs/script.md).\n"
	      "\n"
	      "  -v                       print every packet and call with its virtual time\n"
	      "  --ladder                 draw each run as a ladder diagram\n"
	      "  --pcap FILE              write the packets to FILE (pcap, raw IP)\n"
	      "  --local_ip=ADDR          the model's address (192.168.0.1; IPv6 "
	      "fd3d:a0b:17d6::1)\n"
	      "  --remote_ip=ADDR         the script's address (192.0.2.1; IPv6 "
	      "fd3d:fa7b:d17d::1)\n"
	      "  --ip_version=V           ipv4 (default), ipv6 or ipv4-mapped-ipv6\n"
	      "  --mtu=N                  path MTU (1500)\n"
	      "  --tolerance_usecs=N      timing tolerance (4000)...\n"
	      "  --tolerance_percent=P    ...or P% of the time since the start if more (12.5)\n"
	      "  --tcp_ts_tick_usecs=N    check outbound TS val at this tick (not checked)\n"
	      "  --bind_port=N, --connect_port=N   the ports ... stands for (8080)\n"
	      "  -D NAME=VALUE            read the identifier NAME as VALUE\n"
	      "  -h, --help               this help\n"
	      "\n"
	      "Exit status: 0 every script passed, 1 a script failed an expectation,\n"
	      "2 a script cannot be run (syntax, unknown call or option) or bad usage.\n",
	      out);
}

static void draw(struct watch *w);

static int same_pair(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	return a->port == b->port && tfo_addr_equal(&a->addr, &b->addr);
}

static void on_packet(void *user, tfo_time t, int inbound, const tfo_segment *seg)
{
	struct watch *w = user;
	struct trace_ev ev = { .t = t, .type = TR_PACKET };
	char line[TFO_SEGMENT_STRLEN + 96];
	uint8_t buf[65536 + 120];
	size_t n;

	if (w->verbose) {
		tfo_segment_format_line(seg, line, sizeof(line));
		printf("%llu.%06llu %s %s\n", (unsigned long long)(t / TFO_NS_PER_S),
		       (unsigned long long)(t % TFO_NS_PER_S / TFO_NS_PER_US), inbound ? "<" : ">",
		       line);
	}
	if (w->pcap && !w->pcap_failed) {
		if (tfo_segment_encode(seg, buf, sizeof(buf), &n) ||
		    simpcap_write_packet(w->pcap, t, buf, n))
			w->pcap_failed = 1;
	}
	if (!w->ladder)
		return;
	/* A SYN of another 4-tuple: the ladder so far is done, a new one starts. */
	if (w->seen_syn && (seg->flags & (TFO_TH_SYN | TFO_TH_ACK)) == TFO_TH_SYN &&
	    !(same_pair(&seg->src, &w->client) && same_pair(&seg->dst, &w->server)))
		draw(w);
	if (!w->seen_syn && (seg->flags & (TFO_TH_SYN | TFO_TH_ACK)) == TFO_TH_SYN) {
		w->seen_syn = 1;
		w->client_side = inbound;
		w->client = seg->src;
		w->server = seg->dst;
	}
	ev.side = (uint8_t)(inbound == w->client_side ? 0 : 1);
	ev.pkt.flags = seg->flags;
	ev.pkt.seq = seg->seq;
	ev.pkt.ack = seg->ack;
	ev.pkt.len = seg->len;
	ev.pkt.window = seg->window;
	ev.pkt.arrive = t;
	trace_tfo_from_segment(&ev.pkt, seg);
	w->bytes[ev.side] += seg->len;
	if (trace_add(&w->tr, &ev, tfo_allocator_default()))
		w->nomem = 1;
}

static void on_state(void *user, tfo_time t, int active, int old_state, int new_state)
{
	struct watch *w = user;
	struct trace_ev ev = { .t = t, .type = TR_STATE };

	if (w->verbose)
		printf("%llu.%06llu   %s -> %s\n", (unsigned long long)(t / TFO_NS_PER_S),
		       (unsigned long long)(t % TFO_NS_PER_S / TFO_NS_PER_US),
		       tfo_state_name(old_state), tfo_state_name(new_state));
	if (!w->ladder)
		return;
	ev.side = (uint8_t)(active ? 0 : 1);
	ev.old_state = (int8_t)old_state;
	ev.new_state = (int8_t)new_state;
	if (trace_add(&w->tr, &ev, tfo_allocator_default()))
		w->nomem = 1;
}

static void on_note(void *user, tfo_time t, const char *text)
{
	struct watch *w = user;

	if (w->verbose)
		printf("%llu.%06llu   %s\n", (unsigned long long)(t / TFO_NS_PER_S),
		       (unsigned long long)(t % TFO_NS_PER_S / TFO_NS_PER_US), text);
}

/* draw: the ladder of the connection traced so far, then a fresh trace. */
static void draw(struct watch *w)
{
	struct ladder_info li = { .index = ++w->index };

	if (w->tr.len && !w->nomem) {
		li.client = w->client;
		li.server = w->server;
		li.request = w->bytes[0];
		li.response = w->bytes[1];
		li.server_initial = w->client_side ? TFO_LISTEN : TFO_CLOSED;
		li.start = w->tr.ev[0].t;
		ladder_render(stdout, &li, &w->tr, NULL);
		putchar('\n');
	}
	trace_free(&w->tr, tfo_allocator_default());
	memset(&w->tr, 0, sizeof(w->tr));
	w->seen_syn = 0;
	w->bytes[0] = w->bytes[1] = 0;
}

/* option: one --name=value (or --name value); returns the args used, or -1. */
static int option(tfo_script_config *cfg, int argc, char **argv, int i)
{
	char name[64];
	const char *a = argv[i] + 2, *eq = strchr(a, '='), *value, *bad = "bad value";
	size_t n = eq ? (size_t)(eq - a) : strlen(a);
	int used = 1;

	if (n >= sizeof(name))
		return -1;
	memcpy(name, a, n);
	name[n] = '\0';
	if (eq) {
		value = eq + 1;
	} else if (!strcmp(name, "send_omit_free")) {
		value = "1";
	} else if (i + 1 < argc) {
		value = argv[i + 1];
		used = 2;
	} else {
		cli_error("script: --%s needs a value", name);
		return -1;
	}
	if (tfo_script_config_set(cfg, name, value, &bad)) {
		cli_error("script: --%s=%s: %s", name, value, bad);
		return -1;
	}
	return used;
}

static int define(tfo_script_config *cfg, const char *def)
{
	const char *eq = strchr(def, '=');
	char name[128];

	if (!eq || eq == def || (size_t)(eq - def) >= sizeof(name)) {
		cli_error("script: -D wants NAME=VALUE, not '%s'", def);
		return -1;
	}
	memcpy(name, def, (size_t)(eq - def));
	name[eq - def] = '\0';
	if (tfo_script_config_define(cfg, name, eq + 1)) {
		cli_error("script: -D %s: NAME must be an identifier", def);
		return -1;
	}
	return 0;
}

/* parse_args: fills cfg and w; *first gets the index of the first script. */
static int parse_args(int argc, char **argv, tfo_script_config *cfg, struct watch *w,
                      const char **pcap, int *first)
{
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];
		int used = 1;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return CLI_OK + 100;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			w->verbose = 1;
		} else if (!strcmp(a, "--ladder")) {
			w->ladder = 1;
		} else if (!strcmp(a, "--pcap") || !strncmp(a, "--pcap=", 7)) {
			if (a[6] == '=') {
				*pcap = a + 7;
			} else if (i + 1 < argc) {
				*pcap = argv[i + 1];
				used = 2;
			} else {
				cli_error("script: --pcap needs a file");
				return CLI_USAGE;
			}
		} else if (!strcmp(a, "-D") || !strncmp(a, "-D", 2)) {
			const char *def = a[2] ? a + 2 : (i + 1 < argc ? argv[i + 1] : NULL);

			used = a[2] ? 1 : 2;
			if (!def || define(cfg, def))
				return CLI_USAGE;
		} else if (!strncmp(a, "--", 2) && a[2]) {
			used = option(cfg, argc, argv, i);
			if (used < 0)
				return CLI_USAGE;
		} else {
			cli_error("script: unknown option '%s' (try 'tfosim script --help')", a);
			return CLI_USAGE;
		}
		i += used;
	}
	if (i >= argc) {
		usage(stderr);
		return CLI_USAGE;
	}
	*first = i;
	return CLI_OK;
}

static int run_one(const char *path, const tfo_script_config *cfg, struct watch *w)
{
	tfo_script_result res;
	int rc;

	memset(&w->tr, 0, sizeof(w->tr));
	w->seen_syn = 0;
	w->index = 0;
	w->bytes[0] = w->bytes[1] = 0;
	if (w->ladder)
		printf("%s\n", path);
	rc = tfo_script_run_file(path, cfg, &res);
	if (w->ladder)
		draw(w);
	if (rc < 0 || w->nomem) {
		cli_error("script: %s: out of memory", path);
		return CLI_USAGE;
	}
	if (res.verdict)
		fprintf(stderr, "%s\n", res.message);
	return res.verdict;
}

int cmd_script(int argc, char **argv)
{
	struct watch w = { 0 };
	tfo_script_observer obs = {
		.user = &w, .packet = on_packet, .state = on_state, .note = on_note
	};
	tfo_script_config *cfg = NULL;
	const char *pcap = NULL;
	struct outfile *out = NULL;
	int first = 0, status = CLI_OK, rc;

	if (tfo_script_config_new(&cfg)) {
		cli_error("script: out of memory");
		return CLI_USAGE;
	}
	rc = parse_args(argc, argv, cfg, &w, &pcap, &first);
	if (rc != CLI_OK) {
		tfo_script_config_del(cfg);
		return rc == CLI_OK + 100 ? CLI_OK : rc;
	}
	if (pcap) {
		out = cli_open_output(pcap);
		if (!out || simpcap_write_header(outfile_stream(out))) {
			outfile_discard(out);
			tfo_script_config_del(cfg);
			return CLI_USAGE;
		}
		w.pcap = outfile_stream(out);
	}
	if (w.verbose || w.ladder || w.pcap)
		tfo_script_config_observe(cfg, &obs);
	for (int i = first; i < argc; i++) {
		rc = run_one(argv[i], cfg, &w);
		if (rc > status)
			status = rc;
	}
	if (w.pcap_failed) {
		cli_error("script: %s: a packet could not be written", pcap);
		outfile_discard(out);
		status = CLI_USAGE;
	} else if (out && cli_close_output(out)) {
		status = CLI_USAGE;
	}
	tfo_script_config_del(cfg);
	return status;
}
