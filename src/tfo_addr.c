/*
 * TEMPORARY minimal address helpers so that the cookie branch links; the
 * real ones come from the codec branch. Drop this file at merge time.
 */
#include <arpa/inet.h>
#include <string.h>

#include <tfo/wire.h>

TFO_EXPORT int tfo_addr_parse(tfo_addr *out, const char *text)
{
	tfo_addr a;

	if (!out || !text)
		return TFO_ERR_BAD_ADDR;
	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, text, a.bytes) == 1)
		a.family = TFO_AF_INET;
	else if (inet_pton(AF_INET6, text, a.bytes) == 1)
		a.family = TFO_AF_INET6;
	else
		return TFO_ERR_BAD_ADDR;
	*out = a;
	return 0;
}

TFO_EXPORT int tfo_addr_format(const tfo_addr *addr, char *buf, size_t size)
{
	char tmp[INET6_ADDRSTRLEN];
	size_t n;

	if (!addr || (addr->family != TFO_AF_INET && addr->family != TFO_AF_INET6))
		return TFO_ERR_INVALID;
	if (!inet_ntop(addr->family == TFO_AF_INET ? AF_INET : AF_INET6, addr->bytes, tmp,
	               sizeof(tmp)))
		return TFO_ERR_INVALID;
	n = strlen(tmp);
	if (!buf || size <= n)
		return TFO_ERR_NOBUF;
	memcpy(buf, tmp, n + 1);
	return (int)n;
}

TFO_EXPORT size_t tfo_addr_len(const tfo_addr *addr)
{
	if (!addr)
		return 0;
	if (addr->family == TFO_AF_INET)
		return 4;
	if (addr->family == TFO_AF_INET6)
		return 16;
	return 0;
}

TFO_EXPORT int tfo_addr_equal(const tfo_addr *a, const tfo_addr *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}
