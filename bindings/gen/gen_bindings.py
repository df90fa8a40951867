#!/usr/bin/env python3
"""Writes java.lang.foreign bindings of a C header in the shape jextract generates, by reading the header
through libclang (Debian's python3-clang).

jextract itself is not installable from the package registries this project can reach; this generator
covers the subset of C that seal.h is allowed to use (see the rules at the top of native/include/seal.h)
and fails, naming the declaration, on anything outside it rather than writing a binding that might be wrong.
Python rather than Java on libclang through FFM: python3-clang is one Debian package with libclang's
cursor API already bound, where Java would first need hand-kept bindings of libclang itself (by-value
CXCursor structs, visitor upcalls): the drift this generator exists to remove.

Output, all in one Java package:
  <header_class>.java   C_* layouts, one getter per integer/float constant (#define or enum), and per
                        function a FunctionDescriptor, a MethodHandle downcall and a Java wrapper;
  <struct>.java         per struct defined in the header: its GroupLayout (padding as the C compiler laid
                        it out), size, allocate(), and per field its layout, offset, getter and setter.
Symbols are looked up through a hand-written loader class (--library-class) that provides
`static MethodHandle downcall(String, FunctionDescriptor)` and `static MemorySegment find(String)`.

Declarations are written in header order, so a change to the header changes the Java in the same place.

Usage: gen_bindings.py HEADER --out DIR --package PKG --header-class NAME --library-class NAME [--check]
With --check nothing is written: it exits 1 and prints a diff when DIR differs from what would be written.
"""

import argparse
import ctypes
import difflib
import os
import re
import sys
from dataclasses import dataclass
from typing import Optional

try:
    import clang.cindex as ci
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("gen-bindings: the libclang Python bindings are missing: apt-get install python3-clang")

MARKER = "// Generated from "
DEFAULT_COMMAND = "scripts/gen-bindings.sh"


class BindgenError(Exception):
    """The header uses C the generator does not bind (or does not parse): no file is written."""


# ---- C types to Java layouts ---------------------------------------------------------------------

@dataclass(frozen=True)
class Scalar:
    name: str          # the header class's layout constant, e.g. C_INT
    java: str          # the Java carrier type, e.g. int
    layout_class: str  # e.g. ValueLayout.OfInt
    value_layout: str  # e.g. ValueLayout.JAVA_INT
    size: int


SCALARS = [
    Scalar("C_BOOL", "boolean", "ValueLayout.OfBoolean", "ValueLayout.JAVA_BOOLEAN", 1),
    Scalar("C_CHAR", "byte", "ValueLayout.OfByte", "ValueLayout.JAVA_BYTE", 1),
    Scalar("C_SHORT", "short", "ValueLayout.OfShort", "ValueLayout.JAVA_SHORT", 2),
    Scalar("C_INT", "int", "ValueLayout.OfInt", "ValueLayout.JAVA_INT", 4),
    Scalar("C_LONG", "long", "ValueLayout.OfLong", "ValueLayout.JAVA_LONG", 8),
    Scalar("C_LONG_LONG", "long", "ValueLayout.OfLong", "ValueLayout.JAVA_LONG", 8),
    Scalar("C_FLOAT", "float", "ValueLayout.OfFloat", "ValueLayout.JAVA_FLOAT", 4),
    Scalar("C_DOUBLE", "double", "ValueLayout.OfDouble", "ValueLayout.JAVA_DOUBLE", 8),
]
SCALAR = {s.name: s for s in SCALARS}
POINTER_SIZE = 8

K = ci.TypeKind
SCALAR_OF_KIND = {
    K.BOOL: "C_BOOL",
    K.CHAR_S: "C_CHAR", K.CHAR_U: "C_CHAR", K.SCHAR: "C_CHAR", K.UCHAR: "C_CHAR",
    K.SHORT: "C_SHORT", K.USHORT: "C_SHORT",
    K.INT: "C_INT", K.UINT: "C_INT",
    K.LONG: "C_LONG", K.ULONG: "C_LONG",
    K.LONGLONG: "C_LONG_LONG", K.ULONGLONG: "C_LONG_LONG",
    K.FLOAT: "C_FLOAT", K.DOUBLE: "C_DOUBLE",
}


