/*
 * Malformed TCP options, found with the codec's walker and described
 * precisely: the decoder keeps going past them (as Linux does), so without
 * this they would vanish without a word.
 */
#include <stdio.h>

#include "replay_optcheck.h"

static int is_fastopen(const tfo_opt *o, const uint8_t *opts, size_t optlen)
{
	size_t at = o->offset;

	if (o->kind == TFO_OPT_FASTOPEN)
		return 1;
	/* RFC 6994's experimental kind carries Fast Open under magic 0xF989 */
	return o->kind == TFO_OPT_EXP && o->len >= 4 && at + 3 < optlen &&
	       ((unsigned)opts[at + 2] << 8 | opts[at + 3]) == TFO_EXP_MAGIC_FASTOPEN;
}

/* An option whose length byte stops the walk: missing, below 2, too long. */
static void broken(const tfo_segment *seg, const tfo_opt *o, char *why, size_t n)
{
	size_t at = o->offset;

	if (at + 1 >= seg->optlen)
		snprintf(why, n, "TCP option kind %u at byte %zu: no length byte", o->kind, at);
	else if (seg->opts[at + 1] < 2)
		snprintf(why, n, "TCP option kind %u at byte %zu: length %u, below 2", o->kind, at,
		         seg->opts[at + 1]);
	else
		snprintf(why, n,
		         "TCP option kind %u at byte %zu: length %u runs past the %u option bytes",
		         o->kind, at, seg->opts[at + 1], seg->optlen);
}

int replay_opts_problem(const tfo_segment *seg, char *why, size_t n)
{
	size_t pos = 0;
	tfo_opt o;
	int rc;

	while ((rc = tfo_opt_next(seg->opts, seg->optlen, &pos, &o)) == 1) {
		if (!o.invalid)
			continue;
		if (is_fastopen(&o, seg->opts, seg->optlen))
			snprintf(why, n,
			         "Fast Open option (kind %u) at byte %u, length %u: not a cookie "
			         "request "
			         "nor an even 4..16-byte cookie; ignored",
			         o.kind, o.offset, o.len);
		else
			snprintf(why, n,
			         "TCP option kind %u at byte %u: length %u, wrong for its kind; "
			         "ignored",
			         o.kind, o.offset, o.len);
		return 1;
	}
	if (rc == TFO_ERR_BAD_OPTION) {
		broken(seg, &o, why, n);
		return 1;
	}
	return 0;
}
