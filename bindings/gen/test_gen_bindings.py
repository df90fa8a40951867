#!/usr/bin/env python3
"""Tests of gen_bindings.py, run by scripts/test.sh (with Debian's python3, where python3-clang lives).

testdata/bt.h holds every construct native/include/seal.h uses; bt.c implements it and BtCheck.java calls it
through the generated Java, so the bindings are checked by use, not only by reading them. The last test
runs scripts/gen-bindings.sh --check: the committed bindings/ must be what seal.h generates.

Run: /usr/bin/python3 -B bindings/gen/test_gen_bindings.py   (closes with 'bindgen: N passed, N failed')
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TESTDATA = os.path.join(HERE, "testdata")
sys.path.insert(0, HERE)

import gen_bindings as gb  # noqa: E402

PACKAGE = "dev.seal.bindgentest"
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")


def generate(header, out_dir=None):
    files = gb.generated_files(header, PACKAGE, "bt_h", "BtLibrary")
    if out_dir:
        gb.write(out_dir, files)
    return files


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout}{p.stderr}")
    return p.stdout


def javac(out_classes, sources):
    run([os.path.join(JAVA_HOME, "bin", "javac"), "-d", out_classes, "-Xlint:-options"] + sorted(sources))


def java_sources(folder):
    return [os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".java")]


def desc_line(java, function):
    """The FunctionDescriptor line of one function's holder class in the generated header class."""
    start = java.index(f"    private static final class {function} {{")
    return java[start:].splitlines()[1].strip()


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bindgen-test-")
        self.addCleanup(shutil.rmtree, self.tmp)

    def header(self, text, name="t.h"):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write("#include <stdbool.h>\n#include <stdint.h>\n" + text)
        return path


class GeneratedShapeTest(unittest.TestCase):
    """What the generator writes for bt.h, read as text."""

    @classmethod
    def setUpClass(cls):
        cls.files = generate(os.path.join(TESTDATA, "bt.h"))
        cls.h = cls.files["bt_h.java"]

    def test_one_class_per_struct_and_none_for_opaque_handles(self):
        self.assertEqual(["bt_h.java", "bt_info.java", "bt_params.java"], sorted(self.files))

    def test_constants_keep_their_c_value_and_type(self):
        for decl in ["private static final int BT_E_FIRST = -1;", "private static final int BT_E_LAST = -12;",
                     "private static final int BT_FLAG_B = 16;", "private static final long BT_BIG = 5000000000L;",
                     "private static final int BT_ALL_BITS = -1;", "private static final double BT_RATIO = 0.25;",
                     "private static final int BT_BLUE = -3;", "{@snippet lang=c : #define BT_E_LAST -12 }"]:
            self.assertIn(decl, self.h)

    def test_macros_that_are_not_numbers_and_static_functions_get_no_binding(self):
        for name in ["BT_NAME", "BT_MAX", "BT_API", "BT_H", "bt_helper"]:
            self.assertNotIn(f" {name}(", self.h, name)

    def test_descriptors_cover_every_parameter_kind(self):
        expected = {
            "bt_reset": "FunctionDescriptor.ofVoid()",
            "bt_last_error": "FunctionDescriptor.of(bt_h.C_POINTER)",
            "bt_default_params": "FunctionDescriptor.of(bt_params.layout())",
            "bt_open": "FunctionDescriptor.of(bt_h.C_INT, bt_h.C_POINTER, bt_params.layout(), bt_h.C_POINTER)",
            "bt_close": "FunctionDescriptor.ofVoid(bt_h.C_POINTER)",
            "bt_make_info": "FunctionDescriptor.of(bt_info.layout(), bt_h.C_INT, bt_params.layout())",
            "bt_join": "FunctionDescriptor.of(bt_h.C_INT, bt_h.C_POINTER, bt_h.C_INT, bt_h.C_POINTER, bt_h.C_INT, "
                       "bt_h.C_POINTER)",
            "bt_sum": "FunctionDescriptor.of(bt_h.C_LONG, bt_h.C_POINTER, bt_h.C_LONG, bt_h.C_BOOL)",
            "bt_scale": "FunctionDescriptor.of(bt_h.C_DOUBLE, bt_h.C_DOUBLE, bt_h.C_FLOAT)",
            "bt_next_color": "FunctionDescriptor.of(bt_h.C_INT, bt_h.C_INT)",
        }
        for function, desc in expected.items():
            self.assertEqual(f"static final FunctionDescriptor DESC = {desc};", desc_line(self.h, function), function)

    def test_struct_results_take_an_allocator_and_c_prototypes_are_documented(self):
        self.assertIn("public static MemorySegment bt_make_info(SegmentAllocator allocator, int count, "
                      "MemorySegment params) {", self.h)
        self.assertIn("{@snippet lang=c : int32_t bt_join(const char *const *parts, int32_t n_parts, char *buf, "
                      "int32_t buf_size, int32_t *n_required) }", self.h)

    def test_struct_layout_has_the_compilers_padding(self):
        info = self.files["bt_info.java"]
        start = info.index("MemoryLayout.structLayout(")
        body = info[start:info.index(").withName(\"bt_info\")")].splitlines()[1:]
        members = [m.strip() for m in body if m.strip()]
        self.assertEqual([
            'MemoryLayout.sequenceLayout(12, bt_h.C_CHAR).withName("name"),',
            'bt_h.C_BOOL.withName("ok"),',
            "MemoryLayout.paddingLayout(3),",
            'bt_h.C_INT.withName("count"),',
            'MemoryLayout.sequenceLayout(3, bt_h.C_BOOL).withName("flags"),',
            "MemoryLayout.paddingLayout(1),",
            'bt_h.C_LONG.withName("big"),',
            'bt_h.C_LONG.withName("delta"),',
            'bt_h.C_DOUBLE.withName("ratio"),',
            'bt_h.C_FLOAT.withName("weight"),',
            'bt_h.C_INT.withName("color"),',
            'bt_h.C_POINTER.withName("label"),',
            'bt_params.layout().withName("params"),',
            'bt_h.C_SHORT.withName("small"),',
            "MemoryLayout.paddingLayout(6)",
        ], members)
        self.assertIn("private static final long small$OFFSET = 72;", info)
        self.assertIn("public static boolean ok(MemorySegment struct) {", info)

    def test_output_is_stable_and_says_it_is_generated(self):
        again = generate(os.path.join(TESTDATA, "bt.h"))
        self.assertEqual(self.files, again)
        for name, text in self.files.items():
            self.assertTrue(text.startswith(gb.MARKER), name)
            self.assertIn("by scripts/gen-bindings.sh", text.splitlines()[0], name)