@dataclass(frozen=True)
class JType:
    """How one C type is seen from Java."""
    kind: str          # "scalar", "pointer", "struct" or "array"
    layout: str        # a Java expression for its MemoryLayout
    layout_class: str  # the static type of that layout
    java: str          # the Java type of a value of it
    size: int
    align: int

    @property
    def is_segment(self):
        """Held by address in Java (a slice of the enclosing memory) rather than as a Java value."""
        return self.kind in ("struct", "array")


class TypeMapper:
    def __init__(self, header_class, structs):
        self.h = header_class
        self.structs = structs  # C struct name -> Struct, filled in header order

    def map(self, t, where):
        t = t.get_canonical()
        if t.kind in SCALAR_OF_KIND:
            s = SCALAR[SCALAR_OF_KIND[t.kind]]
            if t.get_size() != s.size:
                raise BindgenError(f"{where}: C type '{t.spelling}' is {t.get_size()} bytes here, but "
                                   f"{s.name} is {s.size}: the bindings assume an LP64 platform")
            return JType("scalar", f"{self.h}.{s.name}", s.layout_class, s.java, s.size, s.size)
        if t.kind == K.POINTER:
            return JType("pointer", f"{self.h}.C_POINTER", "AddressLayout", "MemorySegment",
                         POINTER_SIZE, POINTER_SIZE)
        if t.kind == K.ENUM:
            return self.map(t.get_declaration().enum_type, where)
        if t.kind == K.RECORD:
            decl = t.get_declaration()
            if decl.kind != ci.CursorKind.STRUCT_DECL:
                raise BindgenError(f"{where}: unions are not supported ('{t.spelling}')")
            s = self.structs.get(decl.spelling)
            if s is None:
                raise BindgenError(f"{where}: struct '{decl.spelling}' is used by value but not defined "
                                   f"in the header (or defined after its use)")
            return JType("struct", f"{s.name}.layout()", "GroupLayout", "MemorySegment", s.size, s.align)
        if t.kind == K.CONSTANTARRAY:
            e = self.map(t.element_type, where)
            n = t.element_count
            return JType("array", f"MemoryLayout.sequenceLayout({n}, {e.layout})", "SequenceLayout",
                         "MemorySegment", e.size * n, e.align)
        raise BindgenError(f"{where}: C type '{t.spelling}' is not supported by the generator")


# ---- what the header declares --------------------------------------------------------------------

@dataclass
class Constant:
    name: str
    java: str      # int, long, float or double
    literal: str   # the Java literal
    c_text: str    # what the header says, for the doc comment


@dataclass
class Field:
    name: str
    type: JType
    offset: int
    c_decl: str


@dataclass
class Struct:
    name: str
    size: int
    align: int
    fields: list


@dataclass
class Param:
    name: str
    type: JType


@dataclass
class Function:
    name: str
    result: Optional[JType]  # None for void
    params: list
    c_proto: str


JAVA_KEYWORDS = set("""abstract assert boolean break byte case catch char class const continue default do double
else enum extends final finally float for goto if implements import instanceof int interface long native new
package private protected public return short static strictfp super switch synchronized this throw throws
transient try void volatile while true false null var record yield sealed permits""".split())


def java_name(c_name):
    """A C identifier as a Java identifier (C names that are Java keywords get a trailing underscore)."""
    return c_name + "_" if c_name in JAVA_KEYWORDS else c_name


def c_declarator(type_spelling, name):
    """'const char *' + 'path' -> 'const char *path' (the way jextract's doc comments print C)."""
    # clang spells stdbool's bool as the keyword it expands to; the header says bool
    type_spelling = re.sub(r"\b_Bool\b", "bool", type_spelling)
    return f"{type_spelling}{'' if type_spelling.endswith('*') else ' '}{name}"


