#!/usr/bin/env bash
# Set up and run Halo Lamsel on SQLite (demo environment): the web app with its workers in one
# process, the dev web chat at /dev/chat, and the Rasa NLU server beside it when Python 3.10 is
# available (HALO_WITH_RASA=0 skips it; the bot answers through its local fallback meanwhile).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export HALO_ENVIRONMENT=${HALO_ENVIRONMENT:-demo}
.venv/bin/halo db upgrade
.venv/bin/halo demo-data
.venv/bin/halo roster load deploy/roster.example.yml
.venv/bin/halo pki init  # TEST CA + signer certificates for issued documents (demo only)
rasa_pid=""
if [ "${HALO_WITH_RASA:-1}" != "0" ] && nlu/setup.sh; then
  ls nlu/models/*.tar.gz >/dev/null 2>&1 || .venv/bin/halo nlu train
  .venv/bin/halo nlu serve --port 5005 > var/rasa.log 2>&1 &
  rasa_pid=$!
  trap '[ -n "$rasa_pid" ] && kill "$rasa_pid" 2>/dev/null || true' EXIT
fi
host=${HOST:-127.0.0.1}
port=${PORT:-8000}
export HALO_PUBLIC_URL=${HALO_PUBLIC_URL:-http://$host:$port}  # links the chat gets (files)
cat <<EOT
Halo Lamsel is starting on http://$host:$port
  Citizen chat (dev):  http://$host:$port/dev/chat
  Officer console:     http://$host:$port/console   (demo officers: <agency>.<role> / halo-demo-2026,
                                                      e.g. disdukcapil.operator)
  Agent workspace:     http://$host:$port/agent
  Officer API:         http://$host:$port/docs
EOT
.venv/bin/halo serve --host "$host" --port "$port"
