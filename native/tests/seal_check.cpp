// Model-level check of the engine, for the GPU script and for debugging by hand:
//   seal_check MODEL.gguf [--gpu-layers N] [--device I] [--pairs N] [--tol X]
// 1. scores synthetic chat pairs batched with shared prefixes, and each text alone: must agree;
// 2. with --gpu-layers > 0 (a CUDA build), scores the same inputs on the CPU too: must agree within tol;
//    with --device I (seal_model_params.device) the model is on device I alone, and the memory each device lost
//    between before the load and after the scoring is printed, to see that only device I holds it;
// 3. frees the model while a scorer made from it is open, and scores again: the rewards must not change
//    (under SEAL_SANITIZE, AddressSanitizer also sees any use of freed memory).
// Prints the differences; exits 1 when a check fails.
#include "seal.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct tokenized {
    std::vector<int32_t> tokens;
    std::vector<int64_t> offsets{0};
    std::vector<int32_t> groups;
};

bool tokenize(seal_model * m, const std::string & text, std::vector<int32_t> & out) {
    int32_t n = 0;
    std::vector<int32_t> buf(text.size() + 8);
    if (seal_model_tokenize(m, text.data(), (int32_t) text.size(), true, false, buf.data(), (int32_t) buf.size(), &n) != SEAL_OK) {
        fprintf(stderr, "tokenize: %s\n", seal_last_error());
        return false;
    }
    out.insert(out.end(), buf.begin(), buf.begin() + n);
    return true;
}

seal_scorer * open_scorer(seal_model * m, bool batched) {
    seal_scorer_params p = seal_scorer_default_params();
    p.share_prefix = batched && getenv("SEAL_CHECK_NO_SHARE") == nullptr;
    if (const char * fa = getenv("SEAL_CHECK_FLASH_ATTN")) p.flash_attn = atoi(fa);
    if (const char * nb = getenv("SEAL_CHECK_BATCH")) p.n_batch = atoi(nb);
    p.kv_f32 = getenv("SEAL_CHECK_KV_F32") != nullptr;
    seal_scorer * s = nullptr;
    if (seal_scorer_init(m, p, &s) != SEAL_OK) {
        fprintf(stderr, "scorer: %s\n", seal_last_error());
        exit(2);
    }
    return s;
}

std::vector<float> score_with(seal_scorer * s, int32_t n_labels, const tokenized & t, bool batched, double * seconds) {
    const int32_t n = (int32_t) t.groups.size();
    std::vector<float> r((size_t) n * n_labels);
    *seconds = 0;
    if (batched) {
        seal_score_stats st;
        if (seal_scorer_score(s, n, t.tokens.data(), t.offsets.data(), t.groups.data(), r.data(), nullptr, nullptr, &st) != SEAL_OK) {
            fprintf(stderr, "score: %s\n", seal_last_error());
            exit(2);
        }
        *seconds = st.seconds_total;
        printf("  batched: %d decodes, %lld input tokens, %lld decoded\n", st.n_decodes, (long long) st.n_tokens_input,
               (long long) st.n_tokens_decoded);
    } else {
        for (int32_t i = 0; i < n; i++) {
            const int64_t off[2] = {0, t.offsets[i + 1] - t.offsets[i]};
            seal_score_stats st;
            if (seal_scorer_score(s, 1, t.tokens.data() + t.offsets[i], off, nullptr, r.data() + (size_t) i * n_labels,
                                  nullptr, nullptr, &st) != SEAL_OK) {
                fprintf(stderr, "score: %s\n", seal_last_error());
                exit(2);
            }
            *seconds += st.seconds_total;
        }
    }
    return r;
}

std::vector<float> score(seal_model * m, const tokenized & t, bool batched, double * seconds) {
    seal_model_info info;
    seal_model_describe(m, &info);
    seal_scorer * s = open_scorer(m, batched);
    auto r = score_with(s, info.n_labels, t, batched, seconds);
    seal_scorer_free(s);
    return r;
}

double max_abs_diff(const std::vector<float> & a, const std::vector<float> & b) {
    double d = 0;
    for (size_t i = 0; i < a.size(); i++) {
        d = std::fmax(d, std::fabs((double) a[i] - b[i]));
    }
    return d;
}

