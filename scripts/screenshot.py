"""Take a screenshot of the running console as a person would see it.

    Xvfb :99 -screen 0 1280x1024x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshot.py docs/console.png

Starts the console in training mode with simulated radios in a real X window, waits until
every radio is connected and traffic has flowed, then grabs the whole screen.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from console.runtime import start_console  # noqa: E402
from console.ui.i18n import install_translators  # noqa: E402
from console.ui.theme import apply_theme  # noqa: E402


def wait_until(app: QApplication, condition, timeout_ms: int) -> bool:
    deadline = QDeadlineTimer(timeout_ms)
    while not condition():
        if deadline.hasExpired():
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return True


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--radios", type=int, default=4)
    ap.add_argument("--theme", default="dark")
    ap.add_argument("--lang", default="nl")
    ap.add_argument("--entries", type=int, default=40, help="wait for this much traffic")
    ap.add_argument("--width", type=int, default=1920)
    ap.add_argument("--height", type=int, default=1080)
    ap.add_argument("--stay", type=float, default=0,
                    help="keep running this many seconds after the shot (drive it by hand,"
                         " e.g. with xdotool), then take a second shot: OUT with -after")
    args = ap.parse_args()
    app = QApplication(sys.argv[:1])
    install_translators(app, args.lang)
    apply_theme(app, args.theme)
    with tempfile.TemporaryDirectory() as tmp:
        session = start_console(Path(tmp) / "journal.db", console_id="pos-demo",
                                operator="demo", training=True, sim_radios=args.radios,
                                traffic_rate=4.0)
        window = session.window
        window.resize(args.width, args.height)
        window.show()
        window.move(0, 0)
        health = session.controller.health_model
        ok = wait_until(app, lambda: health.rowCount() == args.radios and all(
            session.controller.host.projections["radio_health"].radios[r].link == "connected"
            for r in session.controller.host.projections["radio_health"].radios), 20000)
        ok = ok and wait_until(app, lambda: session.controller.tail_model.rowCount()
                               >= args.entries, 30000)
        fleet = session.fleet
        for _ in range(3):
            fleet.step("talk_request")
        fleet.step("emergency")
        wait_until(app, lambda: session.controller.alarms.open_alarms()
                   and session.controller.talk_model.rowCount() >= 1, 10000)
        wait_until(app, lambda: False, 1500)  # one re-sort of the unit board (once a second)
        window.note.setText("Eenheid 99-4131 meldt: weg versperd")
        window.save_button.click()
        wait_until(app, lambda: window.note.text() == "", 5000)
        QTimer.singleShot(0, lambda: None)
        app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shot = app.primaryScreen().grabWindow(0)
        shot.save(str(args.out))
        if args.stay:
            print(f"running for {args.stay:g} s more", flush=True)
            wait_until(app, lambda: False, int(args.stay * 1000))
            after = args.out.with_name(args.out.stem + "-after" + args.out.suffix)
            app.primaryScreen().grabWindow(0).save(str(after))
        session.shutdown()
    print(f"{'ok' if ok else 'TIMED OUT waiting for radios/traffic'}: {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
