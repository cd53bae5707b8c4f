/*
 * The host's public view of its client cookie cache (tfo_host_cookie_*):
 * what tcp_metrics' Fast Open part is to `ip tcp_metrics`. The cache itself
 * (tfo_cookie_cache.c) is a data structure that knows nothing of hosts.
 */
#include <string.h>

#include "tfo_host.h"

static int pair_ok(const tfo_addr *local, const tfo_addr *remote)
{
	return local && remote && (local->family == TFO_AF_INET || local->family == TFO_AF_INET6) &&
	       local->family == remote->family;
}

TFO_EXPORT int tfo_host_cookie_get(const tfo_host *h, const tfo_addr *local, const tfo_addr *remote,
                                   uint8_t *cookie, size_t *len, uint16_t *mss)
{
	const struct cc_entry *e;

	if (!h || !pair_ok(local, remote))
		return 0;
	e = cc_find(&h->cc, local, remote);
	if (!e)
		return 0;
	if (len)
		*len = e->cookie_len;
	if (cookie)
		memcpy(cookie, e->cookie, e->cookie_len);
	if (mss)
		*mss = e->mss;
	return 1;
}

TFO_EXPORT int tfo_host_cookie_set(tfo_host *h, const tfo_addr *local, const tfo_addr *remote,
                                   const uint8_t *cookie, size_t len, uint16_t mss)
{
	struct cc_entry *e;

	if (!h || !pair_ok(local, remote) || !cookie || len < TFO_COOKIE_MIN ||
	    len > TFO_COOKIE_MAX || len % 2 || h->cc.max == 0)
		return TFO_ERR_INVALID;
	e = cc_get(&h->cc, local, remote);
	if (!e)
		return TFO_ERR_NOMEM;
	memcpy(e->cookie, cookie, len);
	e->cookie_len = (uint8_t)len;
	e->cookie_exp = 0;
	e->mss = mss;
	return 0;
}

TFO_EXPORT void tfo_host_cookie_clear(tfo_host *h)
{
	if (h)
		cc_clear(&h->cc);
}
