// Model loading, description, tokenization and the reward head read from GGUF metadata.
#include "internal.h"

#include "gguf.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>

namespace {

thread_local std::string g_last_error;
int g_log_level = 0;

void log_callback(ggml_log_level level, const char * text, void *) {
    // llama.cpp logs every load in detail; keep stderr quiet unless asked, but always keep errors
    // so a failure can be explained (they also end up in seal_last_error via the caller).
    const int wanted = level == GGML_LOG_LEVEL_ERROR ? 0 : level == GGML_LOG_LEVEL_WARN ? 1 : 2;
    if (wanted <= g_log_level || (level == GGML_LOG_LEVEL_CONT && g_log_level >= 2)) {
        fputs(text, stderr);
    }
    if (level == GGML_LOG_LEVEL_ERROR) {
        g_last_error += text;
    }
}

} // namespace

void seal_ensure_backend() {
    static std::once_flag once;
    std::call_once(once, [] {
        llama_log_set(log_callback, nullptr);
        llama_backend_init();
    });
}

namespace {

std::string meta_string(const llama_model * model, const char * key) {
    char buf[256];
    const int32_t n = llama_model_meta_val_str(model, key, buf, sizeof(buf));
    if (n < 0) {
        return "";
    }
    if ((size_t) n < sizeof(buf)) {
        return std::string(buf, n);
    }
    std::string big(n + 1, '\0');
    llama_model_meta_val_str(model, key, big.data(), big.size());
    big.resize(n);
    return big;
}

std::string token_text(const llama_vocab * vocab, llama_token t) {
    if (t < 0) {
        return "";
    }
    const char * s = llama_vocab_get_text(vocab, t);
    return s ? s : "";
}

} // namespace

void seal_set_error(const std::string & message) { g_last_error = message; }

namespace {

void destroy_model(seal_model * model) {
    llama_model_free(model->model);
    delete model;
}

} // namespace

int32_t seal_model_retain(seal_model & model) {
    std::lock_guard<std::mutex> lock(model.lifetime_mutex);
    if (model.handle_released) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, model.path + ": the model was freed; load it again to make a scorer or prober");
    }
    model.n_users++;
    return SEAL_OK;
}

void seal_model_release(seal_model * model) {
    bool last;
    {
        std::lock_guard<std::mutex> lock(model->lifetime_mutex);
        last = --model->n_users == 0 && model->handle_released;
    }
    if (last) {
        destroy_model(model);
    }
}

int32_t seal_fail(int32_t status, const std::string & message) {
    g_last_error = message;
    return status;
}

int32_t seal_copy_out(const std::string & s, char * buf, int32_t buf_size, int32_t * n_required, bool terminate) {
    const int64_t need = (int64_t) s.size() + (terminate ? 1 : 0);
    if (need > INT32_MAX) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "output larger than 2 GiB");
    }
    if (n_required) {
        *n_required = (int32_t) s.size();
    }
    if (buf_size < need || (buf == nullptr && need > 0)) {
        return seal_fail(SEAL_E_BUFFER_TOO_SMALL, "buffer of " + std::to_string(buf_size) + " bytes is too small: " +
                                                      std::to_string(need) + " needed");
    }
    memcpy(buf, s.data(), s.size());
    if (terminate) {
        buf[s.size()] = '\0';
    }
    return SEAL_OK;
}

extern "C" {

const char * seal_last_error(void) { return g_last_error.c_str(); }

int32_t seal_api_version(void) { return SEAL_API_VERSION; }

const char * seal_build_info(void) {
    static const std::string info = std::string("seal ") + SEAL_VERSION + " on llama.cpp " + SEAL_LLAMA_COMMIT +
#ifdef SEAL_WITH_CUDA
                                    " (CPU+CUDA)"
#else
                                    " (CPU)"
#endif
                                    " patches " + SEAL_LLAMA_PATCHES;
    return info.c_str();
}

void seal_set_log_level(int32_t level) {
    seal_ensure_backend();
    g_log_level = level;
}

seal_model_params seal_model_default_params(void) {
    seal_model_params p;
    p.n_gpu_layers = -1;
    p.use_mmap = true;
    p.vocab_only = false;
    p.device = -1;
    return p;
}

namespace {

// Points llama.cpp at the one device params.device names (see seal_model_params.device). llama.cpp takes a
// NULL-terminated list of devices and, with split mode none, keeps the whole model on the first; an empty list leaves
// it no GPU, which is how the CPU's index means the CPU alone (the CPU itself has no place in the list: llama.cpp
// adds it to every model as the host). `list` holds two entries and must outlive the load.
int32_t choose_device(int32_t index, llama_model_params & mp, ggml_backend_dev_t * list) {
    if (index == -1) {
        return SEAL_OK;
    }
    const int32_t n = (int32_t) ggml_backend_dev_count();
    if (index < 0 || index >= n) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "no device " + std::to_string(index) + " to load the model on: there are " +
                                                      std::to_string(n) + " (0 .. " + std::to_string(n - 1) + " in " +
                                                      "seal_backend_device_info's list), or -1 for llama.cpp's choice");
    }
    ggml_backend_dev_t dev = ggml_backend_dev_get((size_t) index);
    list[0] = nullptr;
    list[1] = nullptr;
    switch (ggml_backend_dev_type(dev)) {
        case GGML_BACKEND_DEVICE_TYPE_GPU:
        case GGML_BACKEND_DEVICE_TYPE_IGPU:
            list[0] = dev;
            break;
        case GGML_BACKEND_DEVICE_TYPE_CPU:
            break;
        default:
            return seal_fail(SEAL_E_INVALID_ARGUMENT, "device " + std::to_string(index) + " (" + ggml_backend_dev_name(dev) +
                                                          ") cannot hold a model: it works beside the CPU; choose a GPU or the CPU");
    }
    mp.devices = list;
    mp.split_mode = LLAMA_SPLIT_MODE_NONE;
    mp.main_gpu = 0;
    return SEAL_OK;
}

} // namespace

