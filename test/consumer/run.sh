#!/usr/bin/env bash
# Installs the packed package into a scratch copy of the consumer project (test/consumer/project) and runs
# that project's Jest suite: describePolicy against a real broker (the local runtime, ActiveMQ from the
# per-user distribution cache), the amq-auth command from node_modules/.bin, and the published types under
# the module resolutions node, node16 and bundler. Uses the node and npm first on PATH.
#
# usage: test/consumer/run.sh [--json file] [tarball]
#   tarball  the output of `npm pack`; without it the working tree is packed first (`prepare` builds dist/)
#   --json   also write Jest's JSON results to file
# env: AMQ_AUTH_CONSUMER_NODE  the `node --version` the suite must run on (default: the node on PATH)
#      AMQ_AUTH_KEEP_CONSUMER=1  keep the scratch project and print where it is
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

json=""
tarball=""
while [ $# -gt 0 ]; do
  case "$1" in
    --json)
      json=$(realpath -m "$2")
      shift
      ;;
    -h | --help)
      sed -n '2,12p' "$0"
      exit 0
      ;;
    *) tarball=$(realpath "$1") ;;
  esac
  shift
done

say() { printf 'consumer: %s\n' "$*"; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/amq-auth-consumer.XXXXXX")
if [ -n "${AMQ_AUTH_KEEP_CONSUMER:-}" ]; then
  trap 'say "kept $scratch"' EXIT
else
  trap 'rm -rf "$scratch"' EXIT
fi

if [ -z "$tarball" ]; then
  say "packing $root"
  tarball="$scratch/$(cd "$root" && npm pack --silent --pack-destination "$scratch" | tail -n 1)"
fi

cp -R "$here/project/." "$scratch/project"
mkdir -p "$scratch/project/policy"
cp "$root/examples/orders/policy.yaml" "$scratch/project/policy/policy.yaml"
cd "$scratch/project"

# npm 11 runs no install script a dependency's allowScripts entry does not allow. The template decides
# the registry packages; a tarball is known to npm by its file: identity, and its `prepare` (the build that
# produced the tarball's dist/) must not run again, so the entry is added here.
node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  pkg.allowScripts["file:" + process.argv[1]] = false;
  fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");
' "$tarball"

say "node $(node --version), npm $(npm --version); installing $(basename "$tarball")"
npm install --prefer-offline --no-audit --no-fund --save-dev "$tarball"

export AMQ_AUTH_CONSUMER_NODE=${AMQ_AUTH_CONSUMER_NODE:-$(node --version)}
if [ -n "$json" ]; then
  mkdir -p "$(dirname "$json")"
  npx --no-install jest --ci --json --outputFile="$json"
else
  npx --no-install jest --ci
fi
