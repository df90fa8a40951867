package dev.seal.format;

import dev.seal.data.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversations {@code --truncate left} may score instead of a whole one: the same turns less a run of the
 * earliest, cut so that what is left still starts with a user turn (chat templates that require user/assistant
 * alternation reject anything else), keeps every system message in place, and keeps the last user turn. Level k drops
 * every non-system turn before the k-th such cut point, so each level drops strictly more than the one before.
 */
final class EarliestTurns {
    private EarliestTurns() {}

    /** How many levels a conversation has: the user turns that some non-system turn comes before. */
    static int levels(List<Turn> prompt) {
        return cuts(prompt).size();
    }

    /**
     * The conversation at {@code level} (0: all of it); a level past {@link #levels} gives the last one, the last user
     * turn and what follows it, with the system messages.
     */
    static List<Turn> drop(List<Turn> prompt, int level) {
        List<Integer> cuts = cuts(prompt);
        if (level <= 0 || cuts.isEmpty()) {
            return prompt;
        }
        int cut = cuts.get(Math.min(level, cuts.size()) - 1);
        List<Turn> kept = new ArrayList<>();
        for (int i = 0; i < cut; i++) {
            if (isSystem(prompt.get(i))) {
                kept.add(prompt.get(i));
            }
        }
        kept.addAll(prompt.subList(cut, prompt.size()));
        return kept;
    }

    private static List<Integer> cuts(List<Turn> prompt) {
        List<Integer> cuts = new ArrayList<>();
        boolean dialogueBefore = false;
        for (int i = 0; i < prompt.size(); i++) {
            Turn t = prompt.get(i);
            if (dialogueBefore && t.role().equals("user")) {
                cuts.add(i);
            }
            dialogueBefore |= !isSystem(t);
        }
        return cuts;
    }

    private static boolean isSystem(Turn t) {
        return t.role().equals("system");
    }
}
