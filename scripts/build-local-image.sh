#!/usr/bin/env bash
# Builds a local ActiveMQ Classic image from Debian packages, for machines that cannot pull
# apache/activemq-classic from a registry. The image is laid out like the official one
# (ACTIVEMQ_HOME=/opt/apache-activemq, conf/, bin/activemq, lib/, ENTRYPOINT entrypoint.sh,
# CMD ["activemq","console"], log to the console) so the container runtime configures both alike.
#
# usage: scripts/build-local-image.sh [--force] [--suite bookworm]
# needs: root (debootstrap, chroot), docker, network access to the Debian archive.
set -euo pipefail

IMAGE_REPO="amq-auth-harness/activemq-classic"
SUITE="bookworm"
FORCE=0
PACKAGES="openjdk-17-jre-headless activemq libmqtt-client-java"
ACTIVEMQ_HOME_IN_IMAGE="/opt/apache-activemq"
# The ports of the official image plus the Amazon MQ TLS ports the harness uses.
EXPOSED_PORTS="8161 61616 5672 61613 1883 61614 61617 5671 8883 61619"
# The jars Debian's ActiveMQ needs for MQTT but does not put on the broker's classpath.
MQTT_JARS="mqtt-client hawtdispatch hawtdispatch-transport"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FILES_DIR="$HERE/../docker/debian"

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

if [ "$FORCE" = 0 ] && docker image inspect "$IMAGE_REPO:debian" >/dev/null 2>&1; then
  log "$IMAGE_REPO:debian exists; nothing to do (use --force to rebuild)"
  docker image ls "$IMAGE_REPO"
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "debootstrap and chroot need root" "run as root, e.g. 'sudo npm run image:build'"
command -v debootstrap >/dev/null || fail "debootstrap is not installed" "apt-get install debootstrap"
for f in activemq entrypoint.sh log4j.properties activemq.xml; do
  [ -f "$FILES_DIR/$f" ] || fail "missing $FILES_DIR/$f" "run from a complete checkout"
done

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

ACTIVEMQ_VERSION="$(chroot "$ROOT" dpkg-query -W -f='${Version}' activemq | sed 's/[+~-].*//')"
[ -n "$ACTIVEMQ_VERSION" ] || fail "could not read the activemq package version"
MINOR_VERSION="$(printf '%s' "$ACTIVEMQ_VERSION" | cut -d. -f1,2)"

log "laying out $ACTIVEMQ_HOME_IN_IMAGE like the official image (ActiveMQ $ACTIVEMQ_VERSION)"
H="$ROOT$ACTIVEMQ_HOME_IN_IMAGE"
mkdir -p "$H/bin" "$H/conf" "$H/data" "$H/lib"
ln -s /usr/share/activemq/bin/activemq.jar "$H/bin/activemq.jar"
install -m 0755 "$FILES_DIR/activemq" "$H/bin/activemq"
install -m 0755 "$FILES_DIR/entrypoint.sh" "$ROOT/usr/local/bin/entrypoint.sh"
install -m 0644 "$FILES_DIR/log4j.properties" "$H/conf/log4j.properties"
install -m 0644 "$FILES_DIR/activemq.xml" "$H/conf/activemq.xml"
# lib/ holds links to Debian's jars (the launcher jar puts lib/*.jar and lib/optional/*.jar on the
# classpath) plus the MQTT dependencies Debian leaves out.
for jar in "$ROOT"/usr/share/activemq/lib/*.jar; do
  ln -s "/usr/share/activemq/lib/$(basename "$jar")" "$H/lib/$(basename "$jar")"
done
ln -s /usr/share/activemq/lib/optional "$H/lib/optional"
for name in $MQTT_JARS; do
  [ -e "$ROOT/usr/share/java/$name.jar" ] || fail "/usr/share/java/$name.jar missing in the image"
  ln -s "/usr/share/java/$name.jar" "$H/lib/$name.jar"
done

CHANGES=(
  --change "ENV ACTIVEMQ_HOME=$ACTIVEMQ_HOME_IN_IMAGE"
  --change "ENV ACTIVEMQ_CONF=$ACTIVEMQ_HOME_IN_IMAGE/conf"
  --change "ENV ACTIVEMQ_VERSION=$ACTIVEMQ_VERSION"
  --change "ENV ACTIVEMQ_OPTS_MEMORY=\"-Xms64M -Xmx1G\""
  # first in PATH: Debian also installs an init-style /usr/bin/activemq
  --change "ENV PATH=$ACTIVEMQ_HOME_IN_IMAGE/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  --change "WORKDIR $ACTIVEMQ_HOME_IN_IMAGE"
  --change "EXPOSE $EXPOSED_PORTS"
  --change 'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]'
  --change 'CMD ["activemq", "console"]'
)

PREVIOUS_ID="$(docker image inspect -f '{{.Id}}' "$IMAGE_REPO:debian" 2>/dev/null || true)"
log "docker import"
T="$(now)"
tar -C "$ROOT" -c . | docker import "${CHANGES[@]}" - "$IMAGE_REPO:$ACTIVEMQ_VERSION-debian" >/dev/null
docker tag "$IMAGE_REPO:$ACTIVEMQ_VERSION-debian" "$IMAGE_REPO:$MINOR_VERSION-debian"
docker tag "$IMAGE_REPO:$ACTIVEMQ_VERSION-debian" "$IMAGE_REPO:debian"
log "imported in $(elapsed "$T")"
# A rebuild leaves the previous image untagged; remove it unless a container still uses it.
NEW_ID="$(docker image inspect -f '{{.Id}}' "$IMAGE_REPO:debian")"
if [ -n "$PREVIOUS_ID" ] && [ "$PREVIOUS_ID" != "$NEW_ID" ]; then
  docker image rm "$PREVIOUS_ID" >/dev/null 2>&1 || true
fi

log "built $IMAGE_REPO:{$ACTIVEMQ_VERSION-debian,$MINOR_VERSION-debian,debian} in $(elapsed "$T0")"
docker image ls "$IMAGE_REPO"
