/*
 * The script model: what the parser makes of a script and the runner
 * walks. Everything lives in one arena, freed at once.
 */
#ifndef SCRIPT_MODEL_H
#define SCRIPT_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* One allocation region; blocks chained. */
struct arena {
	struct arena_block *head;
};

/* arena_alloc: n zeroed bytes, or NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* arena_strndup: a NUL-terminated copy, or NULL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

enum sc_time_kind { TIME_ABS, TIME_REL, TIME_ANY, TIME_NONE };

/* An event time in microseconds; a window has lo < hi, a blocking call an end. */
struct sc_time {
	int kind; /* enum sc_time_kind; TIME_NONE: a block with no time (+0) */
	int64_t usecs;
	int window;   /* lo~hi: end_usecs is hi, with end_rel as for usecs */
	int blocking; /* start...end */
	int end_rel;
	int64_t end_usecs;
};

enum sc_opt_kind {
	SO_EOL,
	SO_NOP,
	SO_MSS,
	SO_WSCALE,
	SO_SACKOK,
	SO_SACK,
	SO_TS,
	SO_FO,   /* RFC 7413 kind 34 */
	SO_FOEXP /* kind 254, magic 0xF989 */
};

#define SC_COOKIE_MAX 36 /* bytes a cookie may have in 40 bytes of options */

struct sc_opt {
	int kind;
	uint32_t a, b; /* mss, wscale; TS val, ecr */
	uint8_t nsack;
	uint32_t sack_l[4], sack_r[4];
	uint8_t clen;
	uint8_t cookie[SC_COOKIE_MAX];
};

enum sc_opts_mode { OPTS_NONE, OPTS_ANY, OPTS_LIST };

#define SC_OPTS_MAX 40

struct sc_packet {
	char dir;      /* '<' in, '>' out */
	uint8_t flags; /* TFO_TH_* */
	uint32_t seq;
	uint32_t len;
	int has_ack, has_win;
	uint32_t ack, win;
	int opts_mode;
	size_t nopts;
	struct sc_opt opts[SC_OPTS_MAX];
};

enum sc_expr_kind {
	X_ELLIPSIS,
	X_INT,
	X_IDENT,
	X_STRING,
	X_LIST,   /* [a, b] */
	X_STRUCT, /* {a, b} */
	X_OR,     /* a | b */
	X_FIELD   /* name=value, or name(arg)=value */
};

struct sc_expr {
	int kind;
	int64_t num;
	char *text; /* X_IDENT, X_STRING, X_FIELD's name */
	size_t len;
	struct sc_expr **items; /* X_LIST, X_STRUCT; X_OR: 2; X_FIELD: [arg-or-NULL, value] */
	size_t n;
};

struct sc_syscall {
	char *name;
	struct sc_expr **args;
	size_t nargs;
	int ret_any; /* = ... */
	int64_t ret;
	char *errno_name; /* NULL: not written */
};

enum sc_event_kind { EV_PACKET, EV_SYSCALL, EV_SHELL, EV_CODE };

struct sc_event {
	int kind;
	int line;
	struct sc_time time;
	struct sc_packet *pkt;
	struct sc_syscall *call;
	char *text; /* EV_SHELL, EV_CODE */
	int text_line;
};

struct sc_option {
	char *name, *value;
	int line;
};

struct sc_script {
	struct arena arena;
	struct sc_event *ev;
	size_t nev, cap;
	struct sc_option *opt;
	size_t nopt, optcap;
};

/* sc_add_event: a zeroed event at the end. Returns it, or NULL. */
struct sc_event *sc_add_event(struct sc_script *s);
/* sc_add_option: records a prologue option. Returns 0 or -1. */
int sc_add_option(struct sc_script *s, const char *name, const char *value, int line);
void sc_script_free(struct sc_script *s);

#endif /* SCRIPT_MODEL_H */
