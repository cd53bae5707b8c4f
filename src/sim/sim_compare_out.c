/* Reports of `tfosim compare`. */
#include <jansson.h>
#include <string.h>

#include "sim_compare_out.h"

static double wire_per_byte(const struct cmp_result *r)
{
	return r->delivered_bytes ? (double)r->wire_bytes / (double)r->delivered_bytes : 0;
}

void cmp_claims(const struct cmp_result *res, struct cmp_claim *c)
{
	const struct cmp_result *tcp = &res[CMP_TCP], *kcp = &res[CMP_KCP_FAST];
	double mean = tcp->mean_ms > 0 ? 1 - kcp->mean_ms / tcp->mean_ms : 0;
	double max = kcp->max_ms ? (double)tcp->max_ms / kcp->max_ms : 0;
	double extra = wire_per_byte(tcp) > 0 ? wire_per_byte(kcp) / wire_per_byte(tcp) - 1 : 0;

	c[0] = (struct cmp_claim){ "mean-latency", "30-40% lower mean latency", mean, mean >= 0.30,
		                   "" };
	snprintf(c[0].text, sizeof(c[0].text),
	         "mean latency: KCP fast %.0f%% %s than TCP (%.1f vs %.1f ms): %s (claim 30-40%%)",
	         100 * (mean < 0 ? -mean : mean), mean < 0 ? "higher" : "lower", kcp->mean_ms,
	         tcp->mean_ms, c[0].supported ? "supported" : "not supported");
	c[1] = (struct cmp_claim){ "max-latency", "three times lower maximum latency", max,
		                   max >= 3, "" };
	snprintf(c[1].text, sizeof(c[1].text),
	         "maximum latency: TCP %u ms, KCP fast %u ms, %.2f times lower: %s (claim 3 times)",
	         (unsigned)tcp->max_ms, (unsigned)kcp->max_ms, max,
	         c[1].supported ? "supported" : "not supported");
	c[2] = (struct cmp_claim){ "bandwidth", "costs 10-20% more bandwidth", extra, extra <= 0.20,
		                   "" };
	snprintf(c[2].text, sizeof(c[2].text),
	         "bandwidth: KCP fast %.2f wire B per byte, TCP %.2f, %.0f%% %s: %s (claim 10-20%% "
	         "more)",
	         wire_per_byte(kcp), wire_per_byte(tcp), 100 * (extra < 0 ? -extra : extra),
	         extra < 0 ? "less" : "more", c[2].supported ? "supported" : "not supported");
}

void cmp_write_text(FILE *out, const char *preset, const struct cmp_workload *w,
                    const struct cmp_result *res)
{
	struct cmp_claim c[CMP_NCLAIMS];

	fprintf(out,
	        "compare %s, seed %llu: %u B every %u ms echoed, until %u echoes; loss %u%% each "
	        "way,\none-way delay %u..%u ms, in order; latency = echo back minus send\n\n",
	        preset, (unsigned long long)w->seed, (unsigned)w->message, (unsigned)w->every_ms,
	        (unsigned)w->echoes, (unsigned)w->loss_pct, (unsigned)w->delay_min_ms,
	        (unsigned)w->delay_max_ms - 1);
	fprintf(out, "%-12s %9s %9s %7s %7s %7s %8s %7s\n", "protocol", "delivered", "mean ms",
	        "p50", "p99", "max", "retrans", "wire/B");
	for (int p = 0; p < CMP_NPROTO; p++) {
		const struct cmp_result *r = &res[p];

		fprintf(out, "%-12s %9u %9.1f %7u %7u %7u %8llu %7.2f\n", cmp_proto_name(p),
		        (unsigned)r->delivered, r->mean_ms, (unsigned)r->p50_ms,
		        (unsigned)r->p99_ms, (unsigned)r->max_ms,
		        (unsigned long long)r->retransmissions, wire_per_byte(r));
	}
	cmp_claims(res, c);
	fputs("\nthe seed's claims, KCP fast against TCP:\n", out);
	for (int i = 0; i < CMP_NCLAIMS; i++)
		fprintf(out, "- %s\n", c[i].text);
}

static json_t *proto_json(const struct cmp_result *r)
{
	return json_pack("{s:s, s:f, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I}", "name",
	                 cmp_proto_name(r->proto), "mean_ms", r->mean_ms, "p50_ms",
	                 (json_int_t)r->p50_ms, "p99_ms", (json_int_t)r->p99_ms, "max_ms",
	                 (json_int_t)r->max_ms, "delivered", (json_int_t)r->delivered,
	                 "retransmissions", (json_int_t)r->retransmissions, "wire_bytes",
	                 (json_int_t)r->wire_bytes, "delivered_bytes",
	                 (json_int_t)r->delivered_bytes, "wire_bytes_per_byte", wire_per_byte(r),
	                 "elapsed_ms", (json_int_t)r->elapsed_ms);
}

static json_t *workload_json(const struct cmp_workload *w)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "loss_pct", (json_int_t)w->loss_pct,
	                 "delay_min_ms", (json_int_t)w->delay_min_ms, "delay_max_ms",
	                 (json_int_t)w->delay_max_ms - 1, "every_ms", (json_int_t)w->every_ms,
	                 "message_bytes", (json_int_t)w->message, "echoes", (json_int_t)w->echoes);
}

static int dump(FILE *out, json_t *doc)
{
	int rc;

	if (!doc)
		return -1;
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	fputc('\n', out);
	json_decref(doc);
	return rc == 0 ? 0 : -1;
}

