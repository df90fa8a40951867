// The devices llama.cpp's backends see (ggml's device registry): what seal inspect, bench and score print, and
// what seal score --devices is checked against.
#include "internal.h"

#include "ggml-backend.h"

#include <cstdio>
#include <cstring>

extern "C" {

int32_t seal_backend_device_count(void) {
    seal_ensure_backend();
    return (int32_t) ggml_backend_dev_count();
}

int32_t seal_backend_device_info(int32_t index, bool with_memory, seal_device_info * out) {
    seal_ensure_backend();
    const int32_t n = (int32_t) ggml_backend_dev_count();
    if (out == nullptr || index < 0 || index >= n) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_backend_device_info: no device " + std::to_string(index) +
                                                      " (there are " + std::to_string(n) + ")");
    }
    ggml_backend_dev_t dev = ggml_backend_dev_get((size_t) index);
    memset(out, 0, sizeof(*out));
    snprintf(out->name, sizeof(out->name), "%s", ggml_backend_dev_name(dev));
    snprintf(out->description, sizeof(out->description), "%s", ggml_backend_dev_description(dev));
    out->type = (int32_t) ggml_backend_dev_type(dev);
    if (with_memory) {
        size_t free = 0;
        size_t total = 0;
        ggml_backend_dev_memory(dev, &free, &total);
        out->memory_free = free;
        out->memory_total = total;
    }
    return SEAL_OK;
}

} // extern "C"
