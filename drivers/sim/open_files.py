"""Can this process hold that many simulated radios open? The open-file and pty limits.

Each simulated radio keeps :data:`RADIO_FDS` file descriptors open (pty master and slave, a
wake pipe), and a console that opens its port :data:`OPENER_FDS` more (pyserial: the tty
and its two abort pipes; the wire trace). Linux's usual soft limit is 1024 open files (the
hard limit often 4096 .. 1048576), so 200 radios and their console in one process run out
of descriptors half way (GLib then aborts the whole process). :func:`ensure_open_files`
raises the soft limit as far as a fleet needs (never above the hard limit, never lower)
and refuses a number that cannot run with a plain message before any radio is made.

Nothing here uses ``select()``: descriptor numbers above 1024 are fine (drivers/sim/radio.py
and drivers/pei/transport.py use ``poll``).
"""

from __future__ import annotations

import logging
import os

LOG = logging.getLogger(__name__)

RADIO_FDS = 4  # per simulated radio: pty master, the slave it holds, wake pipe (2)
OPENER_FDS = 6  # per radio its console opens: tty + 2 abort pipes (pyserial), wire trace
SPARE_FDS = 128  # Qt, the journal and its -wal/-shm, logs, child pipes: besides the radios
_PTY_MAX, _PTY_NR = "/proc/sys/kernel/pty/max", "/proc/sys/kernel/pty/nr"


class TooManyRadios(RuntimeError):
    """This system cannot run that many simulated radios; the message says why."""


def open_fd_count() -> int:
    """File descriptors this process has open now (0 when the system does not say)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return max(0, len(os.listdir(folder)) - 1)  # minus the listing's own
        except OSError:
            continue
    return 0


def _free_ptys() -> int | None:
    try:
        with open(_PTY_MAX, encoding="ascii") as f:
            most = int(f.read())
        with open(_PTY_NR, encoding="ascii") as f:
            used = int(f.read())
    except (OSError, ValueError):
        return None
    return max(0, most - used)


def ensure_open_files(count: int, per_radio: int, *, ptys: bool = True,
                      spare: int = SPARE_FDS) -> None:
    """Make room for ``count`` radios of ``per_radio`` descriptors each, or raise
    :class:`TooManyRadios`. ``ptys``: the radios also need that many free pseudo-terminals."""
    if count <= 0 or per_radio <= 0:
        return
    if ptys and (free := _free_ptys()) is not None and count > free:
        raise TooManyRadios(f"cannot run {count} simulated radios: this system has {free} "
                            f"free pseudo-terminals, each radio needs 1")
    try:
        import resource
    except ImportError:  # no rlimits (Windows): nothing to check or raise
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    in_use = open_fd_count()
    need = in_use + count * per_radio + spare
    if soft == resource.RLIM_INFINITY or need <= soft:
        return
    if hard != resource.RLIM_INFINITY and need > hard:
        raise TooManyRadios(
            f"cannot run {count} simulated radios: this system allows {hard} open files, "
            f"each radio needs {per_radio} ({in_use} are open already)")
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
    except (OSError, ValueError) as exc:
        raise TooManyRadios(
            f"cannot run {count} simulated radios: {need} open files are needed and the "
            f"limit of {soft} cannot be raised ({exc})") from None
    LOG.info("open-file limit raised from %d to %d (hard limit %s) for %d simulated radios",
             soft, need, hard, count)
