#!/usr/bin/env bash
# The CPU benchmark of issue #12 at deberta-v3-base's shape, one command that prints a markdown table:
#   1. a random DebertaV2ForSequenceClassification folder, hidden 768, 12 layers, 12 heads, intermediate 3072,
#      vocab_size 128100, position_buckets 256, max_relative_positions 512, F16 (DebertaBenchFolder, test code; its
#      spm.model is DebertaTokenizerTest's 4000-piece fixture, so a text has more tokens than with v3's 128000 pieces:
#      compare tokens/s, or pairs/s at the tokens per pair shown);
#   2. seal convert to each of $TYPES;
#   3. seal bench on the first $PAIRS hh-rlhf pairs ([CLS] prompt [SEP] response [SEP]), one process per type and
#      budget, so that each run's peak resident set is that budget's: pairs/s, tokens/s, and the memory a decode
#      takes beyond the weights (peak RSS - GGUF size - JVM heap peak; llama.cpp sizes a context's compute buffers
#      for its whole budget when it makes it).
# The load average is printed before and after: on a shared machine, rerun idle for figures to quote.
#
#   scripts/deberta-bench.sh
#   PAIRS=128 THREADS=2 BUDGETS=512,1024,2048,4096 TYPES=f16,q8_0 scripts/deberta-bench.sh
#
# Needs: JDK 25, maven (builds the jars and test classes when missing), the native library ($SEAL_NATIVE_DIR,
# default build/native, built by ./seal), python3, and about 2 GB of disk under $WORK.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
PAIRS=${PAIRS:-64}
THREADS=${THREADS:-$(nproc)}
BUDGETS=${BUDGETS:-512,1024,2048}
TYPES=${TYPES:-f16,q8_0}
WORK=${WORK:-/tmp/seal-deberta-bench}
BENCH=deberta-bench
. scripts/bench-env.sh

hf=$WORK/hf-base
[ -f "$hf/config.json" ] || { say "writing the random HF folder"; seal_java -Xmx4g dev.seal.convert.DebertaBenchFolder "$hf" F16; }
for t in ${TYPES//,/ }; do
  [ -f "$WORK/base-$t.gguf" ] || { say "converting to $t"; seal_java dev.seal.cli.Main convert "$hf" --out "$WORK/base-$t.gguf" --type "$t" >&2; }
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for t in ${TYPES//,/ }; do
  for b in ${BUDGETS//,/ }; do
    say "$t at a budget of $b tokens"
    seal_java dev.seal.cli.Main bench --model "$WORK/base-$t.gguf" --data "$DATA" --limit "$PAIRS" --threads "$THREADS" \
      --repeats 1 --warmup 1 --batch-pairs 8 --budgets "$b" --batch-tokens "$b" --json >"$WORK/$t-$b.json"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$WORK" "$TYPES" "$BUDGETS" <<EOF
import json, os, sys
work, types, budgets = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"- Machine: {cpu}, $(nproc) cores; threads $THREADS. Date: $(date -u +%Y-%m-%d\ %H:%M) UTC. "
      f"Commit: \`$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- java native || echo +changes)\`.")
print("- Load average (1/5/15 min): before $load_before, after $load_after.")
print("- Command: \`PAIRS=$PAIRS THREADS=$THREADS BUDGETS=$BUDGETS TYPES=$TYPES scripts/deberta-bench.sh\`.")
mib = lambda b: b / 1048576
print("\n| type | budget | pairs | tokens/pair | pairs/s | tokens/s | peak RSS MiB | GGUF MiB | JVM heap MiB | decode MiB |")
print("|---|---|---|---|---|---|---|---|---|---|")
for t in types:
    size = os.path.getsize(f"{work}/base-{t}.gguf")
    for b in budgets:
        r = json.load(open(f"{work}/{t}-{b}.json"))
        tp = r["throughput"][0]
        m = r["memory"]
        decode = m["host_peak_rss_bytes"] - size - m["jvm_heap_peak_bytes"]
        print(f"| {t} | {b} | {tp['pairs']} | {r['tokens_per_pair']:.0f} | {tp['pairs_per_s']:.2f} | "
              f"{tp['tokens_per_s']:,.0f} | {mib(m['host_peak_rss_bytes']):,.0f} | {mib(size):,.0f} | "
              f"{mib(m['jvm_heap_peak_bytes']):,.0f} | {mib(decode):,.0f} |")
EOF
