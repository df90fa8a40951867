package dev.seal.engine;

import dev.seal.bindings.seal_generator_params;
import dev.seal.bindings.seal_h;
import dev.seal.bindings.seal_sampling_params;
import dev.seal.bindings.seal_score_stats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Text generation for many requests in one call (native seal_generator): continuous batching, per-request sampling,
 * stop strings and GBNF grammars. Like a {@link Scorer}, a generator keeps what it uses of the model alive; turning
 * tokens into text needs the model open. Not thread-safe: one generator per thread.
 */
public final class Generator implements AutoCloseable {
    private final Model model;
    private MemorySegment handle;

    /**
     * Generator options; 0 / {@code Integer.MIN_VALUE} mean "the library's default".
     *
     * @param sharePrefix decode the prompts' common token prefix (an instruction) once for all requests
     * @param kvF32       f32 KV cache: tokens independent of batching up to f32 rounding
     */
    public record Options(int contextTokens, int batchTokens, int sequences, int threads, int flashAttn,
                          boolean sharePrefix, boolean kvF32) {
        public static Options defaults() {
            return new Options(0, 0, 0, 0, Integer.MIN_VALUE, true, false);
        }

        public Options withSequences(int n) {
            return new Options(contextTokens, batchTokens, n, threads, flashAttn, sharePrefix, kvF32);
        }

        public Options withSharePrefix(boolean share) {
            return new Options(contextTokens, batchTokens, sequences, threads, flashAttn, share, kvF32);
        }

        public Options withKvF32(boolean f32) {
            return new Options(contextTokens, batchTokens, sequences, threads, flashAttn, sharePrefix, f32);
        }
    }

    /** Sampling of one request; temperature 0 is greedy. */
    public record Sampling(float temperature, int topK, float topP, float minP, int seed, int maxTokens) {
        public static Sampling greedy(int maxTokens) {
            return new Sampling(0, 0, 1, 0, 0, maxTokens);
        }

        public Sampling withSeed(int s) {
            return new Sampling(temperature, topK, topP, minP, s, maxTokens);
        }

        public Sampling withTemperature(float t) {
            return new Sampling(t, topK, topP, minP, seed, maxTokens);
        }
    }

    /**
     * One request: prompt tokens (a rendered, tokenized conversation), its sampling, an optional GBNF grammar (null =
     * free text) and stop strings.
     */
    public record Request(int[] prompt, Sampling sampling, String grammar, List<String> stops) {
        public Request(int[] prompt, Sampling sampling) {
            this(prompt, sampling, null, List.of());
        }
    }

    /** Why a request stopped (SEAL_FINISH_*). */
    public enum Finish {
        FAILED, END_OF_TURN, MAX_TOKENS, STOP_STRING;

        static Finish of(int code) {
            if (code == seal_h.SEAL_FINISH_EOG()) return END_OF_TURN;
            if (code == seal_h.SEAL_FINISH_LENGTH()) return MAX_TOKENS;
            if (code == seal_h.SEAL_FINISH_STOP()) return STOP_STRING;
            return FAILED;
        }
    }

    /** One request's result: tokens, text (cut before the stop string when one stopped it), status (0 or SEAL_E_*). */
    public record Output(int[] tokens, String text, Finish finish, int status) {}

    public record Result(List<Output> outputs, Scorer.Stats stats) {}

    private Generator(Model model, MemorySegment handle) {
        this.model = model;
        this.handle = handle;
    }

