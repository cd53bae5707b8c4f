#!/usr/bin/env python3
"""tfosim run --step at a terminal: under a pseudo-terminal it waits for
Enter after each segment, and 'q' makes it run through the rest.
usage: test-step-pty.py TFOSIM"""
import os
import pty
import select
import sys
import time

PROMPT = b'-- Enter: next segment, q: run through the rest --'
TIMEOUT = 20.0


def read_until(fd, buf, want, deadline):
    """Reads from fd into buf until want is in buf[...] past what was seen, or EOF."""
    while want not in buf[0]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError('waited for %r; got %r' % (want, buf[0][-300:]))
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the child is gone
            data = b''
        if not data:
            return False
        buf[0] += data
    return True


def main():
    tfosim = sys.argv[1]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(tfosim, [tfosim, 'run', 'demo', '--step'])
    deadline = time.monotonic() + TIMEOUT
    buf = [b'']
    failures = []

    # It stops after the first segment and waits.
    read_until(fd, buf, PROMPT, deadline)
    time.sleep(0.3)
    ready, _, _ = select.select([fd], [], [], 0.2)
    extra = os.read(fd, 4096) if ready else b''
    if b'[2/11]' in buf[0] + extra:
        failures.append('it went on without Enter')
    buf[0] += extra
    if buf[0].count(b'[1/11]') != 1:
        failures.append('the first segment is not shown once')

    # Enter: one more segment, and it waits again.
    os.write(fd, b'\n')
    read_until(fd, buf, b'[2/11]', deadline)
    rest = buf[0].split(b'[2/11]', 1)[1]
    buf2 = [rest]
    read_until(fd, buf2, PROMPT, deadline)
    buf[0] = buf[0].split(b'[2/11]', 1)[0] + b'[2/11]' + buf2[0]
    if b'[3/11]' in buf[0]:
        failures.append('one Enter showed more than one segment')

    # q: the rest without waiting, then the summary, and it exits 0.
    os.write(fd, b'q\n')
    while read_until(fd, buf, b'\x00never', deadline):
        pass
    _, status = os.waitpid(pid, 0)
    out = buf[0]
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        failures.append('exit status %r' % status)
    if out.count(PROMPT) != 2:
        failures.append('%d prompts, wanted 2' % out.count(PROMPT))
    for n, total in ((11, 11), (10, 10), (9, 9)):
        if (b'[%d/%d]' % (n, total)) not in out:
            failures.append('segment %d/%d missing' % (n, total))
    if b'== summary' not in out:
        failures.append('no summary at the end')
    for f in failures:
        print('FAIL: ' + f)
    print('%d failure(s)' % len(failures) if failures else 'ok: --step waits for Enter under a pty')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
