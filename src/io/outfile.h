/*
 * One way to write a named output file, for every command and writer.
 *
 * A regular file is never half-written: the output goes to a temporary
 * file in the same folder and is renamed over the target only once it is
 * complete and on disk. A target that is not a regular file (a device such
 * as /dev/full or /dev/null, a FIFO, a terminal) cannot be replaced and is
 * written in place. "-" is standard output.
 */
#ifndef TFO_OUTFILE_H
#define TFO_OUTFILE_H

#include <stdio.h>

struct outfile;

/*
 * outfile_open: opens PATH for writing. "-" is standard output. For a
 * regular file or a name that does not exist yet, the stream writes to a
 * new temporary file ".NAME.tmp-PID-N" beside it, created with mode 0666
 * less the umask (an existing file's permission bits are kept). A symbolic
 * link is followed: the file it names is the one replaced. A target that
 * exists and is not a regular file, or any path under /dev/ or /proc/, is
 * opened and written in place (without truncating a device).
 * Returns the handle, or NULL with errno set (ENOMEM, or what open(2) said).
 */
struct outfile *outfile_open(const char *path);

/* outfile_stream: the stream to write to (stdout for "-"). */
FILE *outfile_stream(struct outfile *f);

/* outfile_name: the name for messages: "standard output" for "-", else PATH. */
const char *outfile_name(const struct outfile *f);

/*
 * outfile_close: finishes the file: flushes, fsyncs a regular file,
 * renames the temporary file over the target and fsyncs its folder. Standard output is flushed,
 * not closed (see outfile_close_stdout). Returns 0, or an errno value
 * describing the first write, flush, sync, close or rename that failed; on
 * failure the temporary file is removed and the target is as it was.
 * Frees F in every case; F may be NULL (returns 0).
 */
int outfile_close(struct outfile *f);

/*
 * outfile_discard: gives up on F because the run failed: removes the
 * temporary file, leaves the target as it was, frees F. F may be NULL.
 */
void outfile_discard(struct outfile *f);

/*
 * outfile_close_stdout: flushes and closes standard output, at the very end
 * of a program. Returns 0, or an errno value when anything written to
 * standard output was lost (EIO when the C library kept no better cause).
 */
int outfile_close_stdout(void);

#endif /* TFO_OUTFILE_H */
