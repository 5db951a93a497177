"""Command line: ``vangnet [run|verify|export|import|recover|decode] ...`` (also
``python main.py ...``)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import NoReturn

LOG = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vangnet", description=(
        "Vangnet: fallback radio console for emergency-dispatch centres."))
    sub = p.add_subparsers(dest="command")
    run = sub.add_parser("run", help="start the console window (default)")
    run.add_argument("--training", action="store_true",
                     help="training mode: simulated radios, every entry marked as drill")
    run.add_argument("--db", type=Path, help="journal database (default: user data dir)")
    run.add_argument("--operator", help="who works at this position")
    run.add_argument("--lang", choices=("nl", "en"), help="screen language")
    run.add_argument("--theme", choices=("dark", "light"), help="colour theme")
    run.add_argument("--radios", type=int, help="number of simulated radios (training)")
    run.add_argument("--verbose", action="store_true", help="debug logging")
    run.add_argument("--quit-after", type=float, metavar="SECONDS",
                     help="close by itself this long after the start (smoke tests, demos);"
                          " a start not finished by then ends with exit code 4")
    run.add_argument("--position", metavar="NAME",
                     help="a second position on this computer: its own journal and console id"
                          " under posities/NAME in the data dir")
    run.add_argument("--no-dialog", action="store_true",
                     help="if this position is already running, say so and exit (no window)")
    ver = sub.add_parser("verify", help="check every hash chain in a journal file")
    ver.add_argument("db", type=Path)
    sub.add_parser("ports", help="list serial ports that look like a TETRA radio (PEI)")
    imp = sub.add_parser("import", help="check a unit list or talkgroup plan (CSV) and use it"
                                        " from the next start on; or load an exported journal"
                                        " (JSON lines) into a new journal file")
    imp.add_argument("what", choices=("units", "talkgroups", "journal"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--db", type=Path, metavar="NEW.db",
                     help="journal: the new journal file (default: FILE with .db)")
    _export_parser(sub)
    rec = sub.add_parser("recover", add_help=False,
                         help="read what is still readable from a damaged or set-aside journal"
                              " (FILE [-o OUT.jsonl] [--into JOURNAL.db])")
    rec.add_argument("rest", nargs=argparse.REMAINDER)
    dec = sub.add_parser("decode", help="decode PEI bytes or a wire trace to JSON lines")
    dec.add_argument("file", type=Path)
    dec.add_argument("--chunk", type=int, default=0, help="feed N bytes at a time (0 = all)")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["run", *argv]
    args = build_parser().parse_args(argv)
    if args.command == "verify":
        return cmd_verify(args.db)
    if args.command == "ports":
        return cmd_ports()
    if args.command == "import":
        if args.what == "journal":
            return cmd_import_journal(args.file, args.db)
        if args.db is not None:
            print("vangnet import: --db is for `import journal` only", file=sys.stderr)
            return 2
        return cmd_import(args.what, args.file)
    if args.command == "export":
        return cmd_export(args)
    if args.command == "recover":
        from console.journal.recover import main_recover
        return main_recover(args.rest)  # FILE [-o OUT.jsonl] [--into JOURNAL.db]
    if args.command == "decode":
        from drivers.pei.decode import main_decode
        try:
            return main_decode([str(args.file), "--chunk", str(args.chunk)])
        except BrokenPipeError:  # `decode ... | head`: the reader left, which is fine
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    return cmd_run(args)


def _detect() -> list:
    from drivers.pei.ports import detect  # the composition root may reach the drivers
    return detect()


def cmd_import(what: str, path: Path) -> int:
    """Strict: any bad row and nothing changes, every bad row named by its line."""
    import shutil

    from console import catalog
    from console.runtime import USER_TALKGROUPS, USER_UNITS
    from console.settings import home
    check = catalog.import_units_csv if what == "units" else catalog.import_talkgroups_csv
    try:
        result = check(path)
    except (OSError, ValueError) as exc:
        print(f"cannot read {path}: {exc}", file=sys.stderr)
        return 1
    for error in result.errors:
        print(f"{path}: {error}", file=sys.stderr)
    if result.errors or not result.rows:
        print(f"nothing imported: fix the {len(result.errors)} row(s) above"
              if result.errors else f"nothing imported: {path} has no rows", file=sys.stderr)
        return 1
    data_dir = home()[0]
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / (USER_UNITS if what == "units" else USER_TALKGROUPS)
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(path, tmp)
    os.replace(tmp, target)
    print(f"{len(result.rows)} {what} imported to {target}; used from the next start on")
    return 0


def _export_parser(sub) -> None:
    from console.journal.export import DRILL_CHOICES, FORMAT_CHOICES
    exp = sub.add_parser("export", help="the journal as JSON lines (the archive, every field),"
                                        " CSV (spreadsheets) or EMSI")
    exp.add_argument("--format", required=True, choices=FORMAT_CHOICES)
    exp.add_argument("--incident", metavar="ID", help="only the entries of this incident")
    exp.add_argument("--from", dest="start", metavar="T",
                     help="entries that happened at or after T (ISO date or date-time, local"
                          " time unless it names a zone: 2027-01-15, 2027-01-15T14:30)")
    exp.add_argument("--to", dest="end", metavar="T",
                     help="entries that happened before T (a date alone: up to the end of"
                          " that day)")
    exp.add_argument("--drill", choices=DRILL_CHOICES, default="exclude",
                     help="drill entries: left out (default), included, or only those")
    exp.add_argument("--out", type=Path, metavar="FILE",
                     help="the file to write (default or '-': standard output)")
    exp.add_argument("--db", type=Path, metavar="JOURNAL",
                     help="the journal to export (default: the live journal in the user data"
                          " dir)")


def cmd_export(args: argparse.Namespace) -> int:
    """0 written; 1 the journal or the target has a problem (said in one line, no file
    left); 2 a bad argument or a format not available yet."""
    from console.journal.export import ExportError, NotAvailable, Selection, export, parse_time
    from console.settings import home, work_paths
    from drivers.clock import wall_ms
    try:
        selection = Selection(
            parse_time(args.start) if args.start else None,
            parse_time(args.end, end=True) if args.end else None, args.drill, args.incident)
    except ValueError as exc:
        print(f"vangnet export: {exc}", file=sys.stderr)
        return 2
    db = args.db or work_paths(home()[0], "", training=False)[0]  # where `run` journals
    out = None if args.out is None or str(args.out) == "-" else args.out
    try:
        n = export(db, args.format, out, selection, stdout=sys.stdout.buffer, now_ms=wall_ms())
    except NotAvailable as exc:
        # TODO(issue 9, item 6): EMSI export; registered in console/journal/export.FORMATS
        print(f"vangnet export: {exc}", file=sys.stderr)
        return 2
    except ExportError as exc:
        print(f"vangnet export: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `export ... | head`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if out is not None:
        print(f"{n} entries exported to {out} ({args.format})")
    else:
        sys.stdout.flush()
    return 0


def cmd_import_journal(path: Path, db: Path | None) -> int:
    """Strict: a new journal only, from a complete export whose every chain verifies;
    else one line naming what (and which line) is wrong, and nothing written."""
    from console.journal.import_journal import ImportProblem, import_journal
    target = db or path.with_suffix(".db")
    try:
        done = import_journal(path, target)
    except ImportProblem as exc:
        print(f"vangnet import: {exc}", file=sys.stderr)
        print("nothing imported, nothing changed", file=sys.stderr)
        return 1
    chains = ", ".join(f"{c} ({n})" for c, n in sorted(done.consoles.items()))
    print(f"{done.entries} entries imported into {done.target}, every chain verified: "
          f"{chains or 'none'}")
    return 0


def cmd_ports() -> int:
    from drivers.pei.ports import detect
    found = detect()
    for c in found:
        ids = f"{c.vid:04x}:{c.pid:04x}" if c.vid is not None and c.pid is not None else "-"
        print(f"{c.device}\t{c.likelihood}\t{c.family or '?'}\t{ids}\t{c.reason}"
              f"\t{c.description}")
    if not found:
        print("no serial port looks like a TETRA radio (PEI); see README, 'Radios'")
    return 0


def cmd_verify(path: Path) -> int:
    from console.journal.verify import verify
    report = verify(path)
    print(report.summary())
    return 0 if report.ok else 1


EXIT_POSITION_RUNNING = 3  # a second start on a running position, and no second one wanted
EXIT_QUIT_AFTER = 4  # --quit-after passed before the console had started, or it did not close
QUIT_GRACE_S = 30.0  # --quit-after asked Qt to quit; a shutdown longer than this is ended


class _QuitAfter:
    """``--quit-after``: a daemon timer from the very start of ``run``, so a start that is
    slow or hangs ends too. At the deadline, with Qt's event loop running, it asks the
    application to quit (the normal shutdown, through a posted Quit event: ``postEvent`` is
    thread-safe); a start not finished by then, or a shutdown taking over QUIT_GRACE_S,
    ends the process with a log line and EXIT_QUIT_AFTER."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._app = None  # set once the event loop runs
        self._done = False
        self._timer = self._after(seconds, self._deadline)

    @staticmethod
    def _after(seconds: float, fn) -> threading.Timer:
        timer = threading.Timer(seconds, fn)
        timer.name, timer.daemon = "quit-after", True
        timer.start()
        return timer

    def loop_running(self, app) -> None:
        """Call from the event loop's first turn (``QTimer.singleShot(0, ...)``)."""
        with self._lock:
            self._app = app

    def cancel(self) -> None:
        with self._lock:
            self._done = True
            self._timer.cancel()

    def _deadline(self) -> None:
        with self._lock:
            if self._done:
                return
            if self._app is None:
                self._end("the console had not finished starting")
            from PySide6.QtCore import QCoreApplication, QEvent
            QCoreApplication.postEvent(self._app, QEvent(QEvent.Type.Quit))
            self._timer = self._after(QUIT_GRACE_S, self._too_long)

    def _too_long(self) -> None:
        with self._lock:
            if not self._done:
                self._end(f"the console did not close within {QUIT_GRACE_S:g} s")

    def _end(self, why: str) -> NoReturn:
        """Lock held: a run finishing meanwhile waits in cancel() and never returns."""
        LOG.error("--quit-after %g s: %s; ending the process (exit code %d)", self.seconds,
                  why, EXIT_QUIT_AFTER)  # the log file, and stderr (console/logs.py)
        handlers = logging.getLogger().handlers
        if not handlers:
            print(f"vangnet: --quit-after {self.seconds:g} s: {why}; ending the process",
                  file=sys.stderr, flush=True)
        for handler in handlers:
            try:
                handler.flush()
            except Exception:  # a full disk: stderr has said it
                pass
        os._exit(EXIT_QUIT_AFTER)


