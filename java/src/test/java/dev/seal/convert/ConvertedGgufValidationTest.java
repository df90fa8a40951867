package dev.seal.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.seal.gguf.GgufFile;
import dev.seal.gguf.GgufValidationException;
import dev.seal.gguf.GgufValidator;
import dev.seal.gguf.GgufWriter;
import dev.seal.gguf.TensorInfo;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * seal's GGUF validator on what {@code seal convert} writes for the architectures of issue #12: the converted DeBERTa
 * and GPT-NeoX pass, and the attention checks apply to them as to the other multi-head architectures, so a file with
 * key/value heads that do not divide the heads or token embeddings of the wrong width (which llama.cpp would
 * refuse at load or assert on in its graph) is refused, naming the key, before native code reads it.
 */
class ConvertedGgufValidationTest {
    @TempDir
    Path dir;

    private Path convert(String arch) throws Exception {
        Path hf = arch.equals("deberta-v2") ? TinyDeberta.write(dir.resolve(arch), TinyDeberta.Spec.v3())
                : TinyHf.write(dir.resolve(arch), TinyHf.Spec.gptneox());
        Path gguf = dir.resolve(arch + ".gguf");
        Converter.convert(hf, gguf, Converter.Options.of("f32"));
        return gguf;
    }

    /** The file with its metadata edited, tensors as they were. */
    private Path rewrite(Path gguf, String label, UnaryOperator<GgufWriter> edit) throws Exception {
        GgufFile f = GgufFile.read(gguf);
        GgufWriter w = new GgufWriter().copyFrom(f, k -> true);
        for (TensorInfo t : f.tensors()) {
            w.addRawTensor(t.name(), t.dims(), t.type(), f.readTensorBytes(t));
        }
        return edit.apply(w).write(dir.resolve(label + ".gguf"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deberta-v2", "gptneox"})
    void convertedModelsPassAndBrokenHeadsAreRefused(String arch) throws Exception {
        Path gguf = convert(arch);
        GgufValidator.Report ok = GgufValidator.validate(gguf);
        assertEquals(arch, ok.architecture());
        assertEquals(arch.equals("deberta-v2") ? TinyDeberta.Spec.v3().hidden() : 64, ok.nEmbd());

        Path kv = rewrite(gguf, arch + "-kv", w -> w.putUInt32(arch + ".attention.head_count_kv", 3));
        GgufValidationException e = assertThrows(GgufValidationException.class, () -> GgufValidator.validate(kv));
        assertEquals(GgufValidationException.Field.HPARAM, e.field(), e.getMessage());
        assertEquals(GgufValidationException.Reason.NOT_DIVISIBLE, e.reason(), e.getMessage());

        long nEmbd = ok.nEmbd();
        Path wide = rewrite(gguf, arch + "-wide", w -> w.putUInt32(arch + ".embedding_length", nEmbd * 2));
        GgufValidationException w = assertThrows(GgufValidationException.class, () -> GgufValidator.validate(wide));
        assertEquals(GgufValidationException.Field.TENSOR_DIMS, w.field(), w.getMessage());
    }
}
