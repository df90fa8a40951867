// Quantization through llama.cpp's own quantizer, so seal's GGUFs use exactly llama.cpp's kernels'
// layouts. Every metadata key is copied, the seal.reward.* head included.
#include "internal.h"

#include <strings.h>

#include <cstring>
#include <cstdio>
#include <string>

namespace {

struct ftype_name { const char * name; llama_ftype ftype; };

const ftype_name k_ftypes[] = {
    {"f32", LLAMA_FTYPE_ALL_F32},          {"f16", LLAMA_FTYPE_MOSTLY_F16},       {"bf16", LLAMA_FTYPE_MOSTLY_BF16},
    {"q8_0", LLAMA_FTYPE_MOSTLY_Q8_0},     {"q4_0", LLAMA_FTYPE_MOSTLY_Q4_0},     {"q4_1", LLAMA_FTYPE_MOSTLY_Q4_1},
    {"q5_0", LLAMA_FTYPE_MOSTLY_Q5_0},     {"q5_1", LLAMA_FTYPE_MOSTLY_Q5_1},     {"q2_k", LLAMA_FTYPE_MOSTLY_Q2_K},
    {"q3_k_s", LLAMA_FTYPE_MOSTLY_Q3_K_S}, {"q3_k_m", LLAMA_FTYPE_MOSTLY_Q3_K_M}, {"q3_k_l", LLAMA_FTYPE_MOSTLY_Q3_K_L},
    {"q4_k_s", LLAMA_FTYPE_MOSTLY_Q4_K_S}, {"q4_k_m", LLAMA_FTYPE_MOSTLY_Q4_K_M}, {"q5_k_s", LLAMA_FTYPE_MOSTLY_Q5_K_S},
    {"q5_k_m", LLAMA_FTYPE_MOSTLY_Q5_K_M}, {"q6_k", LLAMA_FTYPE_MOSTLY_Q6_K},
};

} // namespace

extern "C" int32_t seal_model_quantize(const char * path_in, const char * path_out, const char * type, int32_t n_threads) {
    if (path_in == nullptr || path_out == nullptr || type == nullptr) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_model_quantize: paths and type must not be NULL");
    }
    std::string names;
    const ftype_name * found = nullptr;
    for (const auto & f : k_ftypes) {
        names += names.empty() ? f.name : std::string(", ") + f.name;
        if (strcasecmp(f.name, type) == 0) {
            found = &f;
        }
    }
    if (found == nullptr) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, std::string("unknown quantization type '") + type + "' (known: " + names + ")");
    }
    if (FILE * f = fopen(path_in, "rb")) {
        fclose(f);
    } else {
        return seal_fail(SEAL_E_IO, std::string("cannot open ") + path_in);
    }
    seal_ensure_backend();
    llama_model_quantize_params qp = llama_model_quantize_default_params();
    qp.nthread = n_threads;
    qp.ftype = found->ftype;
    seal_set_error("");
    if (llama_model_quantize(path_in, path_out, &qp) != 0) {
        return seal_fail(SEAL_E_MODEL, std::string("llama.cpp could not quantize ") + path_in + " to " + type + ": " +
                                           seal_last_error());
    }
    return SEAL_OK;
}
