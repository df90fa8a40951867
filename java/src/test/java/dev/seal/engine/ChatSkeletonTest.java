package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.bindings.SealLibrary;
import dev.seal.data.Datasets;
import dev.seal.data.Format;
import dev.seal.data.PairReader;
import dev.seal.data.PreferencePair;
import dev.seal.data.Turn;
import dev.seal.testing.Parts;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libseal renders a template whose output uses the message contents only by writing them out through one skeleton per
 * conversation shape (native/src/chat.cpp). Differential: every side of real hh-rlhf pairs, rendered through each
 * template, against the engine's own render of the same template, which a no-op test of {@code messages} in front of it
 * keeps on the engine. The templates include content-dependent ones that must stay on the engine.
 */
class ChatSkeletonTest {
    @TempDir
    static Path dir;

    /** A no-op that makes any template fail the content-blind check: `messages` used outside a plain for loop. */
    static final String ENGINE_ONLY = "{% if messages is defined %}{% endif %}";

    /** Templates whose contents only flow, verbatim, into the output: rendered through skeletons. */
    static final Map<String, String> BLIND = Map.of(
            "llama-2 style", dev.seal.cli.DemoCommandAccess.TEMPLATE,
            "counters, roles and raise_exception",
            "{%- if messages[0]['role'] != 'user' and messages[0].role != 'system' %}{{ raise_exception('bad first role') }}"
                    + "{% endif -%}\n{{ bos_token }}{{ messages | length }} turns\n{% for message in messages -%}\n"
                    + "  {%- if loop.first %}[first]{% endif %}<|{{ message.role | upper }}|>{{ '\\n' }}"
                    + "{%- if message['role'] == 'assistant' %}{{ message['content'] }}"
                    + "{% else %}{{ message.content }}{% endif %}{% if not loop.last %}\n---{{ loop.index }}/"
                    + "{{ loop.revindex0 }}\n{% endif -%}\n{%- endfor %}{% if add_generation_prompt %}<|assistant|>"
                    + "{% else %}{{ eos_token }}{% endif %}",
            "content twice", "{% for m in messages %}{{ m['content'] }}|{{ m.content }}{% if m.role == 'user' %}?{% endif %}"
                    + "{% endfor %}",
            "chatml concatenation", "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
                    + "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
                    + "{{ '<|im_start|>assistant\\n' }}{% endif %}",
            "ternary and tilde", "{% for m in messages %}{{ ('U: ' ~ m.content) if m.role == 'user' else m['content'] ~ "
                    + "eos_token }}{% endfor %}");

    /** Templates whose output depends on the contents: rendered by the engine every time. */
    static final Map<String, String> CONTENT_DEPENDENT = Map.of(
            "empty content replaced", "{% for m in messages %}{{ '<' + (m.content or '(empty)') + '>' }}{% endfor %}",
            "content repeated by a number", "{% for m in messages %}{{ m.content * 2 }}{% endfor %}",
            "trim and length", "{% for m in messages %}{% if m['content'] | length > 300 %}[long]{% endif %}"
                    + "{{ m['content'] | trim }}\n{% endfor %}",
            "next message's content", "{% for m in messages %}{{ m.content }}{% if loop.nextitem and "
                    + "'?' in loop.nextitem['content'] %} (asks back){% endif %}\n{% endfor %}",
            "content captured by set", "{% for m in messages %}{% set c %}{{ m.content }}{% endset %}"
                    + "{% if 'help' in c %}[help]{% endif %}{{ c }}{% endfor %}",
            "first message's content", "{% if 'I' in messages[0]['content'] %}I: {% endif %}{% for m in messages %}"
                    + "{{ m.content }}{% endfor %}");

