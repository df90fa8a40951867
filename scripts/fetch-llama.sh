#!/usr/bin/env bash
# Fetches the pinned llama.cpp source and prepares it for seal.
#
#   scripts/fetch-llama.sh DEST
#
# llama.cpp comes from the npm package node-llama-cpp@3.21.1, which ships the release v0.4.0 as a git
# bundle (llama/gitRelease.bundle). Every step is pinned and checked: the package tarball against its
# npm integrity (sha512), the bundle against its sha256, the checked-out commit against its id. Then
# seal's patches (native/patches/*.patch, each documented in its header) are applied.
# DEST is left complete or not at all: work happens in DEST.tmp and is renamed at the end.
set -euo pipefail

NLC_VERSION=3.21.1
NLC_INTEGRITY='sha512-E3N0Ev2Va0wzydvXYFwM9Hvyo07PoWjt8T/9GMc43Cvt8YkV/NU/tYUgEMC1grTPv2o9PRjQi0G3Wb5P/awiMg=='
BUNDLE_SHA256=9336d8aab8f8e6a8919380f3641fe92e57b02fb55df1b6bd083b82491a6293b8
LLAMA_COMMIT=80fb11ac73e66d89eae2c6a91d8a77428fa733ed   # llama.cpp v0.4.0 (ggml 0.23.0)

dest=${1:?usage: fetch-llama.sh DEST}
here=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "seal: $*" >&2; exit 1; }

command -v npm >/dev/null || die "npm is needed to fetch llama.cpp (apt-get install npm), or pass -DSEAL_LLAMA_SOURCE_DIR=<llama.cpp v0.4.0 checkout>"
command -v git >/dev/null || die "git is needed to unpack llama.cpp (apt-get install git)"

tmp="$dest.tmp"
rm -rf "$tmp"; mkdir -p "$tmp/pkg"
( cd "$tmp/pkg" && npm pack --silent "node-llama-cpp@$NLC_VERSION" >/dev/null ) \
  || die "npm pack node-llama-cpp@$NLC_VERSION failed (is the npm registry reachable?)"
tgz="$tmp/pkg/node-llama-cpp-$NLC_VERSION.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
[ "$got" = "$NLC_INTEGRITY" ] || die "integrity mismatch for node-llama-cpp@$NLC_VERSION: got $got"
tar -xzf "$tgz" -C "$tmp/pkg" package/llama/gitRelease.bundle
echo "$BUNDLE_SHA256  $tmp/pkg/package/llama/gitRelease.bundle" | sha256sum -c --quiet - \
  || die "sha256 mismatch for llama/gitRelease.bundle"

git clone --quiet "$tmp/pkg/package/llama/gitRelease.bundle" "$tmp/src" 2>/dev/null
git -C "$tmp/src" -c advice.detachedHead=false checkout --quiet "$LLAMA_COMMIT"
[ "$(git -C "$tmp/src" rev-parse HEAD)" = "$LLAMA_COMMIT" ] || die "llama.cpp commit is not $LLAMA_COMMIT"
for p in "$here"/native/patches/*.patch; do
  git -C "$tmp/src" apply --whitespace=nowarn "$p" || die "patch $(basename "$p") does not apply"
done
rm -rf "$tmp/pkg"
rm -rf "$dest"; mv "$tmp/src" "$dest"; rmdir "$tmp"
echo "seal: llama.cpp $LLAMA_COMMIT (node-llama-cpp@$NLC_VERSION, integrity checked) ready in $dest" >&2