class CompiledBindingsTest(TempDirTest):
    def test_generated_bindings_call_the_c_library(self):
        src = os.path.join(self.tmp, "src")
        generate(os.path.join(TESTDATA, "bt.h"), src)
        for n in ("BtLibrary.java", "BtCheck.java"):
            shutil.copy(os.path.join(TESTDATA, n), src)
        lib = os.path.join(self.tmp, "libbt.so")
        run([os.environ.get("CC", "cc"), "-std=c11", "-Wall", "-Werror", "-shared", "-fPIC", "-o", lib,
             os.path.join(TESTDATA, "bt.c")])
        classes = os.path.join(self.tmp, "classes")
        javac(classes, java_sources(src))
        out = run([os.path.join(JAVA_HOME, "bin", "java"), "--enable-native-access=ALL-UNNAMED",
                   f"-Dbt.library={lib}", "-cp", classes, f"{PACKAGE}.BtCheck"])
        self.assertRegex(out, r"bt check: (\d+) of \1 checks passed")


class AddedFunctionTest(TempDirTest):
    def test_a_function_added_to_the_header_is_bound_without_hand_edits(self):
        with open(os.path.join(TESTDATA, "bt.h")) as f:
            text = f.read()
        added = ("BT_API int64_t bt_added(const bt_info * info, bt_params params, double scale, bool flag,\n"
                 "                        const char * const * names, uint64_t * n_out);\n")
        header = os.path.join(self.tmp, "bt.h")
        with open(header, "w") as f:
            f.write(text.replace("#endif /* BT_H */", added + "\n#endif /* BT_H */"))
        src = os.path.join(self.tmp, "src")
        files = generate(header, src)
        h = files["bt_h.java"]
        self.assertEqual("static final FunctionDescriptor DESC = FunctionDescriptor.of(bt_h.C_LONG, bt_h.C_POINTER, "
                         "bt_params.layout(), bt_h.C_DOUBLE, bt_h.C_BOOL, bt_h.C_POINTER, bt_h.C_POINTER);",
                         desc_line(h, "bt_added"))
        self.assertIn("public static long bt_added(MemorySegment info, MemorySegment params, double scale, "
                      "boolean flag, MemorySegment names, MemorySegment n_out) {", h)
        # the regenerated package compiles as it is, next to the hand-written loader
        shutil.copy(os.path.join(TESTDATA, "BtLibrary.java"), src)
        javac(os.path.join(self.tmp, "classes"), java_sources(src))


