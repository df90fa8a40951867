#!/usr/bin/env bash
# `seal convert` against transformers (issues #3, #12): random-weight sequence classifiers saved with save_pretrained,
# converted with `seal convert` (f32, f16, q8_0), a few hundred hh-rlhf texts scored with `seal score --exact`,
# compared with transformers' logits (max/mean difference, token counts):
#   - LlamaForSequenceClassification with a real Llama 3 tokenizer, texts as written (--raw);
#   - GPTNeoXForSequenceClassification with the GPT-NeoX-20B tokenizer, texts as written (--raw);
#   - DebertaV2ForSequenceClassification with the fast tokenizer of DebertaTokenizerTest's spm.model, pairs as
#     [CLS] Human: prompt [SEP] response [SEP] (seal's text-pair mode; transformers' tokenizer(prompt, response)).
#
# On the GPU machine (no network, no Java): first scripts/prepare-device.sh here, then with the device tool
#   run(command="bash scripts/gpu-convert-check.sh", carry=[".device"], timeout_s=600)
# There it shares scripts/device-common.sh with scripts/gpu-check.sh: the same tool checks, the JDK and jars of .device,
# and the same CUDA build in /tmp/seal-dev, so on a warm machine right after gpu-check.sh it builds nothing (a cold
# machine builds first, some minutes). It reads .device's vocabularies and hh-rlhf file. Elsewhere it runs ./seal,
# with $SEAL_VOCAB / $SEAL_NEOX_VOCAB / $HH or the usual places. Figures: stdout and $OUT/convert-check*.json.
# Usage: [PAIRS=150]; exit 1 when any family mismatches (the others still run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pairs=${1:-150}
work=${WORK:-/tmp/seal-convert-check}; mkdir -p "$work"
first() { for f in "$@"; do [ -f "$f" ] && { echo "$f"; return 0; }; done; return 1; }
if [ -f .device/jdk.tar.xz ]; then
  source scripts/device-common.sh
  dev_tools ON || { echo "gpu-convert-check: a tool the build needs is missing (above)" >&2; exit 3; }
  dev_unpack
  if [ -n "${SEAL_NATIVE_DIR:-}" ]; then SEAL_NATIVE=$SEAL_NATIVE_DIR
  else dev_build ON 540 || exit 1
  fi
  seal() { seal_java dev.seal.cli.Main "$@"; }
else
  seal() { ./seal "$@"; }
fi
vocab=${SEAL_VOCAB:-$(first .device/vocab/ggml-vocab-llama-bpe.gguf ~/.cache/seal/llama.cpp-*/models/ggml-vocab-llama-bpe.gguf)} \
  || { echo "ggml-vocab-llama-bpe.gguf not found: set SEAL_VOCAB" >&2; exit 3; }
hh=${HH:-$(first .device/harmless-base-test.jsonl.gz ../shared/data/hh-rlhf/harmless-base-test.jsonl.gz \
  /work/shared/data/hh-rlhf/harmless-base-test.jsonl.gz)} || { echo "hh-rlhf not found: set HH" >&2; exit 3; }
py="python3 scripts/gpu-convert-check.py"
export PYTHONUNBUFFERED=1

neox_vocab=${SEAL_NEOX_VOCAB:-$(first .device/vocab/ggml-vocab-gpt-neox.gguf \
  ~/.cache/seal/llama.cpp-*/models/ggml-vocab-gpt-neox.gguf)} || { echo "ggml-vocab-gpt-neox.gguf not found: set SEAL_NEOX_VOCAB" >&2; exit 3; }
status=0

# one family: NAME HF_FOLDER PAIRS_FILE [seal score options]: transformers, then seal at each type, then the comparison
check() {
  local name=$1 hf=$2 data=$3; shift 3
  $py reference "$hf" "$data" "$work/$name-transformers.json"
  for t in f32 f16 q8_0; do
    seal convert "$hf" --out "$work/$name-$t.gguf" --type "$t" --quiet
    seal score --model "$work/$name-$t.gguf" --data "$data" --out "$work/$name-$t.jsonl" --exact --quiet "$@"
  done
  $py compare "$work/$name-transformers.json" "$work/$name-f32.jsonl" "$work/$name-f16.jsonl" "$work/$name-q8_0.jsonl" \
    --label "$name" || status=1
}

$py sample "$hh" "$work/pairs.jsonl" --pairs "$pairs"
$py build "$work/llama" --vocab "$vocab"
check llama "$work/llama" "$work/pairs.jsonl" --raw
$py build-neox "$work/neox" --vocab "$neox_vocab"
check neox "$work/neox" "$work/pairs.jsonl" --raw
$py sample "$hh" "$work/split.jsonl" --pairs "$pairs" --split
$py build-deberta "$work/deberta" --spm java/src/test/resources/convert/spm/v3.model
check deberta "$work/deberta" "$work/split.jsonl"
exit $status
