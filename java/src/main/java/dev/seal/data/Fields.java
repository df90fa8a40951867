package dev.seal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Typed access to a row's fields (a JSON object, or a table row converted to one), with row-level errors. */
final class Fields {
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private Fields() {}

    /** A required, checked text field. */
    static String text(JsonNode fields, String name) throws RowProblem {
        JsonNode n = present(fields, name);
        if (!n.isTextual()) {
            throw new RowProblem(RowError.WRONG_TYPE, name, "expected a string, got " + kind(n));
        }
        Texts.check(name, n.textValue());
        return n.textValue();
    }

    /** A required field that is not null. */
    static JsonNode present(JsonNode fields, String name) throws RowProblem {
        return present(fields, name, name);
    }

    /** A list of {role, content} messages: non-empty, known roles, checked contents. */
    static List<Turn> messages(String field, JsonNode list) throws RowProblem {
        if (list.isEmpty()) {
            throw new RowProblem(RowError.EMPTY_TEXT, field, "empty message list");
        }
        List<Turn> turns = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            JsonNode m = list.get(i);
            if (m.isNull()) {
                throw new RowProblem(RowError.NULL_VALUE, at, "message is null");
            }
            if (!m.isObject()) {
                throw new RowProblem(RowError.WRONG_TYPE, at, "expected a {role, content} message, got " + kind(m));
            }
            String role = role(at, m);
            turns.add(new Turn(role, content(at, m)));
        }
        return turns;
    }

    private static String role(String at, JsonNode m) throws RowProblem {
        JsonNode r = present(m, "role", at + ".role");
        if (!r.isTextual()) {
            throw new RowProblem(RowError.WRONG_TYPE, at + ".role", "expected a string, got " + kind(r));
        }
        // no aliasing ("human", "gpt"...): guessing a role would silently change what the model sees
        if (!ROLES.contains(r.textValue())) {
            throw new RowProblem(RowError.UNPARSEABLE_DIALOGUE, at + ".role",
                    "unknown role '" + r.textValue() + "' (expected system, user or assistant)");
        }
        return r.textValue();
    }

    private static String content(String at, JsonNode m) throws RowProblem {
        JsonNode c = present(m, "content", at + ".content");
        if (!c.isTextual()) {
            // e.g. OpenAI-style lists of content parts: not flattened, since that would invent separators
            throw new RowProblem(RowError.WRONG_TYPE, at + ".content", "expected a string, got " + kind(c));
        }
        Texts.check(at + ".content", c.textValue());
        return c.textValue();
    }

    /** {@code obj[key]}, required and not null; {@code at} names it in errors, e.g. "chosen[1].role". */
    static JsonNode present(JsonNode obj, String key, String at) throws RowProblem {
        JsonNode n = obj.get(key);
        if (n == null) {
            throw new RowProblem(RowError.MISSING_FIELD, at, "missing");
        }
        if (n.isNull()) {
            throw new RowProblem(RowError.NULL_VALUE, at, "is null");
        }
        return n;
    }

    /** A short name of a node's type for error details. */
    static String kind(JsonNode n) {
        if (n instanceof POJONode p) {
            return p.getPojo() == null ? "null" : p.getPojo().getClass().getSimpleName();
        }
        return switch (n.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "list";
            case OBJECT -> "object";
            case NULL -> "null";
            case BINARY -> "binary";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