int32_t seal_model_load(const char * path, seal_model_params params, seal_model ** out) {
    if (path == nullptr || out == nullptr) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_model_load: path and out must not be NULL");
    }
    *out = nullptr;
    seal_ensure_backend();
    if (FILE * f = fopen(path, "rb")) {
        fclose(f);
    } else {
        return seal_fail(SEAL_E_IO, std::string("cannot open model file ") + path + ": " + strerror(errno));
    }
    llama_model_params mp = llama_model_default_params();
    mp.n_gpu_layers = params.n_gpu_layers < 0 ? 999 : params.n_gpu_layers;
    if (!params.use_mmap) {
        mp.load_mode = LLAMA_LOAD_MODE_NONE;
    }
    mp.vocab_only = params.vocab_only;
    ggml_backend_dev_t device_list[2];
    if (int32_t rc = choose_device(params.device, mp, device_list); rc != SEAL_OK) {
        return rc;
    }
    g_last_error.clear();
    llama_model * lm = llama_model_load_from_file(path, mp);
    if (lm == nullptr) {
        std::string why = g_last_error;
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) {
            why.pop_back();
        }
        return seal_fail(SEAL_E_MODEL, std::string("llama.cpp could not load ") + path + (why.empty() ? "" : ": " + why));
    }
    auto * m = new seal_model();
    m->model = lm;
    m->vocab = llama_model_get_vocab(lm);
    m->path = path;
    m->architecture = meta_string(lm, "general.architecture");
    const char * tmpl = llama_model_chat_template(lm, nullptr);
    m->chat_template = tmpl ? tmpl : "";
    m->bos_text = token_text(m->vocab, llama_vocab_bos(m->vocab));
    m->eos_text = token_text(m->vocab, llama_vocab_eos(m->vocab));

    int32_t rc = seal_read_reward_head(*m);
    if (rc != SEAL_OK) {
        seal_model_free(m);
        return rc;
    }
    if (m->head_kind == SEAL_HEAD_NONE) {
        // An encoder classifier that llama.cpp pools with RANK (BERT family with cls.output).
        const std::string pooling = meta_string(lm, (m->architecture + ".pooling_type").c_str());
        if (pooling == std::to_string(LLAMA_POOLING_TYPE_RANK)) {
            m->head_kind = SEAL_HEAD_CLASSIFIER;
            m->n_labels = (int32_t) llama_model_n_cls_out(lm);
            m->labels.clear();
            for (int32_t i = 0; i < m->n_labels; i++) {
                const char * l = llama_model_cls_label(lm, i);
                m->labels.emplace_back(l ? l : "");
            }
        }
    }
    // Prefixes can be shared only when attention is causal. A model may say so in its metadata;
    // classifiers of the BERT family and llama-embed (bidirectional by default) are not.
    const std::string causal = meta_string(lm, (m->architecture + ".attention.causal").c_str());
    if (!causal.empty()) {
        m->causal = causal == "true" || causal == "1";
    } else {
        m->causal = m->head_kind != SEAL_HEAD_CLASSIFIER && m->architecture != "llama-embed";
    }
    *out = m;
    return SEAL_OK;
}

void seal_model_free(seal_model * model) {
    if (model == nullptr) {
        return;
    }
    bool last;
    {
        std::lock_guard<std::mutex> lock(model->lifetime_mutex);
        model->handle_released = true;
        last = model->n_users == 0;
    }
    if (last) {
        destroy_model(model);
    }
}