    public static Generator open(Model model, Options o) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = seal_h.seal_generator_default_params(arena);
            if (o.contextTokens() > 0) seal_generator_params.n_ctx(p, o.contextTokens());
            if (o.batchTokens() > 0) seal_generator_params.n_batch(p, o.batchTokens());
            if (o.sequences() > 0) seal_generator_params.n_seq_max(p, o.sequences());
            if (o.threads() > 0) seal_generator_params.n_threads(p, o.threads());
            if (o.flashAttn() != Integer.MIN_VALUE) seal_generator_params.flash_attn(p, o.flashAttn());
            seal_generator_params.share_prefix(p, o.sharePrefix());
            seal_generator_params.kv_f32(p, o.kvF32());
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            model.whileOpen("open a generator", h -> SealException.check(seal_h.seal_generator_init(h, p, out),
                    "creating a generator for " + model.path()));
            return new Generator(model, out.get(ValueLayout.ADDRESS, 0));
        }
    }

    /**
     * A GBNF grammar for a JSON Schema (llama.cpp's converter): generation under it writes JSON valid against the
     * schema, unless max tokens cut it short.
     *
     * @throws SealException (kind ARGUMENT) for a schema that does not parse or is not supported
     */
    public static String grammarForJsonSchema(String schema) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocateFrom(schema);
            MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
            int cap = 4096;
            MemorySegment out = arena.allocate(cap);
            int st = seal_h.seal_json_schema_to_grammar(s, out, cap, n);
            if (st == seal_h.SEAL_E_BUFFER_TOO_SMALL()) {
                cap = n.get(ValueLayout.JAVA_INT, 0);
                out = arena.allocate(cap);
                st = seal_h.seal_json_schema_to_grammar(s, out, cap, n);
            }
            SealException.check(st, "converting a JSON schema to a grammar");
            return new String(out.asSlice(0, n.get(ValueLayout.JAVA_INT, 0)).toArray(ValueLayout.JAVA_BYTE),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private MemorySegment handle() {
        if (handle == null) {
            throw new IllegalStateException("generator is closed");
        }
        return handle;
    }

    /** One native call for all requests; texts are made with the model, which must still be open. */
    public Result generate(List<Request> requests) {
        int n = requests.size();
        try (Arena arena = Arena.ofConfined()) {
            Sequences prompts = Sequences.of(arena, requests.stream().map(Request::prompt).toList());
            long[] outBase = new long[n + 1];
            int[] stopOffsets = new int[n + 1];
            List<String> allStops = new ArrayList<>();
            boolean anyGrammar = false;
            for (int i = 0; i < n; i++) {
                Request r = requests.get(i);
                outBase[i + 1] = outBase[i] + Math.max(0, r.sampling().maxTokens());
                allStops.addAll(r.stops());
                stopOffsets[i + 1] = allStops.size();
                anyGrammar |= r.grammar() != null;
            }
            MemorySegment sampling = arena.allocate(seal_sampling_params.layout(), Math.max(1, n));
            MemorySegment grammars = anyGrammar ? arena.allocate(ValueLayout.ADDRESS, n) : MemorySegment.NULL;
            for (int i = 0; i < n; i++) {
                Request r = requests.get(i);
                MemorySegment s = sampling.asSlice(i * seal_sampling_params.sizeof(), seal_sampling_params.sizeof());
                Sampling sp = r.sampling();
                seal_sampling_params.temperature(s, sp.temperature());
                seal_sampling_params.top_k(s, sp.topK());
                seal_sampling_params.top_p(s, sp.topP());
                seal_sampling_params.min_p(s, sp.minP());
                seal_sampling_params.seed(s, sp.seed());
                seal_sampling_params.max_tokens(s, sp.maxTokens());
                if (anyGrammar) {
                    grammars.setAtIndex(ValueLayout.ADDRESS, i,
                            r.grammar() == null ? MemorySegment.NULL : arena.allocateFrom(r.grammar()));
                }
            }
            MemorySegment stops = MemorySegment.NULL;
            MemorySegment stopOffs = MemorySegment.NULL;
            if (!allStops.isEmpty()) {
                stops = arena.allocate(ValueLayout.ADDRESS, allStops.size());
                for (int k = 0; k < allStops.size(); k++) {
                    stops.setAtIndex(ValueLayout.ADDRESS, k, arena.allocateFrom(allStops.get(k)));
                }
                stopOffs = arena.allocateFrom(ValueLayout.JAVA_INT, stopOffsets);
            }
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT, Math.max(1L, outBase[n]));
            MemorySegment nOut = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, n));
            MemorySegment finish = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, n));
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, n));
            MemorySegment st = seal_score_stats.allocate(arena);
            SealException.check(seal_h.seal_generator_generate(handle(), n, prompts.tokens(),
                    prompts.offsets(), sampling, grammars, stops, stopOffs, out, nOut,
                    finish, status, st), "generating for " + n + " requests");
            List<Output> outputs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int count = nOut.getAtIndex(ValueLayout.JAVA_INT, i);
                int[] toks = out.asSlice(4L * outBase[i], 4L * count).toArray(ValueLayout.JAVA_INT);
                Finish f = Finish.of(finish.getAtIndex(ValueLayout.JAVA_INT, i));
                String text = model.detokenize(toks, false);
                if (f == Finish.STOP_STRING) {
                    text = cutAtStop(text, requests.get(i).stops());
                }
                outputs.add(new Output(toks, text, f, status.getAtIndex(ValueLayout.JAVA_INT, i)));
            }
            return new Result(outputs, Scorer.Stats.of(st));
        }
    }

    /** The text before the earliest stop string. */
    static String cutAtStop(String text, List<String> stops) {
        int cut = text.length();
        for (String s : stops) {
            int at = s.isEmpty() ? -1 : text.indexOf(s);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return text.substring(0, cut);
    }

    @Override
    public void close() {
        if (handle != null) {
            seal_h.seal_generator_free(handle);
            handle = null;
        }
    }
}
