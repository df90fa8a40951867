/* The implementation of bt.h that BtCheck.java calls through the generated bindings. */
#include "bt.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct bt_handle {
    bt_params params;
    char      name[12];
};

static const char * last_error = "";

int32_t bt_version(void) { return BT_VERSION; }
const char * bt_last_error(void) { return last_error; }
void bt_reset(void) { last_error = "reset"; }

#define BT_STRUCT(s) if (strcmp(struct_name, #s) == 0) return (int64_t) sizeof(s)
int64_t bt_abi_sizeof(const char * struct_name) {
    BT_STRUCT(bt_params);
    BT_STRUCT(bt_info);
    return -1;
}

#define BT_FIELD(s, f) if (strcmp(struct_name, #s) == 0 && strcmp(field_name, #f) == 0) return (int64_t) offsetof(s, f)
int64_t bt_abi_offsetof(const char * struct_name, const char * field_name) {
    BT_FIELD(bt_params, level); BT_FIELD(bt_params, fast); BT_FIELD(bt_params, safe);
    BT_FIELD(bt_info, name); BT_FIELD(bt_info, ok); BT_FIELD(bt_info, count); BT_FIELD(bt_info, flags);
    BT_FIELD(bt_info, big); BT_FIELD(bt_info, delta); BT_FIELD(bt_info, ratio); BT_FIELD(bt_info, weight);
    BT_FIELD(bt_info, color); BT_FIELD(bt_info, label); BT_FIELD(bt_info, params); BT_FIELD(bt_info, small);
    return -1;
}

bt_params bt_default_params(void) {
    bt_params p = { 7, true, false };
    return p;
}

int32_t bt_open(const char * name, bt_params params, bt_handle ** out) {
    if (name == NULL || out == NULL || strlen(name) >= sizeof((*out)->name)) {
        last_error = "bad open";
        return BT_E_FIRST;
    }
    bt_handle * h = calloc(1, sizeof *h);
    h->params = params;
    strcpy(h->name, name);
    *out = h;
    return BT_OK;
}

void bt_close(bt_handle * handle) {
    free(handle);
    last_error = "closed";
}

bt_info bt_make_info(int32_t count, bt_params params) {
    bt_info info;
    memset(&info, 0, sizeof info);
    strcpy(info.name, "made");
    info.ok = true;
    info.count = count;
    info.flags[0] = true;
    info.flags[2] = true;
    info.big = UINT64_MAX - 15;
    info.delta = -5;
    info.ratio = 0.5;
    info.weight = 1.5f;
    info.color = BT_GREEN;
    info.label = "lbl";
    info.params = params;
    info.small = -2;
    return info;
}

int32_t bt_describe(const bt_handle * handle, bt_info * out) {
    if (handle == NULL || out == NULL) {
        return BT_E_FIRST;
    }
    *out = bt_make_info(handle->params.level, handle->params);
    strcpy(out->name, handle->name);
    return BT_OK;
}

int32_t bt_join(const char * const * parts, int32_t n_parts, char * buf, int32_t buf_size, int32_t * n_required) {
    int32_t need = 0;
    for (int32_t i = 0; i < n_parts; i++) {
        need += (int32_t) strlen(parts[i]) + (i > 0);
    }
    *n_required = need + 1;
    if (need + 1 > buf_size) {
        return BT_E_FIRST;
    }
    buf[0] = '\0';
    for (int32_t i = 0; i < n_parts; i++) {
        if (i > 0) {
            strcat(buf, "-");
        }
        strcat(buf, parts[i]);
    }
    return BT_OK;
}

int64_t bt_sum(const int32_t * values, int64_t n, bool negate) {
    int64_t s = 0;
    for (int64_t i = 0; i < n; i++) {
        s += values[i];
    }
    return negate ? -s : s;
}

double bt_scale(double x, float by) { return x * by; }

enum bt_color bt_next_color(enum bt_color c) {
    return c == BT_RED ? BT_GREEN : c == BT_GREEN ? BT_BLUE : BT_RED;
}