int cmp_write_json(FILE *out, const char *preset, const struct cmp_workload *w,
                   const struct cmp_result *res)
{
	json_t *protos = json_array(), *claims = json_array();
	struct cmp_claim c[CMP_NCLAIMS];

	cmp_claims(res, c);
	for (int p = 0; protos && p < CMP_NPROTO; p++)
		json_array_append_new(protos, proto_json(&res[p]));
	for (int i = 0; claims && i < CMP_NCLAIMS; i++)
		json_array_append_new(claims,
		                      json_pack("{s:s, s:s, s:f, s:b, s:s}", "name", c[i].name,
		                                "claim", c[i].claim, "value", c[i].value,
		                                "supported", c[i].supported, "text", c[i].text));
	return dump(out,
	            json_pack("{s:s, s:i, s:s, s:I, s:o, s:o, s:o}", "format", "tfosim-compare",
	                      "version", 1, "preset", preset, "seed", (json_int_t)w->seed,
	                      "workload", workload_json(w), "protocols", protos, "claims", claims));
}

void cmp_grid_csv(FILE *out, const struct cmp_point *pts, size_t n)
{
	fputs("loss_pct,rtt_ms,protocol,delivered,mean_ms,p50_ms,p99_ms,max_ms,retransmissions,"
	      "wire_bytes_per_byte\n",
	      out);
	for (size_t i = 0; i < n; i++)
		for (int p = 0; p < CMP_NPROTO; p++) {
			const struct cmp_result *r = &pts[i].res[p];

			fprintf(out, "%u,%u,%s,%u,%.1f,%u,%u,%u,%llu,%.3f\n",
			        (unsigned)pts[i].w.loss_pct, (unsigned)pts[i].w.delay_min_ms * 2,
			        cmp_proto_name(p), (unsigned)r->delivered, r->mean_ms,
			        (unsigned)r->p50_ms, (unsigned)r->p99_ms, (unsigned)r->max_ms,
			        (unsigned long long)r->retransmissions, wire_per_byte(r));
		}
}

int cmp_grid_json(FILE *out, const struct cmp_point *pts, size_t n)
{
	json_t *points = json_array();

	for (size_t i = 0; points && i < n; i++) {
		json_t *protos = json_array();

		for (int p = 0; protos && p < CMP_NPROTO; p++)
			json_array_append_new(protos, proto_json(&pts[i].res[p]));
		json_array_append_new(points, json_pack("{s:I, s:I, s:o}", "loss_pct",
		                                        (json_int_t)pts[i].w.loss_pct, "rtt_ms",
		                                        (json_int_t)pts[i].w.delay_min_ms * 2,
		                                        "protocols", protos));
	}
	return dump(out, json_pack("{s:s, s:i, s:s, s:I, s:o}", "format", "tfosim-compare",
	                           "version", 1, "preset", "grid", "seed",
	                           (json_int_t)(n ? pts[0].w.seed : 0), "points", points));
}

/* The plot: mean echo latency against loss, one line per protocol and RTT. */
void cmp_grid_svg(FILE *out, const struct cmp_point *pts, size_t n)
{
	static const char *const colour[CMP_NPROTO] = { "#d62728", "#ff7f0e", "#2ca02c", "#1f77b4",
		                                        "#9467bd" };
	const double W = 720, H = 440, L = 70, R = 170, T = 30, B = 50;
	double ymax = 1, xmax = 1;

	for (size_t i = 0; i < n; i++) {
		if (pts[i].w.loss_pct > xmax)
			xmax = pts[i].w.loss_pct;
		for (int p = 0; p < CMP_NPROTO; p++)
			if (pts[i].res[p].mean_ms > ymax)
				ymax = pts[i].res[p].mean_ms;
	}
	fprintf(out,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
	        "font-family=\"sans-serif\" font-size=\"12\">\n"
	        "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
	        "<text x=\"%.0f\" y=\"18\">mean echo latency (ms) against loss per direction "
	        "(%%); one line per protocol and RTT</text>\n"
	        "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"black\"/>\n"
	        "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"black\"/>\n"
	        "<text x=\"%.0f\" y=\"%.0f\">0</text><text x=\"%.0f\" y=\"%.0f\">%.0f%%</text>\n"
	        "<text x=\"5\" y=\"%.0f\">%.0f</text><text x=\"5\" y=\"%.0f\">0</text>\n",
	        W, H, L, L, H - B, W - R, H - B, L, T, L, H - B, L, H - B + 15, W - R - 20,
	        H - B + 15, xmax, T + 5, ymax, H - B);
	for (int p = 0; p < CMP_NPROTO; p++) {
		uint32_t rtt = UINT32_MAX;

		for (size_t i = 0; i < n; i++) {
			if (pts[i].w.delay_min_ms * 2 == rtt)
				continue;
			rtt = pts[i].w.delay_min_ms * 2;
			fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" points=\"", colour[p]);
			for (size_t j = i; j < n && pts[j].w.delay_min_ms * 2 == rtt; j++)
				fprintf(out, "%.1f,%.1f ",
				        L + (W - L - R) * pts[j].w.loss_pct / xmax,
				        H - B - (H - T - B) * pts[j].res[p].mean_ms / ymax);
			fputs("\"/>\n", out);
		}
		fprintf(out,
		        "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
		        "<text x=\"%.0f\" y=\"%.0f\">%s</text>\n",
		        W - R + 15, T + 20.0 * p, colour[p], W - R + 32, T + 20.0 * p + 10,
		        cmp_proto_name(p));
	}
	fputs("</svg>\n", out);
}
