/*
 * libtfo scripts: run a packetdrill script against libtfo's model of
 * Linux TCP, in virtual time, with no kernel, tun device or root.
 *
 * A script lists system calls and the packets expected in (<) and out
 * (>), with times; docs/script.md has the grammar accepted. The local
 * host is a tfo_host driven through the socket layer (<tfo/socket.h>);
 * the script plays the remote end. The run stops at the first expectation
 * that differs and says what differed, in packetdrill's words.
 *
 * Since 0.2.0. Include <tfo/tfo.h>, not this file.
 */
#ifndef TFO_SCRIPT_H
#define TFO_SCRIPT_H

#include <tfo/common.h>
#include <tfo/wire.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Verdicts, and the exit statuses of `tfosim script`. */
enum tfo_script_verdict {
	TFO_SCRIPT_PASS = 0, /* every expectation held */
	TFO_SCRIPT_FAIL = 1, /* a packet, return value, errno, timing or assert differed */
	TFO_SCRIPT_ERROR = 2 /* the script cannot be run: syntax, unknown call or option */
};

#define TFO_SCRIPT_MSGLEN 512

/* The outcome of one run. */
typedef struct tfo_script_result {
	int verdict; /* enum tfo_script_verdict */
	int line;    /* the script line that failed, 0 when none or not at a line */
	/* "NAME:LINE: error handling packet: ...", empty on a pass */
	char message[TFO_SCRIPT_MSGLEN];
} tfo_script_result;

/* What an observer is told, in order, as the run goes (virtual time since the script's 0). */
typedef struct tfo_script_observer {
	void *user;
	/* A packet the script injected (inbound 1) or the model sent (inbound 0). */
	void (*packet)(void *user, tfo_time t, int inbound, const tfo_segment *seg);
	/* The connection under test changed state (enum tfo_state); active: it did the connect. */
	void (*state)(void *user, tfo_time t, int active, int old_state, int new_state);
	/* A line for -v: a system call and its result, a sysctl taken or not modelled. */
	void (*note)(void *user, tfo_time t, const char *line);
} tfo_script_observer;

/* Run options: packetdrill's option names, the harness's defaults. */
typedef struct tfo_script_config tfo_script_config;

/* tfo_script_config_new: the defaults. Returns 0 or TFO_ERR_NOMEM. */
TFO_EXPORT int tfo_script_config_new(tfo_script_config **out);

/* tfo_script_config_del: frees a configuration. NULL is fine. */
TFO_EXPORT void tfo_script_config_del(tfo_script_config *cfg);

/*
 * tfo_script_config_set: an option by packetdrill's name, without the
 * leading dashes: "local_ip", "remote_ip", "ip_version" (ipv4, ipv6,
 * ipv4-mapped-ipv6), "mtu", "tolerance_usecs", "tolerance_percent",
 * "tcp_ts_tick_usecs",
 * "bind_port", "connect_port"; the harness's "gateway_ip",
 * "netmask_ip" and "send_omit_free" are taken and change nothing. Options
 * set here win over a script's own option lines. Returns 0,
 * TFO_ERR_INVALID (unknown name or bad value; *bad, if not NULL, gets a
 * static description) or TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_script_config_set(tfo_script_config *cfg, const char *name, const char *value,
                                     const char **bad);

/*
 * tfo_script_config_define: -D NAME=VALUE: the identifier NAME is read as
 * VALUE wherever it appears in a script. Returns 0, TFO_ERR_INVALID (NAME
 * not an identifier) or TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_script_config_define(tfo_script_config *cfg, const char *name,
                                        const char *value);

/* tfo_script_config_observe: observer (copied; NULL for none) for later runs. */
TFO_EXPORT void tfo_script_config_observe(tfo_script_config *cfg, const tfo_script_observer *obs);

/*
 * tfo_script_run_file: reads and runs the script at path; shell files it
 * names are found relative to its folder. cfg NULL: the defaults. Fills
 * *res and returns its verdict (a file that cannot be read is
 * TFO_SCRIPT_ERROR), or TFO_ERR_INVALID for a NULL path or res, or
 * TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_script_run_file(const char *path, const tfo_script_config *cfg,
                                   tfo_script_result *res);

/*
 * tfo_script_run_string: runs the script text, named name in messages
 * (NULL: "script"); shell files are found relative to the current
 * directory. As tfo_script_run_file() otherwise.
 */
TFO_EXPORT int tfo_script_run_string(const char *name, const char *text,
                                     const tfo_script_config *cfg, tfo_script_result *res);

#ifdef __cplusplus
}
#endif

#endif /* TFO_SCRIPT_H */
