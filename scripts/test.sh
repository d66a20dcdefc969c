#!/usr/bin/env bash
# Set up and run the whole test suite (lint, import contracts, mypy, pytest on SQLite and
# PostgreSQL).
# PostgreSQL: HALO_TEST_POSTGRES_URL if set, else the tests start a throwaway cluster
# from /usr/lib/postgresql/15/bin (apt-get install postgresql).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# The Rasa NLU: its own Python 3.10 virtualenv and a trained model, for the integration tests.
if nlu/setup.sh; then
  ls nlu/models/*.tar.gz >/dev/null 2>&1 || .venv/bin/halo nlu train
else
  echo "no Python 3.10: the Rasa tests will be skipped" >&2
fi
.venv/bin/halo catalog lint
.venv/bin/ruff check --output-format concise .
# The layers (README "Layers") and the types: an import that runs back up fails here.
.venv/bin/lint-imports --no-cache --no-logo
.venv/bin/mypy
.venv/bin/pytest -q -p no:cacheprovider "$@"