def c_field_decl(t, name):
    dims = ""
    while t.kind == K.CONSTANTARRAY:
        dims += f"[{t.element_count}]"
        t = t.element_type
    return c_declarator(t.spelling, name) + dims


def in_file(cursor, path):
    loc = cursor.location
    return loc.file is not None and os.path.realpath(loc.file.name) == path


# ---- macro constants, evaluated by clang itself --------------------------------------------------

CXEval_Int, CXEval_Float = 1, 2


def _eval_api():
    lib = ci.conf.lib
    lib.clang_Cursor_Evaluate.argtypes = [ci.Cursor]
    lib.clang_Cursor_Evaluate.restype = ctypes.c_void_p
    for fn, res in (("clang_EvalResult_getKind", ctypes.c_int),
                    ("clang_EvalResult_isUnsignedInt", ctypes.c_uint),
                    ("clang_EvalResult_getAsUnsigned", ctypes.c_ulonglong),
                    ("clang_EvalResult_getAsLongLong", ctypes.c_longlong),
                    ("clang_EvalResult_getAsDouble", ctypes.c_double),
                    ("clang_EvalResult_dispose", None)):
        getattr(lib, fn).argtypes = [ctypes.c_void_p]
        getattr(lib, fn).restype = res
    return lib


def _to_signed(value, bits):
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _macro_text(cursor, source):
    """'#define NAME body' with the header's whitespace runs folded."""
    ext = cursor.extent
    text = source[ext.start.offset:ext.end.offset].decode("utf-8")
    return "#define " + re.sub(r"\s+", " ", text).strip()


def macro_constants(index, header, args, source, verbose):
    """Object-like macros of the header whose body is an integer or floating constant expression.

    Each macro is evaluated by compiling `static const __auto_type v = (MACRO);` after the header, so the
    value and its C type (int, long, unsigned, double) are the compiler's, not a guess from the tokens.
    Macros that are not such expressions (SEAL_API-style annotations, include guards, strings, function-
    like macros) get no binding, as with jextract.
    """
    tu = index.parse(header, args=args, options=ci.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD)
    candidates = []
    for c in tu.cursor.get_children():
        if c.kind != ci.CursorKind.MACRO_DEFINITION or not in_file(c, header):
            continue
        tokens = list(c.get_tokens())
        if len(tokens) < 2:
            continue  # an empty macro (an include guard)
        if tokens[1].spelling == "(" and tokens[1].extent.start.offset == tokens[0].extent.end.offset:
            continue  # function-like
        if c.spelling not in [m.spelling for m in candidates]:
            candidates.append(c)
    if not candidates:
        return []
    probe_name = os.path.join(os.path.dirname(header), "__gen_bindings_probe.c")
    lines = [f'#include "{header}"']
    first_line = len(lines) + 1
    lines += [f"static const __auto_type gen_bindings_probe_{i} = ({m.spelling});" for i, m in enumerate(candidates)]
    probe = index.parse(probe_name, args=args, unsaved_files=[(probe_name, "\n".join(lines) + "\n")])
    bad_lines = {d.location.line for d in probe.diagnostics
                 if d.severity >= ci.Diagnostic.Error and d.location.file
                 and d.location.file.name == probe_name}
    lib = _eval_api()
    out = []
    for var in probe.cursor.get_children():
        if var.kind != ci.CursorKind.VAR_DECL or not var.spelling.startswith("gen_bindings_probe_"):
            continue
        i = int(var.spelling.rsplit("_", 1)[1])
        macro = candidates[i]
        if first_line + i in bad_lines:
            if verbose:
                print(f"gen-bindings: no binding for {_macro_text(macro, source)} (not a constant expression)",
                      file=sys.stderr)
            continue
        constant = _evaluate(lib, var, macro.spelling, _macro_text(macro, source))
        if constant is not None:
            out.append(constant)
        elif verbose:
            print(f"gen-bindings: no binding for {_macro_text(macro, source)} (not a number)", file=sys.stderr)
    return out


