package dev.seal.engine;

import dev.seal.bindings.seal_h;
import dev.seal.bindings.seal_model_info;
import dev.seal.bindings.seal_model_params;
import dev.seal.data.Turn;
import dev.seal.gguf.GgufValidationException;
import dev.seal.gguf.GgufValidator;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A loaded GGUF model (native seal_model). Thread-safe for tokenize/render. {@link #close()} ends this object's use
 * of the model; scorers already opened on it keep working (natively they hold the model until the last one closes),
 * new ones are refused.
 */
public final class Model implements AutoCloseable {
    private final Path path;
    private final ModelInfo info;
    private volatile MemorySegment handle;

    /**
     * Load options; {@code gpuLayers} -1 offloads every layer when a GPU backend is built in; {@code device} the one
     * device the model runs on, by its index in {@link Backend#devices()} (a GPU alone, or the CPU alone), or
     * {@link #ALL_GPUS}.
     */
    public record Options(int gpuLayers, boolean useMmap, boolean vocabOnly, int device) {
        /** llama.cpp's choice: the layers split over every GPU it sees (seal_model_params.device -1). */
        public static final int ALL_GPUS = -1;

        public Options(int gpuLayers, boolean useMmap, boolean vocabOnly) {
            this(gpuLayers, useMmap, vocabOnly, ALL_GPUS);
        }

        public static Options defaults() {
            return new Options(-1, true, false);
        }
    }

    private Model(Path path, MemorySegment handle) {
        this.path = path;
        this.handle = handle;
        this.info = describe();
    }

    /**
     * Loads a GGUF model: first {@link GgufValidator} checks the file in Java (a refused file never reaches native
     * code, whose failures can abort the process), then llama.cpp loads it.
     *
     * @throws SealException with status SEAL_E_MODEL and the {@link GgufValidationException} as its cause when the
     *                       validator refuses the file; SEAL_E_IO when it cannot be read
     */
    public static Model load(Path path, Options options) {
        Objects.requireNonNull(path, "path");
        validate(path, options.vocabOnly() ? GgufValidator.Scope.VOCAB_ONLY : GgufValidator.Scope.FULL);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = seal_h.seal_model_default_params(arena);
            seal_model_params.n_gpu_layers(params, options.gpuLayers());
            seal_model_params.use_mmap(params, options.useMmap());
            seal_model_params.vocab_only(params, options.vocabOnly());
            seal_model_params.device(params, options.device());
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            SealException.check(seal_h.seal_model_load(arena.allocateFrom(path.toString()), params, out),
                    "loading " + path);
            return new Model(path, out.get(ValueLayout.ADDRESS, 0));
        }
    }

    /**
     * Quantizes a GGUF with llama.cpp's own quantizer (f16, bf16, q8_0, q4_k_m, …); every metadata key,
     * the seal.reward head included, is copied.
     */
    public static void quantize(Path in, Path out, String type, int threads) {
        validate(in, GgufValidator.Scope.FULL);
        try (Arena arena = Arena.ofConfined()) {
            SealException.check(seal_h.seal_model_quantize(arena.allocateFrom(in.toString()),
                    arena.allocateFrom(out.toString()), arena.allocateFrom(type), threads), "quantizing " + in);
        }
    }

    /**
     * Runs {@link GgufValidator} on a model file, as {@link #load} does first, with its failures as SealExceptions
     * (SEAL_E_MODEL with the GgufValidationException as cause; SEAL_E_IO when the file cannot be read).
     */
    public static GgufValidator.Report validate(Path path, GgufValidator.Scope scope) {
        try {
            return GgufValidator.validate(path, scope);
        } catch (GgufValidationException e) {
            SealException s = new SealException(seal_h.SEAL_E_MODEL(), "refusing model " + e.getMessage());
            s.initCause(e);
            throw s;
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
            SealException s = new SealException(seal_h.SEAL_E_IO(), "cannot open model file " + path + ": " + why);
            s.initCause(e);
            throw s;
        }
    }

    /**
     * Checks a model file against an expected SHA-256 ({@code --sha256}); a mismatch is a SEAL_E_MODEL SealException
     * with the GgufValidationException (FILE, CHECKSUM_MISMATCH) as its cause.
     *
     * @return the file's digest
     */
    public static String checkSha256(Path path, String expected) {
        try {
            return GgufValidator.checkSha256(path, expected);
        } catch (GgufValidationException e) {
            SealException s = new SealException(seal_h.SEAL_E_MODEL(), "refusing model " + e.getMessage());
            s.initCause(e);
            throw s;
        } catch (IOException e) {
            SealException s = new SealException(seal_h.SEAL_E_IO(), "cannot read model file " + path + ": " + e.getMessage());
            s.initCause(e);
            throw s;
        }
    }

    public Path path() {
        return path;
    }

    public ModelInfo info() {
        return info;
    }

    MemorySegment handle() {
        return openHandle("use it");
    }

    private MemorySegment openHandle(String what) {
        MemorySegment h = handle;
        if (h == null) {
            throw new IllegalStateException("model " + path + " is closed: cannot " + what + " (load it again)");
        }
        return h;
    }

    /** Runs a native call that takes the model's handle, never concurrently with {@link #close()}. */
    synchronized void whileOpen(String what, Consumer<MemorySegment> call) {
        call.accept(openHandle(what));
    }

    private ModelInfo describe() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = seal_model_info.allocate(arena);
            SealException.check(seal_h.seal_model_describe(handle(), s), "describing " + path);
            int nLabels = seal_model_info.n_labels(s);
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < nLabels; i++) {
                labels.add(label(i));
            }
            ModelInfo.HeadKind head = switch (seal_model_info.head_kind(s)) {
                case 1 -> ModelInfo.HeadKind.LAST_TOKEN;
                case 2 -> ModelInfo.HeadKind.CLASSIFIER;
                default -> ModelInfo.HeadKind.NONE;
            };
            return new ModelInfo(seal_model_info.architecture(s).getString(0), seal_model_info.description(s).getString(0),
                    head, nLabels, labels, seal_model_info.n_embd(s), seal_model_info.n_layer(s),
                    seal_model_info.n_ctx_train(s), seal_model_info.n_vocab(s), seal_model_info.vocab_type(s),
                    seal_model_info.token_bos(s), seal_model_info.token_eos(s), seal_model_info.token_sep(s),
                    seal_model_info.add_bos(s), seal_model_info.add_eos(s), seal_model_info.add_sep(s),
                    seal_model_info.causal(s), seal_model_info.has_chat_template(s), seal_model_info.n_params(s),
                    seal_model_info.size_bytes(s));
        }
    }

    private String label(int i) {
        return readString((arena, buf, size, need) -> seal_h.seal_model_label(handle(), i, buf, size, need), "label " + i);
    }

    /** A metadata value as text, or null when the key is absent. */
    public String meta(String key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocateFrom(key);
            MemorySegment need = arena.allocate(ValueLayout.JAVA_INT);
            int st = seal_h.seal_model_meta(handle(), k, MemorySegment.NULL, 0, need);
            if (st == seal_h.SEAL_E_INVALID_ARGUMENT()) {
                return null;
            }
            return readString((a, buf, size, n) -> seal_h.seal_model_meta(handle(), k, buf, size, n), "metadata " + key);
        }
    }

    @FunctionalInterface
    private interface StringCall {
        int call(Arena arena, MemorySegment buf, int size, MemorySegment need);
    }

    /** Calls a NUL-terminated string producer, growing the buffer once when it reports the size it needs. */
    private static String readString(StringCall call, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment need = arena.allocate(ValueLayout.JAVA_INT);
            int size = 256;
            MemorySegment buf = arena.allocate(size);
            int st = call.call(arena, buf, size, need);
            if (st == seal_h.SEAL_E_BUFFER_TOO_SMALL()) {
                size = need.get(ValueLayout.JAVA_INT, 0) + 1;
                buf = arena.allocate(size);
                st = call.call(arena, buf, size, need);
            }
            SealException.check(st, what);
            return buf.getString(0);
        }
    }

    /** Strict UTF-8: a lone surrogate is an error, never a silent '?'. */
    static byte[] utf8(String text) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new SealException(seal_h.SEAL_E_INVALID_ARGUMENT(), "text is not valid Unicode (lone surrogate)");
        }
    }

    /**
     * Tokens of a text. addSpecial: BOS/EOS as the model's tokenizer adds them; parseSpecial: special-token
     * text becomes the special token (right for rendered chat templates, wrong for raw data).
     */
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        byte[] bytes = utf8(text);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, t, ValueLayout.JAVA_BYTE, 0, bytes.length);
            MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
            int cap = bytes.length + 8;  // a token covers at least one byte, plus specials
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT, cap);
            int st = seal_h.seal_model_tokenize(handle(), t, bytes.length, addSpecial, parseSpecial, out, cap, n);
            if (st == seal_h.SEAL_E_BUFFER_TOO_SMALL()) {
                cap = n.get(ValueLayout.JAVA_INT, 0);
                out = arena.allocate(ValueLayout.JAVA_INT, cap);
                st = seal_h.seal_model_tokenize(handle(), t, bytes.length, addSpecial, parseSpecial, out, cap, n);
            }
            SealException.check(st, "tokenizing");
            return out.asSlice(0, 4L * n.get(ValueLayout.JAVA_INT, 0)).toArray(ValueLayout.JAVA_INT);
        }
    }

    /** Text of tokens (special tokens written as their text when unparseSpecial, else left out). */
    public String detokenize(int[] tokens, boolean unparseSpecial) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocateFrom(ValueLayout.JAVA_INT, tokens);
            MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
            int cap = 8 * tokens.length + 16;
            MemorySegment out = arena.allocate(cap);
            int st = seal_h.seal_model_detokenize(handle(), t, tokens.length, false, unparseSpecial, out, cap, n);
            if (st == seal_h.SEAL_E_BUFFER_TOO_SMALL()) {
                cap = n.get(ValueLayout.JAVA_INT, 0);
                out = arena.allocate(cap);
                st = seal_h.seal_model_detokenize(handle(), t, tokens.length, false, unparseSpecial, out, cap, n);
            }
            SealException.check(st, "detokenizing");
            return new String(out.asSlice(0, n.get(ValueLayout.JAVA_INT, 0)).toArray(ValueLayout.JAVA_BYTE),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Renders a conversation with the model's chat template (or templateOverride when not null). */
    public String renderChat(List<Turn> messages, boolean addGenerationPrompt, String templateOverride) {
        try (Arena arena = Arena.ofConfined()) {
            int n = messages.size();
            MemorySegment roles = arena.allocate(ValueLayout.ADDRESS, Math.max(1, n));
            MemorySegment contents = arena.allocate(ValueLayout.ADDRESS, Math.max(1, n));
            for (int i = 0; i < n; i++) {
                roles.setAtIndex(ValueLayout.ADDRESS, i, cString(arena, messages.get(i).role()));
                contents.setAtIndex(ValueLayout.ADDRESS, i, cString(arena, messages.get(i).content()));
            }
            MemorySegment tmpl = templateOverride == null ? MemorySegment.NULL : cString(arena, templateOverride);
            MemorySegment need = arena.allocate(ValueLayout.JAVA_INT);
            int size = 4096;
            for (Turn t : messages) {
                size += t.content().length() * 3;
            }
            MemorySegment buf = arena.allocate(size);
            int st = seal_h.seal_model_render_chat(handle(), tmpl, roles, contents, n, addGenerationPrompt, buf, size, need);
            if (st == seal_h.SEAL_E_BUFFER_TOO_SMALL()) {
                size = need.get(ValueLayout.JAVA_INT, 0);
                buf = arena.allocate(Math.max(1, size));
                st = seal_h.seal_model_render_chat(handle(), tmpl, roles, contents, n, addGenerationPrompt, buf, size, need);
            }
            SealException.check(st, "rendering the chat template");
            int len = need.get(ValueLayout.JAVA_INT, 0);
            return new String(buf.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    private static MemorySegment cString(Arena arena, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new SealException(seal_h.SEAL_E_INVALID_ARGUMENT(), "text contains a NUL byte");
        }
        byte[] b = utf8(s);
        MemorySegment seg = arena.allocate(b.length + 1L);
        MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, 0, b.length);
        return seg;
    }

    /** Idempotent; open scorers keep the native model alive until they close (seal_model_free). */
    @Override
    public synchronized void close() {
        if (handle != null) {
            seal_h.seal_model_free(handle);
            handle = null;
        }
    }
}
