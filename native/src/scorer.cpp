// The scorer: packs many sequences into each llama_decode, computes shared prefixes once, asks
// llama.cpp for output rows only at the tokens it pools, and applies the reward head.
//
// Why it is fast:
//   - one unified KV cache sized to the token budget, cleared after every decode, so attention
//     masks stay budget x budget instead of growing with the dataset;
//   - pooling NONE with an output flag on each sequence's last token only: with seal's llama.cpp
//     patch the graph then neither keeps the other rows past the last layer nor builds the LM head;
//   - a group's (e.g. a pair's) common token prefix enters the KV cache once, tagged with every
//     member's sequence id, so the members' suffixes attend to one copy.
#include "internal.h"
#include "batch.h"
#include "plan.h"
#ifdef SEAL_TEST_HOOKS
#    include "seal_testing.h"
#endif

#include <algorithm>
#include <chrono>
#include <cmath>

struct seal_scorer {
    seal_model * model = nullptr;
    llama_context * ctx = nullptr;
    llama_batch batch = {};
    seal_scorer_params params = {};
    int32_t max_seq_tokens = 0;  // longest sequence
    int32_t n_batch = 0;         // packing budget: tokens per decode
    int32_t n_cells = 0;         // context size = the most tokens one decode can hold (>= max_seq_tokens, >= n_batch)
    int32_t n_embd = 0;
};

namespace {

using seal::clock_type;
using seal::seconds_since;

// Decodes one packed batch and writes the rewards of its members.
int32_t run_decode(seal_scorer & s, const seal::plan_input & in, const std::vector<seal::unit> & units,
                   const std::vector<int32_t> & decode, float * rewards, int32_t * shared, seal_score_stats & st) {
    const seal_model & m = *s.model;
    const bool classifier = m.head_kind == SEAL_HEAD_CLASSIFIER;
    std::vector<seal::out_row> outs;
    // RANK pooling needs every row of its sequences
    seal::fill_batch(s.batch, in, units, decode, classifier, outs, shared);

    const auto t0 = clock_type::now();
    if (const int32_t rc = seal::decode_batch(s.ctx, s.batch); rc != SEAL_OK) {
        return rc;
    }

    const int32_t n_labels = m.n_labels;
    for (const seal::out_row & o : outs) {
        float * r = rewards + (int64_t) o.seq * n_labels;
        if (classifier) {
            const float * e = llama_get_embeddings_seq(s.ctx, o.slot);
            if (e == nullptr) {
                return seal_fail(SEAL_E_INTERNAL, "no pooled output for sequence slot " + std::to_string(o.slot));
            }
            std::copy(e, e + n_labels, r);
        } else {
            const float * h = llama_get_embeddings_ith(s.ctx, o.batch_index);
            if (h == nullptr) {
                return seal_fail(SEAL_E_INTERNAL, "no hidden state for batch row " + std::to_string(o.batch_index));
            }
            for (int32_t l = 0; l < n_labels; l++) {
                const float * w = m.head_weight.data() + (int64_t) l * s.n_embd;
                double acc = m.head_bias[l];
                for (int32_t j = 0; j < s.n_embd; j++) {
                    acc += (double) w[j] * h[j];
                }
                r[l] = (float) acc;
            }
        }
    }
    st.seconds_decode += seconds_since(t0);
    st.n_tokens_decoded += s.batch.n_tokens;
    st.n_decodes += 1;
    seal::clear_memory(s.ctx);
    return SEAL_OK;
}

} // namespace

extern "C" {

seal_scorer_params seal_scorer_default_params(void) {
    seal_scorer_params p;
    p.max_seq_tokens = 0;
    // The budget trades matmul efficiency against attention over the whole packed decode (a unified
    // cache masks, but still visits, the other sequences' cells): small on the CPU, larger on a GPU.
    p.n_batch = llama_supports_gpu_offload() ? 8192 : 512;
    p.n_seq_max = 256;
    p.n_threads = 0;
    // llama.cpp's CPU flash attention accumulates in f16 (rewards then move ~1e-3 with the batch
    // composition); on the GPU it pays for itself and stays in f32 where it matters.
    p.flash_attn = llama_supports_gpu_offload() ? -1 : 0;
    p.share_prefix = true;
    p.sort_by_length = true;
    p.kv_f32 = false;
    return p;
}

int32_t seal_scorer_init(seal_model * model, seal_scorer_params params, seal_scorer ** out) {
    if (model == nullptr || out == nullptr) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_scorer_init: model and out must not be NULL");
    }
    *out = nullptr;
    if (model->head_kind == SEAL_HEAD_NONE) {
        return seal_fail(SEAL_E_NO_HEAD,
                         model->path + " has no reward head: a decoder RM needs the GGUF metadata keys "
                                       "seal.reward.head.weight (float32[n_labels*n_embd]) and optionally seal.reward.head.bias "
                                       "and seal.reward.labels (seal convert writes them; `seal convert --head-from` adds them "
                                       "to an existing GGUF); an encoder classifier needs cls.output tensors and RANK pooling");
    }
    if (params.n_batch <= 0 || params.n_seq_max <= 0 || params.max_seq_tokens < 0 || params.n_threads < 0) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT,
                         "seal_scorer_init: n_batch and n_seq_max must be positive, max_seq_tokens and n_threads >= 0");
    }
    const seal::context_shape shape =
        seal::shape_context(*model, params.max_seq_tokens, params.n_batch, params.n_seq_max, params.n_threads);