def _new_app(args: argparse.Namespace, settings):
    from PySide6.QtWidgets import QApplication

    from console.ui.i18n import install_translators
    from console.ui.theme import apply_theme
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Vangnet")
    install_translators(app, args.lang or settings.get("language"))  # before any widget
    apply_theme(app, args.theme or settings.get("theme"))
    return app


def _claim_position(args: argparse.Namespace, data_dir: Path, settings):
    """The position this process runs (its folder locked), or an exit code: a second start
    on a running folder says where that one runs, and may start a second position."""
    from console import position_lock
    from console.settings import work_paths
    from console.ui.already_running import ask_second_position, can_ask
    base_id, training = settings.get("console_id"), bool(args.training)
    try:
        return position_lock.claim(data_dir, base_id, training, args.position or "", args.db)
    except ValueError as exc:  # a bad --position name
        print(f"vangnet: {exc}", file=sys.stderr)
        return 2
    except position_lock.PositionBusy as busy:
        # Plain words on stderr (a terminal start); the log keeps it for whoever looks later.
        print(f"vangnet: {busy.message()}", file=sys.stderr)
        LOG.info("start refused: %s", busy.message())
        if not can_ask(args.quit_after, args.no_dialog):
            return EXIT_POSITION_RUNNING
        _new_app(args, settings)
        if not ask_second_position(busy.holder, str(busy.folder)):
            return EXIT_POSITION_RUNNING
        try:
            claim = position_lock.claim_next(data_dir, base_id, training)
        except position_lock.PositionBusy as again:
            print(f"vangnet: {again.message()}", file=sys.stderr)
            return EXIT_POSITION_RUNNING
        LOG.warning("second position %s started: journal %s", claim.position, claim.journal)
        return claim
    except OSError as exc:  # e.g. a read-only data dir: the journal's own handling says so
        LOG.error("cannot lock the folder of %s (%s); starting without the one-console check",
                  args.db or data_dir, exc)
        journal, traces, console_id = work_paths(data_dir, base_id, training)
        return position_lock.Claim(args.db or journal, traces, console_id, "", None)


