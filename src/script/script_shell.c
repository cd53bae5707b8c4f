/* The shell-line interpreter: words, then one handler per command. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script_assert.h"
#include "script_shell.h"

#define MAX_WORDS 32
#define WORD_MAX 256
#define MAX_DEPTH 4
#define MAX_SHELL_FILE (1u << 20)

struct words {
	int n;
	char w[MAX_WORDS][WORD_MAX];
};

static int no_names(void *user, const char *name, int64_t *value)
{
	return -1;
}

/* arith: expands $((EXPR)) at s into out; returns the characters taken, or -1. */
static int arith(const char *s, const char *end, char *out, size_t size, size_t *n)
{
	char expr[WORD_MAX], msg[80];
	const char *close = s + 3;
	int64_t v;
	int depth = 2;

	while (close < end && depth) {
		depth += *close == '(' ? 1 : *close == ')' ? -1 : 0;
		close++;
	}
	if (depth || (size_t)(close - s) - 5 >= sizeof(expr))
		return -1;
	snprintf(expr, sizeof(expr), "%.*s", (int)(close - s - 5), s + 3);
	if (sa_eval(expr, no_names, NULL, &v, msg, sizeof(msg)))
		return -1;
	*n += (size_t)snprintf(out + *n, size - *n, "%lld", (long long)v);
	return *n < size ? (int)(close - s) : -1;
}

/* split: shell words of one command, quotes taken off, $((...)) expanded. Returns 0 or -1. */
static int split(const char *s, const char *end, struct words *ws)
{
	ws->n = 0;
	while (s < end) {
		size_t n = 0;

		while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		if (s == end || *s == '#')
			break;
		if (ws->n == MAX_WORDS)
			return -1;
		while (s < end && *s != ' ' && *s != '\t' && *s != '\r') {
			if (*s == '"' || *s == '\'') {
				char q = *s++;

				while (s < end && *s != q) {
					if (q == '"' && end - s > 3 && !strncmp(s, "$((", 3)) {
						int k = arith(s, end, ws->w[ws->n], WORD_MAX, &n);

						if (k < 0)
							return -1;
						s += k;
						continue;
					}
					if (n + 1 >= WORD_MAX)
						return -1;
					ws->w[ws->n][n++] = *s++;
				}
				if (s == end)
					return -1;
				s++;
			} else if (end - s > 3 && !strncmp(s, "$((", 3)) {
				int k = arith(s, end, ws->w[ws->n], WORD_MAX, &n);

				if (k < 0)
					return -1;
				s += k;
			} else {
				if (n + 1 >= WORD_MAX)
					return -1;
				ws->w[ws->n][n++] = *s++;
			}
		}
		ws->w[ws->n++][n] = '\0';
	}
	return 0;
}

