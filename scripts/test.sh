#!/usr/bin/env bash
# Set up and run the whole test suite (lint + pytest on SQLite and PostgreSQL).
# PostgreSQL: HALO_TEST_POSTGRES_URL if set, else the tests start a throwaway cluster
# from /usr/lib/postgresql/15/bin (apt-get install postgresql).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/halo catalog lint
.venv/bin/ruff check --output-format concise .
.venv/bin/pytest -q -p no:cacheprovider "$@"
