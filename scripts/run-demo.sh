#!/usr/bin/env bash
# Set up and run Halo Lamsel in one process on SQLite (demo environment).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export HALO_ENVIRONMENT=${HALO_ENVIRONMENT:-demo}
.venv/bin/halo db upgrade
.venv/bin/halo demo-data
echo "Officer API: http://${HOST:-127.0.0.1}:${PORT:-8000}/docs  (demo officers: <agency>.<role> / halo-demo-2026)"
exec .venv/bin/halo serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
