package dev.seal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.data.Turn;
import java.nio.file.Path;
import java.util.List;
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
}
