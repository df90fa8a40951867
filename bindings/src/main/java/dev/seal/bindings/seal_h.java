// Generated from native/include/seal.h by scripts/gen-bindings.sh (libclang, in jextract's shape).
// Do not edit: change native/include/seal.h and rerun scripts/gen-bindings.sh; scripts/test.sh fails when this
// file differs from the generator's output.

package dev.seal.bindings;

import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;

@SuppressWarnings("unused")
public final class seal_h {
    private seal_h() {}

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    static MethodHandle downcall(String name, FunctionDescriptor desc) {
        return SealLibrary.downcall(name, desc);
    }

    static MemorySegment address(String name) {
        return SealLibrary.find(name);
    }

    private static final int SEAL_API_VERSION = 3;

    /** {@snippet lang=c : #define SEAL_API_VERSION 3 } */
    public static int SEAL_API_VERSION() {
        return SEAL_API_VERSION;
    }

    private static final int SEAL_OK = 0;

    /** {@snippet lang=c : #define SEAL_OK 0 } */
    public static int SEAL_OK() {
        return SEAL_OK;
    }

    private static final int SEAL_E_INVALID_ARGUMENT = -1;

    /** {@snippet lang=c : #define SEAL_E_INVALID_ARGUMENT -1 } */
    public static int SEAL_E_INVALID_ARGUMENT() {
        return SEAL_E_INVALID_ARGUMENT;
    }

    private static final int SEAL_E_IO = -2;

    /** {@snippet lang=c : #define SEAL_E_IO -2 } */
    public static int SEAL_E_IO() {
        return SEAL_E_IO;
    }

    private static final int SEAL_E_MODEL = -3;

    /** {@snippet lang=c : #define SEAL_E_MODEL -3 } */
    public static int SEAL_E_MODEL() {
        return SEAL_E_MODEL;
    }

    private static final int SEAL_E_NO_HEAD = -4;

    /** {@snippet lang=c : #define SEAL_E_NO_HEAD -4 } */
    public static int SEAL_E_NO_HEAD() {
        return SEAL_E_NO_HEAD;
    }

    private static final int SEAL_E_TOO_LONG = -5;

    /** {@snippet lang=c : #define SEAL_E_TOO_LONG -5 } */
    public static int SEAL_E_TOO_LONG() {
        return SEAL_E_TOO_LONG;
    }

    private static final int SEAL_E_DECODE = -6;

    /** {@snippet lang=c : #define SEAL_E_DECODE -6 } */
    public static int SEAL_E_DECODE() {
        return SEAL_E_DECODE;
    }

    private static final int SEAL_E_OUT_OF_MEMORY = -7;

    /** {@snippet lang=c : #define SEAL_E_OUT_OF_MEMORY -7 } */
    public static int SEAL_E_OUT_OF_MEMORY() {
        return SEAL_E_OUT_OF_MEMORY;
    }

    private static final int SEAL_E_TEMPLATE = -8;

    /** {@snippet lang=c : #define SEAL_E_TEMPLATE -8 } */
    public static int SEAL_E_TEMPLATE() {
        return SEAL_E_TEMPLATE;
    }

    private static final int SEAL_E_BUFFER_TOO_SMALL = -9;

    /** {@snippet lang=c : #define SEAL_E_BUFFER_TOO_SMALL -9 } */
    public static int SEAL_E_BUFFER_TOO_SMALL() {
        return SEAL_E_BUFFER_TOO_SMALL;
    }

    private static final int SEAL_E_EMPTY = -10;

    /** {@snippet lang=c : #define SEAL_E_EMPTY -10 } */
    public static int SEAL_E_EMPTY() {
        return SEAL_E_EMPTY;
    }

    private static final int SEAL_E_INTERNAL = -11;

    /** {@snippet lang=c : #define SEAL_E_INTERNAL -11 } */
    public static int SEAL_E_INTERNAL() {
        return SEAL_E_INTERNAL;
    }

    private static final int SEAL_E_NOT_GENERATIVE = -12;

    /** {@snippet lang=c : #define SEAL_E_NOT_GENERATIVE -12 } */
    public static int SEAL_E_NOT_GENERATIVE() {
        return SEAL_E_NOT_GENERATIVE;
    }

    private static final int SEAL_HEAD_NONE = 0;

    /** {@snippet lang=c : #define SEAL_HEAD_NONE 0 } */
    public static int SEAL_HEAD_NONE() {
        return SEAL_HEAD_NONE;
    }

    private static final int SEAL_HEAD_LAST_TOKEN = 1;

    /** {@snippet lang=c : #define SEAL_HEAD_LAST_TOKEN 1 } */
    public static int SEAL_HEAD_LAST_TOKEN() {
        return SEAL_HEAD_LAST_TOKEN;
    }

    private static final int SEAL_HEAD_CLASSIFIER = 2;

    /** {@snippet lang=c : #define SEAL_HEAD_CLASSIFIER 2 } */
    public static int SEAL_HEAD_CLASSIFIER() {
        return SEAL_HEAD_CLASSIFIER;
    }

    private static final int SEAL_DEVICE_CPU = 0;

    /** {@snippet lang=c : #define SEAL_DEVICE_CPU 0 } */
    public static int SEAL_DEVICE_CPU() {
        return SEAL_DEVICE_CPU;
    }

    private static final int SEAL_DEVICE_GPU = 1;

    /** {@snippet lang=c : #define SEAL_DEVICE_GPU 1 } */
    public static int SEAL_DEVICE_GPU() {
        return SEAL_DEVICE_GPU;
    }

