package dev.seal.gguf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One immutable GGUF metadata value with its exact GGUF type.
 *
 * <p>The type is kept, not just the Java value, because llama.cpp checks it strictly ({@code uint32} and
 * {@code int32} are different to it) and because copying a tokenizer from one file to another must reproduce it.
 *
 * <p>{@link #value()} gives these Java objects:
 * <table>
 * <caption>GGUF type to Java type</caption>
 * <tr><th>GGUF</th><th>scalar</th><th>array of it</th></tr>
 * <tr><td>UINT8, INT8</td><td>{@code Integer} (UINT8 as 0..255)</td><td>{@code byte[]} (raw bits)</td></tr>
 * <tr><td>UINT16, INT16</td><td>{@code Integer} (UINT16 as 0..65535)</td><td>{@code short[]} (raw bits)</td></tr>
 * <tr><td>INT32</td><td>{@code Integer}</td><td>{@code int[]}</td></tr>
 * <tr><td>UINT32</td><td>{@code Long} (0..2<sup>32</sup>-1)</td><td>{@code int[]} (raw bits)</td></tr>
 * <tr><td>INT64, UINT64</td><td>{@code Long} (UINT64 as raw bits)</td><td>{@code long[]} (raw bits)</td></tr>
 * <tr><td>FLOAT32</td><td>{@code Float}</td><td>{@code float[]}</td></tr>
 * <tr><td>FLOAT64</td><td>{@code Double}</td><td>{@code double[]}</td></tr>
 * <tr><td>BOOL</td><td>{@code Boolean}</td><td>{@code boolean[]}</td></tr>
 * <tr><td>STRING</td><td>{@code String}</td><td>unmodifiable {@code List<String>}</td></tr>
 * <tr><td>ARRAY</td><td>-</td><td>unmodifiable {@code List<GgufValue>} (each an array value)</td></tr>
 * </table>
 * Primitive arrays are copied on the way in and on the way out, so a value never changes. The {@code asXxx}
 * accessors convert where no information is lost (e.g. {@link #asLongArray()} zero-extends unsigned elements) and
 * throw {@link GgufFormatException} otherwise.
 *
 * <p>Strings are decoded as UTF-8; malformed bytes (which the GGUF spec does not allow, and none of llama.cpp's
 * vocabularies contain) become U+FFFD, so such a string would not be copied byte-exactly.
 */
public final class GgufValue {
    private final GgufType type;
    private final GgufType elementType; // null unless type == ARRAY
    private final Object value;         // see the table above; never handed out when mutable

    private GgufValue(GgufType type, GgufType elementType, Object value) {
        this.type = type;
        this.elementType = elementType;
        this.value = value;
    }

    // ---- scalar factories ------------------------------------------------------------------------------------------

    public static GgufValue uint8(int v) {
        return new GgufValue(GgufType.UINT8, null, checkRange(v, 0, 0xFF, "uint8"));
    }

    public static GgufValue int8(int v) {
        return new GgufValue(GgufType.INT8, null, checkRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE, "int8"));
    }

    public static GgufValue uint16(int v) {
        return new GgufValue(GgufType.UINT16, null, checkRange(v, 0, 0xFFFF, "uint16"));
    }

    public static GgufValue int16(int v) {
        return new GgufValue(GgufType.INT16, null, checkRange(v, Short.MIN_VALUE, Short.MAX_VALUE, "int16"));
    }

    public static GgufValue uint32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uint32 out of range: " + v);
        }
        return new GgufValue(GgufType.UINT32, null, v);
    }

    public static GgufValue int32(int v) {
        return new GgufValue(GgufType.INT32, null, v);
    }

    /** A uint64; values of 2<sup>63</sup> and above are passed as their (negative) two's complement bits. */
    public static GgufValue uint64(long bits) {
        return new GgufValue(GgufType.UINT64, null, bits);
    }

    public static GgufValue int64(long v) {
        return new GgufValue(GgufType.INT64, null, v);
    }

    public static GgufValue float32(float v) {
        return new GgufValue(GgufType.FLOAT32, null, v);
    }

    public static GgufValue float64(double v) {
        return new GgufValue(GgufType.FLOAT64, null, v);
    }

    public static GgufValue bool(boolean v) {
        return new GgufValue(GgufType.BOOL, null, v);
    }

    public static GgufValue string(String v) {
        return new GgufValue(GgufType.STRING, null, Objects.requireNonNull(v, "string value"));
    }

    // ---- array factories (all copy their argument) -----------------------------------------------------------------

    /** UINT8 array; each byte is taken as its unsigned value. */
    public static GgufValue uint8Array(byte[] v) {
        return array(GgufType.UINT8, v.clone());
    }

    public static GgufValue int8Array(byte[] v) {
        return array(GgufType.INT8, v.clone());
    }

    /** UINT16 array; each short is taken as its unsigned value. */
    public static GgufValue uint16Array(short[] v) {
        return array(GgufType.UINT16, v.clone());
    }

    public static GgufValue int16Array(short[] v) {
        return array(GgufType.INT16, v.clone());
    }

    /** UINT32 array; each int is taken as its unsigned value. */
    public static GgufValue uint32Array(int[] v) {
        return array(GgufType.UINT32, v.clone());
    }

    public static GgufValue int32Array(int[] v) {
        return array(GgufType.INT32, v.clone());
    }

    /** UINT64 array; each long is taken as its unsigned value. */
    public static GgufValue uint64Array(long[] v) {
        return array(GgufType.UINT64, v.clone());
    }

    public static GgufValue int64Array(long[] v) {
        return array(GgufType.INT64, v.clone());
    }

    public static GgufValue float32Array(float[] v) {
        return array(GgufType.FLOAT32, v.clone());
    }

    public static GgufValue float64Array(double[] v) {
        return array(GgufType.FLOAT64, v.clone());
    }

    public static GgufValue boolArray(boolean[] v) {
        return array(GgufType.BOOL, v.clone());
    }

    public static GgufValue stringArray(List<String> v) {
        return array(GgufType.STRING, List.copyOf(v)); // copyOf also rejects null elements
    }

    /**
     * An array whose elements are arrays (GGUF allows it; each element carries its own element type). Note that
     * llama.cpp v0.4.0's GGUF reader refuses nested arrays, so only use them for files Java reads.
     */
    public static GgufValue arrayOfArrays(List<GgufValue> elements) {
        for (GgufValue e : elements) {
            if (!e.isArray()) {
                throw new IllegalArgumentException("element of a nested array is not an array: " + e);
            }
        }
        return array(GgufType.ARRAY, List.copyOf(elements));
    }

    /** Package-private: the reader hands over arrays it allocated itself, without a copy. */
    static GgufValue array(GgufType elementType, Object elements) {
        return new GgufValue(GgufType.ARRAY, elementType, elements);
    }

    /** Package-private: scalars decoded by the reader (already range-correct). */
    static GgufValue scalar(GgufType type, Object v) {
        return new GgufValue(type, null, v);
    }

    private static int checkRange(int v, int min, int max, String what) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
        return v;
    }

    // ---- accessors -------------------------------------------------------------------------------------------------

    /** The GGUF type; {@link GgufType#ARRAY} for arrays. */
    public GgufType type() {
        return type;
    }

    /** The element type of an array, null for a scalar. */
    public GgufType elementType() {
        return elementType;
    }

    public boolean isArray() {
        return type == GgufType.ARRAY;
    }

    /** Number of elements of an array. */
    public int length() {
        if (!isArray()) {
            throw mismatch("an array");
        }
        return switch (value) {
            case byte[] a -> a.length;
            case short[] a -> a.length;
            case int[] a -> a.length;
            case long[] a -> a.length;
            case float[] a -> a.length;
            case double[] a -> a.length;
            case boolean[] a -> a.length;
            case List<?> l -> l.size();
            default -> throw new AssertionError(value.getClass());
        };
    }

    /** The value as the Java object in the class table (arrays are copies). */
    public Object value() {
        return switch (value) {
            case byte[] a -> a.clone();
            case short[] a -> a.clone();
            case int[] a -> a.clone();
            case long[] a -> a.clone();
            case float[] a -> a.clone();
            case double[] a -> a.clone();
            case boolean[] a -> a.clone();
            default -> value; // immutable: boxed scalars, String, unmodifiable lists
        };
    }

    /** The internal object, not copied; for the writer, which only reads it. */
    Object raw() {
        return value;
    }

    /** A STRING value. */
    public String asString() {
        if (type != GgufType.STRING) {
            throw mismatch("STRING");
        }
        return (String) value;
    }

    /** A BOOL value. */
    public boolean asBoolean() {
        if (type != GgufType.BOOL) {
            throw mismatch("BOOL");
        }
        return (Boolean) value;
    }

    /** Any integer scalar (unsigned ones zero-extended; UINT64 as its raw bits). */
    public long asLong() {
        if (!type.isInteger()) {
            throw mismatch("an integer");
        }
        return ((Number) value).longValue();
    }

    /** Any integer scalar that fits an int. */
    public int asInt() {
        long v = asLong();
        if (v != (int) v || (type == GgufType.UINT64 && v < 0)) {
            throw new GgufFormatException("value " + Long.toUnsignedString(v) + " does not fit an int");
        }
        return (int) v;
    }

    /** FLOAT32 or FLOAT64 (not integers: a float key stored as an integer is a different key to llama.cpp). */
    public double asDouble() {
        if (type != GgufType.FLOAT32 && type != GgufType.FLOAT64) {
            throw mismatch("FLOAT32 or FLOAT64");
        }
        return ((Number) value).doubleValue();
    }

    /** A FLOAT32 scalar. */
    public float asFloat() {
        if (type != GgufType.FLOAT32) {
            throw mismatch("FLOAT32");
        }
        return (Float) value;
    }

    /** A FLOAT32 array, copied. */
    public float[] asFloatArray() {
        if (elementType != GgufType.FLOAT32) {
            throw mismatch("FLOAT32 array");
        }
        return ((float[]) value).clone();
    }

    /** A FLOAT32 or FLOAT64 array, widened. */
    public double[] asDoubleArray() {
        if (elementType == GgufType.FLOAT64) {
            return ((double[]) value).clone();
        }
        if (elementType == GgufType.FLOAT32) {
            float[] f = (float[]) value;
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        throw mismatch("FLOAT32 or FLOAT64 array");
    }

    /** An array of any integer type, unsigned elements zero-extended (UINT64 as raw bits). */
    public long[] asLongArray() {
        if (elementType == null || !elementType.isInteger()) {
            throw mismatch("integer array");
        }
        int n = length();
        long[] out = new long[n];
        switch (value) {
            case byte[] a -> {
                for (int i = 0; i < n; i++) {
                    out[i] = elementType == GgufType.UINT8 ? Byte.toUnsignedLong(a[i]) : a[i];
                }
            }
            case short[] a -> {
                for (int i = 0; i < n; i++) {
                    out[i] = elementType == GgufType.UINT16 ? Short.toUnsignedLong(a[i]) : a[i];
                }
            }
            case int[] a -> {
                for (int i = 0; i < n; i++) {
                    out[i] = elementType == GgufType.UINT32 ? Integer.toUnsignedLong(a[i]) : a[i];
                }
            }
            case long[] a -> System.arraycopy(a, 0, out, 0, n);
            default -> throw new AssertionError(value.getClass());
        }
        return out;
    }

    /** An array of any integer type whose every element fits an int (e.g. {@code tokenizer.ggml.token_type}). */
    public int[] asIntArray() {
        if (elementType == GgufType.INT32) {
            return ((int[]) value).clone();
        }
        long[] l = asLongArray();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] != (int) l[i] || (elementType == GgufType.UINT64 && l[i] < 0)) {
                throw new GgufFormatException("element " + i + " (" + Long.toUnsignedString(l[i]) + ") does not fit an int");
            }
            out[i] = (int) l[i];
        }
        return out;
    }

    /** A STRING array (unmodifiable). */
    @SuppressWarnings("unchecked")
    public List<String> asStringList() {
        if (elementType != GgufType.STRING) {
            throw mismatch("STRING array");
        }
        return (List<String>) value;
    }

    /** An array of arrays (unmodifiable). */
    @SuppressWarnings("unchecked")
    public List<GgufValue> asArrayList() {
        if (elementType != GgufType.ARRAY) {
            throw mismatch("array of arrays");
        }
        return (List<GgufValue>) value;
    }

    /** The type as llama.cpp prints it: {@code UINT32}, {@code ARRAY[FLOAT32]}. */
    public String typeName() {
        return isArray() ? "ARRAY[" + elementType + "]" : type.name();
    }

    private GgufFormatException mismatch(String expected) {
        return new GgufFormatException("expected " + expected + " but the value is " + typeName());
    }

    // ---- Object ----------------------------------------------------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufValue v && type == v.type && elementType == v.elementType
                && Objects.deepEquals(value, v.value);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(type, elementType) + Arrays.deepHashCode(new Object[] {value});
    }

    /** Type and value, long arrays abbreviated: {@code ARRAY[FLOAT32](3)[1.0, 2.0, 3.0]}. */
    @Override
    public String toString() {
        if (!isArray()) {
            return type + " " + (type == GgufType.STRING ? '"' + abbreviate((String) value) + '"' : value);
        }
        int n = length();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(n, 8); i++) {
            shown.add(elementToString(i));
        }
        if (n > 8) {
            shown.add("...");
        }
        return typeName() + "(" + n + ")" + shown;
    }

    private String elementToString(int i) {
        return switch (value) {
            case byte[] a -> String.valueOf(elementType == GgufType.UINT8 ? Byte.toUnsignedInt(a[i]) : a[i]);
            case short[] a -> String.valueOf(elementType == GgufType.UINT16 ? Short.toUnsignedInt(a[i]) : a[i]);
            case int[] a -> elementType == GgufType.UINT32 ? Integer.toUnsignedString(a[i]) : String.valueOf(a[i]);
            case long[] a -> elementType == GgufType.UINT64 ? Long.toUnsignedString(a[i]) : String.valueOf(a[i]);
            case float[] a -> String.valueOf(a[i]);
            case double[] a -> String.valueOf(a[i]);
            case boolean[] a -> String.valueOf(a[i]);
            case List<?> l -> l.get(i) instanceof String s ? '"' + abbreviate(s) + '"' : String.valueOf(l.get(i));
            default -> throw new AssertionError(value.getClass());
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
