package dev.seal.perturb;

import dev.seal.bindings.seal_h;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.engine.Generator;
import dev.seal.engine.Model;
import dev.seal.engine.SealException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The paraphrase kind: every targeted text of a pair (the last request, each side's last response) rewritten by an
 * instruct model, many texts per generator call. Each rewrite must pass the {@link ParaphraseValidator}; a copy with
 * a rewrite it rejects, or one the model did not finish, is a {@link Perturber.Failure} with the reason and the
 * rewrite, never a copy. Sampling is seeded per (run seed, pair id, copy, part), so a run repeats exactly.
 *
 * <p>The model is asked in one user message of its chat template: the instruction, a blank line, the text. Raw mode
 * (a base model) writes the instruction, then "Text: ..." and "Rewritten text:", and stops at the next "Text:".
 */
public final class Paraphraser {
    /** The kind's name in copy ids and on the command line. */
    public static final String KIND = "paraphrase";
    /** Reason: the model was still writing when it reached max tokens, so the rewrite may be cut short. */
    public static final String INCOMPLETE = "incomplete_output";
    /**
     * Reason: no rewrite could be generated: the prompt could not be rendered or tokenized, or did not fit the
     * generator's context with max tokens (the detail has the engine's code).
     */
    public static final String NOT_GENERATED = "not_generated";
    /** Added to the length bound of a rewrite in tokens when max tokens is automatic: room for a short text. */
    static final int SLACK_TOKENS = 16;
    private static final String RAW_TEXT = "\n\nText: ";
    private static final String RAW_REWRITE = "\n\nRewritten text:";
    private static final int SHOWN_CHARS = 300;

    /**
     * How to paraphrase.
     *
     * @param instruction  what the model is asked to do (the text follows it)
     * @param template     a chat template to use instead of the model's, or null
     * @param raw          no chat template: instruction and text as plain text (a base model)
     * @param temperature  sampling temperature; 0 is greedy
     * @param topP         nucleus sampling; 1 is off
     * @param maxTokens    tokens of one rewrite at most; 0: the text's tokens times {@code maxRatio}, plus 16
     * @param minRatio     the validator's lower length bound (rewrite / original, in characters)
     * @param maxRatio     the validator's upper length bound
     */
    public record Settings(String instruction, String template, boolean raw, float temperature, float topP,
                           int maxTokens, double minRatio, double maxRatio) {
        public Settings {
            if (instruction == null || instruction.isBlank()) {
                throw new IllegalArgumentException("the paraphrase instruction is empty");
            }
            if (!(temperature >= 0) || !Float.isFinite(temperature)) {
                throw new IllegalArgumentException("temperature must be 0 or more, got " + temperature);
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("top-p must be within (0, 1], got " + topP);
            }
            if (maxTokens < 0) {
                throw new IllegalArgumentException("max tokens must be 0 (automatic) or more, got " + maxTokens);
            }
            new ParaphraseValidator(minRatio, maxRatio); // the bounds' own checks
        }

        /** The built-in instruction, chat mode, temperature 0.8, top-p 0.95, automatic max tokens, default bounds. */
        public static Settings defaults() {
            return new Settings(defaultInstruction(), null, false, 0.8f, 0.95f, 0,
                    ParaphraseValidator.DEFAULT_MIN_RATIO, ParaphraseValidator.DEFAULT_MAX_RATIO);
        }
    }

    /** One text to rewrite for one copy of one pair, and its request (null when it could not be made). */
    record Item(int pair, int copy, boolean request, String part, String text, Generator.Request generate,
                SealException error) {}

    private final Model model;
    private final Generator generator;
    private final Settings settings;
    private final ParaphraseValidator validator;
    private final Perturber perturber;
    private final long seed;
    private final Target target;
    private final int copies;

    /**
     * @throws SealException (SEAL_E_TEMPLATE) in chat mode for a model without a chat template and no override
     */
    Paraphraser(Model model, Generator generator, Settings settings, long seed, Target target, int copies) {
        if (!settings.raw() && settings.template() == null && !model.info().hasChatTemplate()) {
            throw new SealException(seal_h.SEAL_E_TEMPLATE(), model.path()
                    + " has no chat template (tokenizer.chat_template): pass --chat-template FILE, or --raw to"
                    + " prompt it with plain text (a base model)");
        }
        this.model = model;
        this.generator = generator;
        this.settings = settings;
        this.validator = new ParaphraseValidator(settings.minRatio(), settings.maxRatio());
        this.perturber = new Perturber(seed, target, copies);
        this.seed = seed;
        this.target = target;
        this.copies = copies;
    }

    /** The built-in instruction (resource paraphrase-instruction.txt), without its final newline. */
    public static String defaultInstruction() {
        try (InputStream in = Paraphraser.class.getResourceAsStream("paraphrase-instruction.txt")) {
            if (in == null) {
                throw new IllegalStateException("the built-in paraphrase instruction is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the model reads for one text: the rendered chat, or in raw mode the plain prompt. */
    String prompt(String text) {
        if (settings.raw()) {
            return settings.instruction() + RAW_TEXT + text + RAW_REWRITE;
        }
        return model.renderChat(List.of(new Turn("user", settings.instruction() + "\n\n" + text)), true,
                settings.template());
    }

    /** Per pair (in order), its copies' results in copy order; one generator call for all. */
    List<List<Perturber.Result>> run(List<PreferencePair> pairs, boolean hh) {
        List<Item> items = plan(pairs, hh);
        List<Generator.Request> requests = items.stream().filter(i -> i.generate() != null)
                .map(Item::generate).toList();
        List<Generator.Output> outputs = requests.isEmpty() ? List.of() : generator.generate(requests).outputs();
        return assemble(pairs, hh, items, outputs);
    }

    /** The texts to rewrite: per pair and copy, each distinct targeted text once. */
    List<Item> plan(List<PreferencePair> pairs, boolean hh) {
        List<Item> items = new ArrayList<>();
        for (int p = 0; p < pairs.size(); p++) {
            PreferencePair pair = pairs.get(p);
            if (!hh && !pair.samePrompt()) {
                continue; // a table copy cannot hold it: assemble reports why
            }
            Perturber.Parts parts = Perturber.parts(pair, hh);
            for (int c = 1; c <= copies; c++) {
                if (target.prompt()) {
                    addPart(items, pair.id(), p, c, true, "request", parts.requests());
                }
                if (target.response()) {
                    addPart(items, pair.id(), p, c, false, "response", parts.responses());
                }
            }
        }
        return items;
    }

    /** {@code texts} are the chosen and rejected side's text of one part (one when a table's prompt). */
    private void addPart(List<Item> items, String pairId, int pair, int copy, boolean request, String part,
                         List<String> texts) {
        boolean oneText = texts.size() == 1 || texts.get(0).equals(texts.get(1));
        // both sides' texts of a part start from the same stream, as in the deterministic kinds
        int partSeed = (int) Seeds.of(seed, pairId, KIND, copy, request ? "prompt" : "response");
        for (int s = 0; s < (oneText ? 1 : 2); s++) {
            String label = oneText ? part : (s == 0 ? "chosen " : "rejected ") + part;
            String text = texts.get(s);
            try {
                String prompt = prompt(text);
                int[] tokens = settings.raw() ? model.tokenize(prompt, true, false) : model.tokenize(prompt, false, true);
                int max = settings.maxTokens() > 0 ? settings.maxTokens()
                        : (int) Math.ceil(settings.maxRatio() * model.tokenize(text, false, false).length) + SLACK_TOKENS;
                Generator.Sampling sampling = new Generator.Sampling(settings.temperature(), 0, settings.topP(), 0,
                        partSeed, max);
                List<String> stops = settings.raw() ? List.of(RAW_TEXT) : List.of();
                items.add(new Item(pair, copy, request, label, text, new Generator.Request(tokens, sampling, null,
                        stops), null));
            } catch (SealException e) {
                items.add(new Item(pair, copy, request, label, text, null, e));
            }
        }
    }

    /** The results from the planned items and the generator's outputs of the items that had a request, in order. */
    List<List<Perturber.Result>> assemble(List<PreferencePair> pairs, boolean hh, List<Item> items,
                                          List<Generator.Output> outputs) {
        Map<Integer, Map<Integer, List<Map.Entry<Item, Generator.Output>>>> byPair = new LinkedHashMap<>();
        int next = 0;
        for (Item item : items) {
            Generator.Output out = item.generate() == null ? null : outputs.get(next++);
            byPair.computeIfAbsent(item.pair(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(item.copy(), k -> new ArrayList<>()).add(Map.entry(item, out));
        }
        List<List<Perturber.Result>> results = new ArrayList<>();
        for (int p = 0; p < pairs.size(); p++) {
            PreferencePair pair = pairs.get(p);
            List<Perturber.Result> forPair = new ArrayList<>();
            for (int c = 1; c <= copies; c++) {
                String id = perturber.copyId(pair.id(), KIND, c);
                List<Map.Entry<Item, Generator.Output>> rewrites = byPair.getOrDefault(p, Map.of())
                        .getOrDefault(c, List.of());
                forPair.add(copy(pair, hh, id, rewrites));
            }
            results.add(forPair);
        }
        return results;
    }

    private Perturber.Result copy(PreferencePair pair, boolean hh, String id,
                                  List<Map.Entry<Item, Generator.Output>> rewrites) {
        Map<String, String> requests = new LinkedHashMap<>();
        Map<String, String> responses = new LinkedHashMap<>();
        for (Map.Entry<Item, Generator.Output> e : rewrites) {
            Item item = e.getKey();
            Generator.Output out = e.getValue();
            String what = "paraphrase of the " + item.part();
            if (item.error() != null) {
                return new Perturber.Failure(id, NOT_GENERATED, what + " could not be asked for ("
                        + SealException.code(item.error().status()) + "): " + item.error().getMessage());
            }
            if (out.status() != 0 || out.finish() == Generator.Finish.FAILED) {
                return new Perturber.Failure(id, NOT_GENERATED, what + " failed in the generator ("
                        + SealException.code(out.status()) + "; the prompt and max tokens must fit the context)");
            }
            String rewrite = out.text().strip();
            if (out.finish() == Generator.Finish.MAX_TOKENS) {
                return new Perturber.Failure(id, INCOMPLETE, what + " reached max tokens (" + out.tokens().length
                        + ") before the model ended it; rewrite: " + shown(rewrite));
            }
            ParaphraseValidator.Verdict v = validator.check(item.text(), rewrite);
            if (!v.accepted()) {
                return new Perturber.Failure(id, v.reason(), what + " rejected: " + v.detail() + "; rewrite: "
                        + shown(rewrite));
            }
            (item.request() ? requests : responses).put(item.text(), rewrite);
        }
        UnaryOperator<String> prompt = target.prompt() ? requests::get : UnaryOperator.identity();
        UnaryOperator<String> response = target.response() ? responses::get : UnaryOperator.identity();
        return hh ? perturber.hh(pair, id, KIND, prompt, response) : perturber.table(pair, id, KIND, prompt, response);
    }

    /** A rewrite as the errors file shows it: quoted, cut after a few hundred characters. */
    private static String shown(String rewrite) {
        String cut = rewrite.length() > SHOWN_CHARS ? rewrite.substring(0, SHOWN_CHARS) + "…" : rewrite;
        return '"' + cut + '"';
    }
}
