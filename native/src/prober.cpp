// The prober: next-token probabilities of chosen answer tokens after text + question, for many texts and
// K questions at once.
//
// Each (text, question) pair is one sequence; the K sequences of a text form a group, so the planner
// (plan.h) puts the text (their common token prefix) into the KV cache once, tagged with all K branch ids,
// and each question attends to that one copy. Logits are asked for only on each branch's last token: the
// LM head runs on K rows per text, not on every token.
#include "batch.h"
#include "plan.h"
#ifdef SEAL_TEST_HOOKS
#    include "seal_testing.h"
#endif

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <limits>

struct seal_prober {
    seal_model * model = nullptr;
    llama_context * ctx = nullptr;
    llama_batch batch = {};
    seal::context_shape shape;  // n_batch and n_cells shrink with out-of-memory recovery
    seal_prober_params params = {};
    bool reference = false;
};

namespace {

using seal::clock_type;
using seal::seconds_since;

// The call's arguments, checked and flattened into one sequence per (text, question).
struct probe_input {
    int32_t n_texts = 0;
    int32_t n_questions = 0;
    std::vector<int32_t> tokens;   // text i + question k, for i, then k
    std::vector<int64_t> offsets;  // n_texts * n_questions + 1
    std::vector<int32_t> groups;   // the text of each sequence
};

probe_input flatten(int32_t n_texts, const int32_t * text_tokens, const int64_t * text_offsets, int32_t n_questions,
                    const int32_t * question_tokens, const int64_t * question_offsets) {
    probe_input in;
    in.n_texts = n_texts;
    in.n_questions = n_questions;
    in.offsets.reserve((size_t) n_texts * n_questions + 1);
    in.offsets.push_back(0);
    for (int32_t i = 0; i < n_texts; i++) {
        const int32_t * t = text_tokens + text_offsets[i];
        const int64_t text_len = text_offsets[i + 1] - text_offsets[i];
        for (int32_t k = 0; k < n_questions; k++) {
            // An empty text would leave the question alone: the sequence is then marked empty instead.
            if (text_len > 0) {
                in.tokens.insert(in.tokens.end(), t, t + text_len);
                in.tokens.insert(in.tokens.end(), question_tokens + question_offsets[k],
                                 question_tokens + question_offsets[k + 1]);
            }
            in.offsets.push_back((int64_t) in.tokens.size());
            in.groups.push_back(i);
        }
    }
    return in;
}

// Softmax over the whole vocabulary, read at the candidates only.
void candidate_probs(const float * logits, int32_t n_vocab, const int32_t * candidates, int32_t n_candidates,
                     float * out) {
    const float max = *std::max_element(logits, logits + n_vocab);
    double sum = 0;
    for (int32_t v = 0; v < n_vocab; v++) {
        sum += std::exp((double) logits[v] - max);
    }
    for (int32_t c = 0; c < n_candidates; c++) {
        out[c] = (float) (std::exp((double) logits[candidates[c]] - max) / sum);
    }
}

// A logits context of a shape (seal's llama.cpp patch drops the LM head from embeddings contexts).
int32_t open_probe_context(seal_model * model, const seal_prober_params & params, const seal::context_shape & shape,
                           llama_context ** ctx) {
    return seal::open_context(model, shape, params.flash_attn, params.kv_f32, false, LLAMA_POOLING_TYPE_NONE, ctx);
}

// One decode of the fast path: texts packed, each text once in the KV cache for all of its question branches.
int32_t probe_decode(seal_prober & p, const seal::plan_input & in, const std::vector<seal::unit> & units,
                     const std::vector<int32_t> & decode, const int32_t * candidates, int32_t n_candidates,
                     int32_t n_vocab, float * probs, seal_score_stats & st) {
    return seal::decode_units(p.ctx, p.batch, in, units, decode, false, nullptr, st, [&](const seal::out_row & o) {
        const float * logits = llama_get_logits_ith(p.ctx, o.batch_index);
        if (logits == nullptr) {
            return seal_fail(SEAL_E_INTERNAL, "no logits for batch row " + std::to_string(o.batch_index));
        }
        candidate_probs(logits, n_vocab, candidates, n_candidates, probs + (int64_t) o.seq * n_candidates);
        return SEAL_OK;
    });
}

// The fast path, with the scorer's out-of-memory recovery (batch.h, run_planned): a branch that does not fit
// even at the floor gets SEAL_E_OUT_OF_MEMORY in seq_status.
int32_t probe_packed(seal_prober & p, seal::plan_input & in, std::vector<int32_t> & seq_status,
                     const int32_t * candidates, int32_t n_candidates, int32_t n_vocab, float * probs,
                     seal_score_stats & st, seal_score_stats & failures, std::string & first_problem) {
    seal::budget_context c{p.model, p.ctx, p.shape.n_batch, p.shape.n_cells,
                           [&p](int32_t n_batch, seal::context_shape & shape, llama_context ** ctx) {
                               shape = seal::shape_context(*p.model, p.shape.max_seq_tokens, n_batch,
                                                           p.shape.n_seq_max, p.shape.n_threads);
                               shape.n_ubatch = shape.n_batch;  // a decoder: ubatches of the budget
                               return open_probe_context(p.model, p.params, shape, ctx);
                           }};
    const seal::run_decode_fn run = [&](const std::vector<seal::unit> & units, const std::vector<int32_t> & decode) {
        return probe_decode(p, in, units, decode, candidates, n_candidates, n_vocab, probs, st);
    };
    return seal::run_planned(c, in, seq_status, run, probs, n_candidates, failures, first_problem);
}

// The reference path: each sequence decoded alone by llama.cpp's plainest batch (llama_batch_get_one asks for
// the last token's logits only), sharing none of the planner's or the packed batch's bookkeeping.
int32_t probe_alone(seal_prober & p, const seal::plan_input & in, const int32_t * candidates, int32_t n_candidates,
                    int32_t n_vocab, float * probs, seal_score_stats & st) {
    for (int32_t s = 0; s < in.n_seqs; s++) {
        if (in.status[s] != SEAL_OK) {
            continue;
        }
        const int32_t len = (int32_t) (in.offsets[s + 1] - in.offsets[s]);
        const llama_batch one = llama_batch_get_one(const_cast<int32_t *>(in.tokens + in.offsets[s]), len);
        const auto t0 = clock_type::now();
        if (const int32_t rc = seal::decode_batch(p.ctx, one); rc != SEAL_OK) {
            return rc;
        }
        candidate_probs(llama_get_logits_ith(p.ctx, -1), n_vocab, candidates, n_candidates,
                        probs + (int64_t) s * n_candidates);
        st.seconds_decode += seconds_since(t0);
        st.n_tokens_decoded += len;
        st.n_decodes += 1;
        seal::clear_memory(p.ctx);
    }
    return SEAL_OK;
}

// Checks offsets: start at 0, never decrease. Returns the index where they go wrong, or -1.
int32_t bad_offset(const int64_t * offsets, int32_t n) {
    if (offsets[0] != 0) {
        return 0;
    }
    for (int32_t i = 0; i < n; i++) {
        if (offsets[i + 1] < offsets[i]) {
            return i + 1;
        }
    }
    return -1;
}

} // namespace

