#!/usr/bin/env bash
# Installs MongoDB's shell (mongosh, from the npm registry, pinned in .ci/mongosh/package-lock.json)
# for the agent's MongoshIT into .cache/mongosh/ in the repository, and prints the path of its
# executable. 1.10.6 is pinned because it is the last 1.x: it accepts mongo-java-server's wire
# version 8, which newer shells refuse. Install scripts are not run (they would fetch optional
# native add-ons from elsewhere; the shell does not need them). Installs Node.js and npm from the
# distribution's packages when they are missing. Any failure is fatal: CI must not pass without
# the shell test.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(sed -n 's/.*"mongosh": "\([0-9.]*\)".*/\1/p' .ci/mongosh/package.json)
dir=.cache/mongosh
bin="$PWD/$dir/node_modules/.bin/mongosh"
if [ -x "$bin" ] && [ "$("$bin" --nodb --version 2>/dev/null)" = "$want" ] \
    && cmp -s .ci/mongosh/package-lock.json "$dir/package-lock.json"; then
  echo "$bin"
  exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "installing nodejs and npm from the distribution's packages" >&2
  as_root=()
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then as_root=(sudo); fi
  apt_get() { ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get "$@" >&2; }
  apt_get install -y -qq --no-install-recommends nodejs npm || { apt_get update -qq; apt_get install -y -qq --no-install-recommends nodejs npm; }
fi
echo "installing mongosh $want into $dir" >&2
rm -rf "$dir"
mkdir -p "$dir"
cp .ci/mongosh/package.json .ci/mongosh/package-lock.json "$dir/"
(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
got=$("$bin" --nodb --version)
if [ "$got" != "$want" ]; then
  echo "mongosh.sh: expected mongosh $want, got $got" >&2
  exit 1
fi
echo "$bin"
