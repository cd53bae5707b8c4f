/* Internal: the hex digit reader shared by the hex and key parsers. */
#ifndef TFO_HEX_H
#define TFO_HEX_H

#include <tfo/cookie.h>

/* hex_digit: the value of one hex digit (either case), or -1. */
int hex_digit(char c);

#endif /* TFO_HEX_H */