extern "C" {

seal_prober_params seal_prober_default_params(void) {
    // The same trade-offs as the scorer's defaults (see seal_scorer_default_params).
    const seal_scorer_params sp = seal_scorer_default_params();
    seal_prober_params p;
    p.max_seq_tokens = sp.max_seq_tokens;
    p.n_batch = sp.n_batch;
    p.n_seq_max = sp.n_seq_max;
    p.n_threads = sp.n_threads;
    // not the scorer's: a probe decode of few rows takes llama.cpp's untiled CPU flash attention, which
    // accumulates in f16 (probabilities would move ~1e-3 with the batch composition)
    p.flash_attn = llama_supports_gpu_offload() ? -1 : 0;
    p.kv_f32 = sp.kv_f32;
    p.reference = false;
    return p;
}

int32_t seal_prober_init(seal_model * model, seal_prober_params params, seal_prober ** out) {
    if (model == nullptr || out == nullptr) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_prober_init: model and out must not be NULL");
    }
    *out = nullptr;
    if (!model->causal || model->head_kind == SEAL_HEAD_CLASSIFIER) {
        return seal_fail(SEAL_E_NOT_GENERATIVE, model->path + " is an encoder (" + model->architecture +
                                                    "): it has no next-token prediction to probe; use an instruct "
                                                    "(decoder) model");
    }
    if (params.n_batch <= 0 || params.n_seq_max <= 0 || params.max_seq_tokens < 0 || params.n_threads < 0) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT,
                         "seal_prober_init: n_batch and n_seq_max must be positive, max_seq_tokens and n_threads >= 0");
    }
    const seal::context_shape shape =
        seal::shape_context(*model, params.max_seq_tokens, params.n_batch, params.n_seq_max, params.n_threads);
