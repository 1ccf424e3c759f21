#!/usr/bin/env bash
# Prepares a Debian 12 machine (as root, no systemd) for the project's own CI: Java 17 (the local runtime
# runs the broker distributions the harness downloads itself), Docker (daemon started in the background)
# and the Java base image the Testcontainers runtime builds broker images on when no registry answers.
# Users need none of this for `npm ci && npm start` (Node and Java suffice). Safe to run again: it only does
# what is missing, one line per step.
set -euo pipefail

# chromium renders the HTML report in its test; fonts-liberation gives it text to draw (only recommended by it).
APT_PACKAGES=(openjdk-17-jre-headless docker.io debootstrap chromium fonts-liberation)
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd.log}
DOCKERD_READY_TIMEOUT_S=${DOCKERD_READY_TIMEOUT_S:-30}
DOCKER_PULL_TIMEOUT_S=${DOCKER_PULL_TIMEOUT_S:-60}
OFFICIAL_IMAGE=${AMQ_AUTH_OFFICIAL_IMAGE:-apache/activemq-classic:5.18.7}
BASE_IMAGE=${AMQ_AUTH_BASE_IMAGE:-amq-auth-harness/jre:17}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

say() { printf 'provision: %s\n' "$*"; }

if [[ $(id -u) -ne 0 ]]; then
  say "must run as root (it installs packages and starts dockerd)" >&2
  exit 1
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    continue
  fi
  missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  say "packages present: ${APT_PACKAGES[*]}"
else
  export DEBIAN_FRONTEND=noninteractive
  say "installing: ${missing[*]}"
  apt-get update -qq
  # policy-rc.d may forbid starting services in this environment; the packages install regardless.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "installed: ${missing[*]}"
fi

docker_answers() { timeout 5 docker info >/dev/null 2>&1; }
# /proc rather than pgrep: minimal Debian images have no procps.
dockerd_running() {
  local comm
  for comm in /proc/[0-9]*/comm; do
    [[ $(cat "$comm" 2>/dev/null) == dockerd ]] && return 0
  done
  return 1
}

if docker_answers; then
  say "docker engine answers"
elif dockerd_running; then
  # A dockerd that is still starting: wait for it rather than starting a second one.
  say "dockerd is running but not answering yet; waiting up to ${DOCKERD_READY_TIMEOUT_S}s"
  for ((i = 0; i < DOCKERD_READY_TIMEOUT_S * 2; i++)); do docker_answers && break; sleep 0.5; done
  docker_answers || { say "dockerd does not answer; see ${DOCKERD_LOG}" >&2; exit 1; }
  say "docker engine answers"
else
  # Its own session, so the caller's Ctrl-C or exit does not take the daemon with it.
  setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  say "started dockerd (pid $!, log ${DOCKERD_LOG})"
  for ((i = 0; i < DOCKERD_READY_TIMEOUT_S * 2; i++)); do docker_answers && break; sleep 0.5; done
  docker_answers || { say "dockerd did not answer within ${DOCKERD_READY_TIMEOUT_S}s; see ${DOCKERD_LOG}" >&2; exit 1; }
  say "docker engine answers"
fi

image_present() { docker image inspect "$1" >/dev/null 2>&1; }

if image_present "$OFFICIAL_IMAGE"; then
  say "image present: ${OFFICIAL_IMAGE}"
elif image_present "$BASE_IMAGE"; then
  say "image present: ${BASE_IMAGE}"
elif timeout "$DOCKER_PULL_TIMEOUT_S" docker pull -q "$OFFICIAL_IMAGE" >/dev/null 2>&1; then
  say "pulled ${OFFICIAL_IMAGE}"
elif [[ -f "${SCRIPT_DIR}/build-local-image.sh" ]]; then
  say "no registry for ${OFFICIAL_IMAGE}; building the Java base image for local broker images"
  bash "${SCRIPT_DIR}/build-local-image.sh"
  say "built ${BASE_IMAGE}"
else
  say "no broker image and no registry; image build script not present, skipped"
fi

say "done"
