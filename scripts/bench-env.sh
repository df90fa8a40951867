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