// Every device's info now (its free memory).
std::vector<seal_device_info> devices() {
    std::vector<seal_device_info> out(seal_backend_device_count());
    for (int32_t i = 0; i < (int32_t) out.size(); i++) {
        seal_backend_device_info(i, true, &out[i]);
    }
    return out;
}

} // namespace

int main(int argc, char ** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: seal_check MODEL.gguf [--gpu-layers N] [--device I] [--pairs N] [--tol X]\n");
        return 2;
    }
    int gpu_layers = 0, pairs = 64, device = -1;
    double tol = 1e-3;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--gpu-layers")) gpu_layers = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--device")) device = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--pairs")) pairs = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--tol")) tol = atof(argv[i + 1]);
    }
    printf("%s\n", seal_build_info());
    seal_model_params mp = seal_model_default_params();
    mp.n_gpu_layers = gpu_layers;
    mp.device = device;
    const std::vector<seal_device_info> free_before = devices();
    seal_model * m = nullptr;
    if (seal_model_load(argv[1], mp, &m) != SEAL_OK) {
        fprintf(stderr, "load: %s\n", seal_last_error());
        return 2;
    }
    tokenized t;
    for (int k = 0; k < pairs; k++) {
        std::string prompt = "\n\nHuman: Question " + std::to_string(k) + ": how do I";
        for (int r = 0; r < k % 7; r++) prompt += " really";
        prompt += " bake bread at home?\n\nAssistant:";
        const std::string chosen = prompt + " Mix flour, water, salt and yeast, knead, let it rise, then bake.";
        const std::string rejected = prompt + " I can't help with that.";
        for (const std::string * text : {&chosen, &rejected}) {
            if (!tokenize(m, *text, t.tokens)) return 2;
            t.offsets.push_back((int64_t) t.tokens.size());
            t.groups.push_back(k);
        }
    }
    int failed = 0;
    double s_batched = 0, s_alone = 0;
    const auto batched = score(m, t, true, &s_batched);
    const auto alone = score(m, t, false, &s_alone);
    const double d = max_abs_diff(batched, alone);
    double scale = 0;
    for (float v : alone) scale = std::fmax(scale, std::fabs(v));
    printf("batched+shared vs alone: max |diff| = %.3g over %zu rewards, max |reward| %.3g (%.3fs vs %.3fs)\n", d,
           batched.size(), scale, s_batched, s_alone);
    if (!(d <= tol * std::fmax(1.0, scale))) failed++;
    if (device != -1) {
        const std::vector<seal_device_info> free_after = devices();
        for (size_t i = 0; i < free_after.size(); i++) {
            printf("device %zu %s: %.1f MiB less free after loading on device %d and scoring\n", i, free_after[i].name,
                   ((double) free_before[i].memory_free - (double) free_after[i].memory_free) / (1 << 20), device);
        }
    }
    if (gpu_layers != 0) {
        seal_model_params cpu = mp;
        cpu.n_gpu_layers = 0;
        seal_model * mc = nullptr;
        if (seal_model_load(argv[1], cpu, &mc) != SEAL_OK) {
            fprintf(stderr, "load cpu: %s\n", seal_last_error());
            return 2;
        }
        double s_cpu = 0;
        const auto on_cpu = score(mc, t, true, &s_cpu);
        const double dc = max_abs_diff(batched, on_cpu);
        printf("GPU vs CPU: max |diff| = %.3g (max |reward| %.3g, tol %.3g)\n", dc, scale, tol);
        if (!(dc <= tol * std::fmax(1.0, scale))) failed++;
        seal_model_free(mc);
    }
    // Last use of m: the scorer must keep what it needs of the model alive after seal_model_free.
    seal_model_info info;
    seal_model_describe(m, &info);
    seal_scorer * s = open_scorer(m, true);
    double s_before = 0, s_after = 0;
    const auto before = score_with(s, info.n_labels, t, true, &s_before);
    seal_model_free(m);
    const auto after = score_with(s, info.n_labels, t, true, &s_after);
    seal_scorer_free(s);
    const double dl = max_abs_diff(before, after);
    printf("model freed before its scorer: max |diff| = %.3g\n", dl);
    if (!(dl == 0)) failed++;
    printf(failed ? "seal_check: FAILED\n" : "seal_check: passed\n");
    return failed ? 1 : 0;
}