    /** Real templates (test resources, origins in their README) that trim contents or keep them in variables. */
    static final Map<String, String> REAL_BLIND = Map.of(
            "llama-3", resource("meta-llama-Meta-Llama-3-8B-Instruct.jinja"),
            "gemma-2", resource("google-gemma-2-2b-it.jinja"),
            "qwen2.5", resource("Qwen-Qwen2.5-7B-Instruct.jinja"),
            "llama-3.1", resource("meta-llama-Llama-3.1-8B-Instruct.jinja"),
            "empty content tested", "{% for m in messages %}{% if not m.content and m.role == 'assistant' %}(no answer)"
                    + "{% elif m['content'] %}{{ m.content }}{% endif %}{{ '|' if messages[loop.index0].content else '.' }}"
                    + "{% endfor %}",
            "trimmed twice and untrimmed", "{% for m in messages %}[{{ m.content | trim }}] ({{ m.content }}) "
                    + "{% set t = m.content | trim %}{{ ' ' + t + ' ' }}{% endfor %}");

    /** Templates that read contents otherwise: on the engine every time. */
    static final Map<String, String> REAL_ENGINE = Map.of(
            "llama-3.2 (strftime_now)", resource("meta-llama-Llama-3.2-3B-Instruct.jinja"),
            "trimmed content tested", "{% for m in messages %}{% set t = m.content | trim %}{% if t %}{{ t }}{% endif %}"
                    + "{% endfor %}",
            "trim of a concatenation", "{% for m in messages %}{{ ('<' + m.content) | trim }}{% endfor %}",
            "trim with characters", "{% for m in messages %}{{ m.content | trim('x') }}{% endfor %}");

    /**
     * Contents that would tell a wrong trim or a wrong fill apart: every byte the engine's trim strips (isspace in the C
     * locale), Unicode spaces it keeps, placeholder-like and Jinja text, empty and all-space contents.
     */
    static final List<String> ADVERSARIAL = List.of("", " ", " \t\n\u000b\f\r", "\u000b lead", "trail\f", "\r\n both \n\r",
            "\u00a0nbsp\u00a0", "\u2003em\u3000", "\u0085next line\u0085", "\u200b zero width \ufeff", "\u00010\u0001",
            "0", " 1 ", "\\0 0 \\0", "{{ messages }}{% if true %}x{% endif %}", "{# c #}{{ bos_token }}", "<|eot_id|> ",
            "\u0000", "x\u00000\u0000y", "多 字节 ");

