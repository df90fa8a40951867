// Checks ggml's CPU flash attention against attention computed in double, on the masks that decide which
// 64x64 tiles it skips: seal's patch 0005 skips a tile from a skip map built once per op, so a wrong map
// (a row, plane or tile mixed up) drops or adds whole tiles, and the outputs move by far more than rounding.
// Shapes: query rows not a multiple of the 64-row tile and split over 2 and 3 threads (tiles that start mid
// tile), a last KV tile that is partial, grouped-query heads, one mask plane or two (per head), ALiBi slopes.
#include "ggml-cpu.h"
#include "ggml.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

static int failures = 0;

struct attn_case {
    const char * name;
    int n_q, n_kv, n_head, n_head_kv, n_planes, n_threads;
    float max_bias;
    // mask value of (plane, query row, KV cell): 0, -inf or a small bias
    float (*mask)(int plane, int row, int cell, std::mt19937 & rng);
};

static constexpr int D = 64;

// ALiBi slope of head h, as ggml computes it
static double slope_of(int h, int n_head, float max_bias) {
    if (max_bias <= 0.0f) {
        return 1.0;
    }
    const int n_log2 = 1 << (int) std::floor(std::log2(n_head));
    const double m0 = std::pow(2.0, -max_bias / n_log2);
    const double m1 = std::pow(2.0, -(max_bias / 2.0) / n_log2);
    return h < n_log2 ? std::pow(m0, h + 1) : std::pow(m1, 2 * (h - n_log2) + 1);
}

static void run(const attn_case & c) {
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> uni(-1.0f, 1.0f);
    ggml_init_params ip = {256u << 20, nullptr, false};
    ggml_context * ctx = ggml_init(ip);
    ggml_tensor * q = ggml_new_tensor_4d(ctx, GGML_TYPE_F32, D, c.n_q, c.n_head, 1);
    ggml_tensor * k = ggml_new_tensor_4d(ctx, GGML_TYPE_F16, D, c.n_kv, c.n_head_kv, 1);
    ggml_tensor * v = ggml_new_tensor_4d(ctx, GGML_TYPE_F16, D, c.n_kv, c.n_head_kv, 1);
    ggml_tensor * m = ggml_new_tensor_4d(ctx, GGML_TYPE_F16, c.n_kv, c.n_q, c.n_planes, 1);
    std::vector<float> qf(ggml_nelements(q)), kf(ggml_nelements(k)), vf(ggml_nelements(v)), mf(ggml_nelements(m));
    for (auto & x : qf) x = uni(rng);
    // K and V as the f16 values the kernel reads, so the reference uses the same inputs
    for (auto & x : kf) x = ggml_fp16_to_fp32(ggml_fp32_to_fp16(uni(rng)));
    for (auto & x : vf) x = ggml_fp16_to_fp32(ggml_fp32_to_fp16(uni(rng)));
    for (int p = 0; p < c.n_planes; p++)
        for (int r = 0; r < c.n_q; r++)
            for (int j = 0; j < c.n_kv; j++) mf[((size_t) p * c.n_q + r) * c.n_kv + j] = c.mask(p, r, j, rng);
    for (auto & x : mf) x = ggml_fp16_to_fp32(ggml_fp32_to_fp16(x));
    memcpy(q->data, qf.data(), qf.size() * sizeof(float));
    ggml_fp32_to_fp16_row(kf.data(), (ggml_fp16_t *) k->data, (int64_t) kf.size());
    ggml_fp32_to_fp16_row(vf.data(), (ggml_fp16_t *) v->data, (int64_t) vf.size());
    ggml_fp32_to_fp16_row(mf.data(), (ggml_fp16_t *) m->data, (int64_t) mf.size());

    const float scale = 1.0f / std::sqrt((float) D);
    ggml_tensor * out = ggml_flash_attn_ext(ctx, q, k, v, m, scale, c.max_bias, 0.0f);
    ggml_flash_attn_ext_set_prec(out, GGML_PREC_F32);
    ggml_cgraph * gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, out);
    if (ggml_graph_compute_with_ctx(ctx, gf, c.n_threads) != GGML_STATUS_SUCCESS) {
        fprintf(stderr, "%s: graph compute failed\n", c.name);
        failures++;
        ggml_free(ctx);
        return;
    }

    double worst = 0.0;
    const int group = c.n_head / c.n_head_kv;
    for (int h = 0; h < c.n_head; h++) {
        const int hk = h / group;
        const int p = h % c.n_planes;
        const double slope = slope_of(h, c.n_head, c.max_bias);
        for (int r = 0; r < c.n_q; r++) {
            std::vector<double> w(c.n_kv, 0.0);
            double top = -INFINITY;
            for (int j = 0; j < c.n_kv; j++) {
                const float mv = mf[((size_t) p * c.n_q + r) * c.n_kv + j];
                if (mv == -INFINITY) {
                    w[j] = -INFINITY;
                    continue;
                }
                double s = 0.0;
                for (int d = 0; d < D; d++)
                    s += (double) qf[((size_t) h * c.n_q + r) * D + d] * kf[((size_t) hk * c.n_kv + j) * D + d];
                w[j] = s * scale + slope * mv;
                top = std::max(top, w[j]);
            }
            double sum = 0.0;
            for (int j = 0; j < c.n_kv; j++) sum += w[j] == -INFINITY ? 0.0 : std::exp(w[j] - top);
            const float * got = (const float *) out->data + ((size_t) r * c.n_head + h) * D;
            for (int d = 0; d < D; d++) {
                double want = 0.0;
                for (int j = 0; j < c.n_kv; j++)
                    if (w[j] != -INFINITY) want += std::exp(w[j] - top) / sum * vf[((size_t) hk * c.n_kv + j) * D + d];
                worst = std::max(worst, std::fabs(want - (double) got[d]));
            }
        }
    }
    // f32 accumulation of at most a few hundred terms of size <= 1: errors stay near 1e-6; a tile wrongly
    // skipped or kept moves an output by the weight of its cells, ~1e-2 or more
    const bool ok = worst < 1e-5;
    printf("%-40s max abs error %.2e %s\n", c.name, worst, ok ? "ok" : "FAILED");
    if (!ok) failures++;
    ggml_free(ctx);
}

