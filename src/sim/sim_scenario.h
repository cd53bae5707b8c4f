/*
 * A scenario: hosts, links, middleboxes, loss scripts, listeners, the
 * connection schedule and key changes, as read from the line-oriented
 * text format of docs/scenarios.md. The parser fills this plain model; the
 * engine (sim_run.c) builds the running network from it and never changes
 * it, so one scenario can run twice (with and without TFO).
 */
#ifndef SIM_SCENARIO_H
#define SIM_SCENARIO_H

#include <tfo/tfo.h>

#define SC_MAX_HOSTS 32
#define SC_MAX_LINKS 64
#define SC_MAX_LOSS 64
#define SC_MAX_MBOX 32
#define SC_MAX_LISTEN 32
#define SC_MAX_CONNECT 256
#define SC_MAX_KEYOPS 64
#define SC_MAX_KCP 32
#define SC_KCP_MAX_COUNT 1000000 /* messages of one KCP conversation */
#define SC_NAME_MAX 32
#define SC_TITLE_MAX 160
#define SC_ERR_MAX 320

/* Which host settings a scenario gave; the rest keep tfo_settings_default(). */
#define SC_SET_FASTOPEN 0x0001u
#define SC_SET_COOKIE_ALG 0x0002u
#define SC_SET_COOKIE_LEN 0x0004u
#define SC_SET_MTU 0x0008u
#define SC_SET_SYN_RETRIES 0x0010u
#define SC_SET_RTO 0x0020u
#define SC_SET_TIME_WAIT 0x0040u
#define SC_SET_COOKIE_CACHE 0x0080u
#define SC_SET_BLACKHOLE 0x0100u
#define SC_SET_DELACK 0x0200u
#define SC_SET_RCVBUF 0x0400u
#define SC_SET_SNDBUF 0x0800u

struct sc_host {
	char name[SC_NAME_MAX];
	tfo_addr addr4, addr6; /* family TFO_AF_NONE when absent */
	uint32_t set;          /* SC_SET_* */
	uint32_t fastopen;
	int cookie_alg;
	uint8_t cookie_len;
	uint8_t syn_retries;
	uint32_t mtu, cookie_cache, rcvbuf, sndbuf;
	tfo_time rto, time_wait, blackhole, delack;
	tfo_key key, backup;
	uint8_t has_key, has_backup;
};

/* One direction of a link. */
struct sc_dir {
	tfo_time delay;         /* one way */
	tfo_time jitter;        /* extra delay, uniform in [0, jitter] */
	uint32_t loss_ppm;      /* random loss */
	uint32_t dup_ppm;       /* duplication */
	uint32_t reorder_ppm;   /* packets held back ... */
	tfo_time reorder_delay; /* ... by this much more */
	uint64_t rate_bps;      /* 0: no serialization delay */
	uint32_t queue;         /* packets waiting for the wire; 0: unlimited */
};

/* dir[0] carries packets from host a to host b, dir[1] from b to a. */
struct sc_link {
	uint8_t a, b;
	struct sc_dir dir[2];
};

/* What a loss rule counts. */
enum sc_pkind {
	SC_PK_PACKET,   /* any packet */
	SC_PK_SYN,      /* SYN without ACK */
	SC_PK_SYN_DATA, /* SYN without ACK, with data */
	SC_PK_SYN_ACK,  /* SYN with ACK */
	SC_PK_ACK,      /* pure ACK: no data, no SYN, FIN or RST */
	SC_PK_DATA,     /* data, not on a SYN */
	SC_PK_FIN,
	SC_PK_RST,
	SC_PK_COUNT
};

/* "loss a>b KIND N": drop the N-th packet of KIND crossing that direction. */
struct sc_loss {
	uint8_t link, dir, kind;
	uint64_t nth;
};

enum sc_mbox_type {
	SC_MB_DROP_SYN_DATA,
	SC_MB_STRIP_TFO,
	SC_MB_DROP_SYN_TFO,
	SC_MB_STRIP_TFO_RFC,
	SC_MB_NAT /* last */
};

