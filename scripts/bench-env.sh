# Sourced by the CPU benchmark scripts (attn-sweep, contention, generate-bench, deberta-bench): what each needs before
# it measures. The caller sets `repo`, `WORK` and a one-word `BENCH` name first. Defines:
#   NATIVE      libseal's directory ($SEAL_NATIVE_DIR, default build/native, built by ./seal); checked
#   DATA        the hh-rlhf test file ($DATA, default ../shared/data/...)
#   say MSG     a line on stderr, prefixed with the script's name
#   seal_java   java with seal's jars (and java/target/test-classes, for test-only fixtures such as DebertaBenchFolder)
# and builds the jars (and test classes) when any Java source is newer than them.
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
NATIVE=${SEAL_NATIVE_DIR:-$repo/build/native}
DATA=${DATA:-$repo/../shared/data/hh-rlhf/harmless-base-test.jsonl.gz}
say() { echo "$BENCH: $*" >&2; }
mkdir -p "$WORK"
[ -f "$NATIVE/libseal.so" ] || { say "no $NATIVE/libseal.so: run ./seal --version once (or set SEAL_NATIVE_DIR)"; exit 3; }
bench_jar=$repo/benchmarks/target/seal-benchmarks-0.1.0-SNAPSHOT.jar
if [ ! -f "$bench_jar" ] || [ ! -d "$repo/java/target/test-classes" ] \
   || [ -n "$(find "$repo/java/src" "$repo/benchmarks/src" -newer "$bench_jar" -name '*.java' | head -1)" ]; then
  say "building the jars"
  (cd "$repo" && mvn -B -ntp -q package -DskipTests -pl java,benchmarks -am) >"$WORK/mvn.log" 2>&1 \
    || { tail -30 "$WORK/mvn.log"; exit 3; }
fi
seal_java() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dseal.native.dir="$NATIVE" \
    -cp "$repo/java/target/test-classes:$bench_jar:$repo/benchmarks/target/lib/*" "$@"
}

# For the scripts that compare seal with plain llama.cpp on the same texts (attn-sweep, contention):
#   bench_model PATH SHAPE VOCAB TYPE  a random MakeModel RM (VOCAB: llama.cpp's models/ggml-vocab-VOCAB.gguf), once
#   bench_pairs N                      the first N readable hh-rlhf pairs of $DATA as $WORK/pairs.jsonl, and their
#                                      texts (chosen, rejected, ...) as $WORK/texts.txt, separated for llama-embedding
#   llama_embedding MODEL BUDGET STEM  plain llama.cpp's batched LAST pooling over $WORK/texts.txt ($THREADS threads):
#                                      its log in STEM.log, its start and end in STEM.wall (read by llama_log.py)
bench_model() {
  local src
  src=$(ls -d "$HOME"/.cache/seal/llama.cpp-v* | head -1)
  [ -f "$1" ] || seal_java dev.seal.bench.MakeModel "$1" "$src/models/ggml-vocab-$3.gguf" --shape "$2" --type "$4" >&2
}
LLAMA_SEP='<#seal-sep#>'
bench_pairs() {
  python3 - "$DATA" "$1" "$LLAMA_SEP" "$WORK" <<'PY'
import gzip, json, sys
path, n, sep, work = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows, texts = [], []
with gzip.open(path, "rt", encoding="utf-8") as f:
    for line in f:
        row = json.loads(line)
        if isinstance(row.get("chosen"), str) and isinstance(row.get("rejected"), str):
            rows.append(line.strip())
            texts += [row["chosen"], row["rejected"]]
        if len(rows) == n:
            break
open(f"{work}/pairs.jsonl", "w").write("\n".join(rows) + "\n")
open(f"{work}/texts.txt", "w").write(sep.join(texts))
PY
}
llama_embedding() {
  local t0
  # found (or built) once, in the calling shell, so that runs started after it in the background do not build it too
  LLAMA_TOOLS=${LLAMA_TOOLS:-$(scripts/llama-tools.sh llama-embedding)}
  t0=$(date +%s.%N)
  "$LLAMA_TOOLS/llama-embedding" -m "$1" -f "$WORK/texts.txt" --embd-separator "$LLAMA_SEP" --pooling last \
    -c "$2" -b "$2" -ub "$2" -t "$THREADS" -tb "$THREADS" --embd-output-format array >/dev/null 2>"$3.log" \
    || say "llama-embedding failed at $2 tokens (a text longer than the budget?): $3.log"
  echo "$t0 $(date +%s.%N)" >"$3.wall"
}