// seal's packing: sequences of 37..120 tokens side by side, each row sees its own sequence causally
static int seq_of(int i) {
    int start = 0, len = 37, s = 0;
    while (i >= start + len) {
        start += len;
        len = 37 + (len * 7) % 84;
        s++;
    }
    return s;
}

static float packed(int, int r, int j, std::mt19937 &) {
    return seq_of(r) == seq_of(j) && j <= r ? 0.0f : -INFINITY;
}

// one visible cell per row, at a row-dependent place: a single cell keeps its tile from being skipped
static float one_cell(int, int r, int j, std::mt19937 &) {
    return j == (r * 97 + 13) % 300 ? 0.0f : -INFINITY;
}

// plane 0 packed, plane 1 one cell per row; rows 64..79 see nothing at all (their output is 0)
static float two_planes(int p, int r, int j, std::mt19937 & rng) {
    if (r >= 64 && r < 80) return -INFINITY;
    return p == 0 ? packed(p, r, j, rng) : one_cell(p, r, j, rng);
}

// visible cells carry a bias, as with ALiBi positions
static float biased(int p, int r, int j, std::mt19937 & rng) {
    return packed(p, r, j, rng) == 0.0f ? -0.01f * (float) (r - j) : -INFINITY;
}

int main() {
    const attn_case cases[] = {
        {"packed sequences, 2 threads", 150, 300, 4, 2, 1, 2, 0.0f, packed},
        {"packed sequences, 3 threads", 150, 300, 4, 2, 1, 3, 0.0f, packed},
        {"one visible cell per row", 150, 300, 4, 2, 1, 2, 0.0f, one_cell},
        {"two mask planes, empty rows", 150, 300, 4, 2, 2, 3, 0.0f, two_planes},
        {"ALiBi slopes on a biased mask", 150, 300, 4, 4, 1, 2, 8.0f, biased},
        {"one thread, 200 rows", 200, 260, 2, 1, 1, 1, 0.0f, packed},
    };
    for (const auto & c : cases) run(c);
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    return 0;
}
