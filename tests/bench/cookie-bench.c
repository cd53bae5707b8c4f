/*
 * Cookie cost against the raw libsodium primitive, per algorithm: one
 * make plus one check through the key ring (what a server does for a
 * cookie request and the return visit) against the same primitive called
 * twice on the same bytes. Rounds interleave the two, and the table gives
 * the median ns per pair of each and the median of the per-round ratios.
 * A benchmark, not a test: run it with `meson test --benchmark` or by hand.
 *   cookie-bench [ROUNDS [ITERATIONS [ALGORITHM]]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <tfo/tfo.h>

#define MAX_ROUNDS 101

/*
 * Clients come from NCLIENT addresses made up front, as a server's SYNs
 * come from segments decoded earlier; varying a byte just before each call
 * would time the CPU's store forwarding, not the cookie.
 */
#define NCLIENT 256

struct ctx {
	tfo_keyring *ring;
	tfo_addr src[NCLIENT], dst;
	uint8_t key[32];
	uint8_t pair[NCLIENT + 1][8]; /* one spare: AES reads 12 bytes as its nonce */
	crypto_auth_hmacsha256_state hmac;
	crypto_aead_aes256gcm_state aes;
	volatile uint8_t sink;
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void ring_pair(struct ctx *c, long n)
{
	uint8_t cookie[TFO_COOKIE_MAX];

	for (long i = 0; i < n; i++) {
		const tfo_addr *src = &c->src[i % NCLIENT];
		int len = tfo_keyring_make(c->ring, src, &c->dst, cookie, sizeof(cookie));
		int m = tfo_keyring_check(c->ring, src, &c->dst, cookie, (size_t)len);
		c->sink ^= (uint8_t)(cookie[0] + m);
	}
}

static void raw_siphash(struct ctx *c, long n)
{
	uint8_t a[8], b[8];

	for (long i = 0; i < n; i++) {
		const uint8_t *pair = c->pair[i % NCLIENT];
		crypto_shorthash(a, pair, 8, c->key);
		crypto_shorthash(b, pair, 8, c->key);
		c->sink ^= (uint8_t)(a[0] + b[1]);
	}
}

static void raw_hmac(struct ctx *c, long n)
{
	uint8_t a[32], b[32];

	for (long i = 0; i < n; i++) {
		const uint8_t *pair = c->pair[i % NCLIENT];
		crypto_auth_hmacsha256_state s1 = c->hmac, s2 = c->hmac;
		crypto_auth_hmacsha256_update(&s1, pair, 8);
		crypto_auth_hmacsha256_final(&s1, a);
		crypto_auth_hmacsha256_update(&s2, pair, 8);
		crypto_auth_hmacsha256_final(&s2, b);
		c->sink ^= (uint8_t)(a[0] + b[1]);
	}
}

static void raw_aes(struct ctx *c, long n)
{
	static const uint8_t zero[16];
	uint8_t a[16], b[16], tag[16];

	for (long i = 0; i < n; i++) {
		const uint8_t *nonce =
		        c->pair[i % NCLIENT]; /* 12 bytes read: the next pair's too */
		crypto_aead_aes256gcm_encrypt_detached_afternm(a, tag, NULL, zero, 16, NULL, 0,
		                                               NULL, nonce, &c->aes);
		crypto_aead_aes256gcm_encrypt_detached_afternm(b, tag, NULL, zero, 16, NULL, 0,
		                                               NULL, nonce, &c->aes);
		c->sink ^= (uint8_t)(a[0] + b[1]);
	}
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void measure(const char *name, struct ctx *c, void (*raw)(struct ctx *, long), int rounds,
                    long iters)
{
	double a[MAX_ROUNDS], b[MAX_ROUNDS], r[MAX_ROUNDS], amin = 1e30, bmin = 1e30;

	ring_pair(c, iters / 10); /* warm-up */
	raw(c, iters / 10);
	for (int i = 0; i < rounds; i++) {
		double t0 = now_ns();
		ring_pair(c, iters);
		double t1 = now_ns();
		raw(c, iters);
		double t2 = now_ns();
		a[i] = (t1 - t0) / (double)iters;
		b[i] = (t2 - t1) / (double)iters;
		r[i] = a[i] / b[i];
		amin = a[i] < amin ? a[i] : amin;
		bmin = b[i] < bmin ? b[i] : bmin;
	}
	printf("%-12s %10.1f %10.1f %10.1f %10.1f %8.2f\n", name, amin, median(a, rounds), bmin,
	       median(b, rounds), median(r, rounds));
}

static int setup(struct ctx *c, int alg, size_t len)
{
	tfo_key k;

	memset(&k, 0, sizeof(k));
	k.len = alg == TFO_COOKIE_SIPHASH ? 16 : 32;
	for (size_t i = 0; i < k.len; i++)
		k.bytes[i] = c->key[i] = (uint8_t)(0xa1 + i);
	if (tfo_keyring_new(&c->ring, alg, len, NULL) != 0 ||
	    tfo_keyring_set(c->ring, &k, NULL) != 0)
		return -1;
	crypto_auth_hmacsha256_init(&c->hmac, c->key, 32);
	if (crypto_aead_aes256gcm_is_available())
		crypto_aead_aes256gcm_beforenm(&c->aes, c->key);
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 11;
	long iters = argc > 2 ? atol(argv[2]) : 200000;
	const char *only = argc > 3 ? argv[3] : NULL;
	static const struct {
		const char *name;
		int alg;
		size_t len;
		void (*raw)(struct ctx *, long);
	} algs[] = {
		{ "siphash", TFO_COOKIE_SIPHASH, 8, raw_siphash },
		{ "hmac-sha256", TFO_COOKIE_HMAC_SHA256, 16, raw_hmac },
		{ "aes", TFO_COOKIE_AES, 16, raw_aes },
	};

	if (rounds < 1 || rounds > MAX_ROUNDS || iters < 10 || argc > 4 ||
	    (only && tfo_cookie_alg_parse(only) < 0) || sodium_init() < 0) {
		fprintf(stderr,
		        "usage: cookie-bench [ROUNDS (1-%d) [ITERATIONS "
		        "[siphash|hmac-sha256|aes]]]\n",
		        MAX_ROUNDS);
		return 2;
	}
	printf("ns per make+check (tfo) and per two primitive calls (raw); %d rounds of %ld\n",
	       rounds, iters);
	printf("%-12s %10s %10s %10s %10s %8s\n", "algorithm", "tfo min", "tfo median", "raw min",
	       "raw median", "ratio");
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		struct ctx c;

		if (only && strcmp(only, algs[i].name) != 0)
			continue;
		memset(&c, 0, sizeof(c));
		tfo_addr_parse(&c.dst, "192.168.0.1");
		for (int j = 0; j < NCLIENT; j++) {
			tfo_addr_parse(&c.src[j], "192.0.2.1");
			c.src[j].bytes[3] = (uint8_t)j;
			memcpy(c.pair[j], c.src[j].bytes, 4);
			memcpy(c.pair[j] + 4, c.dst.bytes, 4);
		}
		if (algs[i].alg == TFO_COOKIE_AES && !crypto_aead_aes256gcm_is_available()) {
			printf("%-12s (no AES instructions on this CPU)\n", algs[i].name);
			continue;
		}
		if (setup(&c, algs[i].alg, algs[i].len) != 0) {
			fprintf(stderr, "cookie-bench: %s: cannot make a key ring\n", algs[i].name);
			return 1;
		}
		measure(algs[i].name, &c, algs[i].raw, rounds, iters);
		tfo_keyring_del(c.ring);
	}
	return 0;
}
