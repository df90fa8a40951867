/*
 * bt.h: a small header with every construct native/include/seal.h uses, plus a few more the generator
 * handles, for bindings/gen/test_gen_bindings.py. bt.c implements it; BtCheck.java calls it through
 * the generated bindings.
 */
#ifndef BT_H
#define BT_H

#include <stdbool.h>
#include <stdint.h>

#if defined(_WIN32)
#    define BT_API __declspec(dllexport)
#else
#    define BT_API __attribute__((visibility("default")))
#endif

/* integer constants, negative ones, expressions, and values wider than int */
#define BT_VERSION      3
#define BT_OK           0
#define BT_E_FIRST     -1   /* a comment after the value */
#define BT_E_LAST     -12
#define BT_FLAG_B      (1 << 4)
#define BT_BIG         5000000000
#define BT_ALL_BITS    0xFFFFFFFFu
#define BT_RATIO       0.25
#define BT_NAME        "bt"                          /* a string: no binding */
#define BT_MAX(a, b)   ((a) > (b) ? (a) : (b))       /* function-like: no binding */

enum bt_color { BT_RED, BT_GREEN = 5, BT_BLUE = -3 };

typedef struct bt_handle bt_handle;  /* opaque */

typedef struct bt_params {
    int32_t level;
    bool    fast;
    bool    safe;
} bt_params;

typedef struct bt_info {
    char          name[12];
    bool          ok;
    int32_t       count;
    bool          flags[3];
    uint64_t      big;
    int64_t       delta;
    double        ratio;
    float         weight;
    enum bt_color color;
    const char *  label;
    bt_params     params;
    int16_t       small;
} bt_info;

BT_API int32_t      bt_version(void);
BT_API const char * bt_last_error(void);
BT_API void         bt_reset(void);
BT_API int64_t      bt_abi_sizeof(const char * struct_name);
BT_API int64_t      bt_abi_offsetof(const char * struct_name, const char * field_name);

BT_API bt_params bt_default_params(void);
BT_API int32_t   bt_open(const char * name, bt_params params, bt_handle ** out);
BT_API void      bt_close(bt_handle * handle);
BT_API int32_t   bt_describe(const bt_handle * handle, bt_info * out);
BT_API bt_info   bt_make_info(int32_t count, bt_params params);

/* Joins parts with '-'; BT_E_FIRST and *n_required when buf is too small. */
BT_API int32_t bt_join(const char * const * parts, int32_t n_parts, char * buf, int32_t buf_size, int32_t * n_required);
BT_API int64_t bt_sum(const int32_t * values, int64_t n, bool negate);
BT_API double  bt_scale(double x, float by);
BT_API enum bt_color bt_next_color(enum bt_color c);

/* no symbol in the library: no binding */
static inline int bt_helper(int x) { return x + 1; }

#endif /* BT_H */