#ifdef SEAL_TEST_HOOKS
    seal_testing_hooks();  // reads the hooks' environment once, before any probing
#endif
    llama_context * ctx = nullptr;
    if (const int32_t rc = open_probe_context(model, params, shape, &ctx); rc != SEAL_OK) {
        return rc;
    }
    auto * p = new seal_prober();
    p->model = model;
    p->ctx = ctx;
    p->shape = shape;
    p->params = params;
    p->reference = params.reference;
    p->batch = llama_batch_init(shape.n_cells, 0, shape.n_seq_max);
    *out = p;
    return SEAL_OK;
}

void seal_prober_free(seal_prober * p) {
    if (p == nullptr) {
        return;
    }
    seal::close_context(p->model, p->ctx, p->batch);
    delete p;
}

int32_t seal_prober_probe(seal_prober * p, int32_t n_texts, const int32_t * text_tokens, const int64_t * text_offsets,
                          int32_t n_questions, const int32_t * question_tokens, const int64_t * question_offsets,
                          int32_t n_candidates, const int32_t * candidates, float * probs, int32_t * text_status,
                          seal_score_stats * stats) {
    const auto t_start = clock_type::now();
    if (p == nullptr || n_texts < 0 || n_questions <= 0 || n_candidates <= 0 || text_offsets == nullptr ||
        question_offsets == nullptr || question_tokens == nullptr || candidates == nullptr || probs == nullptr ||
        (text_tokens == nullptr && n_texts > 0)) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT,
                         "seal_prober_probe: prober, offsets, questions, candidates and probs must not be NULL, "
                         "n_questions and n_candidates must be positive");
    }
    if ((int64_t) n_texts * n_questions > INT32_MAX) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_prober_probe: n_texts * n_questions exceeds 2^31-1");
    }
    const int32_t n_vocab = llama_vocab_n_tokens(p->model->vocab);
    if (const int32_t at = bad_offset(text_offsets, n_texts); at >= 0) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "text_offsets must start at 0 and never decrease (at " +
                                                      std::to_string(at) + ")");
    }
    if (const int32_t at = bad_offset(question_offsets, n_questions); at >= 0) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "question_offsets must start at 0 and never decrease (at " +
                                                      std::to_string(at) + ")");
    }
    for (int32_t k = 0; k < n_questions; k++) {
        const int64_t len = question_offsets[k + 1] - question_offsets[k];
        // Every branch needs a token of its own to read its answer from.
        const int32_t qs = seal::sequence_status(question_tokens + question_offsets[k], len, INT32_MAX, n_vocab);
        if (qs != SEAL_OK) {
            return seal_fail(SEAL_E_INVALID_ARGUMENT,
                             "question " + std::to_string(k) + ": " + seal::sequence_problem(qs, len, INT32_MAX));
        }
    }
    for (int32_t c = 0; c < n_candidates; c++) {
        if (candidates[c] < 0 || candidates[c] >= n_vocab) {
            return seal_fail(SEAL_E_INVALID_ARGUMENT, "candidate " + std::to_string(c) + ": token id " +
                                                          std::to_string(candidates[c]) + " outside the vocabulary");
        }
    }

    const probe_input pin =
        flatten(n_texts, text_tokens, text_offsets, n_questions, question_tokens, question_offsets);
    const int32_t n_seqs = n_texts * n_questions;
    seal_score_stats st = {};
    // A text fails when any of its branches cannot run: its status is the first branch's problem.
    std::vector<int32_t> seq_status(n_seqs, SEAL_OK);
    std::vector<int32_t> status(n_texts, SEAL_OK);
    std::string first_problem;
    for (int32_t s = 0; s < n_seqs; s++) {
        const int64_t len = pin.offsets[s + 1] - pin.offsets[s];
        st.n_tokens_input += len;
        const int32_t text = s / n_questions;
        const int32_t rc = seal::sequence_status(pin.tokens.data() + pin.offsets[s], len, p->shape.max_seq_tokens, n_vocab);
        if (rc != SEAL_OK && status[text] == SEAL_OK) {
            status[text] = rc;
            if (first_problem.empty()) {
                first_problem = "text " + std::to_string(text) + " with question " +
                                std::to_string(s % n_questions) + ": " +
                                seal::sequence_problem(rc, len, p->shape.max_seq_tokens);
            }
        }
    }
    for (int32_t s = 0; s < n_seqs; s++) {
        seq_status[s] = status[s / n_questions];
    }
    for (int32_t i = 0; i < n_texts; i++) {
        if (status[i] != SEAL_OK) {
            st.n_failed++;
            std::fill(probs + (int64_t) i * n_questions * n_candidates,
                      probs + (int64_t) (i + 1) * n_questions * n_candidates, std::numeric_limits<float>::quiet_NaN());
        }
    }

    seal::plan_input in;
    in.n_seqs = n_seqs;
    in.tokens = pin.tokens.data();
    in.offsets = pin.offsets.data();
    in.groups = pin.groups.data();
    in.status = seq_status.data();
    in.share_prefix = true;
    in.sort_by_length = true;
    in.n_batch = p->shape.n_batch;
    in.n_unit_max = p->shape.n_cells;
    in.n_seq_max = p->shape.n_seq_max;
    // the branches that run out of memory even alone at the floor, counted and described per sequence here
    seal_score_stats branch_failures = {};
    std::string branch_problem;
    const int32_t rc =
        p->reference ? probe_alone(*p, in, candidates, n_candidates, n_vocab, probs, st)
                     : probe_packed(*p, in, seq_status, candidates, n_candidates, n_vocab, probs, st, branch_failures,
                                    branch_problem);
    if (rc != SEAL_OK) {
        return rc;
    }
    for (int32_t s = 0; s < n_seqs; s++) {
        const int32_t text = s / n_questions;
        if (seq_status[s] == SEAL_E_OUT_OF_MEMORY && status[text] == SEAL_OK) {  // the whole text fails
            status[text] = SEAL_E_OUT_OF_MEMORY;
            st.n_failed++;
            std::fill(probs + (int64_t) text * n_questions * n_candidates,
                      probs + (int64_t) (text + 1) * n_questions * n_candidates, std::numeric_limits<float>::quiet_NaN());
        }
    }
    if (first_problem.empty() && !branch_problem.empty()) {
        first_problem = branch_problem + " (sequence = text * " + std::to_string(n_questions) + " + question)";
    }
    return seal::finish_call(status, text_status, st, t_start, stats, first_problem);
}

} // extern "C"