/*
 * A middlebox on a link. The first host named is inside: a NAT rewrites
 * that host's address to nat (to rebind from rebind_at on).
 */
struct sc_mbox {
	uint8_t link, inside_dir, type, has_rebind;
	tfo_addr nat, rebind;
	tfo_time rebind_at;
};

enum sc_closer { SC_CLOSE_CLIENT, SC_CLOSE_SERVER };

struct sc_listen {
	uint8_t host;
	uint8_t closer; /* enum sc_closer */
	uint16_t port;
	int qlen; /* TCP_FASTOPEN queue length, 0 off */
	int backlog;
	tfo_time think;
	uint64_t response;
};

struct sc_connect {
	tfo_time at;
	tfo_time every; /* 0: once */
	uint64_t count; /* connections this line makes (1 when once) */
	uint8_t client, server;
	uint8_t plain;  /* no TFO even when the client host has it on */
	uint8_t reset;  /* the client ends with a RST (SO_LINGER 0), not a FIN */
	uint8_t family; /* TFO_AF_INET or TFO_AF_INET6 */
	uint16_t port;
	uint64_t request;
};

enum sc_keyop_type { SC_KEY_ROTATE, SC_KEY_SET };

struct sc_keyop {
	tfo_time at;
	uint8_t host, type, has_backup;
	tfo_key key, backup;
};

/*
 * "kcp at TIME CLIENT SERVER:PORT ...": one KCP conversation over UDP. The
 * client sends count messages of message bytes, every apart; the server
 * echoes each one back. The two ends' configurations (the preset's, with
 * the line's knobs over it; the client is the preset's sending side).
 */
struct sc_kcp {
	tfo_time at, every;
	uint64_t count, message;
	uint8_t client, server, family;
	uint16_t port;
	int preset;            /* enum tfo_kcp_preset */
	tfo_kcp_config cfg[2]; /* [0] the client's, [1] the server's */
};

struct sim_scenario {
	char name[SC_NAME_MAX * 2];
	char title[SC_TITLE_MAX];
	uint64_t seed; /* the default seed; --seed overrides it */
	tfo_time stop; /* TFO_TIME_NEVER: run until nothing is left to do */
	size_t nhosts, nlinks, nloss, nmbox, nlisten, nconnect, nkeyops, nkcp;
	struct sc_host hosts[SC_MAX_HOSTS];
	struct sc_link links[SC_MAX_LINKS];
	struct sc_loss loss[SC_MAX_LOSS];
	struct sc_mbox mbox[SC_MAX_MBOX];
	struct sc_listen listen[SC_MAX_LISTEN];
	struct sc_connect connect[SC_MAX_CONNECT];
	struct sc_keyop keyops[SC_MAX_KEYOPS];
	struct sc_kcp kcp[SC_MAX_KCP];
};

/*
 * scenario_parse: reads the scenario text (len bytes, no NUL needed) into
 * *sc. file names the text in error messages. On error, err (SC_ERR_MAX
 * bytes) gets one line "file:line:column: what was expected, got 'x'"
 * (or "file: the scenario is empty: ..." when it has no connect line)
 * and *sc is unspecified. Returns 0 or TFO_ERR_INVALID.
 */
int scenario_parse(struct sim_scenario *sc, const char *file, const char *text, size_t len,
                   char *err);

/* scenario_find_link: the index of the link between hosts a and b, or -1. */
int scenario_find_link(const struct sim_scenario *sc, unsigned a, unsigned b);

/* scenario_total_connections: how many connections the schedule makes. */
uint64_t scenario_total_connections(const struct sim_scenario *sc);

/* sc_pkind_name: "packet", "syn", "syn-data", ...; "?" for an unknown kind. */
const char *sc_pkind_name(int kind);

/* sc_mbox_name: "drop-syn-data", "strip-tfo", "drop-syn-tfo", "strip-tfo-rfc", "nat". */
const char *sc_mbox_name(int type);

#endif /* SIM_SCENARIO_H */