int32_t seal_model_describe(const seal_model * m, seal_model_info * out) {
    if (m == nullptr || out == nullptr) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_model_describe: model and out must not be NULL");
    }
    memset(out, 0, sizeof(*out));
    snprintf(out->architecture, sizeof(out->architecture), "%s", m->architecture.c_str());
    llama_model_desc(m->model, out->description, sizeof(out->description));
    out->head_kind = m->head_kind;
    out->n_labels = m->n_labels;
    out->n_embd = llama_model_n_embd(m->model);
    out->n_layer = llama_model_n_layer(m->model);
    out->n_ctx_train = llama_model_n_ctx_train(m->model);
    out->n_vocab = llama_vocab_n_tokens(m->vocab);
    out->vocab_type = (int32_t) llama_vocab_type(m->vocab);
    out->token_bos = llama_vocab_bos(m->vocab);
    out->token_eos = llama_vocab_eos(m->vocab);
    out->token_sep = llama_vocab_sep(m->vocab);
    out->add_bos = llama_vocab_get_add_bos(m->vocab);
    out->add_eos = llama_vocab_get_add_eos(m->vocab);
    out->add_sep = llama_vocab_get_add_sep(m->vocab);
    out->causal = m->causal;
    out->has_chat_template = !m->chat_template.empty();
    out->n_params = llama_model_n_params(m->model);
    out->size_bytes = llama_model_size(m->model);
    return SEAL_OK;
}

int32_t seal_model_label(const seal_model * m, int32_t i, char * buf, int32_t buf_size, int32_t * n_required) {
    if (m == nullptr || i < 0 || i >= m->n_labels) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_model_label: no label " + std::to_string(i));
    }
    return seal_copy_out(i < (int32_t) m->labels.size() ? m->labels[i] : "", buf, buf_size, n_required, true);
}

int32_t seal_model_meta(const seal_model * m, const char * key, char * buf, int32_t buf_size, int32_t * n_required) {
    if (m == nullptr || key == nullptr) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_model_meta: model and key must not be NULL");
    }
    char probe[1];
    if (llama_model_meta_val_str(m->model, key, probe, sizeof(probe)) < 0) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, std::string("no metadata key ") + key);
    }
    return seal_copy_out(meta_string(m->model, key), buf, buf_size, n_required, true);
}

int32_t seal_model_tokenize(const seal_model * m, const char * text, int32_t text_len, bool add_special,
                            bool parse_special, int32_t * tokens, int32_t n_tokens_max, int32_t * n_tokens) {
    if (m == nullptr || (text == nullptr && text_len > 0) || text_len < 0 || n_tokens_max < 0 || n_tokens == nullptr ||
        (tokens == nullptr && n_tokens_max > 0)) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_model_tokenize: bad arguments");
    }
    const int32_t n = llama_tokenize(m->vocab, text ? text : "", text_len, tokens, n_tokens_max, add_special, parse_special);
    if (n == INT32_MIN) {
        return seal_fail(SEAL_E_TOO_LONG, "text has more tokens than fit in an int32");
    }
    if (n < 0) {
        *n_tokens = -n;
        return seal_fail(SEAL_E_BUFFER_TOO_SMALL, "token buffer of " + std::to_string(n_tokens_max) +
                                                      " is too small: " + std::to_string(-n) + " needed");
    }
    *n_tokens = n;
    return SEAL_OK;
}

int32_t seal_model_detokenize(const seal_model * m, const int32_t * tokens, int32_t n_tokens, bool remove_special,
                              bool unparse_special, char * buf, int32_t buf_size, int32_t * n_bytes) {
    if (m == nullptr || n_tokens < 0 || (tokens == nullptr && n_tokens > 0) || buf_size < 0 || n_bytes == nullptr ||
        (buf == nullptr && buf_size > 0)) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_model_detokenize: bad arguments");
    }
    const int32_t n_vocab = llama_vocab_n_tokens(m->vocab);
    for (int32_t i = 0; i < n_tokens; i++) {
        if (tokens[i] < 0 || tokens[i] >= n_vocab) {
            return seal_fail(SEAL_E_INVALID_ARGUMENT, "token " + std::to_string(i) + ": id " +
                                                          std::to_string(tokens[i]) + " outside the vocabulary");
        }
    }
    const int32_t n = llama_detokenize(m->vocab, tokens, n_tokens, buf, buf_size, remove_special, unparse_special);
    if (n < 0) {
        *n_bytes = -n;
        return seal_fail(SEAL_E_BUFFER_TOO_SMALL, "text buffer of " + std::to_string(buf_size) +
                                                      " bytes is too small: " + std::to_string(-n) + " needed");
    }
    *n_bytes = n;
    return SEAL_OK;
}

} // extern "C"