def _evaluate(lib, var, name, c_text):
    res = lib.clang_Cursor_Evaluate(var)
    if not res:
        return None
    try:
        kind = lib.clang_EvalResult_getKind(res)
        ctype = var.type.get_canonical()
        if kind == CXEval_Int:
            raw = (lib.clang_EvalResult_getAsUnsigned(res) if lib.clang_EvalResult_isUnsignedInt(res)
                   else lib.clang_EvalResult_getAsLongLong(res))
            if ctype.get_size() <= 4:
                return Constant(name, "int", str(_to_signed(raw, 32)), c_text)
            return Constant(name, "long", f"{_to_signed(raw, 64)}L", c_text)
        if kind == CXEval_Float:
            value = lib.clang_EvalResult_getAsDouble(res)
            if ctype.kind == K.FLOAT:
                return Constant(name, "float", f"{float(value)!r}f", c_text)
            return Constant(name, "double", repr(float(value)), c_text)
        return None
    finally:
        lib.clang_EvalResult_dispose(res)


# ---- reading the header --------------------------------------------------------------------------

@dataclass
class Api:
    constants: list
    structs: list
    functions: list


def read_header(header, header_class, include_dirs=(), verbose=False):
    header = os.path.realpath(header)
    args = ["-x", "c", "-std=c11"] + [f"-I{d}" for d in include_dirs]
    index = ci.Index.create()
    tu = index.parse(header, args=args, options=ci.TranslationUnit.PARSE_SKIP_FUNCTION_BODIES)
    errors = [str(d) for d in tu.diagnostics if d.severity >= ci.Diagnostic.Error]
    if errors:
        raise BindgenError("the header does not compile:\n  " + "\n  ".join(errors))
    with open(header, "rb") as f:
        source = f.read()

    structs = {}
    types = TypeMapper(header_class, structs)
    constants = macro_constants(index, header, args, source, verbose)
    functions = []
    seen = set()
    for c in tu.cursor.get_children():
        if not in_file(c, header):
            continue
        where = f"{os.path.basename(header)}:{c.location.line}: {c.spelling or c.kind.name}"
        if c.kind == ci.CursorKind.STRUCT_DECL and c.is_definition():
            s = read_struct(c, types, where)
            structs[s.name] = s
        elif c.kind == ci.CursorKind.UNION_DECL and c.is_definition():
            raise BindgenError(f"{where}: unions are not supported")
        elif c.kind == ci.CursorKind.ENUM_DECL and c.is_definition():
            for e in c.get_children():
                constants.append(Constant(e.spelling, "int", str(e.enum_value),
                                          f"enum {c.spelling or '<anonymous>'}.{e.spelling} = {e.enum_value}"))
        elif c.kind == ci.CursorKind.VAR_DECL:
            raise BindgenError(f"{where}: global variables are not supported")
        elif c.kind == ci.CursorKind.FUNCTION_DECL and c.spelling not in seen:
            if c.linkage != ci.LinkageKind.EXTERNAL:
                continue  # static inline helpers have no symbol to bind
            seen.add(c.spelling)
            functions.append(read_function(c, types, where))

    for f in functions:
        if f.name in structs:
            raise BindgenError(f"function {f.name} has the name of a struct: its holder class would hide the "
                               f"struct's class inside {header_class}")
    names = [c.name for c in constants] + [f.name for f in functions]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise BindgenError(f"names bound twice in {header_class}: {', '.join(dup)}")
    return Api(constants, list(structs.values()), functions)


