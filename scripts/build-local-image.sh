#!/usr/bin/env bash
# Builds the Java base image the harness builds its local ActiveMQ images on, for machines that cannot
# pull apache/activemq-classic (nor a Java image) from a registry: Debian (debootstrap, minbase) with
# OpenJDK 17's headless runtime. The broker itself is not in it: for each release a run needs, the
# harness adds the same verified distribution its local runtime runs (docker/local-image/Dockerfile).
#
# usage: scripts/build-local-image.sh [--force] [--suite bookworm]
# needs: root (debootstrap, chroot), docker, network access to the Debian archive.
set -euo pipefail

IMAGE="amq-auth-harness/jre:17"
SUITE="bookworm"
FORCE=0
PACKAGES="openjdk-17-jre-headless ca-certificates"

while [ $# -gt 0 ]; do
  case "$1" in
    --force) FORCE=1 ;;
    --suite)
      SUITE="$2"
      shift
      ;;
    -h | --help)
      sed -n '2,9p' "$0"
      exit 0
      ;;
    *)
      echo "unknown option: $1 (try --help)" >&2
      exit 2
      ;;
  esac
  shift
done

log() { printf '[image:build] %s\n' "$*"; }
fail() {
  printf '[image:build] error: %s\n' "$1" >&2
  [ -n "${2:-}" ] && printf '[image:build] hint: %s\n' "$2" >&2
  exit 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

# A CLI newer than the engine may refuse to talk to it; pin the engine's API version then.
if ! docker info >/dev/null 2>&1; then
  if DOCKER_API_VERSION=1.41 docker info >/dev/null 2>&1; then
    export DOCKER_API_VERSION=1.41
  else
    fail "no Docker engine answers" "start dockerd (e.g. 'dockerd > /tmp/dockerd.log 2>&1 &') and retry"
  fi
fi

if [ "$FORCE" = 0 ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE exists; nothing to do (use --force to rebuild)"
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "debootstrap and chroot need root" "run as root, e.g. 'sudo npm run image:build'"
command -v debootstrap >/dev/null || fail "debootstrap is not installed" "apt-get install debootstrap"

WORK="$(mktemp -d /tmp/amq-image.XXXXXX)"
ROOT="$WORK/rootfs"
cleanup() {
  mountpoint -q "$ROOT/proc" 2>/dev/null && umount "$ROOT/proc"
  rm -rf "$WORK"
}
trap cleanup EXIT

T0="$(now)"
log "debootstrap --variant=minbase $SUITE (default mirror) -> $ROOT"
T="$(now)"
debootstrap --variant=minbase "$SUITE" "$ROOT" >"$WORK/debootstrap.log" 2>&1 ||
  {
    tail -n 20 "$WORK/debootstrap.log" >&2
    fail "debootstrap failed" "check network access to the Debian archive"
  }
log "debootstrap done in $(elapsed "$T")"

# Services must not start inside the chroot while packages are installed.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod +x "$ROOT/usr/sbin/policy-rc.d"
mount -t proc proc "$ROOT/proc"

log "installing $PACKAGES"
T="$(now)"
chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 sh -c "
  apt-get update -qq &&
  apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null &&
  apt-get clean &&
  rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc/* /usr/share/man/* /var/log/apt /var/log/dpkg.log
" >"$WORK/install.log" 2>&1 ||
  {
    tail -n 20 "$WORK/install.log" >&2
    fail "package installation failed" "see the lines above"
  }
umount "$ROOT/proc"
rm -f "$ROOT/usr/sbin/policy-rc.d"
log "packages installed in $(elapsed "$T")"

CHANGES=(
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  --change 'CMD ["java", "-version"]'
)

PREVIOUS_ID="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
log "docker import"
T="$(now)"
tar -C "$ROOT" -c . | docker import "${CHANGES[@]}" - "$IMAGE" >/dev/null
log "imported in $(elapsed "$T")"
NEW_ID="$(docker image inspect -f '{{.Id}}' "$IMAGE")"
if [ -n "$PREVIOUS_ID" ] && [ "$PREVIOUS_ID" != "$NEW_ID" ]; then
  docker image rm "$PREVIOUS_ID" >/dev/null 2>&1 || true
fi
log "built $IMAGE in $(elapsed "$T0")"
