package dev.seal.gguf;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer on the GGUF validator: for any bytes it either accepts (a {@link GgufValidator.Report}) or refuses with a
 * {@link GgufValidationException}; any other exception, an OOM or a hang is a finding. Seeded with valid small models
 * and corpus files (src/test/resources/dev/seal/gguf/GgufValidatorFuzzTestInputs/validate). CI runs 15 s of fuzzing
 * (JAZZER_FUZZ=1, see java/pom.xml); plain {@code mvn test} replays the seeds and any past findings. A longer run
 * (libFuzzer flags through JUnit configuration parameters; the corpus grows in java/.cifuzz-corpus):
 * <pre>
 * JAZZER_FUZZ=1 mvn -o -pl java -am test -Dseal.fuzz.skip=true -Dtest=GgufValidatorFuzzTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.internal.arg.0=fake_argv0 -Djazzer.internal.arg.1=-max_total_time=3600
 * </pre>
 */
class GgufValidatorFuzzTest {
    /** Small limits so the fuzzer reaches the count and length checks without huge inputs. */
    private static final GgufValidator.Limits LIMITS = new GgufValidator.Limits(4096, 4096, 1 << 20, 1 << 20);

    @FuzzTest(maxDuration = "15s")
    void validate(byte[] bytes) {
        for (GgufValidator.Scope scope : GgufValidator.Scope.values()) {
            try {
                GgufValidator.Report r = GgufValidator.validate(bytes, scope, LIMITS);
                if (r.fileSize() != bytes.length || r.dataOffset() > bytes.length) {
                    throw new AssertionError("inconsistent report " + r);
                }
            } catch (GgufValidationException expected) {
                if (expected.field() == null || expected.reason() == null) {
                    throw new AssertionError("untyped refusal", expected);
                }
            }
        }
    }
}