class OutputFolderTest(TempDirTest):
    def test_check_names_what_differs_and_write_brings_it_back(self):
        out = os.path.join(self.tmp, "out")
        files = generate(os.path.join(TESTDATA, "bt.h"), out)
        self.assertEqual([], gb.check(out, files))
        with open(os.path.join(out, "bt_params.java"), "a") as f:
            f.write("// a hand edit\n")
        with open(os.path.join(out, "bt_gone.java"), "w") as f:
            f.write(gb.MARKER + "an old header\n")
        with open(os.path.join(out, "Loader.java"), "w") as f:
            f.write("// hand-written, not generated\n")
        os.remove(os.path.join(out, "bt_info.java"))
        problems = "\n".join(gb.check(out, files))
        self.assertIn("differs: " + os.path.join(out, "bt_params.java"), problems)
        self.assertIn("-// a hand edit", problems)  # the diff runs from the committed file to the generated one
        self.assertIn("missing: " + os.path.join(out, "bt_info.java"), problems)
        self.assertIn("stale (no longer generated): " + os.path.join(out, "bt_gone.java"), problems)
        self.assertNotIn("Loader.java", problems)
        changed, removed = gb.write(out, files)
        self.assertEqual((["bt_info.java", "bt_params.java"], ["bt_gone.java"]), (changed, removed))
        self.assertEqual([], gb.check(out, files))
        self.assertTrue(os.path.exists(os.path.join(out, "Loader.java")))

    def test_check_mode_exits_1_and_names_the_command(self):
        out = os.path.join(self.tmp, "out")
        os.makedirs(out)
        args = [os.path.join(TESTDATA, "bt.h"), "--out", out, "--package", PACKAGE, "--header-class", "bt_h",
                "--library-class", "BtLibrary", "--check"]
        p = subprocess.run([sys.executable, "-B", os.path.join(HERE, "gen_bindings.py")] + args,
                           capture_output=True, text=True)
        self.assertEqual(1, p.returncode, p.stderr)
        self.assertIn("run scripts/gen-bindings.sh", p.stderr)


class RefusalTest(TempDirTest):
    """C the generator cannot bind faithfully fails, naming the declaration, instead of writing a guess."""

    def refused(self, text, message):
        header = self.header(text)
        with self.assertRaises(gb.BindgenError) as e:
            gb.generated_files(header, PACKAGE, "t_h", "TLibrary")
        self.assertIn(message, str(e.exception))

    def test_unsupported_constructs(self):
        self.refused("union u { int a; float b; };\n", "unions are not supported")
        self.refused("int t_log(const char * fmt, ...);\n", "t_log: variadic functions are not supported")
        self.refused("struct __attribute__((packed)) p { char c; int32_t i; };\n", "p.i: field at offset 1")
        self.refused("struct b { unsigned x : 3; };\n", "b.x: bit-fields are not supported")
        self.refused("long double t_ld(void);\n", "t_ld result: C type 'long double' is not supported")
        self.refused("struct s { int a; };\nint s(void);\n", "function s has the name of a struct")
        self.refused("int t_count;\n", "t_count: global variables are not supported")

    def test_a_header_that_does_not_compile_is_refused(self):
        self.refused("int t_f(undeclared_t x);\n", "the header does not compile")


class CommittedBindingsTest(unittest.TestCase):
    def test_committed_bindings_are_what_seal_h_generates(self):
        p = subprocess.run([os.path.join(REPO, "scripts", "gen-bindings.sh"), "--check"],
                           capture_output=True, text=True, env=dict(os.environ, SEAL_PYTHON=sys.executable))
        self.assertEqual(0, p.returncode, p.stdout + p.stderr)


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[1:], exit=False).result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    # the plain closing line CI counts, like Surefire's and ctest's
    print(f"bindgen: {result.testsRun - failed - skipped} passed, {failed} failed"
          + (f", {skipped} skipped" if skipped else ""))
    sys.exit(1 if failed or result.testsRun == 0 else 0)
