package dev.seal.convert;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the JSON files of a Hugging Face folder, with errors that name the file. */
final class Json {
    /** tokenizer.json of a 256k vocabulary is ~30 MB, with one string (a chat template) of up to a few hundred kB. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(256 << 20).maxDocumentLength(1L << 31).maxNestingDepth(256).build());
    }

    private Json() {}

    /** The JSON object in a file; a missing file, bad JSON or a non-object is a {@link ConvertException}. */
    static JsonNode readObject(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(file.toFile());
        } catch (JacksonException e) {
            throw ConvertException.in(file, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        if (n == null || !n.isObject()) {
            throw ConvertException.in(file, "expected a JSON object at the top level");
        }
        return n;
    }

    /** Parses JSON text (a safetensors header); the caller names the source in its own errors. */
    static JsonNode parse(byte[] utf8) throws JacksonException {
        try {
            return MAPPER.readTree(utf8);
        } catch (JacksonException e) {
            throw e;
        } catch (IOException e) { // readTree declares it, but an in-memory array cannot fail to read
            throw new java.io.UncheckedIOException(e);
        }
    }
}
