#!/usr/bin/env bash
# Regenerates the bindings of native/include/seal.h: bindings/src/main/java/dev/seal/bindings/seal_h.java
# and one class per struct (SealLibrary.java, the loader, stays hand-written). Run it after editing seal.h
# and commit what it writes. Reads the header through libclang (bindings/gen/gen_bindings.py).
#   scripts/gen-bindings.sh           rewrite the generated files (and remove those no longer generated)
#   scripts/gen-bindings.sh --check   write nothing; exit 1 with a diff when they differ from seal.h's output
# Needs Debian's python3-clang (apt-get install python3-clang); building or running seal does not.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# python3-clang installs into the system interpreter's packages, which a pyenv or venv python3 on PATH lacks
py=${SEAL_PYTHON:-/usr/bin/python3}
"$py" -c 'import clang.cindex' 2>/dev/null \
  || { echo "gen-bindings: $py cannot import clang.cindex: apt-get install python3-clang (or set SEAL_PYTHON)" >&2; exit 3; }
exec "$py" -B bindings/gen/gen_bindings.py native/include/seal.h --out bindings/src/main/java/dev/seal/bindings \
  --package dev.seal.bindings --header-class seal_h --library-class SealLibrary "$@"
