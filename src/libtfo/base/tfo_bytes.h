/* Big-endian loads and stores for the wire codec and option walker. */
#ifndef TFO_BYTES_H
#define TFO_BYTES_H

#include <stdint.h>
#include <string.h>

/*
 * GCC and clang on a little-endian machine: one load or store and one
 * byte swap. Written byte by byte, GCC assembled the two stamps of every
 * segment's timestamps option with a shift and an or a byte (some 30
 * instructions where two swaps do).
 */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TFO_BYTES_SWAP 1
#else
#define TFO_BYTES_SWAP 0
#endif

static inline uint16_t get_be16(const uint8_t *p)
{
#if TFO_BYTES_SWAP
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return __builtin_bswap16(v);
#else
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
#endif
}

static inline uint32_t get_be32(const uint8_t *p)
{
#if TFO_BYTES_SWAP
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return __builtin_bswap32(v);
#else
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
#endif
}

static inline uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
#if TFO_BYTES_SWAP
	v = __builtin_bswap16(v);
	memcpy(p, &v, sizeof(v));
#else
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
#endif
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
#if TFO_BYTES_SWAP
	v = __builtin_bswap32(v);
	memcpy(p, &v, sizeof(v));
#else
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
#endif
}

#endif /* TFO_BYTES_H */
