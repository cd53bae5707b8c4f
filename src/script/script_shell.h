/*
 * The shell-line interpreter. A script's backtick commands configure the
 * model; nothing is ever passed to a shell. Understood: sysctl -q|-w|-e
 * NAME=VALUE..., echo VALUE > /proc/sys/NAME, ip tcp_metrics flush [all],
 * set_sysctls.py /proc/sys/NAME=VALUE..., tc (no meaning here), and a
 * path to a shell file whose lines are interpreted the same way. Sysctls
 * the model has change its settings; other sysctls are accepted and
 * reported as not modelled; any other command is an error.
 */
#ifndef SCRIPT_SHELL_H
#define SCRIPT_SHELL_H

#include <stddef.h>

#include <tfo/tfo.h>

/* sh_wscale: the shift Linux offers for these buffer limits (0..14). */
uint8_t sh_wscale(uint64_t rmem2, uint64_t rmem_max);

struct sh_ctx {
	tfo_settings *s; /* edited in place; the caller installs it */
	tfo_keyring *ring;
	tfo_host *h;     /* for ip tcp_metrics flush */
	const char *dir; /* shell files are relative to it; NULL: the current folder */
	/* Linux's window scale comes from the largest receive buffer:
	 * ilog2(max(tcp_rmem[2], rmem_max)) - 15 (tcp_select_initial_window()). */
	uint64_t *rmem2, *rmem_max;
	int *window_scaling;
	void (*note)(void *user, const char *line);
	void *user;
	int depth;
};

enum sh_result { SH_OK = 0, SH_FAIL = 1, SH_ERROR = 2 };

/*
 * sh_run: interprets text (the inside of one backtick block). *line_off
 * gets the line within text that failed (from 0). Returns enum sh_result
 * (SH_FAIL: a command the model runs failed, e.g. a bad key; SH_ERROR:
 * not something it runs), with msg set.
 */
int sh_run(struct sh_ctx *c, const char *text, int *line_off, char *msg, size_t msgsz);

#endif /* SCRIPT_SHELL_H */