    private static final int SEAL_DEVICE_IGPU = 2;

    /** {@snippet lang=c : #define SEAL_DEVICE_IGPU 2 } */
    public static int SEAL_DEVICE_IGPU() {
        return SEAL_DEVICE_IGPU;
    }

    private static final int SEAL_DEVICE_ACCEL = 3;

    /** {@snippet lang=c : #define SEAL_DEVICE_ACCEL 3 } */
    public static int SEAL_DEVICE_ACCEL() {
        return SEAL_DEVICE_ACCEL;
    }

    private static final int SEAL_FINISH_NONE = 0;

    /** {@snippet lang=c : #define SEAL_FINISH_NONE 0 } */
    public static int SEAL_FINISH_NONE() {
        return SEAL_FINISH_NONE;
    }

    private static final int SEAL_FINISH_EOG = 1;

    /** {@snippet lang=c : #define SEAL_FINISH_EOG 1 } */
    public static int SEAL_FINISH_EOG() {
        return SEAL_FINISH_EOG;
    }

    private static final int SEAL_FINISH_LENGTH = 2;

    /** {@snippet lang=c : #define SEAL_FINISH_LENGTH 2 } */
    public static int SEAL_FINISH_LENGTH() {
        return SEAL_FINISH_LENGTH;
    }

    private static final int SEAL_FINISH_STOP = 3;

    /** {@snippet lang=c : #define SEAL_FINISH_STOP 3 } */
    public static int SEAL_FINISH_STOP() {
        return SEAL_FINISH_STOP;
    }

    private static final int SEAL_POOLING_MEAN = 1;

    /** {@snippet lang=c : #define SEAL_POOLING_MEAN 1 } */
    public static int SEAL_POOLING_MEAN() {
        return SEAL_POOLING_MEAN;
    }

    private static final int SEAL_POOLING_CLS = 2;

    /** {@snippet lang=c : #define SEAL_POOLING_CLS 2 } */
    public static int SEAL_POOLING_CLS() {
        return SEAL_POOLING_CLS;
    }

    private static final int SEAL_POOLING_LAST = 3;

    /** {@snippet lang=c : #define SEAL_POOLING_LAST 3 } */
    public static int SEAL_POOLING_LAST() {
        return SEAL_POOLING_LAST;
    }

    private static final class seal_last_error {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_last_error", DESC);
    }

    /** Function descriptor of {@snippet lang=c : const char *seal_last_error(void) } */
    public static FunctionDescriptor seal_last_error$descriptor() {
        return seal_last_error.DESC;
    }

    public static MethodHandle seal_last_error$handle() {
        return seal_last_error.HANDLE;
    }

    public static MemorySegment seal_last_error$address() {
        return address("seal_last_error");
    }

    /** {@snippet lang=c : const char *seal_last_error(void) } */
    public static MemorySegment seal_last_error() {
        var mh$ = seal_last_error.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_api_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT);
        static final MethodHandle HANDLE = downcall("seal_api_version", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_api_version(void) } */
    public static FunctionDescriptor seal_api_version$descriptor() {
        return seal_api_version.DESC;
    }

    public static MethodHandle seal_api_version$handle() {
        return seal_api_version.HANDLE;
    }

    public static MemorySegment seal_api_version$address() {
        return address("seal_api_version");
    }

