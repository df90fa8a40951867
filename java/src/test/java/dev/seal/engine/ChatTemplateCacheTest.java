package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.data.Turn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * libseal keeps each model's chat templates parsed between renders (native/src/chat.cpp): a render must still see the
 * template it was asked for, and a render that failed must not leave a broken program behind for the next one.
 */
class ChatTemplateCacheTest {
    static final List<Turn> CONVERSATION = List.of(new Turn("user", "hi"), new Turn("assistant", "hello"));

    @Test
    void eachRenderUsesTheTemplateItNamesWhateverWasRenderedBefore() throws Exception {
        Path path = NativeTests.tinyLlama();
        String own;
        try (Model fresh = Model.load(path, Model.Options.defaults())) {
            own = fresh.renderChat(CONVERSATION, false, null);
        }
        String upper = "{% for m in messages %}<{{ m['role'] }}>{{ m['content'] | upper }}{% endfor %}";
        String lower = "{% for m in messages %}[{{ m['role'] }}]{{ m['content'] }}{% endfor %}";
        try (Model m = Model.load(path, Model.Options.defaults())) {
            assertEquals("<user>HI<assistant>HELLO", m.renderChat(CONVERSATION, false, upper));
            assertEquals(own, m.renderChat(CONVERSATION, false, null), "the model's template after an override");
            assertEquals("[user]hi[assistant]hello", m.renderChat(CONVERSATION, false, lower));
            assertEquals("<user>HI<assistant>HELLO", m.renderChat(CONVERSATION, false, upper));
            assertEquals(own, m.renderChat(CONVERSATION, false, null));
            assertNotEquals(own, m.renderChat(CONVERSATION, false, lower));
        }
    }

    @Test
    void aRenderThatFailedInsideAFilterBlockLeavesTheTemplateWhole() throws Exception {
        // The Jinja engine moves a {% filter %} block's filter out of the parsed tree while it applies it, and only puts
        // it back when the filter returns; here the filter's argument raises for one content.
        String template = "{% for m in messages %}{% filter replace('x', raise_exception('no ' + m['content'])"
                + " if m['content'] == 'boom' else 'y') %}{{ m['content'] }}{% endfilter %}{% endfor %}";
        try (Model m = Model.load(NativeTests.tinyLlama(), Model.Options.defaults())) {
            assertEquals("yoy", m.renderChat(List.of(new Turn("user", "xox")), false, template));
            SealException e = assertThrows(SealException.class,
                    () -> m.renderChat(List.of(new Turn("user", "boom")), false, template));
            assertTrue(e.getMessage().contains("no boom"), e.getMessage());
            assertEquals("yoy", m.renderChat(List.of(new Turn("user", "xox")), false, template));
        }
    }

    @Test
    void threadsRenderingThroughOneModelAtOnceGetWhatOneThreadGets() throws Exception {
        Path path = NativeTests.tinyLlama();
        // the model's own template (content-blind: skeletons) and an override that stays on the engine
        List<String> templates = new ArrayList<>();
        templates.add(null);
        templates.add("{% for m in messages %}{{ m['role'] }}: {{ m['content'] | trim }}{% if m['content'] | length > 12 %}"
                + " (long){% endif %}\n{% endfor %}");
        List<List<Turn>> conversations = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            List<Turn> c = new ArrayList<>();
            for (int t = 0; t <= i % 5; t++) {
                c.add(new Turn(t % 2 == 0 ? "user" : "assistant", " turn " + t + " of " + i + " ".repeat(i % 3)));
            }
            conversations.add(c);
        }
        List<String> expected = new ArrayList<>();
        try (Model alone = Model.load(path, Model.Options.defaults())) {
            for (String t : templates) {
                for (List<Turn> c : conversations) {
                    expected.add(alone.renderChat(c, false, t));
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Model m = Model.load(path, Model.Options.defaults())) {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                runs.add(pool.submit(() -> {
                    List<String> got = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        got.clear();
                        for (String t : templates) {
                            for (List<Turn> c : conversations) {
                                got.add(m.renderChat(c, false, t));
                            }
                        }
                    }
                    return got;
                }));
            }
            for (Future<List<String>> run : runs) {
                assertEquals(expected, run.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
