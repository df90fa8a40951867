// Struct layout introspection, so the hand-kept Java bindings can be checked against the compiler's
// idea of the header rather than against a second hand-written table.
#include "seal.h"

#include <cstddef>
#include <cstring>

#define SEAL_FIELD(S, F) if (strcmp(field, #F) == 0) return (int64_t) offsetof(S, F)

extern "C" int64_t seal_abi_sizeof(const char * name) {
    if (name == nullptr) return -1;
    if (strcmp(name, "seal_model_params") == 0) return sizeof(seal_model_params);
    if (strcmp(name, "seal_model_info") == 0) return sizeof(seal_model_info);
    if (strcmp(name, "seal_scorer_params") == 0) return sizeof(seal_scorer_params);
    if (strcmp(name, "seal_score_stats") == 0) return sizeof(seal_score_stats);
    if (strcmp(name, "seal_prober_params") == 0) return sizeof(seal_prober_params);
    if (strcmp(name, "seal_generator_params") == 0) return sizeof(seal_generator_params);
    if (strcmp(name, "seal_sampling_params") == 0) return sizeof(seal_sampling_params);
    if (strcmp(name, "seal_embedder_params") == 0) return sizeof(seal_embedder_params);
    if (strcmp(name, "seal_device_info") == 0) return sizeof(seal_device_info);
    return -1;
}

extern "C" int64_t seal_abi_offsetof(const char * name, const char * field) {
    if (name == nullptr || field == nullptr) return -1;
    if (strcmp(name, "seal_model_params") == 0) {
        SEAL_FIELD(seal_model_params, n_gpu_layers);
        SEAL_FIELD(seal_model_params, use_mmap);
        SEAL_FIELD(seal_model_params, vocab_only);
        SEAL_FIELD(seal_model_params, device);
    } else if (strcmp(name, "seal_model_info") == 0) {
        SEAL_FIELD(seal_model_info, architecture);
        SEAL_FIELD(seal_model_info, description);
        SEAL_FIELD(seal_model_info, head_kind);
        SEAL_FIELD(seal_model_info, n_labels);
        SEAL_FIELD(seal_model_info, n_embd);
        SEAL_FIELD(seal_model_info, n_layer);
        SEAL_FIELD(seal_model_info, n_ctx_train);
        SEAL_FIELD(seal_model_info, n_vocab);
        SEAL_FIELD(seal_model_info, vocab_type);
        SEAL_FIELD(seal_model_info, token_bos);
        SEAL_FIELD(seal_model_info, token_eos);
        SEAL_FIELD(seal_model_info, token_sep);
        SEAL_FIELD(seal_model_info, add_bos);
        SEAL_FIELD(seal_model_info, add_eos);
        SEAL_FIELD(seal_model_info, add_sep);
        SEAL_FIELD(seal_model_info, causal);
        SEAL_FIELD(seal_model_info, has_chat_template);
        SEAL_FIELD(seal_model_info, n_params);
        SEAL_FIELD(seal_model_info, size_bytes);
    } else if (strcmp(name, "seal_scorer_params") == 0) {
        SEAL_FIELD(seal_scorer_params, max_seq_tokens);
        SEAL_FIELD(seal_scorer_params, n_batch);
        SEAL_FIELD(seal_scorer_params, n_seq_max);
        SEAL_FIELD(seal_scorer_params, n_threads);
        SEAL_FIELD(seal_scorer_params, flash_attn);
        SEAL_FIELD(seal_scorer_params, share_prefix);
        SEAL_FIELD(seal_scorer_params, sort_by_length);
        SEAL_FIELD(seal_scorer_params, kv_f32);
    } else if (strcmp(name, "seal_score_stats") == 0) {
        SEAL_FIELD(seal_score_stats, n_tokens_input);
        SEAL_FIELD(seal_score_stats, n_tokens_decoded);
        SEAL_FIELD(seal_score_stats, n_decodes);
        SEAL_FIELD(seal_score_stats, n_failed);
        SEAL_FIELD(seal_score_stats, seconds_decode);
        SEAL_FIELD(seal_score_stats, seconds_total);
    } else if (strcmp(name, "seal_prober_params") == 0) {
        SEAL_FIELD(seal_prober_params, max_seq_tokens);
        SEAL_FIELD(seal_prober_params, n_batch);
        SEAL_FIELD(seal_prober_params, n_seq_max);
        SEAL_FIELD(seal_prober_params, n_threads);
        SEAL_FIELD(seal_prober_params, flash_attn);
        SEAL_FIELD(seal_prober_params, kv_f32);
        SEAL_FIELD(seal_prober_params, reference);
    } else if (strcmp(name, "seal_generator_params") == 0) {
        SEAL_FIELD(seal_generator_params, n_ctx);
        SEAL_FIELD(seal_generator_params, n_batch);
        SEAL_FIELD(seal_generator_params, n_seq_max);
        SEAL_FIELD(seal_generator_params, n_threads);
        SEAL_FIELD(seal_generator_params, flash_attn);
        SEAL_FIELD(seal_generator_params, share_prefix);
        SEAL_FIELD(seal_generator_params, kv_f32);
    } else if (strcmp(name, "seal_sampling_params") == 0) {
        SEAL_FIELD(seal_sampling_params, temperature);
        SEAL_FIELD(seal_sampling_params, top_k);
        SEAL_FIELD(seal_sampling_params, top_p);
        SEAL_FIELD(seal_sampling_params, min_p);
        SEAL_FIELD(seal_sampling_params, seed);
        SEAL_FIELD(seal_sampling_params, max_tokens);
    } else if (strcmp(name, "seal_embedder_params") == 0) {
        SEAL_FIELD(seal_embedder_params, pooling);
        SEAL_FIELD(seal_embedder_params, max_seq_tokens);
        SEAL_FIELD(seal_embedder_params, n_batch);
        SEAL_FIELD(seal_embedder_params, n_seq_max);
        SEAL_FIELD(seal_embedder_params, n_threads);
        SEAL_FIELD(seal_embedder_params, flash_attn);
        SEAL_FIELD(seal_embedder_params, kv_f32);
    } else if (strcmp(name, "seal_device_info") == 0) {
        SEAL_FIELD(seal_device_info, name);
        SEAL_FIELD(seal_device_info, description);
        SEAL_FIELD(seal_device_info, type);
        SEAL_FIELD(seal_device_info, memory_free);
        SEAL_FIELD(seal_device_info, memory_total);
    }
    return -1;
}
