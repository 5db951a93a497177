"""A pseudo-terminal pair with a stable symlink: the simulated radio's "cable".

The driver opens the slave side with pyserial exactly like a real PEI port; the simulator
owns the master side. A replug creates a *new* pair (a new /dev/pts/N), so the simulator
publishes a stable symlink ``<link_dir>/radio-<issi>`` and re-points it atomically, the way
udev maintains /dev/serial/by-id on real hardware. On unplug the link is removed (udev
removes by-id links when the device goes away); replug creates it again.

Why the simulator also keeps a slave fd open: while no driver has the slave open, Linux
reports the master readable with EIO forever, which would make the radio thread spin.
Holding one slave fd keeps the master quiet; bytes written meanwhile wait in the slave's
input queue and pyserial's ``open()`` flushes them (``_reset_input_buffer``), like a radio
that talked while the cable hung loose.
"""

from __future__ import annotations

import fcntl
import logging
import os
import tty
from dataclasses import dataclass

LOG = logging.getLogger(__name__)


@dataclass
class PtyPair:
    master_fd: int
    slave_fd: int
    slave_path: str

    @classmethod
    def open(cls) -> PtyPair:
        master, slave = os.openpty()
        # Raw mode: no echo, no CR/LF translation, no signals. Master and slave share one
        # termios on Linux; set both so the state is right before pyserial configures it.
        tty.setraw(master)
        tty.setraw(slave)
        flags = fcntl.fcntl(master, fcntl.F_GETFL)
        fcntl.fcntl(master, fcntl.F_SETFL, flags | os.O_NONBLOCK)
        return cls(master, slave, os.ttyname(slave))

    def close(self) -> None:
        for fd in (self.master_fd, self.slave_fd):
            try:
                os.close(fd)
            except OSError:
                pass


def point_link(link_path: str, target: str) -> None:
    """Create or atomically re-point ``link_path`` to ``target`` (rename over the old link)."""
    tmp = f"{link_path}.tmp-{os.getpid()}"
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
    os.symlink(target, tmp)
    os.replace(tmp, link_path)


def remove_link(link_path: str) -> None:
    try:
        os.unlink(link_path)
    except FileNotFoundError:
        pass
