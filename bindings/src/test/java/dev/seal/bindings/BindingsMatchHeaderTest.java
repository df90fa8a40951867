package dev.seal.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated bindings (scripts/gen-bindings.sh) against native/include/seal.h, checked independently of the
 * generator: every function, constant and struct field of the header has its binding with the same parameter and
 * return layouts (structs by value included) and order, and (with the library built) every struct size and field
 * offset equals what the C compiler laid out.
 */
class BindingsMatchHeaderTest {
    private static String header;

    record CFunction(String returnType, String name, List<String> params) {}

    @BeforeAll
    static void readHeader() throws IOException {
        Path h = Path.of(System.getProperty("seal.header", "../native/include/seal.h"));
        header = Files.readString(h).replaceAll("(?s)/\\*.*?\\*/", " ");
    }

    static List<CFunction> functions() {
        List<CFunction> out = new ArrayList<>();
        Matcher m = Pattern.compile("SEAL_API\\s+([\\w\\s*]+?)\\s*\\b(seal_\\w+)\\s*\\(([^)]*)\\)\\s*;").matcher(header);
        while (m.find()) {
            String args = m.group(3).replaceAll("\\s+", " ").trim();
            List<String> params = args.equals("void") || args.isEmpty() ? List.of() : List.of(args.split(","));
            out.add(new CFunction(m.group(1).trim(), m.group(2), params));
        }
        return out;
    }

