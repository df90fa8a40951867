#!/usr/bin/env bash
# The CPU attention sweep of issue #9, one command that prints markdown tables:
#   1. seal bench on a random 512-wide, 8-layer llama RM with the 128k llama-bpe vocabulary (MakeModel --shape small),
#      first $PAIRS hh-rlhf pairs, --raw: throughput over budgets x flash attention on/off x prefix sharing on/off, and
#      each pass's reward drift against seal score --exact (f32 KV cache, flash attention off);
#   2. plain llama.cpp's batched LAST pooling (llama-embedding) on the same model and the same texts, at the same
#      budgets, for the seal-vs-llama.cpp ratio;
#   3. the same drift check on the tiny demo-shaped RM (64 wide, 2 layers, llama-spm vocabulary, F32).
# Steps 1 and 2 alternate round by round ($ROUNDS), so a load change on a shared machine hits both alike; each figure
# is the median over the rounds. The load average is printed before and after. Its figures are wall-clock time, so
# they mean something only on an idle machine; on a shared one, scripts/attn-cpu.sh measures CPU time per budget.
#
#   scripts/attn-sweep.sh
#   PAIRS=200 ROUNDS=3 THREADS=2 BUDGETS=512,1024,2048,4096 LLAMA_BUDGETS=512,2048 scripts/attn-sweep.sh
#
# Needs: JDK 25, maven (builds the jars when missing), the native library ($SEAL_NATIVE_DIR, default build/native,
# built by ./seal), and llama.cpp's cached source in ~/.cache/seal (llama-embedding is built once beside it).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
PAIRS=${PAIRS:-200}
ROUNDS=${ROUNDS:-1}
THREADS=${THREADS:-$(nproc)}
BUDGETS=${BUDGETS:-512,1024,2048,4096}
LLAMA_BUDGETS=${LLAMA_BUDGETS:-512,2048}
FLASH=${FLASH:-on,off}      # seal's flash attention settings (a shorter grid: FLASH=on SHARE=on)
SHARE=${SHARE:-on,off}      # seal's prefix sharing settings
WORK=${WORK:-/tmp/seal-attn-sweep}
BENCH=attn-sweep
. scripts/bench-env.sh

small=$WORK/small-rm.gguf
tiny=$WORK/tiny-rm.gguf
bench_model "$small" small llama-bpe f16
bench_model "$tiny" tiny llama-spm f32
bench_pairs "$PAIRS"   # the texts seal bench --raw scores (each side as written), for llama-embedding

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
bench=(bench --model "$small" --data "$DATA" --limit "$PAIRS" --raw --threads "$THREADS" --repeats 1 --warmup 1
       --batch-pairs 8 --budgets "$BUDGETS" --flash-attn "$FLASH" --share-prefix "$SHARE" --drift --json)
for r in $(seq 1 "$ROUNDS"); do
  say "round $r of $ROUNDS: seal bench"
  seal_java dev.seal.cli.Main "${bench[@]}" >"$WORK/seal-$r.json"
  for b in ${LLAMA_BUDGETS//,/ }; do
    say "round $r of $ROUNDS: llama-embedding at $b tokens"
    llama_embedding "$small" "$b" "$WORK/llama-$b-$r"
  done
done
say "tiny RM: drift"
seal_java dev.seal.cli.Main bench --model "$tiny" --data "$DATA" --limit "$PAIRS" --raw --threads "$THREADS" --repeats 1 \
  --warmup 1 --batch-pairs 8 --budgets "$BUDGETS" --flash-attn on,off --drift --json >"$WORK/tiny.json"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$WORK" "$ROUNDS" "$PAIRS" "$LLAMA_BUDGETS" <<EOF
import json, statistics, sys
sys.path.insert(0, "scripts")
from llama_log import decode_rate
work, rounds, pairs, llama_budgets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"- Machine: {cpu}, $(nproc) cores; threads $THREADS. Date: $(date -u +%Y-%m-%d\ %H:%M) UTC. "
      f"Commit: \`$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- java native || echo +changes)\`.")
print("- Load average (1/5/15 min): before $load_before, after $load_after.")
print(f"- Command: \`PAIRS=$PAIRS ROUNDS=$ROUNDS THREADS=$THREADS BUDGETS=$BUDGETS LLAMA_BUDGETS=$LLAMA_BUDGETS FLASH=$FLASH SHARE=$SHARE scripts/attn-sweep.sh\`;"
      f" {rounds} round(s), each figure the median.")
runs = [json.load(open(f"{work}/seal-{r}.json")) for r in range(1, rounds + 1)]
def key(t): return (t["budget"], t["flash_attn"], t["share_prefix"])
rows = {}
for run in runs:
    for t in run["throughput"]:
        rows.setdefault(key(t), []).append(t)
best = max(statistics.median(x["pairs_per_s"] for x in ts) for ts in rows.values())
first = runs[0]
print(f"\n**seal**, {first['pairs']} pairs, {first['tokens_per_pair']:.0f} tokens per pair, drift against \`--exact\` "
      "(f32 KV cache, flash attention off) over every reward; flips: pairs whose preference changed.\n")
print("| budget | flash attn | prefix sharing | pairs/s | tokens/s | of the best | max abs drift | mean abs drift | flips |")
print("|---|---|---|---|---|---|---|---|---|")
for k, ts in rows.items():
    p = statistics.median(x["pairs_per_s"] for x in ts)
    tok = statistics.median(x["tokens_per_s"] for x in ts)
    d = ts[0]["drift"]
    print(f"| {k[0]} | {k[1]} | {'on' if k[2] else 'off'} | {p:.1f} | {tok:,.0f} | {p / best:.0%} | "
          f"{d['max_abs']:.2e} | {d['mean_abs']:.2e} | {d['flips']} |")
print("\n**llama.cpp** \`llama-embedding --pooling last\` (unpatched, upstream's default build with OpenMP; its default flash attention: auto), same model and texts; "
      "pairs/s from its first decode to its exit (model load and tokenizing excluded, writing the embeddings included).\n")
print("| budget | pairs/s | tokens/s | seal's best / this |")
print("|---|---|---|---|")
for b in llama_budgets:
    rates, toks = [], []
    for r in range(1, rounds + 1):
        rate = decode_rate(f"{work}/llama-{b}-{r}", pairs)
        if rate:
            rates.append(rate[0])
            toks.append(rate[1])
    if rates:
        p = statistics.median(rates)
        print(f"| {b} | {p:.1f} | {statistics.median(toks):,.0f} | {best / p:.1f}x |")
    else:
        print(f"| {b} | failed (see {work}/llama-{b}-1.log) | | |")
tiny = json.load(open(f"{work}/tiny.json"))
print(f"\n**tiny RM** (64 wide, 2 layers, F32, llama-spm vocabulary), {tiny['pairs']} pairs: drift against \`--exact\`.\n")
print("| budget | flash attn | pairs/s | max abs drift | mean abs drift | flips |")
print("|---|---|---|---|---|---|")
for t in tiny["throughput"]:
    d = t["drift"]
    print(f"| {t['budget']} | {t['flash_attn']} | {t['pairs_per_s']:.1f} | {d['max_abs']:.2e} | {d['mean_abs']:.2e} | {d['flips']} |")
EOF
