#!/usr/bin/env bash
# Create ./.venv (Python 3.11) and install Halo Lamsel with its test tools. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python311() {
  for candidate in python3.11 "$(pyenv prefix 3.11 2>/dev/null)/bin/python" python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  python=$(find_python311) || { echo "Python 3.11 is needed (python3.11 on PATH or pyenv)" >&2; exit 1; }
  "$python" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install --quiet --disable-pip-version-check -e '.[test]' 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/python -c 'import backend, fastapi, aiogram, twilio' 
  rm -f .venv/.installed-*; touch "$stamp"
fi
mkdir -p var
echo "halo: $(pwd)/.venv/bin/halo"
