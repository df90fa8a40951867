// The embedder: one pooled, L2-normalized vector per sequence, many sequences packed into each decode of an
// embeddings context (llama.cpp pools each sequence slot; llama_get_embeddings_seq reads the result).
//
// Pooling other than NONE keeps every row of a decode (seal's llama.cpp patch limits output rows only for
// pooling NONE), so MEAN, CLS and LAST all work on decoders as on encoders. Prefixes are never shared: a
// pooled vector is a function of all of its sequence's rows.
#include "internal.h"
#include "batch.h"
#include "plan.h"
#ifdef SEAL_TEST_HOOKS
#    include "seal_testing.h"
#endif

#include <cmath>

struct seal_embedder {
    seal_model * model = nullptr;
    llama_context * ctx = nullptr;
    llama_batch batch = {};
    seal::context_shape shape = {};  // n_batch and n_cells shrink with out-of-memory recovery
    seal_embedder_params params = {};
    int32_t n_embd = 0;
};

namespace {

using seal::clock_type;

int32_t open_pooled(seal_model * model, const seal_embedder_params & p, const seal::context_shape & shape,
                    llama_context ** ctx) {
    const auto requested = (enum llama_pooling_type) p.pooling;
    if (const int32_t rc = seal::open_context(model, shape, p.flash_attn, p.kv_f32, true, requested, ctx);
        rc != SEAL_OK) {
        return rc;
    }
    const enum llama_pooling_type got = llama_pooling_type(*ctx);
    if (got == LLAMA_POOLING_TYPE_MEAN || got == LLAMA_POOLING_TYPE_CLS || got == LLAMA_POOLING_TYPE_LAST) {
        return SEAL_OK;
    }
    seal::free_context(*ctx);
    *ctx = nullptr;
    seal_model_release(model);
    if (got == LLAMA_POOLING_TYPE_NONE && requested == LLAMA_POOLING_TYPE_UNSPECIFIED) {
        // A decoder declares no pooling of its own: mean pooling is the usual choice for such embedders.
        seal_embedder_params mean = p;
        mean.pooling = LLAMA_POOLING_TYPE_MEAN;
        return open_pooled(model, mean, shape, ctx);
    }
    return seal_fail(SEAL_E_INVALID_ARGUMENT,
                     model->path + " pools with llama.cpp pooling type " + std::to_string((int) got) +
                         " (a reranker or classifier): an embedder needs mean, cls or last pooling");
}

void normalize(float * v, int32_t n) {
    double sq = 0;
    for (int32_t j = 0; j < n; j++) {
        sq += (double) v[j] * v[j];
    }
    if (sq > 0) {
        const float inv = (float) (1.0 / std::sqrt(sq));
        for (int32_t j = 0; j < n; j++) {
            v[j] *= inv;
        }
    }
}

// One packed decode: each sequence's pooled vector, L2-normalized, into embeddings.
int32_t embed_decode(seal_embedder & e, const seal::plan_input & in, const std::vector<seal::unit> & units,
                     const std::vector<int32_t> & decode, float * embeddings, seal_score_stats & st) {
    return seal::decode_units(e.ctx, e.batch, in, units, decode, true, nullptr, st, [&](const seal::out_row & o) {
        const float * v = llama_get_embeddings_seq(e.ctx, o.slot);
        if (v == nullptr) {
            return seal_fail(SEAL_E_INTERNAL, "no pooled output for sequence slot " + std::to_string(o.slot));
        }
        float * dst = embeddings + (int64_t) o.seq * e.n_embd;
        std::copy(v, v + e.n_embd, dst);
        normalize(dst, e.n_embd);
        return SEAL_OK;
    });
}

} // namespace

extern "C" {

seal_embedder_params seal_embedder_default_params(void) {
    seal_embedder_params p;
    p.pooling = -1;
    p.max_seq_tokens = 0;
    p.n_batch = llama_supports_gpu_offload() ? 8192 : 512;
    p.n_seq_max = 256;
    p.n_threads = 0;
    p.flash_attn = llama_supports_gpu_offload() ? -1 : 0;
    p.kv_f32 = false;
    return p;
}

int32_t seal_embedder_init(seal_model * model, seal_embedder_params params, seal_embedder ** out) {
    if (model == nullptr || out == nullptr) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_embedder_init: model and out must not be NULL");
    }
    *out = nullptr;
    if (params.n_batch <= 0 || params.n_seq_max <= 0 || params.max_seq_tokens < 0 || params.n_threads < 0) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT,
                         "seal_embedder_init: n_batch and n_seq_max must be positive, max_seq_tokens and n_threads >= 0");
    }
    if (params.pooling != -1 && params.pooling != SEAL_POOLING_MEAN && params.pooling != SEAL_POOLING_CLS &&
        params.pooling != SEAL_POOLING_LAST) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_embedder_init: pooling must be -1 (the model's own), "
                                                  "SEAL_POOLING_MEAN, SEAL_POOLING_CLS or SEAL_POOLING_LAST, not " +
                                                      std::to_string(params.pooling));
    }
    const seal::context_shape shape =
        seal::shape_context(*model, params.max_seq_tokens, params.n_batch, params.n_seq_max, params.n_threads);
