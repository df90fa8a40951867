#include "batch.h"
#ifdef SEAL_TEST_HOOKS
#    include "seal_testing.h"
#endif

#include "ggml-cpu.h"

#include <algorithm>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace seal {

namespace {

// Each context's own CPU threadpool. Without one attached, ggml makes a disposable pool for every graph it
// computes: a thread created and joined per decode, which costs more than a tiny model's decode itself (the
// generator decodes once per generated token). llama.cpp's own tools attach a pool the same way (common's
// common_threadpools). The map is keyed by context, so free_context can free the pool with it.
std::mutex g_pools_mutex;
std::unordered_map<llama_context *, ggml_threadpool *> g_pools;

void attach_threadpool(llama_context * ctx, int32_t n_threads) {
    if (n_threads <= 1) {
        return;  // one thread computes on the caller's thread: no pool to make
    }
    ggml_threadpool_params tpp = ggml_threadpool_params_default(n_threads);
    ggml_threadpool * pool = ggml_threadpool_new(&tpp);
    if (pool == nullptr) {
        return;  // ggml falls back to a pool per graph: slower, still correct
    }
    llama_attach_threadpool(ctx, pool, nullptr);
    std::lock_guard<std::mutex> lock(g_pools_mutex);
    g_pools[ctx] = pool;
}

} // namespace

void free_context(llama_context * ctx) {
    if (ctx == nullptr) {
        return;
    }
    llama_free(ctx);  // first: the context's last compute may still use the pool until it is freed
    ggml_threadpool * pool = nullptr;
    {
        std::lock_guard<std::mutex> lock(g_pools_mutex);
        auto it = g_pools.find(ctx);
        if (it != g_pools.end()) {
            pool = it->second;
            g_pools.erase(it);
        }
    }
    if (pool != nullptr) {
        ggml_threadpool_free(pool);
    }
}

context_shape shape_context(const seal_model & model, int32_t max_seq_tokens, int32_t n_batch, int32_t n_seq_max,
                            int32_t n_threads) {
    context_shape c;
    const int32_t n_ctx_train = llama_model_n_ctx_train(model.model);
    // Longest sequence: the trained context, capped (KV and compute buffers scale with it).
    c.max_seq_tokens = max_seq_tokens > 0 ? max_seq_tokens : std::min(n_ctx_train > 0 ? n_ctx_train : 4096, 4096);
    c.n_batch = n_batch;
    c.n_cells = std::max(n_batch, c.max_seq_tokens);  // one sequence (or one group) always fits a decode
    // LLAMA_MAX_SEQ with a unified KV cache, and no more than the cells: a decode holds no more sequences than tokens,
    // and llama.cpp asserts that a context's n_seq_max fits its output rows (n_batch, here n_cells)
    c.n_seq_max = std::min({n_seq_max, 256, c.n_cells});
    c.n_threads = n_threads > 0 ? n_threads : (int32_t) std::max(1u, std::thread::hardware_concurrency());
    return c;
}

int32_t open_context(seal_model * model, const context_shape & shape, int32_t flash_attn, bool kv_f32, bool embeddings,
                     enum llama_pooling_type pooling, llama_context ** out) {
    llama_context_params cp = llama_context_default_params();
    cp.n_ctx = (uint32_t) shape.n_cells;
    cp.n_batch = (uint32_t) shape.n_cells;
    cp.n_ubatch = (uint32_t) (shape.n_ubatch > 0 ? shape.n_ubatch : shape.n_cells);
    cp.n_seq_max = (uint32_t) shape.n_seq_max;
    cp.n_threads = shape.n_threads;
    cp.n_threads_batch = shape.n_threads;
    cp.embeddings = embeddings;
    cp.pooling_type = pooling;
    cp.kv_unified = true;  // a token may belong to several sequences (shared prefixes)
    cp.flash_attn_type = flash_attn < 0 ? LLAMA_FLASH_ATTN_TYPE_AUTO
                         : flash_attn == 0 ? LLAMA_FLASH_ATTN_TYPE_DISABLED
                                           : LLAMA_FLASH_ATTN_TYPE_ENABLED;
    cp.no_perf = true;
    if (kv_f32) {
        cp.type_k = GGML_TYPE_F32;
        cp.type_v = GGML_TYPE_F32;
    }
    if (const int32_t rc = seal_model_retain(*model); rc != SEAL_OK) {
        return rc;
    }
    *out = llama_init_from_model(model->model, cp);
    if (*out == nullptr) {
        const std::string why = seal_last_error();
        seal_model_release(model);
        return seal_fail(SEAL_E_OUT_OF_MEMORY, "could not create a llama.cpp context for " +
                                                   std::to_string(shape.n_cells) +
                                                   " tokens (try a smaller --batch-tokens or --max-tokens): " + why);
    }
    attach_threadpool(*out, shape.n_threads);
    return SEAL_OK;
}

