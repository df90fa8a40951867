// Filling and running one packed llama_decode, shared by the scorer and the prober: both pack planned
// units (plan.h) into a batch whose shared prefixes carry every member's sequence id.
#pragma once

#include "internal.h"
#include "plan.h"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace seal {

using clock_type = std::chrono::steady_clock;

inline double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// Ends a batched call that ran: copies the per-item statuses (status_out optional) and the stats (stats_out
// optional, seconds_total from t_start) out, and leaves the first per-item problem as the thread's last error.
int32_t finish_call(const std::vector<int32_t> & status, int32_t * status_out, seal_score_stats st,
                    clock_type::time_point t_start, seal_score_stats * stats_out, const std::string & first_problem);

// The sizes of a packing context, from the caller's params (0 = default), shared by the scorer and the prober.
struct context_shape {
    int32_t max_seq_tokens = 0;  // longest sequence
    int32_t n_batch = 0;         // packing budget: tokens per decode
    int32_t n_cells = 0;         // context size = the most tokens one decode can hold (>= max_seq_tokens, >= n_batch)
    int32_t n_seq_max = 0;       // sequences in one decode
    int32_t n_threads = 0;
    int32_t n_ubatch = 0;        // tokens llama.cpp computes at once; 0 = n_cells (non-causal models need whole
                                 // sequences in one ubatch)
};

context_shape shape_context(const seal_model & model, int32_t max_seq_tokens, int32_t n_batch, int32_t n_seq_max,
                            int32_t n_threads);

// Takes a hold on the model (seal_model_retain) and creates a context of the given shape; on failure
// releases the hold and returns the error. embeddings: hidden states (the scorer) rather than logits.
int32_t open_context(seal_model * model, const context_shape & shape, int32_t flash_attn, bool kv_f32, bool embeddings,
                     enum llama_pooling_type pooling, llama_context ** out);

// Frees a context open_context made, and its CPU threadpool; nullptr does nothing. The model's hold is the caller's.
void free_context(llama_context * ctx);

// Frees what open_context made and a batch, then drops the hold on the model (the context goes first: it
// was made from the model).
void close_context(seal_model * model, llama_context * ctx, llama_batch & batch);

// One output row of a decode: which input sequence it belongs to, its row in the batch, its sequence slot.
struct out_row {
    int32_t seq;
    int32_t batch_index;
    int32_t slot;
};

// Fills b with the units of one decode (indices into units): each unit's prefix once, tagged with all of its
// members' slots, then each member's suffix under its own slot. Asks for output on each member's last token
// (on every row when all_outputs). Appends one out_row per member to outs; shared (optional, per sequence)
// receives the prefix tokens each member shared.
void fill_batch(llama_batch & b, const plan_input & in, const std::vector<unit> & units,
                const std::vector<int32_t> & decode, bool all_outputs, std::vector<out_row> & outs, int32_t * shared);

// llama_decode of b; on failure clears the context's memory and returns SEAL_E_OUT_OF_MEMORY or
// SEAL_E_DECODE with llama.cpp's own error lines in the message.
int32_t decode_batch(llama_context * ctx, const llama_batch & b);

// A sequence's own status before planning: SEAL_E_EMPTY, SEAL_E_TOO_LONG (over max_seq_tokens),
// SEAL_E_INVALID_ARGUMENT (a token id outside the vocabulary) or SEAL_OK.
int32_t sequence_status(const int32_t * tokens, int64_t len, int32_t max_seq_tokens, int32_t n_vocab);

// Per-sequence checks of a call before planning, so one bad sequence fails alone, never the call: fills status,
// counts input tokens and failures into st, writes NaN to a bad sequence's `width` floats of out, and keeps the
// first problem in words. SEAL_E_INVALID_ARGUMENT (the call fails) when the offsets decrease.
int32_t check_sequences(int32_t n_seqs, const int32_t * tokens, const int64_t * offsets, int32_t max_seq_tokens,
                        int32_t n_vocab, float * out, int32_t width, std::vector<int32_t> & status,
                        seal_score_stats & st, std::string & first_problem);

// Why sequence_status failed, in words ("empty", "5000 tokens > max_seq_tokens 4096", ...).
std::string sequence_problem(int32_t status, int64_t len, int32_t max_seq_tokens);

// Empties the context's KV cache between decodes.
void clear_memory(llama_context * ctx);

// One packed decode of the scorer, the prober or the embedder: fills b with the units of `decode` (fill_batch),
// decodes it, hands each member's output row to read, counts the decode in st and clears the context's memory.
// The decode is where the test hooks (native/tests/seal_testing.h, -DSEAL_TEST_HOOKS=ON) make it run out of memory.
int32_t decode_units(llama_context * ctx, llama_batch & b, const plan_input & in, const std::vector<unit> & units,
                     const std::vector<int32_t> & decode, bool all_outputs, int32_t * shared, seal_score_stats & st,
                     const std::function<int32_t(const out_row & o)> & read);

// Out-of-memory recovery, shared by the scorer, the prober and the embedder. llama.cpp reserves a context's
// compute buffers at creation for n_ubatch tokens against n_cells cells, and keeps them, so a smaller budget
// lowers a decode's memory only through a new context: recovery halves the budget, makes the context again for
// it and plans what is left of the call again, down to a floor.

// The smallest budget recovery goes down to: a decode of 64 tokens needs next to no compute memory, so a device
// that cannot run it cannot hold the model at all.
constexpr int32_t min_recovery_budget = 64;

// An owner's packing context, as recovery sees it: references to the owner's own fields.
struct budget_context {
    seal_model * model;
    llama_context *& ctx;
    int32_t & n_batch;
    int32_t & n_cells;
    // Makes a context for a budget, taking a hold on the model as open_context does, and gives its shape.
    std::function<int32_t(int32_t n_batch, context_shape & shape, llama_context ** ctx)> open;
};

// After an out-of-memory decode (or when an earlier recovery left no context): halves the budget and makes the
// context again for it, halving again while even the context cannot be made. SEAL_E_OUT_OF_MEMORY once nothing
// smaller than the floor is left to try (the owner may then have no context).
int32_t shrink_budget(budget_context & c);

// Runs one decode of the plan: the given units, outputs written; SEAL_E_OUT_OF_MEMORY when it ran out.
using run_decode_fn = std::function<int32_t(const std::vector<unit> & units, const std::vector<int32_t> & decode)>;

// Plans the call's valid sequences (status SEAL_OK) into decodes and runs them. Out of memory at a decode halves
// the budget (shrink_budget) and plans what is not done yet again; at the floor, a failed decode of several units
// is retried unit by unit, and a unit that fails alone gets status SEAL_E_OUT_OF_MEMORY for its sequences, NaN for
// their `width` floats of out, a count in st and the first such problem in words.
int32_t run_planned(budget_context & c, plan_input & in, std::vector<int32_t> & status, const run_decode_fn & run,
                    float * out, int32_t width, seal_score_stats & st, std::string & first_problem);

} // namespace seal