    @Test
    void skeletonRendersEqualTheEnginesOverRealPairs() throws Exception {
        List<List<Turn>> conversations = new ArrayList<>(conversations(300));
        conversations.addAll(adversarialConversations());
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            for (Map<String, String> templates : List.of(BLIND, CONTENT_DEPENDENT, REAL_BLIND, REAL_ENGINE)) {
                for (Map.Entry<String, String> t : templates.entrySet()) {
                    for (boolean prompt : new boolean[] {false, true}) {
                        for (List<Turn> c : conversations) {
                            assertEquals(render(m, c, prompt, ENGINE_ONLY + t.getValue()), render(m, c, prompt, t.getValue()),
                                    t.getKey() + ", add_generation_prompt " + prompt + ", " + c);
                        }
                    }
                }
            }
        }
    }

    /**
     * The render, or the error a template raised (Gemma-2 refuses a system role): both paths must agree on either. The
     * error's last line only: its source excerpt's columns move with the reference's no-op prefix.
     */
    static String render(Model m, List<Turn> c, boolean prompt, String template) {
        try {
            return m.renderChat(c, prompt, template);
        } catch (RuntimeException e) {
            return "error: " + e.getMessage().substring(e.getMessage().lastIndexOf('\n') + 1);
        }
    }

    /** Each adversarial content as a user turn, as an assistant turn and both, after a system turn, and beside another. */
    static List<List<Turn>> adversarialConversations() {
        List<List<Turn>> out = new ArrayList<>();
        for (int i = 0; i < ADVERSARIAL.size(); i++) {
            String a = ADVERSARIAL.get(i);
            String b = ADVERSARIAL.get((i + 7) % ADVERSARIAL.size());
            out.add(List.of(new Turn("user", a), new Turn("assistant", b)));
            out.add(List.of(new Turn("user", b), new Turn("assistant", a), new Turn("user", a + b), new Turn("assistant", "")));
            out.add(List.of(new Turn("system", a), new Turn("user", b), new Turn("assistant", a)));
            out.add(List.of(new Turn("user", a), new Turn("assistant", b), new Turn("tool", a), new Turn("assistant", b)));
        }
        return out;
    }

    static String resource(String name) {
        try (var in = ChatSkeletonTest.class.getResourceAsStream("templates/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("test resource templates/" + name, e);
        }
    }

    @Test
    void onlyContentBlindTemplatesSkipTheEngine() throws Throwable {
        NativeTests.requireTestHooks();
        MethodHandle engineRenders = Linker.nativeLinker().downcallHandle(
                SymbolLookup.libraryLookup(SealLibrary.path(), Arena.global()).find("seal_testing_chat_engine_renders")
                        .orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_LONG));
        List<List<Turn>> conversations = conversations(200);
        // a shape: the roles, and which contents are empty (a template may test that)
        long shapes = conversations.stream().map(c -> c.stream().map(t -> t.role() + t.content().isEmpty()).toList())
                .distinct().count();
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            for (Map<String, String> templates : List.of(BLIND, CONTENT_DEPENDENT, REAL_BLIND, REAL_ENGINE)) {
                for (Map.Entry<String, String> t : templates.entrySet()) {
                    long before = (long) engineRenders.invokeExact();
                    for (List<Turn> c : conversations) {
                        m.renderChat(c, false, t.getValue());
                    }
                    long engine = (long) engineRenders.invokeExact() - before;
                    if (templates == BLIND || templates == REAL_BLIND) {
                        // each shape twice: with bare placeholders and with padded ones (where the template trims)
                        assertEquals(2 * shapes, engine, t.getKey() + ": two engine renders per shape");
                    } else {
                        assertEquals(conversations.size(), engine, t.getKey() + ": the engine on every render");
                    }
                    // the reference of the differential test above is the engine's
                    before = (long) engineRenders.invokeExact();
                    for (List<Turn> c : conversations) {
                        m.renderChat(c, false, ENGINE_ONLY + t.getValue());
                    }
                    assertEquals(conversations.size(), (long) engineRenders.invokeExact() - before, t.getKey() + " engine-only");
                }
            }
        }
        assertTrue(shapes < 20, "hh-rlhf has few shapes: " + shapes);
        // Llama-3.1 prints a tool message's content through tojson, under a test of its role: a conversation with a
        // tool message renders on the engine, every time
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            List<Turn> withTool = List.of(new Turn("user", "q"), new Turn("assistant", "a"), new Turn("tool", "{}"));
            long before = (long) engineRenders.invokeExact();
            for (int i = 0; i < 3; i++) {
                m.renderChat(withTool, false, REAL_BLIND.get("llama-3.1"));
            }
            assertEquals(3, (long) engineRenders.invokeExact() - before, "llama-3.1 with a tool message");
        }
    }

    /** Each side of the first n hh-rlhf pairs as the formatter hands it to the template: prompt turns and the response. */
    static List<List<Turn>> conversations(int n) throws Exception {
        Path file = Files.write(dir.resolve("pairs-" + n + ".jsonl"), Parts.hhRlhfHarmlessBaseLines(n));
        List<List<Turn>> out = new ArrayList<>();
        try (PairReader r = Datasets.open(file, Format.AUTO)) {
            for (PairReader.Row row = r.next(); row != null; row = r.next()) {
                if (row instanceof PairReader.Row.Ok ok) {
                    for (PreferencePair.Side s : List.of(ok.pair().chosen(), ok.pair().rejected())) {
                        List<Turn> c = new ArrayList<>(s.prompt());
                        c.add(new Turn("assistant", s.response()));
                        out.add(c);
                    }
                }
            }
        }
        assertTrue(out.size() > n, "the pairs were read");
        return out;
    }
}
