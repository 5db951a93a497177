#!/usr/bin/env bash
# The two set-up commands of README.md:
#   bash scripts/bootstrap.sh run    install what the console needs and start it (training mode)
#   bash scripts/bootstrap.sh test   install what the tests need and run the whole suite
# Works as root on a fresh Debian 12; re-running is fast (stamps skip finished steps).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"; shift || true
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

# Qt runtime (xcb + offscreen), fonts (without them Qt draws boxes), PortAudio for sounddevice.
APT_RUN="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 fonts-dejavu-core
  libdbus-1-3 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-xfixes0 libxcb-sync1
  libxcb-shm0 libxcb-util1 libportaudio2 python3 python3-venv"
# Tests add: a virtual screen for screenshots, socat for pty experiments, and JACK so the
# alarm tone is played through a real (dummy-clocked) audio server.
APT_TEST="$APT_RUN xvfb xauth socat jackd2"

apt_install() {
  local missing=()
  for p in $1; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

venv_install() {  # $1 = pip target, e.g. ".[test]"
  local stamp=".venv/.stamp-$(cat pyproject.toml scripts/bootstrap.sh | sha256sum | cut -c1-16)-${1//[^a-z]/}"
  [ -f "$stamp" ] && return 0
  [ -x .venv/bin/python ] || python3 -m venv .venv
  echo "bootstrap: installing Python packages into .venv"
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -e "$1"
  touch "$stamp"
}

case "$mode" in
  run)
    apt_install "$APT_RUN"
    venv_install "."
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      echo "bootstrap: no screen found (DISPLAY and WAYLAND_DISPLAY are empty)." >&2
      echo "  Start it from a desktop session, or try: xvfb-run -a bash scripts/bootstrap.sh run" >&2
      exit 2
    fi
    exec .venv/bin/vangnet run --training "$@"
    ;;
  test)
    apt_install "$APT_TEST"
    venv_install ".[test]"
    export QT_QPA_PLATFORM=offscreen PYTHONFAULTHANDLER=1
    .venv/bin/ruff check .
    .venv/bin/lint-imports
    # --capture=sys: a hard crash inside Qt still shows its traceback (TESTBED.md).
    exec .venv/bin/python -m pytest --capture=sys -p no:cacheprovider "$@"
    ;;
  *) echo "usage: bash scripts/bootstrap.sh run|test [args]" >&2; exit 2 ;;
esac
