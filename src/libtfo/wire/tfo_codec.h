/* The decoder as libtfo's own readers call it, with more than the public
 * entry point hands out. */
#ifndef TFO_CODEC_H
#define TFO_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include <tfo/wire.h>

#include "tfo_options.h"

/*
 * tfo_segment_decode_fastopen: tfo_segment_decode(), and the segment's
 * Fast Open option in *fo (not NULL) as tfo_opts_fastopen() would read
 * it from seg->opts, found in the walk the decoder makes over the options
 * for its diag flags anyway; none (cookie_len -1) when the packet does
 * not decode. Replay reads the option of every SYN and SYN-ACK.
 */
int tfo_segment_decode_fastopen(tfo_segment *seg, tfo_decode_info *info, const uint8_t *buf,
                                size_t len, struct tfo_fastopen_opt *fo);

#endif /* TFO_CODEC_H */