    /** {@snippet lang=c : int32_t seal_api_version(void) } */
    public static int seal_api_version() {
        var mh$ = seal_api_version.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_build_info {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_build_info", DESC);
    }

    /** Function descriptor of {@snippet lang=c : const char *seal_build_info(void) } */
    public static FunctionDescriptor seal_build_info$descriptor() {
        return seal_build_info.DESC;
    }

    public static MethodHandle seal_build_info$handle() {
        return seal_build_info.HANDLE;
    }

    public static MemorySegment seal_build_info$address() {
        return address("seal_build_info");
    }

    /** {@snippet lang=c : const char *seal_build_info(void) } */
    public static MemorySegment seal_build_info() {
        var mh$ = seal_build_info.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_set_log_level {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(seal_h.C_INT);
        static final MethodHandle HANDLE = downcall("seal_set_log_level", DESC);
    }

    /** Function descriptor of {@snippet lang=c : void seal_set_log_level(int32_t level) } */
    public static FunctionDescriptor seal_set_log_level$descriptor() {
        return seal_set_log_level.DESC;
    }

    public static MethodHandle seal_set_log_level$handle() {
        return seal_set_log_level.HANDLE;
    }

    public static MemorySegment seal_set_log_level$address() {
        return address("seal_set_log_level");
    }

    /** {@snippet lang=c : void seal_set_log_level(int32_t level) } */
    public static void seal_set_log_level(int level) {
        var mh$ = seal_set_log_level.HANDLE;
        try {
            mh$.invokeExact(level);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_abi_sizeof {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_LONG, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_abi_sizeof", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int64_t seal_abi_sizeof(const char *struct_name) } */
    public static FunctionDescriptor seal_abi_sizeof$descriptor() {
        return seal_abi_sizeof.DESC;
    }

    public static MethodHandle seal_abi_sizeof$handle() {
        return seal_abi_sizeof.HANDLE;
    }

    public static MemorySegment seal_abi_sizeof$address() {
        return address("seal_abi_sizeof");
    }

    /** {@snippet lang=c : int64_t seal_abi_sizeof(const char *struct_name) } */
    public static long seal_abi_sizeof(MemorySegment struct_name) {
        var mh$ = seal_abi_sizeof.HANDLE;
        try {
            return (long) mh$.invokeExact(struct_name);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_abi_offsetof {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_LONG, seal_h.C_POINTER, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_abi_offsetof", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int64_t seal_abi_offsetof(const char *struct_name, const char *field_name) } */
    public static FunctionDescriptor seal_abi_offsetof$descriptor() {
        return seal_abi_offsetof.DESC;
    }

    public static MethodHandle seal_abi_offsetof$handle() {
        return seal_abi_offsetof.HANDLE;
    }

    public static MemorySegment seal_abi_offsetof$address() {
        return address("seal_abi_offsetof");
    }

    /** {@snippet lang=c : int64_t seal_abi_offsetof(const char *struct_name, const char *field_name) } */
    public static long seal_abi_offsetof(MemorySegment struct_name, MemorySegment field_name) {
        var mh$ = seal_abi_offsetof.HANDLE;
        try {
            return (long) mh$.invokeExact(struct_name, field_name);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_backend_device_count {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT);
        static final MethodHandle HANDLE = downcall("seal_backend_device_count", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_backend_device_count(void) } */
    public static FunctionDescriptor seal_backend_device_count$descriptor() {
        return seal_backend_device_count.DESC;
    }

    public static MethodHandle seal_backend_device_count$handle() {
        return seal_backend_device_count.HANDLE;
    }

    public static MemorySegment seal_backend_device_count$address() {
        return address("seal_backend_device_count");
    }

    /** {@snippet lang=c : int32_t seal_backend_device_count(void) } */
    public static int seal_backend_device_count() {
        var mh$ = seal_backend_device_count.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_backend_device_info {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_INT, seal_h.C_BOOL, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_backend_device_info", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_backend_device_info(int32_t index, bool with_memory, seal_device_info *out) } */
    public static FunctionDescriptor seal_backend_device_info$descriptor() {
        return seal_backend_device_info.DESC;
    }

    public static MethodHandle seal_backend_device_info$handle() {
        return seal_backend_device_info.HANDLE;
    }

    public static MemorySegment seal_backend_device_info$address() {
        return address("seal_backend_device_info");
    }

    /** {@snippet lang=c : int32_t seal_backend_device_info(int32_t index, bool with_memory, seal_device_info *out) } */
    public static int seal_backend_device_info(int index, boolean with_memory, MemorySegment out) {
        var mh$ = seal_backend_device_info.HANDLE;
        try {
            return (int) mh$.invokeExact(index, with_memory, out);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_model_default_params {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_model_params.layout());
        static final MethodHandle HANDLE = downcall("seal_model_default_params", DESC);
    }

    /** Function descriptor of {@snippet lang=c : seal_model_params seal_model_default_params(void) } */
    public static FunctionDescriptor seal_model_default_params$descriptor() {
        return seal_model_default_params.DESC;
    }

    public static MethodHandle seal_model_default_params$handle() {
        return seal_model_default_params.HANDLE;
    }

    public static MemorySegment seal_model_default_params$address() {
        return address("seal_model_default_params");
    }

    /** {@snippet lang=c : seal_model_params seal_model_default_params(void) } */
    public static MemorySegment seal_model_default_params(SegmentAllocator allocator) {
        var mh$ = seal_model_default_params.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(allocator);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_model_load {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_model_params.layout(), seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_model_load", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_model_load(const char *path, seal_model_params params, seal_model **out) } */
    public static FunctionDescriptor seal_model_load$descriptor() {
        return seal_model_load.DESC;
    }

    public static MethodHandle seal_model_load$handle() {
        return seal_model_load.HANDLE;
    }

    public static MemorySegment seal_model_load$address() {
        return address("seal_model_load");
    }

    /** {@snippet lang=c : int32_t seal_model_load(const char *path, seal_model_params params, seal_model **out) } */
    public static int seal_model_load(MemorySegment path, MemorySegment params, MemorySegment out) {
        var mh$ = seal_model_load.HANDLE;
        try {
            return (int) mh$.invokeExact(path, params, out);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_model_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_model_free", DESC);
    }

    /** Function descriptor of {@snippet lang=c : void seal_model_free(seal_model *model) } */
    public static FunctionDescriptor seal_model_free$descriptor() {
        return seal_model_free.DESC;
    }

    public static MethodHandle seal_model_free$handle() {
        return seal_model_free.HANDLE;
    }

    public static MemorySegment seal_model_free$address() {
        return address("seal_model_free");
    }

    /** {@snippet lang=c : void seal_model_free(seal_model *model) } */
    public static void seal_model_free(MemorySegment model) {
        var mh$ = seal_model_free.HANDLE;
        try {
            mh$.invokeExact(model);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_model_describe {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_model_describe", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_model_describe(const seal_model *model, seal_model_info *out) } */
    public static FunctionDescriptor seal_model_describe$descriptor() {
        return seal_model_describe.DESC;
    }

    public static MethodHandle seal_model_describe$handle() {
        return seal_model_describe.HANDLE;
    }

    public static MemorySegment seal_model_describe$address() {
        return address("seal_model_describe");
    }

    /** {@snippet lang=c : int32_t seal_model_describe(const seal_model *model, seal_model_info *out) } */
    public static int seal_model_describe(MemorySegment model, MemorySegment out) {
        var mh$ = seal_model_describe.HANDLE;
        try {
            return (int) mh$.invokeExact(model, out);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_model_label {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_model_label", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_model_label(const seal_model *model, int32_t i, char *buf, int32_t buf_size, int32_t *n_required) } */
    public static FunctionDescriptor seal_model_label$descriptor() {
        return seal_model_label.DESC;
    }

    public static MethodHandle seal_model_label$handle() {
        return seal_model_label.HANDLE;
    }

    public static MemorySegment seal_model_label$address() {
        return address("seal_model_label");
    }

    /** {@snippet lang=c : int32_t seal_model_label(const seal_model *model, int32_t i, char *buf, int32_t buf_size, int32_t *n_required) } */
    public static int seal_model_label(MemorySegment model, int i, MemorySegment buf, int buf_size, MemorySegment n_required) {
        var mh$ = seal_model_label.HANDLE;
        try {
            return (int) mh$.invokeExact(model, i, buf, buf_size, n_required);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_model_meta {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_model_meta", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_model_meta(const seal_model *model, const char *key, char *buf, int32_t buf_size, int32_t *n_required) } */
    public static FunctionDescriptor seal_model_meta$descriptor() {
        return seal_model_meta.DESC;
    }

    public static MethodHandle seal_model_meta$handle() {
        return seal_model_meta.HANDLE;
    }

    public static MemorySegment seal_model_meta$address() {
        return address("seal_model_meta");
    }

    /** {@snippet lang=c : int32_t seal_model_meta(const seal_model *model, const char *key, char *buf, int32_t buf_size, int32_t *n_required) } */
    public static int seal_model_meta(MemorySegment model, MemorySegment key, MemorySegment buf, int buf_size, MemorySegment n_required) {
        var mh$ = seal_model_meta.HANDLE;
        try {
            return (int) mh$.invokeExact(model, key, buf, buf_size, n_required);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_model_tokenize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_BOOL, seal_h.C_BOOL, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_model_tokenize", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_model_tokenize(const seal_model *model, const char *text, int32_t text_len, bool add_special, bool parse_special, int32_t *tokens, int32_t n_tokens_max, int32_t *n_tokens) } */
    public static FunctionDescriptor seal_model_tokenize$descriptor() {
        return seal_model_tokenize.DESC;
    }

    public static MethodHandle seal_model_tokenize$handle() {
        return seal_model_tokenize.HANDLE;
    }

    public static MemorySegment seal_model_tokenize$address() {
        return address("seal_model_tokenize");
    }

    /** {@snippet lang=c : int32_t seal_model_tokenize(const seal_model *model, const char *text, int32_t text_len, bool add_special, bool parse_special, int32_t *tokens, int32_t n_tokens_max, int32_t *n_tokens) } */
    public static int seal_model_tokenize(MemorySegment model, MemorySegment text, int text_len, boolean add_special, boolean parse_special, MemorySegment tokens, int n_tokens_max, MemorySegment n_tokens) {
        var mh$ = seal_model_tokenize.HANDLE;
        try {
            return (int) mh$.invokeExact(model, text, text_len, add_special, parse_special, tokens, n_tokens_max, n_tokens);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_model_detokenize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_BOOL, seal_h.C_BOOL, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_model_detokenize", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_model_detokenize(const seal_model *model, const int32_t *tokens, int32_t n_tokens, bool remove_special, bool unparse_special, char *buf, int32_t buf_size, int32_t *n_bytes) } */
    public static FunctionDescriptor seal_model_detokenize$descriptor() {
        return seal_model_detokenize.DESC;
    }

    public static MethodHandle seal_model_detokenize$handle() {
        return seal_model_detokenize.HANDLE;
    }

    public static MemorySegment seal_model_detokenize$address() {
        return address("seal_model_detokenize");
    }

    /** {@snippet lang=c : int32_t seal_model_detokenize(const seal_model *model, const int32_t *tokens, int32_t n_tokens, bool remove_special, bool unparse_special, char *buf, int32_t buf_size, int32_t *n_bytes) } */
    public static int seal_model_detokenize(MemorySegment model, MemorySegment tokens, int n_tokens, boolean remove_special, boolean unparse_special, MemorySegment buf, int buf_size, MemorySegment n_bytes) {
        var mh$ = seal_model_detokenize.HANDLE;
        try {
            return (int) mh$.invokeExact(model, tokens, n_tokens, remove_special, unparse_special, buf, buf_size, n_bytes);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_model_render_chat {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_BOOL, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_model_render_chat", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_model_render_chat(const seal_model *model, const char *template_override, const char *const *roles, const char *const *contents, int32_t n_messages, bool add_generation_prompt, char *buf, int32_t buf_size, int32_t *n_bytes) } */
    public static FunctionDescriptor seal_model_render_chat$descriptor() {
        return seal_model_render_chat.DESC;
    }

    public static MethodHandle seal_model_render_chat$handle() {
        return seal_model_render_chat.HANDLE;
    }

    public static MemorySegment seal_model_render_chat$address() {
        return address("seal_model_render_chat");
    }

    /** {@snippet lang=c : int32_t seal_model_render_chat(const seal_model *model, const char *template_override, const char *const *roles, const char *const *contents, int32_t n_messages, bool add_generation_prompt, char *buf, int32_t buf_size, int32_t *n_bytes) } */
    public static int seal_model_render_chat(MemorySegment model, MemorySegment template_override, MemorySegment roles, MemorySegment contents, int n_messages, boolean add_generation_prompt, MemorySegment buf, int buf_size, MemorySegment n_bytes) {
        var mh$ = seal_model_render_chat.HANDLE;
        try {
            return (int) mh$.invokeExact(model, template_override, roles, contents, n_messages, add_generation_prompt, buf, buf_size, n_bytes);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_model_quantize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_INT);
        static final MethodHandle HANDLE = downcall("seal_model_quantize", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_model_quantize(const char *path_in, const char *path_out, const char *type, int32_t n_threads) } */
    public static FunctionDescriptor seal_model_quantize$descriptor() {
        return seal_model_quantize.DESC;
    }

    public static MethodHandle seal_model_quantize$handle() {
        return seal_model_quantize.HANDLE;
    }

    public static MemorySegment seal_model_quantize$address() {
        return address("seal_model_quantize");
    }

    /** {@snippet lang=c : int32_t seal_model_quantize(const char *path_in, const char *path_out, const char *type, int32_t n_threads) } */
    public static int seal_model_quantize(MemorySegment path_in, MemorySegment path_out, MemorySegment type, int n_threads) {
        var mh$ = seal_model_quantize.HANDLE;
        try {
            return (int) mh$.invokeExact(path_in, path_out, type, n_threads);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_scorer_default_params {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_scorer_params.layout());
        static final MethodHandle HANDLE = downcall("seal_scorer_default_params", DESC);
    }

    /** Function descriptor of {@snippet lang=c : seal_scorer_params seal_scorer_default_params(void) } */
    public static FunctionDescriptor seal_scorer_default_params$descriptor() {
        return seal_scorer_default_params.DESC;
    }

    public static MethodHandle seal_scorer_default_params$handle() {
        return seal_scorer_default_params.HANDLE;
    }

    public static MemorySegment seal_scorer_default_params$address() {
        return address("seal_scorer_default_params");
    }

    /** {@snippet lang=c : seal_scorer_params seal_scorer_default_params(void) } */
    public static MemorySegment seal_scorer_default_params(SegmentAllocator allocator) {
        var mh$ = seal_scorer_default_params.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(allocator);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_scorer_init {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_scorer_params.layout(), seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_scorer_init", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_scorer_init(seal_model *model, seal_scorer_params params, seal_scorer **out) } */
    public static FunctionDescriptor seal_scorer_init$descriptor() {
        return seal_scorer_init.DESC;
    }

    public static MethodHandle seal_scorer_init$handle() {
        return seal_scorer_init.HANDLE;
    }

    public static MemorySegment seal_scorer_init$address() {
        return address("seal_scorer_init");
    }

    /** {@snippet lang=c : int32_t seal_scorer_init(seal_model *model, seal_scorer_params params, seal_scorer **out) } */
    public static int seal_scorer_init(MemorySegment model, MemorySegment params, MemorySegment out) {
        var mh$ = seal_scorer_init.HANDLE;
        try {
            return (int) mh$.invokeExact(model, params, out);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_scorer_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_scorer_free", DESC);
    }

    /** Function descriptor of {@snippet lang=c : void seal_scorer_free(seal_scorer *scorer) } */
    public static FunctionDescriptor seal_scorer_free$descriptor() {
        return seal_scorer_free.DESC;
    }

    public static MethodHandle seal_scorer_free$handle() {
        return seal_scorer_free.HANDLE;
    }

    public static MemorySegment seal_scorer_free$address() {
        return address("seal_scorer_free");
    }

    /** {@snippet lang=c : void seal_scorer_free(seal_scorer *scorer) } */
    public static void seal_scorer_free(MemorySegment scorer) {
        var mh$ = seal_scorer_free.HANDLE;
        try {
            mh$.invokeExact(scorer);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_scorer_max_seq_tokens {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_scorer_max_seq_tokens", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_scorer_max_seq_tokens(const seal_scorer *scorer) } */
    public static FunctionDescriptor seal_scorer_max_seq_tokens$descriptor() {
        return seal_scorer_max_seq_tokens.DESC;
    }

    public static MethodHandle seal_scorer_max_seq_tokens$handle() {
        return seal_scorer_max_seq_tokens.HANDLE;
    }

    public static MemorySegment seal_scorer_max_seq_tokens$address() {
        return address("seal_scorer_max_seq_tokens");
    }

    /** {@snippet lang=c : int32_t seal_scorer_max_seq_tokens(const seal_scorer *scorer) } */
    public static int seal_scorer_max_seq_tokens(MemorySegment scorer) {
        var mh$ = seal_scorer_max_seq_tokens.HANDLE;
        try {
            return (int) mh$.invokeExact(scorer);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_scorer_n_batch {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_scorer_n_batch", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_scorer_n_batch(const seal_scorer *scorer) } */
    public static FunctionDescriptor seal_scorer_n_batch$descriptor() {
        return seal_scorer_n_batch.DESC;
    }

    public static MethodHandle seal_scorer_n_batch$handle() {
        return seal_scorer_n_batch.HANDLE;
    }

    public static MemorySegment seal_scorer_n_batch$address() {
        return address("seal_scorer_n_batch");
    }

    /** {@snippet lang=c : int32_t seal_scorer_n_batch(const seal_scorer *scorer) } */
    public static int seal_scorer_n_batch(MemorySegment scorer) {
        var mh$ = seal_scorer_n_batch.HANDLE;
        try {
            return (int) mh$.invokeExact(scorer);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_scorer_score {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_scorer_score", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_scorer_score(seal_scorer *scorer, int32_t n_seqs, const int32_t *tokens, const int64_t *offsets, const int32_t *groups, float *rewards, int32_t *seq_status, int32_t *shared, seal_score_stats *stats) } */
    public static FunctionDescriptor seal_scorer_score$descriptor() {
        return seal_scorer_score.DESC;
    }

    public static MethodHandle seal_scorer_score$handle() {
        return seal_scorer_score.HANDLE;
    }

    public static MemorySegment seal_scorer_score$address() {
        return address("seal_scorer_score");
    }

    /** {@snippet lang=c : int32_t seal_scorer_score(seal_scorer *scorer, int32_t n_seqs, const int32_t *tokens, const int64_t *offsets, const int32_t *groups, float *rewards, int32_t *seq_status, int32_t *shared, seal_score_stats *stats) } */
    public static int seal_scorer_score(MemorySegment scorer, int n_seqs, MemorySegment tokens, MemorySegment offsets, MemorySegment groups, MemorySegment rewards, MemorySegment seq_status, MemorySegment shared, MemorySegment stats) {
        var mh$ = seal_scorer_score.HANDLE;
        try {
            return (int) mh$.invokeExact(scorer, n_seqs, tokens, offsets, groups, rewards, seq_status, shared, stats);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_prober_default_params {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_prober_params.layout());
        static final MethodHandle HANDLE = downcall("seal_prober_default_params", DESC);
    }

    /** Function descriptor of {@snippet lang=c : seal_prober_params seal_prober_default_params(void) } */
    public static FunctionDescriptor seal_prober_default_params$descriptor() {
        return seal_prober_default_params.DESC;
    }

    public static MethodHandle seal_prober_default_params$handle() {
        return seal_prober_default_params.HANDLE;
    }

    public static MemorySegment seal_prober_default_params$address() {
        return address("seal_prober_default_params");
    }

    /** {@snippet lang=c : seal_prober_params seal_prober_default_params(void) } */
    public static MemorySegment seal_prober_default_params(SegmentAllocator allocator) {
        var mh$ = seal_prober_default_params.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(allocator);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_prober_init {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_prober_params.layout(), seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_prober_init", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_prober_init(seal_model *model, seal_prober_params params, seal_prober **out) } */
    public static FunctionDescriptor seal_prober_init$descriptor() {
        return seal_prober_init.DESC;
    }

    public static MethodHandle seal_prober_init$handle() {
        return seal_prober_init.HANDLE;
    }

    public static MemorySegment seal_prober_init$address() {
        return address("seal_prober_init");
    }

    /** {@snippet lang=c : int32_t seal_prober_init(seal_model *model, seal_prober_params params, seal_prober **out) } */
    public static int seal_prober_init(MemorySegment model, MemorySegment params, MemorySegment out) {
        var mh$ = seal_prober_init.HANDLE;
        try {
            return (int) mh$.invokeExact(model, params, out);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_prober_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_prober_free", DESC);
    }

    /** Function descriptor of {@snippet lang=c : void seal_prober_free(seal_prober *prober) } */
    public static FunctionDescriptor seal_prober_free$descriptor() {
        return seal_prober_free.DESC;
    }

    public static MethodHandle seal_prober_free$handle() {
        return seal_prober_free.HANDLE;
    }

    public static MemorySegment seal_prober_free$address() {
        return address("seal_prober_free");
    }

    /** {@snippet lang=c : void seal_prober_free(seal_prober *prober) } */
    public static void seal_prober_free(MemorySegment prober) {
        var mh$ = seal_prober_free.HANDLE;
        try {
            mh$.invokeExact(prober);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_prober_probe {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_prober_probe", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_prober_probe(seal_prober *prober, int32_t n_texts, const int32_t *text_tokens, const int64_t *text_offsets, int32_t n_questions, const int32_t *question_tokens, const int64_t *question_offsets, int32_t n_candidates, const int32_t *candidates, float *probs, int32_t *text_status, seal_score_stats *stats) } */
    public static FunctionDescriptor seal_prober_probe$descriptor() {
        return seal_prober_probe.DESC;
    }

    public static MethodHandle seal_prober_probe$handle() {
        return seal_prober_probe.HANDLE;
    }

    public static MemorySegment seal_prober_probe$address() {
        return address("seal_prober_probe");
    }

    /** {@snippet lang=c : int32_t seal_prober_probe(seal_prober *prober, int32_t n_texts, const int32_t *text_tokens, const int64_t *text_offsets, int32_t n_questions, const int32_t *question_tokens, const int64_t *question_offsets, int32_t n_candidates, const int32_t *candidates, float *probs, int32_t *text_status, seal_score_stats *stats) } */
    public static int seal_prober_probe(MemorySegment prober, int n_texts, MemorySegment text_tokens, MemorySegment text_offsets, int n_questions, MemorySegment question_tokens, MemorySegment question_offsets, int n_candidates, MemorySegment candidates, MemorySegment probs, MemorySegment text_status, MemorySegment stats) {
        var mh$ = seal_prober_probe.HANDLE;
        try {
            return (int) mh$.invokeExact(prober, n_texts, text_tokens, text_offsets, n_questions, question_tokens, question_offsets, n_candidates, candidates, probs, text_status, stats);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_json_schema_to_grammar {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_json_schema_to_grammar", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_json_schema_to_grammar(const char *schema, char *buf, int32_t buf_size, int32_t *n_bytes) } */
    public static FunctionDescriptor seal_json_schema_to_grammar$descriptor() {
        return seal_json_schema_to_grammar.DESC;
    }

    public static MethodHandle seal_json_schema_to_grammar$handle() {
        return seal_json_schema_to_grammar.HANDLE;
    }

    public static MemorySegment seal_json_schema_to_grammar$address() {
        return address("seal_json_schema_to_grammar");
    }

    /** {@snippet lang=c : int32_t seal_json_schema_to_grammar(const char *schema, char *buf, int32_t buf_size, int32_t *n_bytes) } */
    public static int seal_json_schema_to_grammar(MemorySegment schema, MemorySegment buf, int buf_size, MemorySegment n_bytes) {
        var mh$ = seal_json_schema_to_grammar.HANDLE;
        try {
            return (int) mh$.invokeExact(schema, buf, buf_size, n_bytes);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_generator_default_params {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_generator_params.layout());
        static final MethodHandle HANDLE = downcall("seal_generator_default_params", DESC);
    }

    /** Function descriptor of {@snippet lang=c : seal_generator_params seal_generator_default_params(void) } */
    public static FunctionDescriptor seal_generator_default_params$descriptor() {
        return seal_generator_default_params.DESC;
    }

    public static MethodHandle seal_generator_default_params$handle() {
        return seal_generator_default_params.HANDLE;
    }

    public static MemorySegment seal_generator_default_params$address() {
        return address("seal_generator_default_params");
    }

    /** {@snippet lang=c : seal_generator_params seal_generator_default_params(void) } */
    public static MemorySegment seal_generator_default_params(SegmentAllocator allocator) {
        var mh$ = seal_generator_default_params.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(allocator);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_sampling_default_params {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_sampling_params.layout());
        static final MethodHandle HANDLE = downcall("seal_sampling_default_params", DESC);
    }

    /** Function descriptor of {@snippet lang=c : seal_sampling_params seal_sampling_default_params(void) } */
    public static FunctionDescriptor seal_sampling_default_params$descriptor() {
        return seal_sampling_default_params.DESC;
    }

    public static MethodHandle seal_sampling_default_params$handle() {
        return seal_sampling_default_params.HANDLE;
    }

    public static MemorySegment seal_sampling_default_params$address() {
        return address("seal_sampling_default_params");
    }

    /** {@snippet lang=c : seal_sampling_params seal_sampling_default_params(void) } */
    public static MemorySegment seal_sampling_default_params(SegmentAllocator allocator) {
        var mh$ = seal_sampling_default_params.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(allocator);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_generator_init {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_generator_params.layout(), seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_generator_init", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_generator_init(seal_model *model, seal_generator_params params, seal_generator **out) } */
    public static FunctionDescriptor seal_generator_init$descriptor() {
        return seal_generator_init.DESC;
    }

    public static MethodHandle seal_generator_init$handle() {
        return seal_generator_init.HANDLE;
    }

    public static MemorySegment seal_generator_init$address() {
        return address("seal_generator_init");
    }

    /** {@snippet lang=c : int32_t seal_generator_init(seal_model *model, seal_generator_params params, seal_generator **out) } */
    public static int seal_generator_init(MemorySegment model, MemorySegment params, MemorySegment out) {
        var mh$ = seal_generator_init.HANDLE;
        try {
            return (int) mh$.invokeExact(model, params, out);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_generator_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_generator_free", DESC);
    }

    /** Function descriptor of {@snippet lang=c : void seal_generator_free(seal_generator *generator) } */
    public static FunctionDescriptor seal_generator_free$descriptor() {
        return seal_generator_free.DESC;
    }

    public static MethodHandle seal_generator_free$handle() {
        return seal_generator_free.HANDLE;
    }

    public static MemorySegment seal_generator_free$address() {
        return address("seal_generator_free");
    }

    /** {@snippet lang=c : void seal_generator_free(seal_generator *generator) } */
    public static void seal_generator_free(MemorySegment generator) {
        var mh$ = seal_generator_free.HANDLE;
        try {
            mh$.invokeExact(generator);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_generator_generate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_generator_generate", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_generator_generate(seal_generator *generator, int32_t n_requests, const int32_t *prompt_tokens, const int64_t *prompt_offsets, const seal_sampling_params *sampling, const char *const *grammars, const char *const *stops, const int32_t *stop_offsets, int32_t *out_tokens, int32_t *n_out, int32_t *finish, int32_t *status, seal_score_stats *stats) } */
    public static FunctionDescriptor seal_generator_generate$descriptor() {
        return seal_generator_generate.DESC;
    }

    public static MethodHandle seal_generator_generate$handle() {
        return seal_generator_generate.HANDLE;
    }

    public static MemorySegment seal_generator_generate$address() {
        return address("seal_generator_generate");
    }

    /** {@snippet lang=c : int32_t seal_generator_generate(seal_generator *generator, int32_t n_requests, const int32_t *prompt_tokens, const int64_t *prompt_offsets, const seal_sampling_params *sampling, const char *const *grammars, const char *const *stops, const int32_t *stop_offsets, int32_t *out_tokens, int32_t *n_out, int32_t *finish, int32_t *status, seal_score_stats *stats) } */
    public static int seal_generator_generate(MemorySegment generator, int n_requests, MemorySegment prompt_tokens, MemorySegment prompt_offsets, MemorySegment sampling, MemorySegment grammars, MemorySegment stops, MemorySegment stop_offsets, MemorySegment out_tokens, MemorySegment n_out, MemorySegment finish, MemorySegment status, MemorySegment stats) {
        var mh$ = seal_generator_generate.HANDLE;
        try {
            return (int) mh$.invokeExact(generator, n_requests, prompt_tokens, prompt_offsets, sampling, grammars, stops, stop_offsets, out_tokens, n_out, finish, status, stats);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_embedder_default_params {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_embedder_params.layout());
        static final MethodHandle HANDLE = downcall("seal_embedder_default_params", DESC);
    }

    /** Function descriptor of {@snippet lang=c : seal_embedder_params seal_embedder_default_params(void) } */
    public static FunctionDescriptor seal_embedder_default_params$descriptor() {
        return seal_embedder_default_params.DESC;
    }

    public static MethodHandle seal_embedder_default_params$handle() {
        return seal_embedder_default_params.HANDLE;
    }

    public static MemorySegment seal_embedder_default_params$address() {
        return address("seal_embedder_default_params");
    }

    /** {@snippet lang=c : seal_embedder_params seal_embedder_default_params(void) } */
    public static MemorySegment seal_embedder_default_params(SegmentAllocator allocator) {
        var mh$ = seal_embedder_default_params.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(allocator);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_embedder_init {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_embedder_params.layout(), seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_embedder_init", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_embedder_init(seal_model *model, seal_embedder_params params, seal_embedder **out) } */
    public static FunctionDescriptor seal_embedder_init$descriptor() {
        return seal_embedder_init.DESC;
    }

    public static MethodHandle seal_embedder_init$handle() {
        return seal_embedder_init.HANDLE;
    }

    public static MemorySegment seal_embedder_init$address() {
        return address("seal_embedder_init");
    }

    /** {@snippet lang=c : int32_t seal_embedder_init(seal_model *model, seal_embedder_params params, seal_embedder **out) } */
    public static int seal_embedder_init(MemorySegment model, MemorySegment params, MemorySegment out) {
        var mh$ = seal_embedder_init.HANDLE;
        try {
            return (int) mh$.invokeExact(model, params, out);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_embedder_free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_embedder_free", DESC);
    }

    /** Function descriptor of {@snippet lang=c : void seal_embedder_free(seal_embedder *embedder) } */
    public static FunctionDescriptor seal_embedder_free$descriptor() {
        return seal_embedder_free.DESC;
    }

    public static MethodHandle seal_embedder_free$handle() {
        return seal_embedder_free.HANDLE;
    }

    public static MemorySegment seal_embedder_free$address() {
        return address("seal_embedder_free");
    }

    /** {@snippet lang=c : void seal_embedder_free(seal_embedder *embedder) } */
    public static void seal_embedder_free(MemorySegment embedder) {
        var mh$ = seal_embedder_free.HANDLE;
        try {
            mh$.invokeExact(embedder);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_embedder_n_embd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_embedder_n_embd", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_embedder_n_embd(const seal_embedder *embedder) } */
    public static FunctionDescriptor seal_embedder_n_embd$descriptor() {
        return seal_embedder_n_embd.DESC;
    }

    public static MethodHandle seal_embedder_n_embd$handle() {
        return seal_embedder_n_embd.HANDLE;
    }

    public static MemorySegment seal_embedder_n_embd$address() {
        return address("seal_embedder_n_embd");
    }

    /** {@snippet lang=c : int32_t seal_embedder_n_embd(const seal_embedder *embedder) } */
    public static int seal_embedder_n_embd(MemorySegment embedder) {
        var mh$ = seal_embedder_n_embd.HANDLE;
        try {
            return (int) mh$.invokeExact(embedder);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_embedder_pooling {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_embedder_pooling", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_embedder_pooling(const seal_embedder *embedder) } */
    public static FunctionDescriptor seal_embedder_pooling$descriptor() {
        return seal_embedder_pooling.DESC;
    }

    public static MethodHandle seal_embedder_pooling$handle() {
        return seal_embedder_pooling.HANDLE;
    }

    public static MemorySegment seal_embedder_pooling$address() {
        return address("seal_embedder_pooling");
    }

    /** {@snippet lang=c : int32_t seal_embedder_pooling(const seal_embedder *embedder) } */
    public static int seal_embedder_pooling(MemorySegment embedder) {
        var mh$ = seal_embedder_pooling.HANDLE;
        try {
            return (int) mh$.invokeExact(embedder);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class seal_embedder_embed {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(seal_h.C_INT, seal_h.C_POINTER, seal_h.C_INT, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER, seal_h.C_POINTER);
        static final MethodHandle HANDLE = downcall("seal_embedder_embed", DESC);
    }

    /** Function descriptor of {@snippet lang=c : int32_t seal_embedder_embed(seal_embedder *embedder, int32_t n_seqs, const int32_t *tokens, const int64_t *offsets, float *embeddings, int32_t *seq_status, seal_score_stats *stats) } */
    public static FunctionDescriptor seal_embedder_embed$descriptor() {
        return seal_embedder_embed.DESC;
    }

    public static MethodHandle seal_embedder_embed$handle() {
        return seal_embedder_embed.HANDLE;
    }

    public static MemorySegment seal_embedder_embed$address() {
        return address("seal_embedder_embed");
    }

    /** {@snippet lang=c : int32_t seal_embedder_embed(seal_embedder *embedder, int32_t n_seqs, const int32_t *tokens, const int64_t *offsets, float *embeddings, int32_t *seq_status, seal_score_stats *stats) } */
    public static int seal_embedder_embed(MemorySegment embedder, int n_seqs, MemorySegment tokens, MemorySegment offsets, MemorySegment embeddings, MemorySegment seq_status, MemorySegment stats) {
        var mh$ = seal_embedder_embed.HANDLE;
        try {
            return (int) mh$.invokeExact(embedder, n_seqs, tokens, offsets, embeddings, seq_status, stats);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

}