#ifdef SEAL_TEST_HOOKS
    seal_testing_hooks();  // reads the hooks' environment once, before any scoring
#endif
    llama_context * ctx = nullptr;
    const bool classifier = model->head_kind == SEAL_HEAD_CLASSIFIER;
    if (const int32_t rc = seal::open_context(model, shape, params.flash_attn, params.kv_f32, true,
                                              classifier ? LLAMA_POOLING_TYPE_RANK : LLAMA_POOLING_TYPE_NONE, &ctx);
        rc != SEAL_OK) {
        return rc;
    }
    auto * s = new seal_scorer();
    s->model = model;
    s->ctx = ctx;
    s->params = params;
    s->max_seq_tokens = shape.max_seq_tokens;
    s->n_batch = shape.n_batch;
    s->n_cells = shape.n_cells;
    s->n_embd = llama_model_n_embd(model->model);
    s->params.n_seq_max = shape.n_seq_max;
    s->params.share_prefix = params.share_prefix && model->causal;
    s->batch = llama_batch_init(shape.n_cells, 0, shape.n_seq_max);
    *out = s;
    return SEAL_OK;
}

void seal_scorer_free(seal_scorer * s) {
    if (s == nullptr) {
        return;
    }
    seal::close_context(s->model, s->ctx, s->batch);
    delete s;
}

int32_t seal_scorer_max_seq_tokens(const seal_scorer * s) { return s ? s->max_seq_tokens : SEAL_E_INVALID_ARGUMENT; }

int32_t seal_scorer_n_batch(const seal_scorer * s) { return s ? s->n_batch : SEAL_E_INVALID_ARGUMENT; }

int32_t seal_scorer_score(seal_scorer * s, int32_t n_seqs, const int32_t * tokens, const int64_t * offsets,
                          const int32_t * groups, float * rewards, int32_t * seq_status, int32_t * shared,
                          seal_score_stats * stats) {
    const auto t_start = clock_type::now();
    if (s == nullptr || n_seqs < 0 || offsets == nullptr || rewards == nullptr || (tokens == nullptr && n_seqs > 0)) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_scorer_score: scorer, offsets and rewards must not be NULL");
    }
    seal_score_stats st = {};
    const int32_t n_labels = s->model->n_labels;
    const int32_t n_vocab = llama_vocab_n_tokens(s->model->vocab);
    if (offsets[0] != 0) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "offsets[0] must be 0");
    }

    std::vector<int32_t> status;
    std::string first_problem;
    if (const int32_t rc = seal::check_sequences(n_seqs, tokens, offsets, s->max_seq_tokens, n_vocab, rewards, n_labels,
                                                 status, st, first_problem);
        rc != SEAL_OK) {
        return rc;
    }
    if (shared) {
        std::fill(shared, shared + n_seqs, 0);
    }

#ifdef SEAL_TEST_HOOKS
    // Fault injection (native/tests/seal_testing.h): only in libseal built with -DSEAL_TEST_HOOKS=ON.
    if (const int32_t rc = seal_testing_before_score(tokens, offsets[n_seqs]); rc != SEAL_OK) {
        return rc;
    }
#endif

    seal::plan_input in;
    in.n_seqs = n_seqs;
    in.tokens = tokens;
    in.offsets = offsets;
    in.groups = groups;
    in.status = status.data();
    in.share_prefix = s->params.share_prefix;
    in.sort_by_length = s->params.sort_by_length;
    in.n_batch = s->n_batch;
    in.n_unit_max = s->n_cells;
    in.n_seq_max = s->params.n_seq_max;
    const std::vector<seal::unit> units = seal::make_units(in);
    const auto decodes = seal::pack_units(units, in);

    for (const auto & d : decodes) {
        const int32_t rc = run_decode(*s, in, units, d, rewards, shared, st);
        if (rc != SEAL_OK) {
            return rc;
        }
    }
    return seal::finish_call(status, seq_status, st, t_start, stats, first_problem);
}

} // extern "C"
