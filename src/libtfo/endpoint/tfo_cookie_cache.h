/*
 * The client's Fast Open cache: what Linux keeps in tcp_metrics per
 * (source, destination) address pair: the server's cookie and MSS, the
 * experimental-option state (try_exp) and the SYN-loss count. Bounded,
 * least recently used entries make room for new ones; entries are fixed
 * size and reused, so a full cache does not allocate.
 */
#ifndef TFO_COOKIE_CACHE_H
#define TFO_COOKIE_CACHE_H

#include <tfo/tfo.h>

#include "tfo_hashtab.h"

struct cc_entry {
	struct hnode hn;
	struct cc_entry *lprev, *lnext; /* LRU: head is the most recent */
	tfo_addr local, remote;
	uint16_t mss;       /* 0: unknown */
	uint8_t cookie_len; /* 0: none */
	uint8_t cookie_exp; /* the cookie came in the experimental option: send it back so */
	uint8_t cookie[TFO_COOKIE_MAX];
	/* Linux tcp_fastopen_metrics.try_exp: 0 use kind 34; 1 use kind 254
	 * for the next cookie request; 2 back to kind 34 for good. */
	uint8_t try_exp;
	uint16_t syn_loss; /* consecutive Fast Open SYN losses (Linux syn_loss) */
	tfo_time last_syn_loss;
};

struct cookie_cache {
	const tfo_allocator *mem;
	struct hashtab ht; /* of struct cc_entry, by hn; buckets from the first cc_get */
	uint32_t max;
	struct cc_entry *head, *tail;
};

void cc_init(struct cookie_cache *c, const tfo_allocator *mem, uint32_t max);
void cc_free(struct cookie_cache *c);

/* cc_find: the entry for (local, remote), or NULL. Does not touch the LRU order. */
struct cc_entry *cc_find(const struct cookie_cache *c, const tfo_addr *local,
                         const tfo_addr *remote);

/*
 * cc_get: the entry for (local, remote), created (empty) if missing,
 * evicting the least recently used entry when full; made most recent.
 * NULL when the cache has room for no entry (max 0) or on allocation failure.
 */
struct cc_entry *cc_get(struct cookie_cache *c, const tfo_addr *local, const tfo_addr *remote);

/* cc_touch: makes e the most recently used entry. */
void cc_touch(struct cookie_cache *c, struct cc_entry *e);

/* cc_clear: forgets every entry. */
void cc_clear(struct cookie_cache *c);

#endif /* TFO_COOKIE_CACHE_H */