#ifdef SEAL_TEST_HOOKS
    seal_testing_hooks();  // reads the hooks' environment once, before any embedding
#endif
    llama_context * ctx = nullptr;
    if (const int32_t rc = open_pooled(model, params, shape, &ctx); rc != SEAL_OK) {
        return rc;
    }
    auto * e = new seal_embedder();
    e->model = model;
    e->ctx = ctx;
    e->shape = shape;
    e->params = params;
    e->n_embd = llama_model_n_embd_out(model->model);
    e->batch = llama_batch_init(shape.n_cells, 0, shape.n_seq_max);
    *out = e;
    return SEAL_OK;
}

void seal_embedder_free(seal_embedder * e) {
    if (e == nullptr) {
        return;
    }
    seal::close_context(e->model, e->ctx, e->batch);
    delete e;
}

int32_t seal_embedder_n_embd(const seal_embedder * e) { return e ? e->n_embd : SEAL_E_INVALID_ARGUMENT; }

int32_t seal_embedder_pooling(const seal_embedder * e) {
    return e ? (int32_t) llama_pooling_type(e->ctx) : SEAL_E_INVALID_ARGUMENT;
}

int32_t seal_embedder_embed(seal_embedder * e, int32_t n_seqs, const int32_t * tokens, const int64_t * offsets,
                            float * embeddings, int32_t * seq_status, seal_score_stats * stats) {
    const auto t_start = clock_type::now();
    if (e == nullptr || n_seqs < 0 || offsets == nullptr || embeddings == nullptr ||
        (tokens == nullptr && n_seqs > 0)) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_embedder_embed: embedder, offsets and embeddings must not be NULL");
    }
    if (offsets[0] != 0) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "offsets[0] must be 0");
    }
    seal_score_stats st = {};
    const int32_t n_embd = e->n_embd;
    const int32_t n_vocab = llama_vocab_n_tokens(e->model->vocab);
    std::vector<int32_t> status;
    std::string first_problem;
    if (const int32_t rc = seal::check_sequences(n_seqs, tokens, offsets, e->shape.max_seq_tokens, n_vocab, embeddings,
                                                 n_embd, status, st, first_problem);
        rc != SEAL_OK) {
        return rc;
    }

    seal::plan_input in;
    in.n_seqs = n_seqs;
    in.tokens = tokens;
    in.offsets = offsets;
    in.status = status.data();
    in.share_prefix = false;
    in.sort_by_length = true;
    in.n_batch = e->shape.n_batch;
    in.n_unit_max = e->shape.n_cells;
    in.n_seq_max = e->shape.n_seq_max;
    // out-of-memory recovery as the scorer's (batch.h, run_planned). The ubatch stays the whole context, as when
    // the embedder was made: pooling reads each sequence whole, and llama.cpp reserves a pooled graph for as many
    // sequences as the context holds, which a smaller ubatch cannot take
    seal::budget_context c{e->model, e->ctx, e->shape.n_batch, e->shape.n_cells,
                           [e](int32_t n_batch, seal::context_shape & shape, llama_context ** ctx) {
                               shape = seal::shape_context(*e->model, e->shape.max_seq_tokens, n_batch,
                                                           e->shape.n_seq_max, e->shape.n_threads);
                               return open_pooled(e->model, e->params, shape, ctx);
                           }};
    const seal::run_decode_fn run = [&](const std::vector<seal::unit> & units, const std::vector<int32_t> & decode) {
        return embed_decode(*e, in, units, decode, embeddings, st);
    };
    if (const int32_t rc = seal::run_planned(c, in, status, run, embeddings, n_embd, st, first_problem); rc != SEAL_OK) {
        return rc;
    }
    return seal::finish_call(status, seq_status, st, t_start, stats, first_problem);
}

} // extern "C"