static int fail(char *msg, size_t size, int r, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static int fail(char *msg, size_t size, int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
	return r;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int parse_num(const char *v, long long *out)
{
	char *end;

	if (!*v)
		return -1;
	*out = strtoll(v, &end, 0);
	return *end ? -1 : 0;
}

static void note(struct sh_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(struct sh_ctx *c, const char *fmt, ...)
{
	char line[400];
	va_list ap;

	if (!c->note)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	c->note(c->user, line);
}

uint8_t sh_wscale(uint64_t rmem2, uint64_t rmem_max)
{
	uint64_t space = rmem2 > rmem_max ? rmem2 : rmem_max;
	int lg = 0;

	while (lg < 63 && (UINT64_C(1) << (lg + 1)) <= space)
		lg++;
	return (uint8_t)(lg <= 15 ? 0 : lg - 15 > TFO_WSCALE_MAX ? TFO_WSCALE_MAX : lg - 15);
}

static void rescale(struct sh_ctx *c)
{
	c->s->wscale = *c->window_scaling ? sh_wscale(*c->rmem2, *c->rmem_max) : 15;
}

/* A sysctl the model has: how to read its value into the settings. */
static int set_int(struct sh_ctx *c, const char *name, long long v)
{
	tfo_settings *s = c->s;

	if (!strcmp(name, "tcp_fastopen"))
		s->fastopen = (uint32_t)v;
	else if (!strcmp(name, "tcp_timestamps"))
		s->timestamps = v != 0;
	else if (!strcmp(name, "tcp_sack"))
		s->sack = v != 0;
	else if (!strcmp(name, "tcp_window_scaling"))
		*c->window_scaling = v != 0;
	else if (!strcmp(name, "tcp_syn_retries") && v >= 1 && v <= 127)
		s->syn_retries = (uint8_t)v;
	else if (!strcmp(name, "tcp_synack_retries") && v >= 0 && v <= 255)
		s->synack_retries = (uint8_t)v;
	else if (!strcmp(name, "tcp_syn_linear_timeouts") && v >= 0 && v <= 127)
		s->syn_linear_timeouts = (uint8_t)v;
	else if (!strcmp(name, "tcp_retries2") && v >= 0 && v <= 255)
		s->retries2 = (uint8_t)v;
	else if (!strcmp(name, "tcp_fastopen_blackhole_timeout_sec") && v >= 0)
		s->blackhole_timeout = (tfo_time)v * TFO_NS_PER_S;
	else if (!strcmp(name, "tcp_fin_timeout") && v > 0)
		s->fin_timeout = (tfo_time)v * TFO_NS_PER_S;
	else
		return -1;
	if (!strcmp(name, "tcp_window_scaling"))
		rescale(c);
	return 0;
}

static const char *const modelled[] = {
	"tcp_fastopen",
	"tcp_timestamps",
	"tcp_sack",
	"tcp_window_scaling",
	"tcp_syn_retries",
	"tcp_synack_retries",
	"tcp_retries2",
	"tcp_fastopen_blackhole_timeout_sec",
	"tcp_fin_timeout",
	"tcp_syn_linear_timeouts",
	NULL,
};

/* sysctl: net.ipv4.NAME (or net/ipv4/NAME) = value. */
static int sysctl(struct sh_ctx *c, const char *key, const char *value, char *msg, size_t size)
{
	char name[WORD_MAX];
	const char *leaf;
	long long v;

	snprintf(name, sizeof(name), "%s", key);
	for (char *q = name; *q; q++)
		*q = *q == '/' ? '.' : *q;
	if (strncmp(name, "net.", 4) && strncmp(name, "kernel.", 7) && strncmp(name, "vm.", 3))
		return fail(msg, size, SH_ERROR, "unknown sysctl '%s'", key);
	leaf = strncmp(name, "net.ipv4.", 9) ? NULL : name + 9;
	if (leaf && !strcmp(leaf, "tcp_fastopen_key")) {
		if (tfo_keyring_parse(c->ring, value))
			return fail(msg, size, SH_FAIL, "sysctl %s: bad key '%s'", name, value);
		note(c, "sysctl %s=%s", name, value);
		return SH_OK;
	}
	if ((leaf && !strcmp(leaf, "tcp_rmem")) || !strcmp(name, "net.core.rmem_max")) {
		unsigned long long a, b, m;

		if (leaf ? sscanf(value, "%llu %llu %llu", &a, &b, &m) != 3
		         : sscanf(value, "%llu", &m) != 1)
			return fail(msg, size, SH_FAIL, "sysctl %s: bad value '%s'", name, value);
		*(leaf ? c->rmem2 : c->rmem_max) = m;
		rescale(c);
		note(c, "sysctl %s=%s: window scale %u", name, value, c->s->wscale);
		return SH_OK;
	}
	if (leaf && !strcmp(leaf, "ip_local_port_range")) {
		unsigned lo, hi;

		if (sscanf(value, "%u %u", &lo, &hi) != 2 || !lo || lo > hi || hi > 65535)
			return fail(msg, size, SH_FAIL, "sysctl %s: bad range '%s'", name, value);
		c->s->port_lo = (uint16_t)lo;
		c->s->port_hi = (uint16_t)hi;
		note(c, "sysctl %s=%s", name, value);
		return SH_OK;
	}
	for (int i = 0; leaf && modelled[i]; i++) {
		if (strcmp(leaf, modelled[i]))
			continue;
		if (parse_num(value, &v) || set_int(c, leaf, v))
			return fail(msg, size, SH_FAIL, "sysctl %s: bad value '%s'", name, value);
		note(c, "sysctl %s=%s", name, value);
		return SH_OK;
	}
	note(c, "sysctl %s=%s: not modelled", name, value);
	return SH_OK;
}

static int is_redirect(const char *w)
{
	return w[0] == '>' || (w[0] >= '0' && w[0] <= '9' && w[1] == '>') || w[0] == '<';
}

static int cmd_sysctl(struct sh_ctx *c, const struct words *ws, char *msg, size_t size)
{
	for (int i = 1; i < ws->n; i++) {
		const char *w = ws->w[i];
		char key[WORD_MAX];
		const char *eq = strchr(w, '=');
		int r;

		if (is_redirect(w)) {
			i += !strcmp(w, ">") || !strcmp(w, "2>");
			continue;
		}
		if (w[0] == '-')
			continue;
		if (!eq)
			continue; /* a read: prints the value, changes nothing */
		snprintf(key, sizeof(key), "%.*s", (int)(eq - w), w);
		r = sysctl(c, key, eq + 1, msg, size);
		if (r)
			return r;
	}
	return SH_OK;
}

/* proc_name: /proc/sys/net/ipv4/X into net/ipv4/X; NULL when not under /proc/sys. */
static const char *proc_name(const char *path)
{
	return strncmp(path, "/proc/sys/", 10) ? NULL : path + 10;
}

static int cmd_echo(struct sh_ctx *c, const struct words *ws, char *msg, size_t size)
{
	char value[WORD_MAX] = "";
	const char *target = NULL;
	size_t n = 0;

	for (int i = 1; i < ws->n; i++) {
		const char *w = ws->w[i];

		if (w[0] == '>') {
			target = w[1] ? w + 1 : (i + 1 < ws->n ? ws->w[++i] : NULL);
			continue;
		}
		if (w[0] == '-' && i == 1)
			continue;
		n += (size_t)snprintf(value + n, sizeof(value) - n, "%s%s", n ? " " : "", w);
		if (n >= sizeof(value))
			return fail(msg, size, SH_ERROR, "echo: value too long");
	}
	if (!target || !strcmp(target, "/dev/null"))
		return SH_OK;
	if (!proc_name(target))
		return fail(msg, size, SH_ERROR,
		            "echo into '%s': only /proc/sys files are modelled", target);
	return sysctl(c, proc_name(target), value, msg, size);
}

static int cmd_ip(struct sh_ctx *c, const struct words *ws, char *msg, size_t size)
{
	int i = 1;

	while (i < ws->n && ws->w[i][0] == '-')
		i++;
	if (i + 1 < ws->n && !strcmp(ws->w[i], "tcp_metrics") &&
	    (!strcmp(ws->w[i + 1], "flush") || !strcmp(ws->w[i + 1], "delete"))) {
		tfo_host_cookie_clear(c->h);
		note(c, "ip tcp_metrics flush: cookie cache emptied");
		return SH_OK;
	}
	return fail(msg, size, SH_ERROR, "ip %s: only 'ip tcp_metrics flush' is modelled",
	            ws->n > 1 ? ws->w[1] : "");
}

static int cmd_set_sysctls(struct sh_ctx *c, const struct words *ws, char *msg, size_t size)
{
	for (int i = 1; i < ws->n; i++) {
		const char *eq = strchr(ws->w[i], '=');
		char path[WORD_MAX];
		int r;

		if (is_redirect(ws->w[i]))
			break;
		snprintf(path, sizeof(path), "%.*s", eq ? (int)(eq - ws->w[i]) : 0, ws->w[i]);
		if (!eq || !proc_name(path))
			return fail(msg, size, SH_ERROR, "set_sysctls.py: bad argument '%s'",
			            ws->w[i]);
		r = sysctl(c, proc_name(path), eq + 1, msg, size);
		if (r)
			return r;
	}
	return SH_OK;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(MAX_SHELL_FILE + 1);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, MAX_SHELL_FILE + 1, f);
	fclose(f);
	if (n > MAX_SHELL_FILE || memchr(buf, '\0', n)) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static int cmd_file(struct sh_ctx *c, const struct words *ws, char *msg, size_t size)
{
	char path[1024], inner[300];
	char *text;
	int off = 0, r;

	if (c->depth >= MAX_DEPTH)
		return fail(msg, size, SH_ERROR, "%s: shell files nested too deep", ws->w[0]);
	if (ws->w[0][0] == '/' || !c->dir)
		snprintf(path, sizeof(path), "%s", ws->w[0]);
	else
		snprintf(path, sizeof(path), "%s/%s", c->dir, ws->w[0]);
	text = read_text(path);
	if (!text)
		return fail(msg, size, SH_ERROR, "cannot read shell file '%s'", ws->w[0]);
	c->depth++;
	r = sh_run(c, text, &off, inner, sizeof(inner));
	c->depth--;
	free(text);
	if (r) {
		char l[16];

		snprintf(l, sizeof(l), "%d", off + 1);
		snprintf(msg, size, "%s:%s: %s", ws->w[0], l, inner);
	} else {
		note(c, "%s: interpreted%s", ws->w[0], "");
	}
	return r;
}

static int command(struct sh_ctx *c, const struct words *ws, char *msg, size_t size)
{
	const char *cmd;

	if (!ws->n)
		return SH_OK;
	cmd = base_name(ws->w[0]);
	if (!strcmp(cmd, "sysctl"))
		return cmd_sysctl(c, ws, msg, size);
	if (!strcmp(cmd, "echo"))
		return cmd_echo(c, ws, msg, size);
	if (!strcmp(cmd, "ip"))
		return cmd_ip(c, ws, msg, size);
	if (!strcmp(cmd, "set_sysctls.py"))
		return cmd_set_sysctls(c, ws, msg, size);
	if (!strcmp(cmd, "tc") || !strcmp(cmd, "true") || !strcmp(cmd, ":")) {
		note(c, "%s: no meaning without a device, skipped%s", cmd, "");
		return SH_OK;
	}
	if (strchr(ws->w[0], '/') && strlen(cmd) > 3 && !strcmp(cmd + strlen(cmd) - 3, ".sh"))
		return cmd_file(c, ws, msg, size);
	return fail(msg, size, SH_ERROR,
	            "cannot run shell command '%s': only sysctl, echo > /proc/sys, ip tcp_metrics, "
	            "set_sysctls.py and shell files are interpreted",
	            ws->w[0]);
}

/*
 * command_end: where the command starting at s ends: a newline, ';' or
 * "&&" outside quotes, or a comment (a '#' starting a word), which runs to
 * the end of the line. *line counts newlines inside quotes.
 */
static const char *command_end(const char *s, int *line)
{
	const char *end = s;
	char q = 0;

	for (; *end; end++) {
		if (q) {
			q = *end == q ? 0 : q;
			*line += *end == '\n';
			continue;
		}
		if (*end == '"' || *end == '\'')
			q = *end;
		else if (*end == '\n' || *end == ';' || (end[0] == '&' && end[1] == '&'))
			break;
		else if (*end == '#' && (end == s || end[-1] == ' ' || end[-1] == '\t')) {
			while (*end && *end != '\n')
				end++;
			break;
		}
	}
	return end;
}

int sh_run(struct sh_ctx *c, const char *text, int *line_off, char *msg, size_t msgsz)
{
	const char *s = text;
	int line = 0;

	while (*s) {
		const char *end = command_end(s, &line);
		struct words ws;
		int r;

		if (split(s, end, &ws)) {
			*line_off = line;
			return fail(msg, msgsz, SH_ERROR, "cannot split shell line");
		}
		r = command(c, &ws, msg, msgsz);
		if (r) {
			*line_off = line;
			return r;
		}
		line += *end == '\n';
		s = !*end ? end : end + (end[0] == '&' ? 2 : 1);
	}
	return SH_OK;
}
