#!/usr/bin/env bash
# Create nlu/.venv (Python 3.10) with the pinned Rasa of nlu/requirements.txt. Idempotent:
# a venv whose recorded requirements hash matches is left as it is.
set -euo pipefail

NLU_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$NLU_DIR/.venv"
REQUIREMENTS="$NLU_DIR/requirements.txt"
STAMP="$VENV/.requirements.sha256"

find_python310() {
  local prefix
  if command -v pyenv >/dev/null 2>&1 && prefix="$(pyenv prefix 3.10.13 2>/dev/null)" \
    && [ -x "$prefix/bin/python" ]; then
    echo "$prefix/bin/python"
    return
  fi
  if command -v python3.10 >/dev/null 2>&1 && PYENV_VERSION=3.10.13 python3.10 -c "" 2>/dev/null; then
    PYENV_VERSION=3.10.13 python3.10 -c "import sys; print(sys.executable)"
    return
  fi
  return 1
}

wanted="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [ -x "$VENV/bin/rasa" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$wanted" ]; then
  echo "nlu/.venv is up to date ($("$VENV/bin/python" --version))"
  exit 0
fi

if ! PYTHON="$(find_python310)"; then
  echo "nlu/setup.sh: Rasa 3.6 needs Python 3.10, and none was found." >&2
  echo "Install it (e.g. 'pyenv install 3.10.13') or put python3.10 on PATH, then rerun." >&2
  exit 1
fi

echo "Creating nlu/.venv with $PYTHON ($("$PYTHON" --version))"
[ -d "$VENV" ] || "$PYTHON" -m venv "$VENV"
# The machine's extra file indexes make pip warn once per package; those lines are dropped.
"$VENV/bin/python" -m pip install --quiet -r "$REQUIREMENTS" \
  2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
echo "$wanted" >"$STAMP"
echo "nlu/.venv ready: $("$VENV/bin/rasa" --version 2>/dev/null | grep '^Rasa Version')"
