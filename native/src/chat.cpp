// Chat rendering with the model's own Jinja template, through llama.cpp's Jinja engine (vendored from
// common/jinja). It renders the way Hugging Face's apply_chat_template does: the template sees
// `messages`, `bos_token`, `eos_token` and `add_generation_prompt`, nothing seal-specific. The
// heuristic llama_chat_apply_template is not used: it only recognizes a list of known templates.
#include "internal.h"

#include "jinja/lexer.h"
#include "jinja/parser.h"
#include "jinja/runtime.h"
#include "jinja/value.h"
#include "json.h"

#include <exception>
#include <memory>
#include <utility>

struct seal_parsed_template {
    std::string source;  // the lexer's preprocessed source, for the engine's error messages
    jinja::program program;
};

namespace {

// Distinct template sources a model keeps parsed; past it the cache starts over (a caller cycling through
// templates re-parses, nothing grows without bound).
constexpr size_t MAX_CACHED_SOURCES = 8;

std::shared_ptr<seal_parsed_template> take_parsed(const seal_model & m, const std::string & source) {
    {
        std::lock_guard<std::mutex> lock(m.chat_mutex);
        auto it = m.idle_chat_templates.find(source);
        if (it != m.idle_chat_templates.end() && !it->second.empty()) {
            std::shared_ptr<seal_parsed_template> t = std::move(it->second.back());
            it->second.pop_back();
            return t;
        }
    }
    // parsed outside the lock, so that a long parse holds up no other render
    jinja::lexer lexer;
    jinja::lexer_result lexed = lexer.tokenize(source);
    auto t = std::make_shared<seal_parsed_template>();
    t->program = jinja::parse_from_tokens(lexed);
    t->source = std::move(lexed.source);
    return t;
}

// Only a copy whose render succeeded comes back: a render that threw may have left the tree changed (a
// {% filter %} block moves its filter out of the tree while it runs and puts it back only when it returns).
void give_back(const seal_model & m, const std::string & source, std::shared_ptr<seal_parsed_template> t) {
    std::lock_guard<std::mutex> lock(m.chat_mutex);
    auto it = m.idle_chat_templates.find(source);
    if (it == m.idle_chat_templates.end()) {
        if (m.idle_chat_templates.size() >= MAX_CACHED_SOURCES) {
            m.idle_chat_templates.clear();
        }
        it = m.idle_chat_templates.emplace(source, std::vector<std::shared_ptr<seal_parsed_template>>()).first;
    }
    it->second.push_back(std::move(t));
}

}  // namespace

extern "C" int32_t seal_model_render_chat(const seal_model * m, const char * template_override,
                                          const char * const * roles, const char * const * contents, int32_t n_messages,
                                          bool add_generation_prompt, char * buf, int32_t buf_size, int32_t * n_bytes) {
    if (m == nullptr || n_messages < 0 || (n_messages > 0 && (roles == nullptr || contents == nullptr)) || n_bytes == nullptr) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_model_render_chat: bad arguments");
    }
    const std::string source = template_override ? template_override : m->chat_template;
    if (source.empty()) {
        return seal_fail(SEAL_E_TEMPLATE, m->path + " has no chat template (tokenizer.chat_template); pass --raw to score "
                                                    "the texts as written, or --chat-template FILE");
    }
    for (int32_t i = 0; i < n_messages; i++) {
        if (roles[i] == nullptr || contents[i] == nullptr) {
            return seal_fail(SEAL_E_INVALID_ARGUMENT, "message " + std::to_string(i) + " has a NULL role or content");
        }
    }
    try {
        std::shared_ptr<seal_parsed_template> parsed = take_parsed(*m, source);

        common_json messages = common_json::array();
        for (int32_t i = 0; i < n_messages; i++) {
            common_json msg = common_json::object();
            msg["role"] = std::string(roles[i]);
            msg["content"] = std::string(contents[i]);
            messages.push_back(msg);
        }
        common_json input = common_json::object();
        input["messages"] = messages;
        input["bos_token"] = m->bos_text;
        input["eos_token"] = m->eos_text;
        input["add_generation_prompt"] = add_generation_prompt;

        jinja::context ctx(parsed->source);
        jinja::global_from_json(ctx, input, /*mark_input*/ false);
        jinja::runtime runtime(ctx);
        const jinja::value result = runtime.execute(parsed->program);
        const std::string text = jinja::runtime::gather_string_parts(result)->as_string().str();
        give_back(*m, source, std::move(parsed));
        return seal_copy_out(text, buf, buf_size, n_bytes, false);
    } catch (const std::exception & e) {
        return seal_fail(SEAL_E_TEMPLATE, std::string("chat template failed: ") + e.what());
    }
}
