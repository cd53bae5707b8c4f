/*
 * Fast Open's decisions as pure functions of values: no host, no endpoint,
 * no counters, no logging. tfo_fastopen_server.c and tfo_fastopen_client.c
 * gather the values, ask, and apply the verdict (count, log, build the
 * option, record). This file includes nothing of libtfo's internals, so the
 * policy is tested without a host (tests/test_fastopen_policy.c).
 * The rules are Linux's, net/ipv4/tcp_fastopen.c.
 */
#ifndef TFO_FASTOPEN_POLICY_H
#define TFO_FASTOPEN_POLICY_H

#include <tfo/tfo.h>

/* ---- Server: Linux tcp_try_fastopen() ---- */

/* What a listener knows when a SYN arrives. */
struct fos_question {
	uint32_t fastopen; /* the host's tcp_fastopen bits (TFO_FASTOPEN_*) */
	int max_qlen;      /* the listener's Fast Open queue limit; 0: no Fast Open on it */
	int qlen;          /* Fast Open requests that queue holds now */
	uint32_t data_len; /* bytes of data in the SYN */
	int cookie_len;    /* the SYN's TFO option: -1 none, 0 a cookie request, else its length */
	int match;         /* enum tfo_key_match of the cookie; FOS_MATCH_UNKNOWN until checked */
};

#define FOS_MATCH_UNKNOWN (-1)

enum fos_reason {
	FOS_CHECK_COOKIE,     /* ask again with match filled in (tfo_keyring_check) */
	FOS_OFF,              /* no 0x2 in tcp_fastopen, or the listener has no queue */
	FOS_NOT_ASKED,        /* neither data nor a TFO option: a plain SYN */
	FOS_QUEUE_FULL,       /* the queue is full: TCPFastOpenListenOverflow */
	FOS_NO_COOKIE_NEEDED, /* 0x200: the data is accepted without a cookie */
	FOS_COOKIE_REQUEST,   /* an empty option: a fresh cookie; data, if any, dropped */
	FOS_NO_OPTION,        /* data without a TFO option: dropped */
	FOS_VALID,            /* the primary key's cookie: data accepted */
	FOS_VALID_BACKUP,     /* the backup key's cookie: data accepted, fresh cookie sent */
	FOS_INVALID /* a wrong cookie: TCPFastOpenPassiveFail, data dropped, fresh cookie */
};

struct fos_verdict {
	enum fos_reason reason;
	int accept;       /* the child takes the SYN's data */
	int send_cookie;  /* the SYN-ACK carries the primary key's cookie for this client */
	int fresh_cookie; /* Linux made valid_foc: the cookie to send if the child fails */
	int outcome;      /* enum tfo_outcome for the child's record */
};

/*
 * fos_policy: the server's verdict on a SYN. When it depends on the
 * cookie's match and q->match is FOS_MATCH_UNKNOWN, the reason is
 * FOS_CHECK_COOKIE and nothing else is decided: check, then ask again.
 */
void fos_policy(const struct fos_question *q, struct fos_verdict *v);

/* ---- Client: Linux tcp_fastopen_cookie_check(), tcp_send_syn_data() ---- */

/* What a connecting client knows. */
struct foc_question {
	unsigned flags;      /* TFO_CONNECT_* of the connect */
	uint32_t fastopen;   /* the host's tcp_fastopen bits */
	int paused;          /* a blackhole pause disables client Fast Open now */
	int cached;          /* the cookie cache has an entry for the pair */
	int cookie_len;      /* the cached cookie's length (0: none) */
	int cookie_exp;      /* the cached cookie came in the experimental option */
	int try_exp;         /* the entry's option-kind fallback state (0, 1, 2) */
	uint16_t cached_mss; /* the MSS cached for the peer (0: none) */
	uint16_t our_mss;    /* the MSS this host announces for the peer's family */
};

enum foc_reason {
	FOC_NOT_ASKED,     /* no Fast Open flag: a plain SYN */
	FOC_PAUSED,        /* a blackhole pause: a plain SYN */
	FOC_NO_COOKIE,     /* 0x4: data without a TFO option */
	FOC_COOKIE,        /* the cached cookie and data */
	FOC_COOKIE_REQUEST /* no cookie cached: an empty option, no data */
};

struct foc_verdict {
	enum foc_reason reason;
	int opt_len; /* the SYN's TFO option: -1 none, 0 a request, else the cookie's length */
	int opt_exp; /* in the experimental form (kind 254) */
	int data_ok; /* data may ride in the SYN */
	uint32_t syn_room; /* how many data bytes the SYN may carry */
	int client_fail;   /* enum tfo_client_fail to record */
};

/* foc_policy: the client's plan for its SYN. */
void foc_policy(const struct foc_question *q, struct foc_verdict *v);

/*
 * fo_syn_room: data bytes a SYN may carry (Linux tcp_send_syn_data()): the
 * cached MSS, else our own ("If MSS is not cached", mss_clamp = advmss; not
 * RFC 7413 section 4.2's default 536), never more than ours, minus the 40
 * bytes of option space Linux reserves. Linux 6.18 sends 1420 bytes with
 * nothing cached (tests/scripts/client-no-cookie-0x4.pkt).
 */
uint32_t fo_syn_room(uint16_t cached_mss, uint16_t our_mss);

#endif /* TFO_FASTOPEN_POLICY_H */