void fill_batch(llama_batch & b, const plan_input & in, const std::vector<unit> & units,
                const std::vector<int32_t> & decode, bool all_outputs, std::vector<out_row> & outs, int32_t * shared) {
    b.n_tokens = 0;
    int32_t next_slot = 0;
    auto push = [&](int32_t token, int32_t pos, const int32_t * slots, int32_t n_slots, bool output) {
        const int32_t i = b.n_tokens++;
        b.token[i] = token;
        b.pos[i] = pos;
        b.n_seq_id[i] = n_slots;
        for (int32_t k = 0; k < n_slots; k++) {
            b.seq_id[i][k] = slots[k];
        }
        b.logits[i] = output || all_outputs;
    };

    std::vector<int32_t> slots;
    for (int32_t ui : decode) {
        const unit & u = units[ui];
        slots.clear();
        for (size_t k = 0; k < u.members.size(); k++) {
            slots.push_back(next_slot++);
        }
        const int32_t * first = in.tokens + in.offsets[u.members[0]];
        for (int32_t p = 0; p < u.prefix; p++) {
            push(first[p], p, slots.data(), (int32_t) slots.size(), false);
        }
        for (size_t k = 0; k < u.members.size(); k++) {
            const int32_t seq = u.members[k];
            const int32_t * t = in.tokens + in.offsets[seq];
            const int32_t len = (int32_t) (in.offsets[seq + 1] - in.offsets[seq]);
            for (int32_t p = u.prefix; p < len; p++) {
                push(t[p], p, &slots[k], 1, p == len - 1);
            }
            outs.push_back({seq, b.n_tokens - 1, slots[k]});
            if (shared) {
                shared[seq] = u.prefix;
            }
        }
    }
}

int32_t sequence_status(const int32_t * tokens, int64_t len, int32_t max_seq_tokens, int32_t n_vocab) {
    if (len == 0) {
        return SEAL_E_EMPTY;
    }
    if (len > max_seq_tokens) {
        return SEAL_E_TOO_LONG;
    }
    for (int64_t k = 0; k < len; k++) {
        if (tokens[k] < 0 || tokens[k] >= n_vocab) {
            return SEAL_E_INVALID_ARGUMENT;
        }
    }
    return SEAL_OK;
}

int32_t check_sequences(int32_t n_seqs, const int32_t * tokens, const int64_t * offsets, int32_t max_seq_tokens,
                        int32_t n_vocab, float * out, int32_t width, std::vector<int32_t> & status,
                        seal_score_stats & st, std::string & first_problem) {
    status.assign(n_seqs, SEAL_OK);
    for (int32_t i = 0; i < n_seqs; i++) {
        const int64_t len = offsets[i + 1] - offsets[i];
        if (len < 0) {
            return seal_fail(SEAL_E_INVALID_ARGUMENT, "offsets decrease at sequence " + std::to_string(i));
        }
        st.n_tokens_input += len;
        status[i] = sequence_status(tokens + offsets[i], len, max_seq_tokens, n_vocab);
        if (status[i] != SEAL_OK) {
            st.n_failed++;
            std::fill(out + (int64_t) i * width, out + (int64_t) (i + 1) * width,
                      std::numeric_limits<float>::quiet_NaN());
            if (first_problem.empty()) {
                first_problem = "sequence " + std::to_string(i) + ": " + sequence_problem(status[i], len, max_seq_tokens);
            }
        }
    }
    return SEAL_OK;
}

std::string sequence_problem(int32_t status, int64_t len, int32_t max_seq_tokens) {
    switch (status) {
    case SEAL_E_EMPTY:
        return "empty";
    case SEAL_E_TOO_LONG:
        return std::to_string(len) + " tokens > max_seq_tokens " + std::to_string(max_seq_tokens);
    default:
        return "token id out of range";
    }
}

void close_context(seal_model * model, llama_context * ctx, llama_batch & batch) {
    llama_batch_free(batch);
    free_context(ctx);
    seal_model_release(model);
}

int32_t finish_call(const std::vector<int32_t> & status, int32_t * status_out, seal_score_stats st,
                    clock_type::time_point t_start, seal_score_stats * stats_out, const std::string & first_problem) {
    if (status_out) {
        std::copy(status.begin(), status.end(), status_out);
    }
    st.seconds_total = seconds_since(t_start);
    if (stats_out) {
        *stats_out = st;
    }
    if (!first_problem.empty()) {
        seal_set_error(first_problem);
    }
    return SEAL_OK;
}

void clear_memory(llama_context * ctx) {
    llama_memory_t mem = llama_get_memory(ctx);
    if (mem) {
        llama_memory_clear(mem, false);
    }
}

int32_t decode_batch(llama_context * ctx, const llama_batch & b) {
    seal_set_error("");  // llama.cpp's error log lines of this decode collect here
    const int32_t rc = llama_decode(ctx, b);
    if (rc == 0) {
        return SEAL_OK;
    }
    clear_memory(ctx);
    const std::string what = std::string(seal_last_error());
    const bool oom = what.find("alloc") != std::string::npos || what.find("out of memory") != std::string::npos;
    return seal_fail(oom ? SEAL_E_OUT_OF_MEMORY : SEAL_E_DECODE,
                     "llama_decode returned " + std::to_string(rc) + " for " + std::to_string(b.n_tokens) + " tokens" +
                         (what.empty() ? "" : ": " + what));
}

