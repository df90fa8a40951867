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
//
// Out of memory at a decode: the budget halves and the context is made again for it (batch.h, run_planned), and
// what was left of the call is planned again, down to a floor; a unit that does not fit alone there fails alone.
#include "internal.h"
#include "batch.h"
#include "plan.h"
#ifdef SEAL_TEST_HOOKS
#    include "seal_testing.h"
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

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

// The context for a budget: llama.cpp reserves its compute buffers at creation for n_ubatch tokens against n_ctx
// cells, and keeps them, so a smaller budget lowers a decode's memory only through a new context. A causal model
// computes a decode in ubatches of at most the budget (a longer sequence is still decoded whole, in several);
// a non-causal one needs each sequence in one ubatch, so its ubatch stays the whole context.
int32_t open_scorer_context(seal_model * model, const seal_scorer_params & params, int32_t max_seq_tokens,
                            int32_t n_batch, bool split_ubatches, seal::context_shape & shape, llama_context ** out) {
    shape = seal::shape_context(*model, max_seq_tokens, n_batch, params.n_seq_max, params.n_threads);
    if (split_ubatches) {
        shape.n_ubatch = shape.n_batch;
    }
    const bool classifier = model->head_kind == SEAL_HEAD_CLASSIFIER;
    // llama.cpp's flash attention casts an f32 K and V to f16 (llama-graph.cpp, build_attn_mha), which would
    // undo kv_f32: an f32 cache (--exact) keeps flash attention off unless it was asked for explicitly
    const int32_t flash_attn = params.kv_f32 && params.flash_attn < 0 ? 0 : params.flash_attn;
    return seal::open_context(model, shape, flash_attn, params.kv_f32, true,
                              classifier ? LLAMA_POOLING_TYPE_RANK : LLAMA_POOLING_TYPE_NONE, out);
}

// The scorer's context as out-of-memory recovery sees it (batch.h).
seal::budget_context budget(seal_scorer & s) {
    return {s.model, s.ctx, s.n_batch, s.n_cells,
            [&s](int32_t n_batch, seal::context_shape & shape, llama_context ** ctx) {
                return open_scorer_context(s.model, s.params, s.max_seq_tokens, n_batch, s.model->causal, shape, ctx);
            }};
}

// Decodes one packed batch and writes the rewards of its members.
int32_t run_decode(seal_scorer & s, const seal::plan_input & in, const std::vector<seal::unit> & units,
                   const std::vector<int32_t> & decode, float * rewards, int32_t * shared, seal_score_stats & st) {
    const seal_model & m = *s.model;
    const bool classifier = m.head_kind == SEAL_HEAD_CLASSIFIER;
    const int32_t n_labels = m.n_labels;
    // RANK pooling needs every row of its sequences
    return seal::decode_units(s.ctx, s.batch, in, units, decode, classifier, shared, st, [&](const seal::out_row & o) {
        float * r = rewards + (int64_t) o.seq * n_labels;
        if (classifier) {
            const float * e = llama_get_embeddings_seq(s.ctx, o.slot);
            if (e == nullptr) {
                return seal_fail(SEAL_E_INTERNAL, "no pooled output for sequence slot " + std::to_string(o.slot));
            }
            std::copy(e, e + n_labels, r);
            return SEAL_OK;
        }
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
        return SEAL_OK;
    });
}

// Copies the sequences without the pad tokens that end them (keeping at least one token); false, with nothing
// copied, when no sequence ends in padding.
bool trim_trailing_pad(int32_t n_seqs, const int32_t * tokens, const int64_t * offsets, int32_t pad,
                       std::vector<int32_t> & out_tokens, std::vector<int64_t> & out_offsets) {
    bool any = false;
    for (int32_t i = 0; i < n_seqs && !any; i++) {
        any = offsets[i + 1] > offsets[i] && tokens[offsets[i + 1] - 1] == pad;
    }
    if (!any) {
        return false;
    }
    out_tokens.clear();
    out_tokens.reserve((size_t) offsets[n_seqs]);
    out_offsets.assign(1, 0);
    for (int32_t i = 0; i < n_seqs; i++) {
        int64_t end = offsets[i + 1];
        while (end - offsets[i] > 1 && tokens[end - 1] == pad) {
            end--;
        }
        out_tokens.insert(out_tokens.end(), tokens + offsets[i], tokens + end);
        out_offsets.push_back((int64_t) out_tokens.size());
    }
    return true;
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
    // Flash attention on every backend (auto: wherever llama.cpp supports it). A packed decode attends over
    // every KV cell of the batch; the CPU's tiled flash attention skips the 64x64 tiles the mask hides
    // entirely (other sequences' cells), which the plain path computes and then masks. Decodes of 64 rows
    // or more take that path and accumulate in f32; rewards then drift from --exact no more than with
    // flash attention off (benchmarks/NOTES.md: "Attention cost on CPU").
    p.flash_attn = -1;
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
#ifdef SEAL_TEST_HOOKS
    seal_testing_hooks();  // reads the hooks' environment once, before any scoring
#endif
    seal::context_shape shape;
    llama_context * ctx = nullptr;
    if (const int32_t rc = open_scorer_context(model, params, params.max_seq_tokens, params.n_batch, false, shape, &ctx);
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
    seal_testing_before_score(tokens, offsets[n_seqs]);
#endif

    // A head with a pad id pools the last token that is not padding, as transformers does
    // (GPTNeoX/Llama...ForSequenceClassification: argmax of position * (id != pad), so position 0 when every
    // token is padding). Attention is causal, so that token's state is the same without the padding after
    // it: the trailing pad tokens are dropped and the last token pooled as usual.
    std::vector<int32_t> trimmed_tokens;
    std::vector<int64_t> trimmed_offsets;
    if (s->model->pad_token >= 0 && trim_trailing_pad(n_seqs, tokens, offsets, s->model->pad_token, trimmed_tokens,
                                                      trimmed_offsets)) {
        tokens = trimmed_tokens.data();
        offsets = trimmed_offsets.data();
    }

    seal::plan_input in;
    in.n_seqs = n_seqs;
    in.tokens = tokens;
    in.offsets = offsets;
    in.groups = groups;
    in.status = status.data();
    in.share_prefix = s->params.share_prefix;
    in.sort_by_length = s->params.sort_by_length;
    in.n_seq_max = s->params.n_seq_max;
    seal::budget_context c = budget(*s);
    const seal::run_decode_fn run = [&](const std::vector<seal::unit> & units, const std::vector<int32_t> & decode) {
        return run_decode(*s, in, units, decode, rewards, shared, st);
    };
    if (const int32_t rc = seal::run_planned(c, in, status, run, rewards, n_labels, st, first_problem); rc != SEAL_OK) {
        return rc;
    }
    return seal::finish_call(status, seq_status, st, t_start, stats, first_problem);
}

} // extern "C"