def read_struct(c, types, where):
    name = c.spelling
    if not name or "(" in name:
        raise BindgenError(f"{where}: anonymous structs are not supported: give the struct a tag")
    t = c.type
    fields = []
    for f in c.get_children():
        if f.kind != ci.CursorKind.FIELD_DECL:
            if f.kind in (ci.CursorKind.STRUCT_DECL, ci.CursorKind.UNION_DECL):
                raise BindgenError(f"{where}: nested struct/union definitions are not supported")
            continue
        fwhere = f"{where}.{f.spelling}"
        if f.is_bitfield():
            raise BindgenError(f"{fwhere}: bit-fields are not supported")
        ft = types.map(f.type, fwhere)
        offset_bits = f.get_field_offsetof()
        if offset_bits % 8:
            raise BindgenError(f"{fwhere}: field does not start on a byte")
        offset = offset_bits // 8
        if offset % ft.align:
            raise BindgenError(f"{fwhere}: field at offset {offset} is not aligned to {ft.align} (packed "
                               f"structs are not supported)")
        fields.append(Field(f.spelling, ft, offset, c_field_decl(f.type, f.spelling)))
    if not fields:
        raise BindgenError(f"{where}: empty structs are not supported")
    align = max(f.type.align for f in fields)
    if t.get_align() != align:
        raise BindgenError(f"{where}: the struct's alignment {t.get_align()} is not its fields' {align} "
                           f"(aligned attributes are not supported)")
    return Struct(name, t.get_size(), align, fields)


def read_function(c, types, where):
    if c.type.kind == K.FUNCTIONPROTO and c.type.is_function_variadic():
        raise BindgenError(f"{where}: variadic functions are not supported")
    if c.type.kind == K.FUNCTIONNOPROTO:
        raise BindgenError(f"{where}: declare the parameters ('(void)' when there are none)")
    result_t = c.result_type
    result = None if result_t.get_canonical().kind == K.VOID else types.map(result_t, f"{where} result")
    params, c_params = [], []
    for i, p in enumerate(c.get_arguments()):
        name = p.spelling or f"x{i}"
        params.append(Param(java_name(name), types.map(p.type, f"{where} parameter {name}")))
        c_params.append(c_declarator(p.type.spelling, name))
    proto = f"{c_declarator(result_t.spelling, c.spelling)}({', '.join(c_params) or 'void'})"
    return Function(c.spelling, result, params, proto)


# ---- writing Java --------------------------------------------------------------------------------

def doc_safe(text):
    """C text inside a Javadoc snippet: a '*/' would end the comment."""
    return text.replace("*/", "*&#47;")


