package dev.seal.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/** Anthropic hh-rlhf rows: {"chosen": dialogue, "rejected": dialogue}; see {@link HhDialogue} for the parsing rules. */
final class HhRows extends RowMapper {
    HhRows(String source) {
        super(source);
    }

    @Override
    PreferencePair build(String id, String promptId, long row, JsonNode fields) throws RowProblem {
        String chosenRaw = Fields.text(fields, "chosen");
        String rejectedRaw = Fields.text(fields, "rejected");
        HhDialogue.Parsed chosen = HhDialogue.parse("chosen", chosenRaw);
        HhDialogue.Parsed rejected = HhDialogue.parse("rejected", rejectedRaw);
        Set<String> flags = new HashSet<>();
        if (!chosen.prompt().equals(rejected.prompt())) {
            // the pair compares two answers to different conversations: each is scored under its own, and flagged
            flags.add(PreferencePair.FLAG_PROMPT_DIFFERS);
        }
        if (Texts.isBlank(chosen.response()) || Texts.isBlank(rejected.response())) {
            flags.add(PreferencePair.FLAG_EMPTY_RESPONSE);
        }
        return new PreferencePair(id, promptId, row, new PreferencePair.Side(chosen.prompt(), chosen.response(), chosenRaw),
                new PreferencePair.Side(rejected.prompt(), rejected.response(), rejectedRaw), flags);
    }
}
