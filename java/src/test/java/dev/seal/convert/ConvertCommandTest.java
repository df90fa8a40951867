package dev.seal.convert;

import static dev.seal.cli.CliRun.seal;

import dev.seal.cli.CliRun.Run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seal.cli.Main;
import dev.seal.engine.NativeTests;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `seal convert` end to end through the CLI: output, notes, exit codes, one-line errors. */
class ConvertCommandTest {
    @TempDir
    Path dir;


    @Test
    void convertsAttachesAndReportsErrors() throws Exception {
        NativeTests.requireNative();
        Path hf = TinyHf.write(dir.resolve("Tiny-RM"), TinyHf.Spec.qwen2().withDtype("BF16"));
        Path out = dir.resolve("rm.gguf");
        Run r = seal("convert", hf.toString(), "--out", out.toString(), "--type", "q8_0", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tokenizer  gpt2, pre 'qwen2' (by hash)"), r.out());
        assertTrue(r.out().contains("quantizing to q8_0"), r.out());
        assertTrue(r.out().contains("converted " + hf + " (Qwen2ForSequenceClassification)"), r.out());
        assertTrue(r.out().contains("[helpfulness, harmlessness-1]"), r.out());
        assertFalse(r.out().contains("note: pad_token_id"), "Qwen's pad is <|endoftext|>, not its EOS: " + r.out());
        System.out.print("seal-test: seal convert output:\n" + r.out());

        Run inspect = seal("inspect", out.toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("Q8_0") && inspect.out().contains("2 output(s)"), inspect.out());

        Path head = dir.resolve("head.safetensors");
        SafetensorsWriter.write(head, java.util.List.of(new SafetensorsWriter.T("score.weight", "F32",
                new long[] {1, 64}, new float[64])));
        Run a = seal("convert", "--head-from", head.toString(), "--into", out.toString(), "--out",
                dir.resolve("b.gguf").toString());
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().startsWith("replaced the head 1 x 64"), a.out());

        Run bad = seal("convert", dir.resolve("nowhere").toString(), "--out", dir.resolve("x.gguf").toString());
        assertEquals(Main.EXIT_BAD_INPUT, bad.code());
        assertTrue(bad.err().startsWith("seal: no such file:"), bad.err());

        Files.writeString(hf.resolve("config.json"), Files.readString(hf.resolve("config.json"))
                .replace("Qwen2ForSequenceClassification", "BertForSequenceClassification"));
        Run unsupported = seal("convert", hf.toString(), "--out", dir.resolve("y.gguf").toString());
        assertEquals(Main.EXIT_BAD_INPUT, unsupported.code());
        assertTrue(unsupported.err().contains("not supported yet: BertForSequenceClassification"), unsupported.err());
        assertEquals(1, unsupported.err().lines().count(), "one line, no stack trace: " + unsupported.err());
        assertFalse(Files.exists(dir.resolve("y.gguf")));

        Run usage = seal("convert", "--head-from", head.toString(), "--out", dir.resolve("z.gguf").toString());
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("--head-from and --into go together"), usage.err());
    }
}