int32_t seal_read_reward_head(seal_model & m) {
    gguf_init_params gp = {/*no_alloc*/ true, /*ctx*/ nullptr};
    gguf_context * g = gguf_init_from_file(m.path.c_str(), gp);
    if (g == nullptr) {
        return seal_fail(SEAL_E_MODEL, "cannot read GGUF metadata of " + m.path);
    }
    struct closer { gguf_context * g; ~closer() { gguf_free(g); } } close_g{g};

    const int64_t kw = gguf_find_key(g, "seal.reward.head.weight");
    const int64_t kb = gguf_find_key(g, "seal.reward.head.bias");
    const int64_t kl = gguf_find_key(g, "seal.reward.labels");
    if (kw < 0) {
        if (kb >= 0 || kl >= 0) {
            return seal_fail(SEAL_E_NO_HEAD, m.path + ": seal.reward.head.bias/labels present without seal.reward.head.weight");
        }
        return SEAL_OK;
    }
    // Read the width from the file, not the loaded model: a vocab-only load leaves n_embd at 0.
    int32_t n_embd = llama_model_n_embd(m.model);
    const int64_t ke = gguf_find_key(g, (m.architecture + ".embedding_length").c_str());
    if (ke >= 0 && gguf_get_kv_type(g, ke) == GGUF_TYPE_UINT32) {
        n_embd = (int32_t) gguf_get_val_u32(g, ke);
    }
    auto float_array = [&](int64_t k, const char * name, std::vector<float> & dst) -> int32_t {
        if (gguf_get_kv_type(g, k) != GGUF_TYPE_ARRAY || gguf_get_arr_type(g, k) != GGUF_TYPE_FLOAT32) {
            return seal_fail(SEAL_E_NO_HEAD, m.path + ": " + name + " must be an array of float32");
        }
        const size_t n = gguf_get_arr_n(g, k);
        const float * data = (const float *) gguf_get_arr_data(g, k);
        dst.assign(data, data + n);
        for (size_t i = 0; i < n; i++) {
            if (!std::isfinite(dst[i])) {
                return seal_fail(SEAL_E_NO_HEAD, m.path + ": " + name + "[" + std::to_string(i) + "] is not finite");
            }
        }
        return SEAL_OK;
    };
    int32_t rc = float_array(kw, "seal.reward.head.weight", m.head_weight);
    if (rc != SEAL_OK) {
        return rc;
    }
    if (n_embd <= 0 || m.head_weight.empty() || m.head_weight.size() % (size_t) n_embd != 0) {
        return seal_fail(SEAL_E_NO_HEAD, m.path + ": seal.reward.head.weight has " + std::to_string(m.head_weight.size()) +
                                             " values, not a multiple of n_embd = " + std::to_string(n_embd));
    }
    m.n_labels = (int32_t) (m.head_weight.size() / n_embd);
    if (kb >= 0) {
        rc = float_array(kb, "seal.reward.head.bias", m.head_bias);
        if (rc != SEAL_OK) {
            return rc;
        }
        if ((int32_t) m.head_bias.size() != m.n_labels) {
            return seal_fail(SEAL_E_NO_HEAD, m.path + ": seal.reward.head.bias has " + std::to_string(m.head_bias.size()) +
                                                 " values for " + std::to_string(m.n_labels) + " labels");
        }
    } else {
        m.head_bias.assign(m.n_labels, 0.0f);
    }
    m.labels.assign(m.n_labels, "");
    if (kl >= 0) {
        if (gguf_get_kv_type(g, kl) != GGUF_TYPE_ARRAY || gguf_get_arr_type(g, kl) != GGUF_TYPE_STRING ||
            (int64_t) gguf_get_arr_n(g, kl) != m.n_labels) {
            return seal_fail(SEAL_E_NO_HEAD, m.path + ": seal.reward.labels must be " + std::to_string(m.n_labels) + " strings");
        }
        for (int32_t i = 0; i < m.n_labels; i++) {
            m.labels[i] = gguf_get_arr_str(g, kl, i);
        }
    }
    m.pad_token = -1;
    const int64_t kp = gguf_find_key(g, "seal.reward.pad_token_id");
    if (kp >= 0) {
        const gguf_type t = gguf_get_kv_type(g, kp);
        const int64_t id = t == GGUF_TYPE_UINT32 ? (int64_t) gguf_get_val_u32(g, kp)
                         : t == GGUF_TYPE_INT32  ? (int64_t) gguf_get_val_i32(g, kp) : -2;
        if (id < 0 || id >= llama_vocab_n_tokens(m.vocab)) {
            return seal_fail(SEAL_E_NO_HEAD, m.path + ": seal.reward.pad_token_id must be a uint32 token id of the vocabulary");
        }
        m.pad_token = (int32_t) id;
    }
    m.head_kind = SEAL_HEAD_LAST_TOKEN;
    return SEAL_OK;
}
