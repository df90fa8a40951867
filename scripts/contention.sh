#!/usr/bin/env bash
# Issue #9's contention check, one command that prints markdown tables: how much of its alone-throughput a run keeps
# when a second, identical run shares the machine, for seal and for plain llama.cpp, on the same model and texts.
#   1. `seal bench` (seal score's scoring path in one process: formatting threads, packing, the engine), throughput
#      over the first $PAIRS hh-rlhf pairs at $BUDGET tokens, --raw: alone, then two at once;
#   2. `./seal score` end to end (launcher, worker JVM, model load, shards, writing), same pairs: alone, then two at once;
#   3. plain llama.cpp (`llama-embedding --pooling last`, unpatched, upstream's default OpenMP build from
#      scripts/llama-tools.sh) on the same texts at the same budget: alone, then two at once.
# Each run uses every core ($THREADS, default all), as a user who runs two jobs at once would leave it. Rounds
# ($ROUNDS) alternate the steps, and each figure is the median over them. The machine should be otherwise idle: the
# load average is printed before and after.
#
#   scripts/contention.sh
#   PAIRS=100 ROUNDS=3 BUDGET=512 scripts/contention.sh
#
# Needs what scripts/attn-sweep.sh needs (JDK 25, the jars, build/native, llama.cpp's cached source); it makes the
# same 512-wide, 8-layer, 128k-vocabulary model (MakeModel --shape small) into $WORK unless one is there.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
PAIRS=${PAIRS:-100}
ROUNDS=${ROUNDS:-2}
BUDGET=${BUDGET:-512}
THREADS=${THREADS:-$(nproc)}
WORK=${WORK:-/tmp/seal-contention}
BENCH=contention
. scripts/bench-env.sh
[ -f "$DATA" ] || { say "no $DATA (set DATA)"; exit 3; }
model=$WORK/small-rm.gguf
bench_model "$model" small llama-bpe f16
bench_pairs "$PAIRS"   # the pairs for seal, and the same texts for llama-embedding

# one run of each kind; $1 = round, $2 = a or b (the second of two at once), $3 = alone|pair
seal_bench() {
  seal_java dev.seal.cli.Main bench --model "$model" --data "$WORK/pairs.jsonl" --limit "$PAIRS" --raw \
    --threads "$THREADS" --repeats 1 --warmup 1 --batch-pairs 8 --budgets "$BUDGET" --json >"$WORK/bench-$3-$1$2.json"
}
seal_score() {
  local out=$WORK/score-$3-$1$2 t0
  rm -rf "$out".*; t0=$(date +%s.%N)   # a leftover output would be resumed, not scored
  ./seal score --model "$model" --data "$WORK/pairs.jsonl" --out "$out.csv" --raw --threads "$THREADS" \
    --batch-tokens "$BUDGET" >"$out.log" 2>&1 || say "seal score failed: $out.log"
  echo "$t0 $(date +%s.%N)" >"$out.wall"
}
llama() {
  llama_embedding "$model" "$BUDGET" "$WORK/llama-$3-$1$2"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$ROUNDS"); do
  for kind in seal_bench seal_score llama; do
    say "round $r of $ROUNDS: $kind alone, then two at once"
    "$kind" "$r" a alone
    "$kind" "$r" a pair & p1=$!
    "$kind" "$r" b pair & p2=$!
    wait "$p1" "$p2"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$WORK" "$ROUNDS" "$PAIRS" <<EOF
import json, statistics, sys
sys.path.insert(0, "scripts")
from llama_log import decode_rate
work, rounds, pairs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"- Machine: {cpu}, $(nproc) cores; $THREADS threads per run. Date: $(date -u +%Y-%m-%d\ %H:%M) UTC. "
      f"Commit: \`$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- java native || echo +changes)\`.")
print("- Load average (1/5/15 min): before $load_before, after $load_after.")
print(f"- Command: \`PAIRS=$PAIRS ROUNDS=$ROUNDS BUDGET=$BUDGET THREADS=$THREADS scripts/contention.sh\`; "
      f"{rounds} round(s), each figure the median (of the two runs at once, then of the rounds).")

def wall(path):
    t0, t1 = map(float, open(path).read().split())
    return t1 - t0

def bench(tag):
    return json.load(open(f"{work}/bench-{tag}.json"))["throughput"][0]["pairs_per_s"]

def score(tag):
    return pairs / wall(f"{work}/score-{tag}.wall")

def llama(tag):
    rate = decode_rate(f"{work}/llama-{tag}", pairs)
    return rate[0] if rate else float("nan")

print("\n| run | what is timed | alone pairs/s | two at once, each pairs/s | kept |")
print("|---|---|---|---|---|")
for name, what, f in [("seal bench", "scoring (model loaded, formatting included)", bench),
                      ("seal score", "end to end (JVMs, model load, writing)", score),
                      ("llama-embedding", "first decode to exit", llama)]:
    alone = statistics.median(f(f"alone-{r}a") for r in range(1, rounds + 1))
    each = statistics.median(statistics.median([f(f"pair-{r}a"), f(f"pair-{r}b")]) for r in range(1, rounds + 1))
    print(f"| {name} | {what} | {alone:.1f} | {each:.1f} | {each / alone:.0%} |")
EOF