class Writer:
    def __init__(self, package, header_class, library_class, header_label, command):
        self.package = package
        self.h = header_class
        self.lib = library_class
        self.banner = (f"{MARKER}{header_label} by {command} (libclang, in jextract's shape).\n"
                       f"// Do not edit: change {header_label} and rerun {command}; scripts/test.sh fails when this\n"
                       f"// file differs from the generator's output.\n")

    def files(self, api):
        out = {f"{self.h}.java": self.header_class(api)}
        for s in api.structs:
            out[f"{s.name}.java"] = self.struct_class(s)
        return out

    def header_class(self, api):
        w = [self.banner,
             f"package {self.package};\n",
             "import java.lang.foreign.*;",
             "import java.lang.invoke.MethodHandle;\n",
             '@SuppressWarnings("unused")',
             f"public final class {self.h} {{",
             f"    private {self.h}() {{}}\n"]
        for s in SCALARS:
            w.append(f"    public static final {s.layout_class} {s.name} = {s.value_layout};")
        w += ["    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS",
              "            .withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));\n",
              "    static MethodHandle downcall(String name, FunctionDescriptor desc) {",
              f"        return {self.lib}.downcall(name, desc);",
              "    }\n",
              "    static MemorySegment address(String name) {",
              f"        return {self.lib}.find(name);",
              "    }\n"]
        for c in api.constants:
            w += [f"    private static final {c.java} {c.name} = {c.literal};\n",
                  f"    /** {{@snippet lang=c : {doc_safe(c.c_text)} }} */",
                  f"    public static {c.java} {c.name}() {{",
                  f"        return {c.name};",
                  "    }\n"]
        for f in api.functions:
            w += self.function(f)
        w.append("}")
        return "\n".join(w) + "\n"

    def function(self, f):
        layouts = [p.type.layout for p in f.params]
        if f.result is None:
            desc = f"FunctionDescriptor.ofVoid({', '.join(layouts)})"
        else:
            desc = f"FunctionDescriptor.of({', '.join([f.result.layout] + layouts)})"
        returns_struct = f.result is not None and f.result.kind == "struct"
        jparams = (["SegmentAllocator allocator"] if returns_struct else []) + \
                  [f"{p.type.java} {p.name}" for p in f.params]
        args = (["allocator"] if returns_struct else []) + [p.name for p in f.params]
        call = f"mh$.invokeExact({', '.join(args)})"
        if f.result is None:
            body, jresult = f"{call};", "void"
        else:
            jresult = f.result.java
            body = f"return ({jresult}) {call};"
        proto = doc_safe(f.c_proto)
        n = f.name
        return [f"    private static final class {n} {{",
                f"        static final FunctionDescriptor DESC = {desc};",
                f'        static final MethodHandle HANDLE = downcall("{n}", DESC);',
                "    }\n",
                f"    /** Function descriptor of {{@snippet lang=c : {proto} }} */",
                f"    public static FunctionDescriptor {n}$descriptor() {{",
                f"        return {n}.DESC;",
                "    }\n",
                f"    public static MethodHandle {n}$handle() {{",
                f"        return {n}.HANDLE;",
                "    }\n",
                f"    public static MemorySegment {n}$address() {{",
                f'        return address("{n}");',
                "    }\n",
                f"    /** {{@snippet lang=c : {proto} }} */",
                f"    public static {jresult} {n}({', '.join(jparams)}) {{",
                f"        var mh$ = {n}.HANDLE;",
                "        try {",
                f"            {body}",
                "        } catch (Error | RuntimeException ex) {",
                "            throw ex;",
                "        } catch (Throwable ex$) {",
                '            throw new AssertionError("should not reach here", ex$);',
                "        }",
                "    }\n"]

    def struct_class(self, s):
        members, at = [], 0
        for f in s.fields:
            if f.offset > at:
                members.append(f"MemoryLayout.paddingLayout({f.offset - at})")
            members.append(f'{f.type.layout}.withName("{f.name}")')
            at = f.offset + f.type.size
        if s.size > at:
            members.append(f"MemoryLayout.paddingLayout({s.size - at})")
        w = [self.banner,
             f"package {self.package};\n",
             "import java.lang.foreign.*;\n",
             "/**",
             " * {@snippet lang=c :",
             f" * struct {s.name} {{"]
        w += [f" *     {doc_safe(f.c_decl)};" for f in s.fields]
        w += [" * }",
              " * }",
              f" * ({s.size} bytes, aligned to {s.align})",
              " */",
              f"public final class {s.name} {{",
              f"    private {s.name}() {{}}\n",
              "    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(",
              ",\n".join(f"        {m}" for m in members),
              f'    ).withName("{s.name}");\n',
              "    public static GroupLayout layout() {",
              "        return $LAYOUT;",
              "    }\n",
              "    public static long sizeof() {",
              "        return $LAYOUT.byteSize();",
              "    }\n",
              "    public static MemorySegment allocate(SegmentAllocator allocator) {",
              "        return allocator.allocate($LAYOUT);",
              "    }\n"]
        for f in s.fields:
            w += self.field(f)
        w.append("}")
        return "\n".join(w) + "\n"

    def field(self, f):
        n, j, t = java_name(f.name), f.type.java, f.type
        decl = doc_safe(f.c_decl)
        w = [f"    private static final {t.layout_class} {n}$LAYOUT = ({t.layout_class}) "
             f'$LAYOUT.select(MemoryLayout.PathElement.groupElement("{f.name}"));',
             f"    private static final long {n}$OFFSET = {f.offset};\n",
             f"    public static {t.layout_class} {n}$layout() {{",
             f"        return {n}$LAYOUT;",
             "    }\n",
             f"    public static long {n}$offset() {{",
             f"        return {n}$OFFSET;",
             "    }\n"]
        if t.is_segment:  # an array or struct field is read as a slice of the struct and written by copy
            get = f"return struct.asSlice({n}$OFFSET, {n}$LAYOUT.byteSize());"
            put = f"MemorySegment.copy(fieldValue, 0L, struct, {n}$OFFSET, {n}$LAYOUT.byteSize());"
        else:
            get = f"return struct.get({n}$LAYOUT, {n}$OFFSET);"
            put = f"struct.set({n}$LAYOUT, {n}$OFFSET, fieldValue);"
        w += [f"    /** Getter for field {{@snippet lang=c : {decl} }} */",
              f"    public static {j} {n}(MemorySegment struct) {{",
              f"        {get}",
              "    }\n",
              f"    /** Setter for field {{@snippet lang=c : {decl} }} */",
              f"    public static void {n}(MemorySegment struct, {j} fieldValue) {{",
              f"        {put}",
              "    }\n"]
        return w