def cmd_run(args: argparse.Namespace) -> int:
    quit_after = _QuitAfter(args.quit_after) if args.quit_after else None
    try:
        return _run(args, quit_after)
    finally:
        if quit_after is not None:
            quit_after.cancel()


def _run(args: argparse.Namespace, quit_after: _QuitAfter | None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from console.core import ConsoleOptions
    from console.logs import setup_logging
    from console.radio_setup import radio_configs
    from console.runtime import load_data, start_console
    from console.settings import Settings, home
    from console.ui.already_running import position_title

    data_dir, config_dir = home()
    log_path, log_notice = setup_logging(data_dir, args.verbose)  # never raises
    settings = Settings.load(config_dir, data_dir)  # a bad file: defaults, and notices
    notices = [*([log_notice] if log_notice else []), *settings.notices]
    training = bool(args.training)
    claim = _claim_position(args, data_dir, settings)  # before the journal opens
    if isinstance(claim, int):
        return claim
    db = claim.journal
    app = QApplication.instance() or _new_app(args, settings)
    language = args.lang or settings.get("language")
    options = ConsoleOptions.from_settings(settings)
    radios, radio_notices = ([], []) if training else radio_configs(
        settings.get("radios"), _detect(), where=str(settings.path))
    notices += radio_notices
    session = start_console(
        db, console_id=claim.console_id,
        operator=args.operator or settings.get("operator") or "centralist",
        training=training, sim_radios=args.radios or settings.get("sim_radios"),
        trace_dir=claim.traces, options=options, data=load_data(language, data_dir),
        radios=radios, fleet_process=True, notices=notices)
    if claim.position:
        session.window.setWindowTitle(
            f"{session.window.windowTitle()} — {position_title(claim.position)}")
    if quit_after is not None:  # smoke tests and demos: counted from the start of `run`
        QTimer.singleShot(0, lambda: quit_after.loop_running(app))
    app.aboutToQuit.connect(session.shutdown)
    # Ctrl+C in the terminal and SIGTERM (logout, systemd) quit cleanly through the same
    # shutdown as closing the window; the timer lets Python see the signal. The quit is
    # queued: app.quit() before exec() does nothing, and a SIGTERM just after the start
    # was lost that way (the console ran on).
    signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, app.quit))
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, app.quit))
    tick = QTimer()
    tick.start(200)
    tick.timeout.connect(lambda: None)
    session.window.showMaximized()  # the console is the centralist's whole screen
    QTimer.singleShot(0, lambda: LOG.info("console running; journal %s, console id %s, log %s",
                                          db, claim.console_id, log_path))
    code = app.exec()
    session.shutdown()
    if claim.lock is not None:  # after the last journal write; a crash frees it too
        claim.lock.release()
    return code
