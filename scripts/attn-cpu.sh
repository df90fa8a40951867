#!/usr/bin/env bash
# CPU time, not wall time, of seal score per budget for one or two native libraries, by kind of work: issue #9's
# attention check on a machine whose cores are shared. perf samples the scoring process at 999 Hz, so a sample is
# ~1 ms of CPU the process itself used, whatever else runs; wall-clock pairs/s on a loaded machine is noise.
#   scripts/attn-cpu.sh                                   (this build's library only)
#   OLD=/work/native-base BUDGETS=512,4096 ROUNDS=2 scripts/attn-cpu.sh    (old and new, run alternately)
# Prints per budget and library: CPU ms for $PAIRS pairs in flash attention, matmuls, the host's KQ mask, the rest
# of the graph, and barrier waits; and whether each budget's scores are bitwise the same from both libraries.
# Needs perf, the jars and the model of scripts/attn-sweep.sh (run it once, or set MODEL).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PAIRS=${PAIRS:-100}
ROUNDS=${ROUNDS:-1}
THREADS=${THREADS:-2}
BUDGETS=${BUDGETS:-512,1024,2048,4096}
WORK=${WORK:-/tmp/seal-attn-cpu}
MODEL=${MODEL:-/tmp/seal-attn-sweep/small-rm.gguf}
DATA=${DATA:-$repo/../shared/data/hh-rlhf/harmless-base-test.jsonl.gz}
NEW=${SEAL_NATIVE_DIR:-$repo/build/native}
OLD=${OLD:-}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=$repo/benchmarks/target/seal-benchmarks-0.1.0-SNAPSHOT.jar
for f in "$MODEL" "$jar" "$NEW/libseal.so"; do [ -e "$f" ] || { echo "attn-cpu: missing $f (run scripts/attn-sweep.sh once)" >&2; exit 3; }; done
command -v perf >/dev/null || { echo "attn-cpu: perf not found (apt-get install linux-perf)" >&2; exit 3; }
mkdir -p "$WORK"
# head closes the pipe early, so zcat may end on SIGPIPE: check the result instead
zcat -f "$DATA" | head -n "$PAIRS" >"$WORK/pairs.jsonl" || [ -s "$WORK/pairs.jsonl" ]

libs=(new); [ -n "$OLD" ] && libs=(old new)
for r in $(seq 1 "$ROUNDS"); do
  for b in ${BUDGETS//,/ }; do
    for v in "${libs[@]}"; do
      dir=$NEW; [ "$v" = old ] && dir=$OLD
      out=$WORK/scores-$v-$b-$r.jsonl
      rm -rf "$out" "$out.parts"
      perf record -q -F 999 -o "$WORK/perf.data" -- "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
        -Dseal.native.dir="$dir" -cp "$jar:$repo/benchmarks/target/lib/*" dev.seal.cli.Main score -q --model "$MODEL" \
        --data "$WORK/pairs.jsonl" --format HH_RLHF --raw --threads "$THREADS" --batch-tokens "$b" --out "$out" >/dev/null
      perf report -i "$WORK/perf.data" --no-children --sort dso,symbol --stdio -n 2>/dev/null >"$WORK/report-$v-$b-$r.txt"
    done
  done
done
rm -f "$WORK/perf.data"

python3 - "$WORK" "$ROUNDS" "$BUDGETS" "${libs[@]}" <<'EOF'
import collections, filecmp, re, statistics, sys
work, rounds, budgets, libs = sys.argv[1], int(sys.argv[2]), [int(b) for b in sys.argv[3].split(",")], sys.argv[4:]
kinds = [("attention", r"flash_attn"), ("matmul", r"tinyBLAS|mul_mat|gemm|vec_dot"), ("KQ mask", r"kq_mask"),
         ("wait", r"barrier|secondary_thread|chunk_add"), ("load", r"vocab|gguf|unicode|llama_model_load|std::")]
def sample(path):
    c = collections.Counter()
    for line in open(path):
        m = re.match(r"\s+[\d.]+%\s+(\d+)\s+libseal\.so\s+\[.\]\s+(.*)", line)
        if m:
            c[next((k for k, p in kinds if re.search(p, m.group(2))), "rest")] += int(m.group(1))
    return c
print("| library | budget | compute ms | of the best | attention | matmul | KQ mask | rest of graph | barrier wait |")
print("|---|---|---|---|---|---|---|---|---|")
for v in libs:
    rows = {}
    for b in budgets:
        runs = [sample(f"{work}/report-{v}-{b}-{r}.txt") for r in range(1, rounds + 1)]
        med = {k: statistics.median(c[k] for c in runs) for k in ("attention", "matmul", "KQ mask", "rest", "wait")}
        rows[b] = (med["attention"] + med["matmul"] + med["KQ mask"] + med["rest"], med)
    best = min(t for t, _ in rows.values())
    for b, (t, m) in rows.items():
        print(f"| {v} | {b} | {t:,.0f} | {best / t:.0%} | {m['attention']:,.0f} | {m['matmul']:,.0f} | {m['KQ mask']:,.0f} "
              f"| {m['rest']:,.0f} | {m['wait']:,.0f} |")
if len(libs) == 2:
    same = [b for b in budgets if all(filecmp.cmp(f"{work}/scores-old-{b}-{r}.jsonl", f"{work}/scores-new-{b}-{r}.jsonl",
                                                  shallow=False) for r in range(1, rounds + 1))]
    print(f"\nscores bitwise identical, old and new: budgets {same} of {budgets}")
EOF
