/* One input: opened, its format found from its first bytes, and read. */
#ifndef REPLAY_SOURCE_H
#define REPLAY_SOURCE_H

#include <stddef.h>
#include <stdio.h>

#include <tfo/common.h>

#include "replay_packet.h"

enum replay_format { REPLAY_FMT_UNKNOWN, REPLAY_FMT_PCAP, REPLAY_FMT_PCAPNG, REPLAY_FMT_TEXT };

/*
 * replay_detect: the format of a file that starts with these bytes (as
 * many as there are, up to a few KiB): a pcap or pcapng magic number, or
 * a first non-blank line that tcpdump could have printed.
 */
int replay_detect(const uint8_t *head, size_t len);

/*
 * replay_source_unknown: err = "NAME: not a pcap, pcapng or tcpdump text
 * file". Returns REPLAY_ERR_INPUT.
 */
int replay_source_unknown(const char *name, char *err, size_t errsize);

/*
 * replay_source_read: reads the file at path ("-" is standard input) with
 * the reader its content calls for. Returns 0, REPLAY_ERR_INPUT (cannot
 * be opened, not a known format, or unreadable; err says so, beginning
 * with the path), TFO_ERR_NOMEM, or what emit returned.
 */
int replay_source_read(const char *path, uint32_t file, const struct replay_emit *emit,
                       const tfo_allocator *mem, char *err, size_t errsize);

/*
 * replay_source_stream: the same for an open stream whose first bytes
 * were already read into head (the stream continues after them): f is
 * taken over and closed, except stdin. For the fuzz harnesses and stdin.
 */
int replay_source_stream(FILE *f, const uint8_t *head, size_t headlen, const char *name,
                         uint32_t file, const struct replay_emit *emit, const tfo_allocator *mem,
                         char *err, size_t errsize);

#endif /* REPLAY_SOURCE_H */
