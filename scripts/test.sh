#!/usr/bin/env bash
# The test command (README, .ci/run): builds the native library, runs the native tests, the bindings
# generator's tests (with python3-clang; they include bindings/ against seal.h), then every Java test
# with the native library required. Exits non-zero when any test fails; prints what was skipped.
# A part a test needs can be required (then its absence fails the test instead of skipping it):
# native always; SEAL_REQUIRE_BROWSER=true, SEAL_REQUIRE_DATA=true (the hh-rlhf file) and
# SEAL_REQUIRE_LIBCLANG=true (the bindings generator) for the others.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
"$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25' || { echo "seal: JAVA_HOME must be a JDK 25" >&2; exit 3; }
# Its own build directory: this build has the native fault-injection hooks (SEAL_TEST_HOOKS), the launcher's
# (./build) never does.
build=${SEAL_TEST_BUILD_DIR:-$here/build-test}
gen=(); command -v ninja >/dev/null && gen=(-G Ninja)

echo "== native build (with test hooks, in $build)"
cmake -S . -B "$build" "${gen[@]}" -DSEAL_TEST_HOOKS=ON >/dev/null
cmake --build "$build" 2>&1 | tail -2
echo "== native tests (ctest)"
ctest --test-dir "$build" --output-on-failure --no-tests=error

echo "== bindings generator tests (python unittest, ending with the committed bindings against seal.h)"
py=${SEAL_PYTHON:-/usr/bin/python3}
bindgen_skipped=
if "$py" -c 'import clang.cindex' 2>/dev/null; then
  SEAL_PYTHON="$py" "$py" -B bindings/gen/test_gen_bindings.py \
    || { echo "seal: bindings generator tests FAILED (after editing seal.h, run scripts/gen-bindings.sh)" >&2; exit 1; }
elif [ "${SEAL_REQUIRE_LIBCLANG:-false}" = true ]; then
  echo "seal: python3-clang is required (SEAL_REQUIRE_LIBCLANG=true) but $py cannot import clang.cindex" >&2
  exit 3
else
  bindgen_skipped="SKIPPED: python3-clang is not installed: the bindings generator and bindings/ against seal.h were not tested (apt-get install python3-clang)"
  echo "$bindgen_skipped"
fi

echo "== Java tests (mvn test)"
set +e +o pipefail
mvn -B -ntp test -Dseal.require.native=true -Dseal.require.browser=${SEAL_REQUIRE_BROWSER:-false} \
  -Dseal.require.data=${SEAL_REQUIRE_DATA:-false} -Dseal.native.dir="$build/native" 2>&1 | tee "$build/mvn-test.log" \
  | grep --line-buffered -E 'Tests run:|FAIL|ERROR|BUILD|SKIPPED|^seal-test:'
status=${PIPESTATUS[0]}
set -e -o pipefail

reports=(java/target/surefire-reports/*.xml bindings/target/surefire-reports/*.xml spark/target/surefire-reports/*.xml)
skipped=$( (grep -ho 'SKIPPED: [^]<]*' "${reports[@]}" 2>/dev/null
  [ -z "$bindgen_skipped" ] || echo "$bindgen_skipped") | sort | uniq -c || true)
if [ -n "$skipped" ]; then
  echo "== skipped tests (and why)"
  echo "$skipped"
fi
# every skip must say why (through dev.seal.testing.Parts): one without the marker fails the run
unlisted=$(awk '/<testcase /{t=$0} /<skipped/ && !/SKIPPED: /{match(t, /name="[^"]*" classname="[^"]*"/); print "  " substr(t, RSTART, RLENGTH)}' \
  "${reports[@]}" 2>/dev/null || true)
if [ -n "$unlisted" ]; then
  echo "seal: tests skipped without a reason (use dev.seal.testing.Parts.missing):" >&2
  echo "$unlisted" >&2
  [ "$status" -ne 0 ] || status=1
fi
if [ "$status" -ne 0 ]; then
  echo "seal: Java tests FAILED (log: $build/mvn-test.log)" >&2
  exit "$status"
fi
echo "seal: all tests passed"