# ---- writing or checking the output folder ------------------------------------------------------

def generated_files(header, package, header_class, library_class, header_label=None, command=DEFAULT_COMMAND,
                    include_dirs=(), verbose=False):
    api = read_header(header, header_class, include_dirs, verbose)
    writer = Writer(package, header_class, library_class, header_label or header, command)
    return writer.files(api)


def is_generated(path):
    with open(path, encoding="utf-8") as f:
        return f.readline().startswith(MARKER)


def stale_files(out_dir, files):
    """Generated files in out_dir that the header no longer produces (a struct was removed or renamed)."""
    if not os.path.isdir(out_dir):
        return []
    return sorted(n for n in os.listdir(out_dir)
                  if n.endswith(".java") and n not in files and is_generated(os.path.join(out_dir, n)))


def write(out_dir, files):
    os.makedirs(out_dir, exist_ok=True)
    changed = []
    for name, text in sorted(files.items()):
        path = os.path.join(out_dir, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                if f.read() == text:
                    continue  # untouched files keep their time stamps, so builds stay incremental
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        changed.append(name)
    removed = stale_files(out_dir, files)
    for name in removed:
        os.remove(os.path.join(out_dir, name))
    return changed, removed


def check(out_dir, files, max_diff_lines=80):
    """Differences between out_dir and the generator's output, as printable lines (empty when equal)."""
    problems = []
    for name, text in sorted(files.items()):
        path = os.path.join(out_dir, name)
        if not os.path.exists(path):
            problems.append(f"missing: {path}")
            continue
        with open(path, encoding="utf-8") as f:
            have = f.read()
        if have != text:
            diff = list(difflib.unified_diff(have.splitlines(), text.splitlines(), f"{path} (committed)",
                                             f"{path} (generated)", lineterm="", n=2))
            problems.append(f"differs: {path}")
            problems += diff[:max_diff_lines] + ([f"... ({len(diff) - max_diff_lines} more diff lines)"]
                                                 if len(diff) > max_diff_lines else [])
    problems += [f"stale (no longer generated): {os.path.join(out_dir, n)}" for n in stale_files(out_dir, files)]
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("header")
    ap.add_argument("--out", required=True, help="the Java package's source folder")
    ap.add_argument("--package", required=True)
    ap.add_argument("--header-class", required=True, help="e.g. seal_h")
    ap.add_argument("--library-class", required=True, help="the hand-written loader, e.g. SealLibrary")
    ap.add_argument("--command", default=DEFAULT_COMMAND, help="the command named in the generated banner")
    ap.add_argument("-I", dest="include_dirs", action="append", default=[])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if --out differs")
    ap.add_argument("--verbose", action="store_true", help="also list the macros that get no binding")
    a = ap.parse_args(argv)
    try:
        files = generated_files(a.header, a.package, a.header_class, a.library_class, a.header, a.command,
                                a.include_dirs, a.verbose)
    except BindgenError as e:
        print(f"gen-bindings: {a.header}: {e}", file=sys.stderr)
        return 2
    if a.check:
        problems = check(a.out, files)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            print(f"gen-bindings: {a.out} is not what {a.header} generates: run {a.command}", file=sys.stderr)
            return 1
        print(f"gen-bindings: {a.out} matches {a.header} ({len(files)} files)")
        return 0
    changed, removed = write(a.out, files)
    print(f"gen-bindings: {len(files)} files in {a.out}: {len(changed)} rewritten"
          + (f" ({', '.join(changed)})" if changed else "")
          + (f", removed {', '.join(removed)}" if removed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
