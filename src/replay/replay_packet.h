/*
 * What every trace reader hands on: one TCP segment as captured, with its
 * capture time and where it came from, and the interface through which
 * readers report packets, anomalies, warnings and progress.
 */
#ifndef REPLAY_PACKET_H
#define REPLAY_PACKET_H

#include <stdarg.h>
#include <stdint.h>

#include <tfo/wire.h>

#include "tfo_options.h"

/*
 * A reader's "this input cannot be used" return: the message is in the
 * caller's error buffer. Other failures are negative TFO_ERR_* codes.
 */
#define REPLAY_ERR_INPUT (-1000)

/* How the TCP checksum looked, for pcap input (text carries none). */
enum replay_csum {
	REPLAY_CSUM_UNKNOWN = 0, /* not checked: text input, or payload cut by the snap length */
	REPLAY_CSUM_OK,
	REPLAY_CSUM_OFFLOAD, /* the pseudo-header sum a NIC would complete: loopback, TX offload */
	REPLAY_CSUM_BAD
};

struct replay_packet {
	tfo_segment seg;
	int64_t t_ns;        /* capture time in ns; meaningful only when has_time */
	uint8_t has_time;    /* 0: a text form without timestamps */
	uint8_t seq_unknown; /* text: a pure ACK, for which tcpdump prints no seq */
	uint8_t snapped;     /* the payload was cut by the snap length */
	uint8_t csum;        /* enum replay_csum */
	uint32_t file;       /* which input, 0-based */
	uint64_t index;      /* 1-based packet number (pcap) or line number (text) */
	/* The Fast Open option, when the reader found it (fo_known): the
	 * pcap reader's decoder walks the options anyway. */
	uint8_t fo_known;
	struct tfo_fastopen_opt fo;
};

/* Anomaly kinds; names in replay_anomaly.c. Keep the order: it is the JSON order. */
enum replay_anomaly_kind {
	RA_NO_SYN,         /* a connection whose SYN was not captured */
	RA_RETRANSMISSION, /* sequence space sent again */
	RA_OUT_OF_ORDER,   /* a segment filling a hole behind later ones */
	RA_GAP,            /* sequence space never captured */
	RA_SNAPPED,        /* a packet cut by the snap length */
	RA_BAD_CHECKSUM,   /* a TCP or IPv4 checksum that is neither right nor offloaded */
	RA_NON_TCP,        /* a packet or line that is not TCP, skipped */
	RA_MALFORMED,      /* an IP/TCP header that does not decode, skipped */
	RA_TUPLE_REUSE,    /* a new SYN on a 4-tuple in use or recently closed */
	RA_AFTER_CLOSE,    /* a segment of a connection already closed, skipped */
	RA_UNPARSABLE,     /* a text line that is not tcpdump output, skipped */
	RA_TRUNCATED,      /* the file ends or breaks inside a record; the rest is skipped */
	RA_COUNT
};

/* The detail text of one anomaly fits in this. */
#define REPLAY_DETAIL_MAX 120

struct replay_anomaly {
	int kind;       /* enum replay_anomaly_kind */
	uint32_t file;  /* input index */
	uint64_t index; /* packet or line; 0 when none applies */
	uint64_t conn;  /* connection number, 0 when none */
	char detail[REPLAY_DETAIL_MAX];
};

/*
 * Where a reader sends what it reads. packet() and anomaly() return 0 or
 * a negative TFO_ERR_* (NOMEM) that stops the reader; warn() prints one
 * line (the reader has put the file and line in it); progress() may be
 * NULL and is called now and then with the bytes consumed so far.
 */
struct replay_emit {
	void *user;
	int (*packet)(void *user, struct replay_packet *p);
	int (*anomaly)(void *user, const struct replay_anomaly *a);
	void (*warn)(void *user, const char *msg);
	void (*progress)(void *user, uint64_t bytes, uint64_t packets);
};

/*
 * replay_note: fills an anomaly and sends it. detail is a printf format.
 * Returns what emit->anomaly returns.
 */
int replay_note(const struct replay_emit *emit, int kind, uint32_t file, uint64_t index,
                uint64_t conn, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* replay_vnote: replay_note with a va_list. */
int replay_vnote(const struct replay_emit *emit, int kind, uint32_t file, uint64_t index,
                 uint64_t conn, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

/*
 * replay_printable: replaces every byte of s outside printable ASCII with
 * '?', in place, and returns s. Details and warnings quote the input (an
 * option's text, a field's value): they must stay valid JSON strings
 * and harmless on a terminal whatever bytes the input held.
 */
char *replay_printable(char *s);

/* replay_anomaly_name: "no-syn", "retransmission", ...; "?" if unknown. */
const char *replay_anomaly_name(int kind);

#endif /* REPLAY_PACKET_H */
