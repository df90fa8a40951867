#!/usr/bin/env bash
# Spark's overhead on one machine: `seal score --in-process` and the Spark job in local mode (dev.seal.spark.SparkScore)
# score the same pairs with the same model, each timed end to end (JVM start, model load, reading, writing). Not a
# test: run it on an idle machine; figures taken while other work shares the cores say nothing.
#
#   scripts/spark-bench.sh MODEL.gguf [PAIRS.jsonl[.gz]] [N_PAIRS] [MASTER] [PARTITIONS] [extra score options...]
#
# defaults: the hh-rlhf harmless-base test split beside the clone, 2000 pairs, local[2], 4 partitions. The native
# library comes from SEAL_NATIVE_DIR (default build/native: ./seal builds it).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
model=${1:?usage: scripts/spark-bench.sh MODEL.gguf [PAIRS] [N_PAIRS] [MASTER] [PARTITIONS] [options...]}
data=${2:-$here/../shared/data/hh-rlhf/harmless-base-test.jsonl.gz}
n=${3:-2000}
master=${4:-local[2]}
parts=${5:-4}
shift $(( $# < 5 ? $# : 5 ))
native=${SEAL_NATIVE_DIR:-$here/build/native}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(gzip -dcf "$data" || true) | head -n "$n" > "$work/pairs.jsonl"
echo "== $(wc -l < "$work/pairs.jsonl") pairs of $data; model $model; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -ntp -q -pl spark -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=compile \
  -Dmdep.outputFile=target/classpath.txt
# Spark's JVM options on JDK 25: the surefire argLine of spark/pom.xml (Spark's launcher list), one place for both
opens=$(sed -n '/<argLine>/,/<\/argLine>/p' spark/pom.xml | sed 's/<[^>]*>//g' | tr -s ' \n' ' ')

timed() { # label, command...: runs it, prints its last lines and the wall time
  local label=$1; shift
  local t0; t0=$(date +%s.%N)
  "$@" > "$work/$label.log" 2>&1 || { cat "$work/$label.log"; exit 1; }
  grep -E 'pairs scored|throughput|seconds' "$work/$label.log" || true
  echo "$label wall: $(echo "$(date +%s.%N) - $t0" | bc) s"
}

echo "== seal score --in-process"
timed cli "$java" --enable-native-access=ALL-UNNAMED -Xss4m -Dseal.native.dir="$native" \
  -cp "java/target/classes:java/target/lib/*" dev.seal.cli.Main score --model "$model" --data "$work/pairs.jsonl" \
  --out "$work/cli.parquet" --in-process -q "$@"
echo "== Spark $master, $parts partitions"
# shellcheck disable=SC2086 # $opens is a list of options
timed spark "$java" $opens -Dspark.master="$master" -Dspark.ui.enabled=false -Dseal.native.dir="$native" \
  -cp "$(ls spark/target/seal-spark-*.jar | grep -v tests):$(cat spark/target/classpath.txt)" dev.seal.spark.SparkScore \
  --model "$model" --data "$work/pairs.jsonl" --out "$work/spark.parquet" --partitions "$parts" "$@"
