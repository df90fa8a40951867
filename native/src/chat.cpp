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
    try {
        jinja::lexer lexer;
        const auto lexed = lexer.tokenize(source);
        const jinja::program program = jinja::parse_from_tokens(lexed);

        common_json messages = common_json::array();
        for (int32_t i = 0; i < n_messages; i++) {
            if (roles[i] == nullptr || contents[i] == nullptr) {
                return seal_fail(SEAL_E_INVALID_ARGUMENT, "message " + std::to_string(i) + " has a NULL role or content");
            }
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

        jinja::context ctx(lexed.source);
        jinja::global_from_json(ctx, input, /*mark_input*/ false);
        jinja::runtime runtime(ctx);
        const jinja::value result = runtime.execute(program);
        const std::string text = jinja::runtime::gather_string_parts(result)->as_string().str();
        return seal_copy_out(text, buf, buf_size, n_bytes, false);
    } catch (const std::exception & e) {
        return seal_fail(SEAL_E_TEMPLATE, std::string("chat template failed: ") + e.what());
    }
}