    static Map<String, List<String>> structs() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("typedef struct (seal_\\w+) \\{(.*?)\\} \\1;", Pattern.DOTALL).matcher(header);
        while (m.find()) {
            List<String> fields = new ArrayList<>();
            Matcher f = Pattern.compile("\\b(\\w+)\\s*(\\[\\d+\\])?\\s*;").matcher(m.group(2));
            while (f.find()) {
                fields.add(f.group(1));
            }
            out.put(m.group(1), fields);
        }
        return out;
    }

    @Test
    void headerParsesIntoTheExpectedSurface() {
        assertTrue(functions().size() >= 20, "functions found: " + functions());
        assertTrue(structs().keySet().containsAll(List.of("seal_model_params", "seal_model_info",
                "seal_scorer_params", "seal_score_stats", "seal_prober_params", "seal_generator_params", "seal_sampling_params",
                "seal_embedder_params")), structs().keySet().toString());
    }

    /**
     * The layout a downcall must use for a C type of the header: pointers as C_POINTER, fixed-width integers and
     * bool as their Java value layouts, a struct passed or returned by value as its binding's whole layout.
     */
    static MemoryLayout expectedLayout(String cType) throws ReflectiveOperationException {
        String t = cType.replace("const ", "").trim();
        if (t.contains("*")) {
            return seal_h.C_POINTER;
        }
        String base = t.split(" ")[0];
        return switch (base) {
            case "int32_t" -> seal_h.C_INT;
            case "int64_t", "uint64_t" -> seal_h.C_LONG;
            case "bool" -> seal_h.C_BOOL;
            case "float" -> seal_h.C_FLOAT;
            case "double" -> seal_h.C_DOUBLE;
            default -> {
                if (!base.startsWith("seal_")) {
                    throw new AssertionError("unhandled C type " + cType);
                }
                yield (MemoryLayout) Class.forName("dev.seal.bindings." + base).getMethod("layout").invoke(null);
            }
        };
    }

    /** Where a binding's descriptor differs from the header's declaration: arity, each parameter, the return value. */
    static List<String> mismatches(CFunction f, FunctionDescriptor desc) throws ReflectiveOperationException {
        List<String> out = new ArrayList<>();
        if (f.params().size() != desc.argumentLayouts().size()) {
            out.add(f.name() + ": " + f.params().size() + " parameters in the header, " + desc.argumentLayouts().size()
                    + " in the binding");
            return out;
        }
        for (int i = 0; i < f.params().size(); i++) {
            String p = f.params().get(i).trim();
            MemoryLayout want = expectedLayout(p);
            if (!want.equals(desc.argumentLayouts().get(i))) {
                out.add(f.name() + " parameter " + i + " (" + p + "): binding " + desc.argumentLayouts().get(i) + ", header " + want);
            }
        }
        Optional<MemoryLayout> want = f.returnType().equals("void") ? Optional.empty()
                : Optional.of(expectedLayout(f.returnType()));
        if (!want.equals(desc.returnLayout())) {
            out.add(f.name() + " returns " + f.returnType() + ": binding " + desc.returnLayout().map(Object::toString)
                    .orElse("void") + ", header " + want.map(Object::toString).orElse("void"));
        }
        return out;
    }

    static CFunction function(String name) {
        return functions().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyFunctionHasABindingWithTheSameParameterAndReturnLayouts() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (CFunction f : functions()) {
            Method d = seal_h.class.getMethod(f.name() + "$descriptor");
            wrong.addAll(mismatches(f, (FunctionDescriptor) d.invoke(null)));
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aWrongReturnLayoutIsCaught() throws Exception {
        // int32_t returned as a 64-bit value: the call would read garbage in the upper half
        assertEquals(1, mismatches(function("seal_api_version"), FunctionDescriptor.of(seal_h.C_LONG)).size());
        // a struct returned by value as another struct of the same size
        CFunction modelDefaults = function("seal_model_default_params");
        MemoryLayout sameSize = MemoryLayout.structLayout(seal_h.C_INT, seal_h.C_INT, seal_h.C_INT);
        assertEquals(seal_model_params.layout().byteSize(), sameSize.byteSize());
        assertEquals(1, mismatches(modelDefaults, FunctionDescriptor.of(sameSize.withName("seal_model_params"))).size());
        assertEquals(1, mismatches(modelDefaults, FunctionDescriptor.of(seal_scorer_params.layout())).size());
        // a status code bound as void, and a void function bound with a result
        assertEquals(1, mismatches(function("seal_model_describe"),
                FunctionDescriptor.ofVoid(seal_h.C_POINTER, seal_h.C_POINTER)).size());
        assertEquals(1, mismatches(function("seal_model_free"), FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER)).size());
        // and the real descriptors pass the same comparison
        assertEquals(List.of(), mismatches(modelDefaults, seal_h.seal_model_default_params$descriptor()));
        assertEquals(List.of(), mismatches(function("seal_api_version"), seal_h.seal_api_version$descriptor()));
    }

    @Test
    void everyConstantMatches() throws Exception {
        Matcher m = Pattern.compile("#define (SEAL_[A-Z_0-9]+)\\s+(-?\\d+)").matcher(header);
        int n = 0;
        while (m.find()) {
            Method c = seal_h.class.getMethod(m.group(1));
            assertEquals(Integer.parseInt(m.group(2)), (int) c.invoke(null), m.group(1));
            n++;
        }
        assertTrue(n >= 15, "constants found: " + n);
    }

    @Test
    void structFieldsMatchTheHeaderInOrder() throws Exception {
        for (var e : structs().entrySet()) {
            GroupLayout layout = (GroupLayout) Class.forName("dev.seal.bindings." + e.getKey()).getMethod("layout").invoke(null);
            List<String> names = layout.memberLayouts().stream().map(MemoryLayout::name).filter(o -> o.isPresent())
                    .map(o -> o.get()).toList();
            assertEquals(e.getValue(), names, e.getKey());
        }
    }

    @Test
    void structLayoutsMatchTheCompiledLibrary() throws Exception {
        boolean required = Boolean.getBoolean("seal.require.native");
        if (!SealLibrary.available()) {
            assertFalse(required, "libseal is required (-Dseal.require.native=true) but was not found");
            Assumptions.abort("SKIPPED: libseal not built, so struct offsets were not compared with the compiler's");
        }
        try (Arena arena = Arena.ofConfined()) {
            for (var e : structs().entrySet()) {
                Class<?> c = Class.forName("dev.seal.bindings." + e.getKey());
                GroupLayout layout = (GroupLayout) c.getMethod("layout").invoke(null);
                assertEquals(seal_h.seal_abi_sizeof(arena.allocateFrom(e.getKey())), layout.byteSize(), e.getKey() + " size");
                for (String field : e.getValue()) {
                    long javaOffset = (long) c.getMethod(field + "$offset").invoke(null);
                    long cOffset = seal_h.seal_abi_offsetof(arena.allocateFrom(e.getKey()), arena.allocateFrom(field));
                    assertEquals(cOffset, javaOffset, e.getKey() + "." + field + " offset");
                    assertEquals(layout.byteOffset(MemoryLayout.PathElement.groupElement(field)), javaOffset,
                            e.getKey() + "." + field + " layout offset");
                }
            }
            assertEquals(seal_h.SEAL_API_VERSION(), seal_h.seal_api_version());
        }
    }
}
