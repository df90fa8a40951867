package dev.seal.perturb;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Character-level noise. Only chars in the Basic Multilingual Plane that are not surrogates are edited, so a
 * perturbation never splits a surrogate pair (a text with no UTF-8 form would be a bad row for the scorer).
 */
final class Noise {
    private static final String MARKS = ".,!?;:";
    private static final String ADDED_MARKS = ",.!?";

    private Noise() {}

    static String typos(String text, SplittableRandom rnd) {
        int[] letters = positions(text, Character::isLetter);
        if (letters.length == 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text);
        // from the end backwards, so an edit never moves a position still to be edited
        for (int at : pickDescending(letters, Math.max(1, letters.length / 20), rnd)) {
            int op = rnd.nextInt(3);
            if (op == 0 && at + 1 < sb.length() && isPlainLetter(sb.charAt(at + 1))) {
                char c = sb.charAt(at);
                sb.setCharAt(at, sb.charAt(at + 1));
                sb.setCharAt(at + 1, c);
            } else if (op == 2) {
                sb.insert(at, sb.charAt(at));
            } else {
                sb.deleteCharAt(at);
            }
        }
        return sb.toString();
    }

    static String flipCase(String text, SplittableRandom rnd) {
        int[] cased = positions(text, c -> Character.isUpperCase(c) || Character.isLowerCase(c));
        if (cased.length == 0) {
            return text;
        }
        char[] chars = text.toCharArray();
        boolean any = false;
        for (int at : cased) {
            if (rnd.nextDouble() < 0.15) {
                chars[at] = flip(chars[at]);
                any = true;
            }
        }
        if (!any) {
            int at = cased[rnd.nextInt(cased.length)];
            chars[at] = flip(chars[at]);
        }
        return new String(chars);
    }

    static String spaces(String text, SplittableRandom rnd) {
        int[] spaces = positions(text, c -> c == ' ');
        if (spaces.length == 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text);
        for (int at : pickDescending(spaces, Math.max(1, spaces.length / 5), rnd)) {
            switch (rnd.nextInt(3)) {
                case 0 -> sb.insert(at, ' ');
                case 1 -> sb.insert(at, "  ");
                default -> sb.deleteCharAt(at);
            }
        }
        return sb.toString();
    }

    static String punctuation(String text, SplittableRandom rnd) {
        int[] marks = positions(text, c -> MARKS.indexOf(c) >= 0);
        // an added mark goes where no mark follows, so no edit undoes another and the text always changes
        int[] ends = IntStream.of(wordEnds(text)).filter(i -> i == text.length() || MARKS.indexOf(text.charAt(i)) < 0)
                .toArray();
        int edits = Math.max(1, wordEnds(text).length / 10);
        int removals = 0;
        for (int i = 0; i < edits; i++) {
            removals += (marks.length > 0 && (ends.length == 0 || rnd.nextBoolean())) ? 1 : 0;
        }
        List<Integer> removed = pickDescending(marks, removals, rnd);
        List<Integer> added = pickDescending(ends, edits - removed.size(), rnd);
        StringBuilder sb = new StringBuilder(text);
        // all positions are in the original text: apply from the end so none moves before it is used
        for (int at = text.length(); at >= 0; at--) {
            if (added.contains(at)) {
                sb.insert(at, ADDED_MARKS.charAt(rnd.nextInt(ADDED_MARKS.length())));
            }
            if (removed.contains(at)) {
                sb.deleteCharAt(at);
            }
        }
        return sb.toString();
    }

    /** Positions just after the last letter of each word (a run of letters). */
    private static int[] wordEnds(String text) {
        return IntStream.range(1, text.length() + 1)
                .filter(i -> isPlainLetter(text.charAt(i - 1)) && (i == text.length() || !isPlainLetter(text.charAt(i))))
                .toArray();
    }

    private static boolean isPlainLetter(char c) {
        return !Character.isSurrogate(c) && Character.isLetter(c);
    }

    private static int[] positions(String text, IntPredicate wanted) {
        return IntStream.range(0, text.length())
                .filter(i -> !Character.isSurrogate(text.charAt(i)) && wanted.test(text.charAt(i)))
                .toArray();
    }

    /** {@code n} distinct entries of {@code from} (all when fewer), chosen by {@code rnd}, largest first. */
    private static List<Integer> pickDescending(int[] from, int n, SplittableRandom rnd) {
        int[] pool = from.clone();
        int k = Math.min(n, pool.length);
        List<Integer> picked = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
            picked.add(pool[i]);
        }
        picked.sort((a, b) -> Integer.compare(b, a));
        return picked;
    }

    private static char flip(char c) {
        return Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
    }
}
