/* The report of tfosim replay --kcp: text and JSON (docs/kcp.md). */
#include <jansson.h>

#include "replay_kcp.h"

static double per_byte(const struct kcp_conv *c)
{
	uint64_t data = c->dir[0].data_bytes + c->dir[1].data_bytes;

	return data ? (double)(c->dir[0].wire_bytes + c->dir[1].wire_bytes) / (double)data : 0;
}

static void dir_text(FILE *out, const char *name, const struct kcp_dir_stats *d)
{
	fprintf(out,
	        "  %s: %llu datagrams, %llu B on the wire; PUSH %llu new (%llu B, %llu "
	        "messages), %llu resent (%llu after skips, %llu on timeout); %llu ACKs, %llu "
	        "probes\n",
	        name, (unsigned long long)d->datagrams, (unsigned long long)d->wire_bytes,
	        (unsigned long long)d->push_new, (unsigned long long)d->data_bytes,
	        (unsigned long long)d->messages, (unsigned long long)d->push_rtx,
	        (unsigned long long)d->rtx_fast, (unsigned long long)d->rtx_timeout,
	        (unsigned long long)d->acks, (unsigned long long)d->probes);
	if (d->rtt_n)
		fprintf(out,
		        "    RTT from the ts its PUSHes had echoed: %llu samples, min %.1f, "
		        "mean %.1f, max %.1f ms\n",
		        (unsigned long long)d->rtt_n, d->rtt_min_us / 1000.0,
		        (double)d->rtt_sum_us / (double)d->rtt_n / 1000.0, d->rtt_max_us / 1000.0);
}

void kcp_replay_text(FILE *out, const char *path, const struct kcp_replay *r)
{
	char a[TFO_SOCKADDRSTRLEN], b[TFO_SOCKADDRSTRLEN];

	fprintf(out,
	        "%s: %llu packets, %llu UDP datagrams on port %u: %llu plain KCP, %llu behind "
	        "kcp-go's 20-byte header (nonce, CRC32), %llu not KCP\n",
	        path, (unsigned long long)r->packets, (unsigned long long)r->udp, (unsigned)r->port,
	        (unsigned long long)r->plain, (unsigned long long)r->kcpgo,
	        (unsigned long long)r->undecodable);
	if (r->untracked)
		fprintf(out, "%llu datagrams of conversations past the first %d not followed\n",
		        (unsigned long long)r->untracked, KCP_REPLAY_MAX_CONVS);
	for (const struct kcp_conv *c = r->convs; c; c = c->next) {
		tfo_sockaddr_format(&c->client, a, sizeof(a));
		tfo_sockaddr_format(&c->server, b, sizeof(b));
		fprintf(out, "\nconversation %u (0x%08x): %s <-> %s, %.3f s\n", (unsigned)c->conv,
		        (unsigned)c->conv, a, b, (double)(c->last_us - c->first_us) / 1e6);
		dir_text(out, "client to server", &c->dir[0]);
		dir_text(out, "server to client", &c->dir[1]);
		fprintf(out, "  wire bytes per byte of data (both ways): %.2f\n", per_byte(c));
	}
}

static json_t *null_or(uint64_t n, json_t *v)
{
	if (n)
		return v;
	json_decref(v);
	return json_null();
}

static json_t *dir_json(const struct kcp_dir_stats *d)
{
	return json_pack(
	        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o}",
	        "datagrams", (json_int_t)d->datagrams, "wire_bytes", (json_int_t)d->wire_bytes,
	        "push_new", (json_int_t)d->push_new, "data_bytes", (json_int_t)d->data_bytes,
	        "messages", (json_int_t)d->messages, "push_resent", (json_int_t)d->push_rtx,
	        "resent_after_skips", (json_int_t)d->rtx_fast, "resent_on_timeout",
	        (json_int_t)d->rtx_timeout, "acks", (json_int_t)d->acks, "probes",
	        (json_int_t)d->probes, "rtt_samples", (json_int_t)d->rtt_n, "rtt_min_us",
	        null_or(d->rtt_n, json_integer((json_int_t)d->rtt_min_us)), "rtt_mean_us",
	        null_or(d->rtt_n,
	                json_integer((json_int_t)(d->rtt_n ? d->rtt_sum_us / d->rtt_n : 0))),
	        "rtt_max_us", null_or(d->rtt_n, json_integer((json_int_t)d->rtt_max_us)));
}

int kcp_replay_json(FILE *out, const char *path, const struct kcp_replay *r)
{
	json_t *convs = json_array(), *doc;
	char a[TFO_SOCKADDRSTRLEN], b[TFO_SOCKADDRSTRLEN];
	int rc;

	for (const struct kcp_conv *c = r->convs; convs && c; c = c->next) {
		tfo_sockaddr_format(&c->client, a, sizeof(a));
		tfo_sockaddr_format(&c->server, b, sizeof(b));
		json_array_append_new(convs, json_pack("{s:I, s:s, s:s, s:I, s:o, s:o, s:f}",
		                                       "conv", (json_int_t)c->conv, "client", a,
		                                       "server", b, "duration_us",
		                                       (json_int_t)(c->last_us - c->first_us),
		                                       "client_to_server", dir_json(&c->dir[0]),
		                                       "server_to_client", dir_json(&c->dir[1]),
		                                       "wire_bytes_per_byte", per_byte(c)));
	}
	doc = json_pack("{s:s, s:i, s:s, s:i, s:I, s:I, s:{s:I, s:I, s:I}, s:I, s:o}", "format",
	                "tfosim-kcp-replay", "version", 1, "file", path, "port", (int)r->port,
	                "packets", (json_int_t)r->packets, "udp", (json_int_t)r->udp, "framing",
	                "plain", (json_int_t)r->plain, "kcp_go_header", (json_int_t)r->kcpgo,
	                "not_kcp", (json_int_t)r->undecodable, "untracked",
	                (json_int_t)r->untracked, "conversations", convs);
	if (!doc)
		return -1;
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	fputc('\n', out);
	json_decref(doc);
	return rc == 0 ? 0 : -1;
}
