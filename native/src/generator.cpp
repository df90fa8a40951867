// The generator: continuous batching over many requests. Up to n_seq_max sequences share one context; each
// decode carries one sampled token per running sequence plus chunks of prompts being admitted, and a
// finished sequence's KV cells and slot go to the next request at once. Logits are asked for only on the
// rows that are sampled (each running sequence's newest token, each admitted prompt's last token). The token
// prefix all prompts of a call share (an instruction) is decoded once under its own sequence id and copied,
// cell for cell, into each request's sequence when it is admitted (a unified KV cache shares the cells).
#include "batch.h"
#include "plan.h"

#include <algorithm>
#include <climits>

struct seal_generator {
    seal_model * model = nullptr;
    llama_context * ctx = nullptr;
    llama_batch batch = {};
    int32_t n_ctx = 0;
    int32_t n_batch = 0;
    int32_t n_seq_max = 0;       // request sequences; sequence id n_seq_max holds the shared prefix
    bool share_prefix = true;
};

namespace {

using seal::clock_type;
using seal::seconds_since;

// One sequence in flight.
struct slot {
    int32_t request = -1;           // -1: free
    llama_sampler * sampler = nullptr;
    int32_t prompt_done = 0;        // prompt tokens decoded so far
    int32_t pos = 0;                // position of the next token to decode
    int32_t pending = -1;           // a sampled token not yet decoded
    int32_t row = -1;               // the batch row to sample from after this decode
    int64_t reserved = 0;           // KV cells held: prompt + max_tokens
    std::string text;               // generated text, for the stop strings
};

// What one call works on, checked.
struct requests {
    const int32_t * tokens;
    const int64_t * offsets;
    const seal_sampling_params * sampling;
    const char * const * grammars;
    const char * const * stops;
    const int32_t * stop_offsets;
    int64_t length(int32_t i) const { return offsets[i + 1] - offsets[i]; }
};

// The request's sampler chain: grammar first (it removes what cannot follow), then the truncations, then the
// draw; greedy at temperature 0. NULL when the grammar does not parse.
llama_sampler * make_sampler(const llama_vocab * vocab, const seal_sampling_params & sp, const char * grammar) {
    llama_sampler_chain_params cp = llama_sampler_chain_default_params();
    cp.no_perf = true;
    llama_sampler * chain = llama_sampler_chain_init(cp);
    if (grammar != nullptr) {
        llama_sampler * g = llama_sampler_init_grammar(vocab, grammar, "root");
        if (g == nullptr) {
            llama_sampler_free(chain);
            return nullptr;
        }
        llama_sampler_chain_add(chain, g);
    }
    if (sp.temperature <= 0) {
        llama_sampler_chain_add(chain, llama_sampler_init_greedy());
        return chain;
    }
    if (sp.top_k > 0) {
        llama_sampler_chain_add(chain, llama_sampler_init_top_k(sp.top_k));
    }
    if (sp.top_p < 1) {
        llama_sampler_chain_add(chain, llama_sampler_init_top_p(sp.top_p, 1));
    }
    if (sp.min_p > 0) {
        llama_sampler_chain_add(chain, llama_sampler_init_min_p(sp.min_p, 1));
    }
    llama_sampler_chain_add(chain, llama_sampler_init_temp(sp.temperature));
    llama_sampler_chain_add(chain, llama_sampler_init_dist(sp.seed));
    return chain;
}

// True when the text grew into one of the request's stop strings (only the new end can hold a new match).
bool hits_stop(const requests & rq, int32_t i, const std::string & text, size_t grown_by) {
    if (rq.stops == nullptr) {
        return false;
    }
    for (int32_t k = rq.stop_offsets[i]; k < rq.stop_offsets[i + 1]; k++) {
        const std::string stop = rq.stops[k] ? rq.stops[k] : "";
        if (stop.empty()) {
            continue;
        }
        const size_t from = text.size() >= grown_by + stop.size() ? text.size() - grown_by - stop.size() + 1 : 0;
        if (text.find(stop, from) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

extern "C" {

seal_generator_params seal_generator_default_params(void) {
    seal_generator_params p;
    p.n_ctx = 4096;
    p.n_batch = 512;
    p.n_seq_max = 32;
    p.n_threads = 0;
    p.flash_attn = llama_supports_gpu_offload() ? -1 : 0;
    p.share_prefix = true;
    p.kv_f32 = false;
    return p;
}

seal_sampling_params seal_sampling_default_params(void) {
    seal_sampling_params p;
    p.temperature = 0.8f;
    p.top_k = 40;
    p.top_p = 0.95f;
    p.min_p = 0.05f;
    p.seed = 42;
    p.max_tokens = 256;
    return p;
}

int32_t seal_generator_init(seal_model * model, seal_generator_params params, seal_generator ** out) {
    if (model == nullptr || out == nullptr) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_generator_init: model and out must not be NULL");
    }
    *out = nullptr;
    if (!model->causal || model->head_kind == SEAL_HEAD_CLASSIFIER) {
        return seal_fail(SEAL_E_NOT_GENERATIVE, model->path + " is an encoder (" + model->architecture +
                                                    "): it cannot generate text; use an instruct (decoder) model");
    }
    const int32_t n_seq_max = std::min(params.n_seq_max, 255);  // one more id (the prefix) within LLAMA_MAX_SEQ
    if (params.n_ctx <= 0 || n_seq_max <= 0 || params.n_batch < n_seq_max || params.n_threads < 0) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_generator_init: n_ctx and n_seq_max must be positive, "
                                                  "n_batch at least n_seq_max (one token per sequence), n_threads >= 0");
    }
    seal::context_shape shape =
        seal::shape_context(*model, params.n_ctx, params.n_batch, n_seq_max + 1, params.n_threads);
    shape.n_cells = params.n_ctx;  // the cache is the sum of what the sequences in flight reserve, not one decode
    shape.n_ubatch = params.n_batch;
    llama_context * ctx = nullptr;
    if (const int32_t rc = seal::open_context(model, shape, params.flash_attn, params.kv_f32, false, LLAMA_POOLING_TYPE_NONE,
                                              &ctx);
        rc != SEAL_OK) {
        return rc;
    }
    auto * g = new seal_generator();
    g->model = model;
    g->ctx = ctx;
    g->n_ctx = params.n_ctx;
    g->n_batch = params.n_batch;
    g->n_seq_max = n_seq_max;
    g->share_prefix = params.share_prefix;
    g->batch = llama_batch_init(params.n_batch, 0, 1);
    *out = g;
    return SEAL_OK;
}

void seal_generator_free(seal_generator * g) {
    if (g == nullptr) {
        return;
    }
    seal::close_context(g->model, g->ctx, g->batch);
    delete g;
}

int32_t seal_generator_generate(seal_generator * g, int32_t n_requests, const int32_t * prompt_tokens,
                                const int64_t * prompt_offsets, const seal_sampling_params * sampling,
                                const char * const * grammars, const char * const * stops,
                                const int32_t * stop_offsets, int32_t * out_tokens, int32_t * n_out, int32_t * finish,
                                int32_t * status_out, seal_score_stats * stats) {
    const auto t_start = clock_type::now();
    if (g == nullptr || n_requests < 0 || prompt_offsets == nullptr || sampling == nullptr || n_out == nullptr ||
        finish == nullptr || (stops != nullptr && stop_offsets == nullptr) ||
        (n_requests > 0 && (prompt_tokens == nullptr || out_tokens == nullptr))) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_generator_generate: prompts, offsets, sampling, out_tokens, "
                                                  "n_out and finish must not be NULL (stop_offsets with stops)");
    }
    if (prompt_offsets[0] != 0) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "prompt_offsets[0] must be 0");
    }
    const llama_vocab * vocab = g->model->vocab;
    const int32_t n_vocab = llama_vocab_n_tokens(vocab);
    const requests rq{prompt_tokens, prompt_offsets, sampling, grammars, stops, stop_offsets};
    seal_score_stats st = {};
    std::vector<int32_t> status(n_requests, SEAL_OK);
    std::vector<int64_t> out_base(n_requests + 1, 0);
    std::string first_problem;
    auto fail_request = [&](int32_t i, int32_t rc, const std::string & why) {
        status[i] = rc;
        st.n_failed++;
        if (first_problem.empty()) {
            first_problem = "request " + std::to_string(i) + ": " + why;
        }
    };
    for (int32_t i = 0; i < n_requests; i++) {
        const int64_t len = rq.length(i);
        if (len < 0) {
            return seal_fail(SEAL_E_INVALID_ARGUMENT, "prompt_offsets decrease at request " + std::to_string(i));
        }
        st.n_tokens_input += len;
        n_out[i] = 0;
        finish[i] = SEAL_FINISH_NONE;
        const int32_t max_tokens = sampling[i].max_tokens;
        out_base[i + 1] = out_base[i] + std::max(max_tokens, 0);
        if (max_tokens < 1) {
            fail_request(i, SEAL_E_INVALID_ARGUMENT, "max_tokens " + std::to_string(max_tokens) + " < 1");
            continue;
        }
        const int32_t rc = seal::sequence_status(prompt_tokens + prompt_offsets[i], len, INT32_MAX, n_vocab);
        if (rc != SEAL_OK) {
            fail_request(i, rc, seal::sequence_problem(rc, len, INT32_MAX));
        } else if (len + max_tokens > g->n_ctx) {
            fail_request(i, SEAL_E_TOO_LONG, std::to_string(len) + " prompt tokens + max_tokens " +
                                                 std::to_string(max_tokens) + " > n_ctx " + std::to_string(g->n_ctx));
        }
    }

    std::vector<slot> slots(g->n_seq_max);
    llama_memory_t mem = llama_get_memory(g->ctx);
    llama_batch & b = g->batch;
    auto count_decode = [&](clock_type::time_point t0) {
        st.seconds_decode += seconds_since(t0);
        st.n_tokens_decoded += b.n_tokens;
        st.n_decodes += 1;
    };
    // The prompts' common prefix (each keeps its last prompt token, the row its first token is sampled from),
    // decoded once under its own sequence id; its cells stay reserved for the whole call.
    const llama_seq_id prefix_seq = g->n_seq_max;
    int32_t prefix = 0;
    if (g->share_prefix) {
        std::vector<int32_t> members;
        for (int32_t i = 0; i < n_requests; i++) {
            if (status[i] == SEAL_OK) {
                members.push_back(i);
            }
        }
        seal::plan_input in;
        in.tokens = prompt_tokens;
        in.offsets = prompt_offsets;
        prefix = seal::common_prefix(in, members);
        for (int32_t p0 = 0; p0 < prefix; p0 += g->n_batch) {
            const int32_t * first = prompt_tokens + prompt_offsets[members[0]];
            b.n_tokens = 0;
            for (int32_t p = p0; p < std::min(prefix, p0 + g->n_batch); p++) {
                const int32_t r = b.n_tokens++;
                b.token[r] = first[p];
                b.pos[r] = p;
                b.n_seq_id[r] = 1;
                b.seq_id[r][0] = prefix_seq;
                b.logits[r] = false;
            }
            const auto t0 = clock_type::now();
            if (const int32_t rc = seal::decode_batch(g->ctx, b); rc != SEAL_OK) {
                return rc;  // decode_batch cleared the cache
            }
            count_decode(t0);
        }
    }
    int64_t reserved = prefix;
    int32_t next = 0;  // the next request to admit, in input order
    auto release = [&](slot & s, int32_t reason) {
        finish[s.request] = reason;
        llama_memory_seq_rm(mem, (llama_seq_id) (&s - slots.data()), -1, -1);
        llama_sampler_free(s.sampler);
        reserved -= s.reserved;
        s = slot();
    };
    auto release_all = [&]() {
        for (slot & s : slots) {
            if (s.request >= 0) {
                llama_sampler_free(s.sampler);
                s = slot();
            }
        }
        seal::clear_memory(g->ctx);
    };
    char piece[256];
    for (;;) {
        // Admit waiting requests into free slots while their cells fit next to those in flight.
        for (slot & s : slots) {
            while (s.request < 0 && next < n_requests) {
                const int32_t i = next;
                if (status[i] != SEAL_OK) {
                    next++;
                    continue;
                }
                const int64_t need = rq.length(i) - prefix + sampling[i].max_tokens;
                if (reserved + need > g->n_ctx) {
                    break;
                }
                next++;
                llama_sampler * smp = make_sampler(vocab, sampling[i], grammars ? grammars[i] : nullptr);
                if (smp == nullptr) {
                    fail_request(i, SEAL_E_INVALID_ARGUMENT, "the grammar does not parse (GBNF with a root rule)");
                    continue;
                }
                s.request = i;
                s.sampler = smp;
                s.reserved = need;
                reserved += need;
                if (prefix > 0) {
                    llama_memory_seq_cp(mem, prefix_seq, (llama_seq_id) (&s - slots.data()), 0, prefix);
                    s.prompt_done = prefix;
                    s.pos = prefix;
                }
            }
        }
        // One decode: every running sequence's newest token first, then as much prompt as fits.
        b.n_tokens = 0;
        auto push = [&](slot & s, int32_t token, bool output) {
            const int32_t r = b.n_tokens++;
            b.token[r] = token;
            b.pos[r] = s.pos++;
            b.n_seq_id[r] = 1;
            b.seq_id[r][0] = (llama_seq_id) (&s - slots.data());
            b.logits[r] = output;
            if (output) {
                s.row = r;
            }
        };
        for (slot & s : slots) {
            if (s.request >= 0 && s.pending >= 0) {
                push(s, s.pending, true);
                s.pending = -1;
            }
        }
        for (slot & s : slots) {
            const int64_t len = s.request >= 0 ? rq.length(s.request) : 0;
            while (s.request >= 0 && s.prompt_done < len && b.n_tokens < g->n_batch) {
                const int32_t p = s.prompt_done++;
                push(s, prompt_tokens[prompt_offsets[s.request] + p], p == len - 1);
            }
        }
        if (b.n_tokens == 0) {
            break;  // nothing in flight and nothing admitted: every request is done
        }
        const auto t0 = clock_type::now();
        if (const int32_t rc = seal::decode_batch(g->ctx, b); rc != SEAL_OK) {
            release_all();
            return rc;
        }
        count_decode(t0);
        for (slot & s : slots) {
            if (s.row < 0) {
                continue;
            }
            const int32_t i = s.request;
            const llama_token tok = llama_sampler_sample(s.sampler, g->ctx, s.row);
            s.row = -1;
            if (llama_vocab_is_eog(vocab, tok)) {
                release(s, SEAL_FINISH_EOG);
                continue;
            }
            out_tokens[out_base[i] + n_out[i]++] = tok;
            const int32_t n = llama_token_to_piece(vocab, tok, piece, sizeof(piece), 0, false);
            const size_t grown = n > 0 ? (size_t) n : 0;
            s.text.append(piece, grown);
            if (hits_stop(rq, i, s.text, grown)) {
                release(s, SEAL_FINISH_STOP);
            } else if (n_out[i] >= sampling[i].max_tokens) {
                release(s, SEAL_FINISH_LENGTH);
            } else {
                s.pending = tok;
            }
        }
    }
    seal::clear_memory(g->ctx);  // the shared prefix
    return seal::finish_call(status, status_out, st, t_start, stats, first_problem);
}

} // extern "C"
