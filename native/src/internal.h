// Internal declarations shared by seal's native sources. Nothing here crosses into Java.
#pragma once

#include "seal.h"
#include "llama.h"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

struct seal_parsed_template;  // chat.cpp: one lexed and parsed chat template

// Installs seal's llama.cpp log filter and initializes the backends, once per process.
void seal_ensure_backend();

// The thread's last error; every public function that fails sets it.
void seal_set_error(const std::string & message);
int32_t seal_fail(int32_t status, const std::string & message);

struct seal_model {
    llama_model * model = nullptr;
    const llama_vocab * vocab = nullptr;
    std::string path;
    std::string architecture;
    int32_t head_kind = SEAL_HEAD_NONE;
    int32_t n_labels = 0;
    bool causal = true;
    std::vector<float> head_weight;   // n_labels x n_embd, label-major (seal.reward.head.weight)
    std::vector<float> head_bias;     // n_labels (seal.reward.head.bias, zeros when absent)
    std::vector<std::string> labels;  // n_labels names, "" when unnamed
    int32_t pad_token = -1;           // seal.reward.pad_token_id: the head pools the last token that is not this
                                      // one, as transformers' *ForSequenceClassification does; -1 = the last token
    std::string chat_template;        // tokenizer.chat_template, "" when absent
    std::string bos_text;             // BOS/EOS as text, for the template's bos_token/eos_token
    std::string eos_text;

    // Parsed chat templates not in use, by template source (the model's own or an override), so that a render
    // parses only when every parsed copy is busy on another thread. A copy serves one render at a time: the Jinja
    // engine writes into the tree while a {% filter %} block runs (chat.cpp). Guarded by chat_mutex. Mutable: the
    // cache is bookkeeping, not the model's state, and rendering takes a const model.
    mutable std::mutex chat_mutex;
    mutable std::unordered_map<std::string, std::vector<std::shared_ptr<seal_parsed_template>>> idle_chat_templates;

    // Lifetime: the caller's handle (released by seal_model_free) and each open scorer or prober hold the
    // model; the last of them to let go destroys it, so freeing the model before its users cannot pull
    // memory out from under them. Guarded by lifetime_mutex.
    std::mutex lifetime_mutex;
    bool handle_released = false;
    int32_t n_users = 0;
};

// A scorer's or prober's hold on its model: fails (SEAL_E_INVALID_ARGUMENT) once the caller has freed the model.
int32_t seal_model_retain(seal_model & model);
// Drops a scorer's or prober's hold; destroys the model when the caller has freed it and no user is left.
void seal_model_release(seal_model * model);

// Reads seal.reward.* from the GGUF's metadata into model (head_kind, weights, labels). Fails when the
// keys are present but inconsistent; absent keys leave head_kind untouched.
int32_t seal_read_reward_head(seal_model & model);

// Copies s into buf (no terminator beyond buf_size), reporting the required size.
int32_t seal_copy_out(const std::string & s, char * buf, int32_t buf_size, int32_t * n_required, bool terminate);
