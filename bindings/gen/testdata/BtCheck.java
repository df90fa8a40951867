package dev.seal.bindgentest;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Calls bt.c through the bindings generated from bt.h and checks every value that crosses: constants,
 * descriptors, struct layouts against the C compiler's, struct-by-value arguments and results, out-
 * parameters, string arrays. Prints one line per failure and exits 1 when any check failed.
 */
public final class BtCheck {
    private static final List<String> failures = new ArrayList<>();
    private static int checks;

    private static void equal(Object expected, Object actual, String what) {
        checks++;
        if (!Objects.equals(expected, actual)) {
            failures.add(what + ": expected " + expected + ", got " + actual);
        }
    }

    public static void main(String[] args) {
        constants();
        descriptors();
        try (Arena arena = Arena.ofConfined()) {
            layoutsMatchTheCompiler(arena, bt_params.layout());
            layoutsMatchTheCompiler(arena, bt_info.layout());
            calls(arena);
        }
        failures.forEach(f -> System.out.println("FAILED " + f));
        System.out.println("bt check: " + (checks - failures.size()) + " of " + checks + " checks passed");
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static void constants() {
        equal(3, bt_h.BT_VERSION(), "BT_VERSION");
        equal(0, bt_h.BT_OK(), "BT_OK");
        equal(-1, bt_h.BT_E_FIRST(), "BT_E_FIRST");
        equal(-12, bt_h.BT_E_LAST(), "BT_E_LAST");
        equal(16, bt_h.BT_FLAG_B(), "BT_FLAG_B");
        equal(5_000_000_000L, bt_h.BT_BIG(), "BT_BIG");
        equal(0xFFFFFFFF, bt_h.BT_ALL_BITS(), "BT_ALL_BITS");
        equal(0.25, bt_h.BT_RATIO(), "BT_RATIO");
        equal(List.of(0, 5, -3), List.of(bt_h.BT_RED(), bt_h.BT_GREEN(), bt_h.BT_BLUE()), "enum bt_color");
    }

    private static void descriptors() {
        equal(FunctionDescriptor.of(bt_h.C_INT, bt_h.C_POINTER, bt_params.layout(), bt_h.C_POINTER),
                bt_h.bt_open$descriptor(), "bt_open");
        equal(FunctionDescriptor.ofVoid(), bt_h.bt_reset$descriptor(), "bt_reset");
        equal(FunctionDescriptor.of(bt_info.layout(), bt_h.C_INT, bt_params.layout()),
                bt_h.bt_make_info$descriptor(), "bt_make_info");
        equal(FunctionDescriptor.of(bt_h.C_LONG, bt_h.C_POINTER, bt_h.C_LONG, bt_h.C_BOOL),
                bt_h.bt_sum$descriptor(), "bt_sum");
        equal(FunctionDescriptor.of(bt_h.C_DOUBLE, bt_h.C_DOUBLE, bt_h.C_FLOAT), bt_h.bt_scale$descriptor(), "bt_scale");
    }

    private static void layoutsMatchTheCompiler(Arena arena, GroupLayout layout) {
        String name = layout.name().orElseThrow();
        equal(bt_h.bt_abi_sizeof(arena.allocateFrom(name)), layout.byteSize(), name + " size");
        for (MemoryLayout m : layout.memberLayouts()) {
            m.name().ifPresent(field -> equal(
                    bt_h.bt_abi_offsetof(arena.allocateFrom(name), arena.allocateFrom(field)),
                    layout.byteOffset(MemoryLayout.PathElement.groupElement(field)), name + "." + field + " offset"));
        }
    }

    private static void calls(Arena arena) {
        equal(3, bt_h.bt_version(), "bt_version()");
        bt_h.bt_reset();
        equal("reset", bt_h.bt_last_error().reinterpret(64).getString(0), "bt_reset() then bt_last_error()");

        MemorySegment params = bt_h.bt_default_params(arena);
        equal(List.of(7, true, false), List.of(bt_params.level(params), bt_params.fast(params), bt_params.safe(params)),
                "bt_default_params() by value");
        bt_params.level(params, 9);

        MemorySegment out = arena.allocate(bt_h.C_POINTER);
        equal(bt_h.BT_OK(), bt_h.bt_open(arena.allocateFrom("widget"), params, out), "bt_open");
        MemorySegment handle = out.get(bt_h.C_POINTER, 0);
        MemorySegment info = bt_info.allocate(arena);
        equal(bt_h.BT_OK(), bt_h.bt_describe(handle, info), "bt_describe");
        checkInfo(info, "widget", 9);
        checkInfo(bt_h.bt_make_info(arena, 4, params), "made", 4);

        MemorySegment parts = arena.allocate(bt_h.C_POINTER, 3);
        String[] words = {"a", "bc", "d"};
        for (int i = 0; i < words.length; i++) {
            parts.setAtIndex(bt_h.C_POINTER, i, arena.allocateFrom(words[i]));
        }
        MemorySegment required = arena.allocate(bt_h.C_INT);
        MemorySegment small = arena.allocate(4);
        equal(bt_h.BT_E_FIRST(), bt_h.bt_join(parts, 3, small, 4, required), "bt_join into a small buffer");
        equal(7, required.get(bt_h.C_INT, 0), "bt_join n_required");
        MemorySegment buf = arena.allocate(7);
        equal(bt_h.BT_OK(), bt_h.bt_join(parts, 3, buf, 7, required), "bt_join");
        equal("a-bc-d", buf.getString(0), "bt_join text");

        MemorySegment values = arena.allocateFrom(bt_h.C_INT, 1, 2, 3);
        equal(-6L, bt_h.bt_sum(values, 3, true), "bt_sum");
        equal(3.0, bt_h.bt_scale(2.0, 1.5f), "bt_scale");
        equal(bt_h.BT_BLUE(), bt_h.bt_next_color(bt_h.BT_GREEN()), "bt_next_color");
        bt_h.bt_close(handle);
        equal("closed", bt_h.bt_last_error().reinterpret(64).getString(0), "bt_close");
    }

    private static void checkInfo(MemorySegment info, String name, int count) {
        equal(name, bt_info.name(info).getString(0), "name");
        equal(true, bt_info.ok(info), "ok");
        equal(count, bt_info.count(info), "count");
        MemorySegment flags = bt_info.flags(info);
        equal(List.of(true, false, true), List.of(flags.get(bt_h.C_BOOL, 0), flags.get(bt_h.C_BOOL, 1),
                flags.get(bt_h.C_BOOL, 2)), "flags");
        equal(-16L, bt_info.big(info), "big (UINT64_MAX - 15 seen as a Java long)");
        equal(-5L, bt_info.delta(info), "delta");
        equal(0.5, bt_info.ratio(info), "ratio");
        equal(1.5f, bt_info.weight(info), "weight");
        equal(bt_h.BT_GREEN(), bt_info.color(info), "color");
        equal("lbl", bt_info.label(info).reinterpret(16).getString(0), "label");
        equal(9, bt_params.level(bt_info.params(info)), "params.level (a nested struct, level 9 in both calls)");
        equal((short) -2, bt_info.small(info), "small");
    }
}