int32_t decode_units(llama_context * ctx, llama_batch & b, const plan_input & in, const std::vector<unit> & units,
                     const std::vector<int32_t> & decode, bool all_outputs, int32_t * shared, seal_score_stats & st,
                     const std::function<int32_t(const out_row & o)> & read) {
    std::vector<out_row> outs;
    fill_batch(b, in, units, decode, all_outputs, outs, shared);
    const auto t0 = clock_type::now();
#ifdef SEAL_TEST_HOOKS
    if (const int32_t rc = seal_testing_before_decode((int32_t) llama_n_ubatch(ctx)); rc != SEAL_OK) {
        clear_memory(ctx);
        return rc;
    }
#endif
    if (const int32_t rc = decode_batch(ctx, b); rc != SEAL_OK) {
        return rc;
    }
    for (const out_row & o : outs) {
        if (const int32_t rc = read(o); rc != SEAL_OK) {
            clear_memory(ctx);
            return rc;
        }
    }
    st.seconds_decode += seconds_since(t0);
    st.n_tokens_decoded += b.n_tokens;
    st.n_decodes += 1;
    clear_memory(ctx);
    return SEAL_OK;
}

namespace {

// Makes the owner's context again for a budget. The old context goes first (its buffers are what ran out); the
// owner's hold on the model is kept across the swap. On failure the owner has no context.
int32_t reopen(budget_context & c, int32_t n_batch) {
    free_context(c.ctx);
    c.ctx = nullptr;
    c.n_batch = n_batch;
    context_shape shape;
    llama_context * ctx = nullptr;
    if (const int32_t rc = c.open(n_batch, shape, &ctx); rc != SEAL_OK) {
        return rc;
    }
    seal_model_release(c.model);  // open took a second hold
    c.ctx = ctx;
    c.n_cells = shape.n_cells;
    return SEAL_OK;
}

} // namespace

int32_t shrink_budget(budget_context & c) {
    const std::string why = seal_last_error();
    if (c.ctx == nullptr && reopen(c, c.n_batch) == SEAL_OK) {
        return SEAL_OK;
    }
    while (c.n_batch > min_recovery_budget) {
        const int32_t rc = reopen(c, std::max(min_recovery_budget, c.n_batch / 2));
        if (rc != SEAL_E_OUT_OF_MEMORY) {
            return rc;
        }
    }
    return seal_fail(SEAL_E_OUT_OF_MEMORY, "out of memory at the smallest decode budget (" +
                                               std::to_string(min_recovery_budget) + " tokens): " + why);
}

int32_t run_planned(budget_context & c, plan_input & in, std::vector<int32_t> & status, const run_decode_fn & run,
                    float * out, int32_t width, seal_score_stats & st, std::string & first_problem) {
    if (c.ctx == nullptr) {  // an earlier call's recovery could not make a context even at the floor
        if (const int32_t rc = shrink_budget(c); rc != SEAL_OK) {
            return rc;
        }
    }
    constexpr int32_t done = 1;             // any status but SEAL_OK keeps a sequence out of later plans
    std::vector<int32_t> pending = status;  // SEAL_OK: valid and not done yet
    in.status = pending.data();
    bool plan = true;
    std::vector<unit> units;
    std::vector<std::vector<int32_t>> decodes;
    size_t d = 0;
    while (true) {
        if (plan) {
            in.n_batch = c.n_batch;
            in.n_unit_max = c.n_cells;
            units = make_units(in);
            decodes = pack_units(units, in);
            d = 0;
            plan = false;
        }
        if (d == decodes.size()) {
            return SEAL_OK;
        }
        const int32_t rc = run(units, decodes[d]);
        if (rc == SEAL_OK) {
            for (int32_t u : decodes[d]) {
                for (int32_t seq : units[u].members) {
                    pending[seq] = done;
                }
            }
            d++;
            continue;
        }
        if (rc != SEAL_E_OUT_OF_MEMORY) {
            return rc;
        }
        if (shrink_budget(c) == SEAL_OK) {
            plan = true;
            continue;
        }
        if (c.ctx == nullptr) {
            return SEAL_E_OUT_OF_MEMORY;
        }
        if (decodes[d].size() > 1) {  // at the floor: each unit of the failed decode alone, right after it
            std::vector<std::vector<int32_t>> alone;
            for (int32_t u : decodes[d]) {
                alone.push_back({u});
            }
            decodes.insert(decodes.begin() + (std::ptrdiff_t) d + 1, alone.begin(), alone.end());
            d++;
            continue;
        }
        for (int32_t seq : units[decodes[d][0]].members) {
            pending[seq] = status[seq] = SEAL_E_OUT_OF_MEMORY;
            std::fill(out + (int64_t) seq * width, out + (int64_t) (seq + 1) * width,
                      std::numeric_limits<float>::quiet_NaN());
            st.n_failed++;
            if (first_problem.empty()) {
                first_problem = "sequence " + std::to_string(seq) + ": " + seal_last_error();
            }
        }
        d++;
    }
}

} // namespace seal
