#!/usr/bin/env bash
# `seal convert` against transformers (issue #3): a random-weight LlamaForSequenceClassification with a real
# Llama 3 tokenizer, saved with save_pretrained, converted with `seal convert` (f32, f16, q8_0), a few hundred
# hh-rlhf texts scored with `seal score --raw --exact`, compared with transformers' logits (max/mean difference).
#
# Needs: python3 with torch and transformers; a runnable ./seal (JDK 25 in $JAVA_HOME or .jdk/, java/target built,
# build/native/libseal.so); llama.cpp's ggml-vocab-llama-bpe.gguf ($SEAL_VOCAB, else the llama.cpp cache or
# shared/); hh-rlhf ($HH, else shared/data/hh-rlhf/harmless-base-test.jsonl.gz). With $OUT set, the figures go to
# $OUT/convert-check.json. Usage: scripts/gpu-convert-check.sh [PAIRS=150]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pairs=${1:-150}
work=${WORK:-$(mktemp -d /tmp/seal-convert-check.XXXXXX)}
[ -z "${JAVA_HOME:-}" ] && [ -x .jdk/bin/java ] && export JAVA_HOME=$PWD/.jdk
first() { for f in "$@"; do [ -f "$f" ] && { echo "$f"; return 0; }; done; return 1; }
vocab=${SEAL_VOCAB:-$(first shared/ggml-vocab-llama-bpe.gguf ~/.cache/seal/llama.cpp-*/models/ggml-vocab-llama-bpe.gguf)} \
  || { echo "ggml-vocab-llama-bpe.gguf not found: set SEAL_VOCAB" >&2; exit 3; }
hh=${HH:-$(first shared/data/hh-rlhf/harmless-base-test.jsonl.gz ../shared/data/hh-rlhf/harmless-base-test.jsonl.gz)} \
  || { echo "hh-rlhf not found: set HH" >&2; exit 3; }
py="python3 scripts/gpu-convert-check.py"
export PYTHONUNBUFFERED=1

$py build "$work/hf" --vocab "$vocab"
$py sample "$hh" "$work/pairs.jsonl" --pairs "$pairs"
$py reference "$work/hf" "$work/pairs.jsonl" "$work/transformers.json"
for t in f32 f16 q8_0; do
  ./seal convert "$work/hf" --out "$work/rm-$t.gguf" --type "$t" --quiet
  ./seal score --model "$work/rm-$t.gguf" --data "$work/pairs.jsonl" --out "$work/seal-$t.jsonl" --raw --exact --quiet
done
$py compare "$work/transformers.json" "$work/seal-f32.jsonl" "$work/seal-f16.jsonl" "$work/seal-q8_0.jsonl"
