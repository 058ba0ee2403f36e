#!/usr/bin/env bash
# helm install / upgrade of the assistant with the checks Rasa's chart does not make.
#
#   RASA_JWT_SECRET=... RASA_API_TOKEN=... deploy/helm/install.sh [release] [extra helm args]
#
# Rasa's chart writes the literal "UNSET" into its Secret for any token it is
# not given and always starts Rasa with --jwt-secret: a release installed
# without them would accept JWTs signed with "UNSET". This script refuses to
# install unless both secrets are set, at least 32 characters long and not a
# placeholder. It passes them to helm on standard input (never on a command
# line, where `ps` shows them). Rasa's HTTP API stays off (values.yml) unless
# RASA_ENABLE_API=true. Then it applies the web server and the daily purge.
set -euo pipefail

release="${1:-aisho-dx}"
shift || true
here="$(cd "$(dirname "$0")" && pwd)"
min_length=32

check_secret() {
  local name="$1" value="${!1:-}"
  if [ -z "$value" ]; then
    echo "error: $name is not set. Generate one, e.g. $name=\$(openssl rand -hex 32)" >&2
    exit 2
  fi
  case "$value" in
    UNSET|unset|changeme|change-me*|secret|token)
      echo "error: $name is a placeholder; use a random value" >&2
      exit 2 ;;
  esac
  if [ "${#value}" -lt "$min_length" ]; then
    echo "error: $name must be at least $min_length characters long" >&2
    exit 2
  fi
}

check_secret RASA_JWT_SECRET
check_secret RASA_API_TOKEN
if [ "$RASA_JWT_SECRET" = "$RASA_API_TOKEN" ]; then
  echo "error: RASA_JWT_SECRET and RASA_API_TOKEN must differ" >&2
  exit 2
fi
enable_api=false
if [ "${RASA_ENABLE_API:-false}" = "true" ]; then
  enable_api=true
fi

# JSON is YAML: the secrets are quoted safely whatever characters they hold.
json_string() {
  printf '%s' "$1" | python3 -c 'import json, sys; print(json.dumps(sys.stdin.read()))'
}
{
  echo "applicationSettings:"
  echo "  enableAPI: $enable_api"
  echo "  token: $(json_string "$RASA_API_TOKEN")"
  echo "  rasaX:"
  echo "    jwtSecret: $(json_string "$RASA_JWT_SECRET")"
} | helm upgrade --install "$release" rasa/rasa -f "$here/values.yml" -f - "$@"

# What Rasa's chart has no place for: the web server (chat page, /staff) and
# the daily retention purge.
kubectl apply -f "$here/web.yml" -f "$here/purge-cronjob.yml"
