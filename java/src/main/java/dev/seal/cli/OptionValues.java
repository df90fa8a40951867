package dev.seal.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for options whose values have a range or a shape. A value out of range fails while the command line is
 * parsed, so it is a bad command line (exit 2, one line naming the option) before any work starts, never a silent
 * default.
 */
final class OptionValues {
    private OptionValues() {}

    static long parse(String text, long min) {
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number");
        }
        if (v < min) {
            throw new TypeConversionException(v + " is out of range (" + (min == 1 ? "must be positive" : "must be at least " + min) + ")");
        }
        return v;
    }

    static int parseInt(String text, long min) {
        long v = parse(text, min);
        if (v > Integer.MAX_VALUE) {
            throw new TypeConversionException(v + " is out of range (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    /** A whole number of at least {@code min}; picocli makes one per option through the subclasses' constructors. */
    abstract static class AtLeast implements ITypeConverter<Integer> {
        private final long min;

        AtLeast(long min) {
            this.min = min;
        }

        @Override
        public Integer convert(String text) {
            return parseInt(text, min);
        }
    }

    /** 1 or more. */
    static final class Positive extends AtLeast {
        Positive() {
            super(1);
        }
    }

    /** 0 or more. */
    static final class NonNegative extends AtLeast {
        NonNegative() {
            super(0);
        }
    }

    /** A layer count, or -1 for all. */
    static final class Layers extends AtLeast {
        Layers() {
            super(-1);
        }
    }

    /** 1 or more, for counts of rows or bytes. */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return parse(text, 1);
        }
    }

    /** 64 hex digits, any case (kept as given: the check lower-cases it). */
    static final class Sha256 implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (!text.strip().matches("[0-9a-fA-F]{64}")) {
                throw new TypeConversionException("'" + text + "' is not a SHA-256 (64 hex digits)");
            }
            return text;
        }
    }

    /** on or off. */
    static final class OnOff implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String text) {
            return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new TypeConversionException("'" + text + "' is not on or off");
            };
        }
    }
}
