#!/usr/bin/env bash
# Issue #8's speed figures, one command that prints markdown tables: seal's Generator beside llama.cpp's own
# llama-parallel (continuous batching, shared system prompt) on the same random-weight model and settings, then probe
# labeling against JSON labeling (JSON Schema grammar) on the same texts; for a tiny and a small model
# (dev.seal.bench.GenerateBench, which alternates seal and llama.cpp round by round).
#   scripts/generate-bench.sh
#   REQUESTS=32 PARALLEL=8 MAX_TOKENS=64 ROUNDS=3 THREADS=2 LABEL_TEXTS=16 SHAPES="tiny small" scripts/generate-bench.sh
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
REQUESTS=${REQUESTS:-32}
PARALLEL=${PARALLEL:-8}
MAX_TOKENS=${MAX_TOKENS:-64}
ROUNDS=${ROUNDS:-1}
THREADS=${THREADS:-$(nproc)}
LABEL_TEXTS=${LABEL_TEXTS:-16}
SHAPES=${SHAPES:-tiny small}
WORK=${WORK:-/tmp/seal-generate-bench}
BENCH=generate-bench
. scripts/bench-env.sh
src=$(ls -d "$HOME"/.cache/seal/llama.cpp-v* | head -1)
tools=$(scripts/llama-tools.sh llama-parallel)
echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; threads $THREADS." \
  "Date: $(date -u '+%Y-%m-%d %H:%M') UTC. Commit: \`$(git rev-parse --short HEAD)\`."
echo "- Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "- Command: \`REQUESTS=$REQUESTS PARALLEL=$PARALLEL MAX_TOKENS=$MAX_TOKENS ROUNDS=$ROUNDS THREADS=$THREADS LABEL_TEXTS=$LABEL_TEXTS SHAPES=\"$SHAPES\" scripts/generate-bench.sh\`"
for shape in $SHAPES; do
  model=$WORK/$shape-lm.gguf
  case $shape in
    tiny) vocab=llama-spm; type=f32 ;;
    *) vocab=llama-bpe; type=f16 ;;
  esac
  [ -f "$model" ] || seal_java dev.seal.bench.MakeModel "$model" "$src/models/ggml-vocab-$vocab.gguf" --shape "$shape" --type "$type" >&2
  seal_java dev.seal.bench.GenerateBench "$model" "$DATA" --requests "$REQUESTS" --parallel "$PARALLEL" \
    --max-tokens "$MAX_TOKENS" --rounds "$ROUNDS" --threads "$THREADS" --label-texts "$LABEL_TEXTS" \
    --llama-parallel "$tools/llama-parallel"
done
echo
echo "- Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
