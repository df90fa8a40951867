// Chat rendering with the model's own Jinja template, through llama.cpp's Jinja engine (vendored from
// common/jinja). It renders the way Hugging Face's apply_chat_template does: the template sees
// `messages`, `bos_token`, `eos_token` and `add_generation_prompt`, nothing seal-specific. The
// heuristic llama_chat_apply_template is not used: it only recognizes a list of known templates.
//
// Most renders skip the engine. A template whose output depends on the message contents only by writing each one
// out verbatim or trimmed (content_blind below) renders every conversation of one shape (its roles,
// add_generation_prompt) as the same text with the contents written in: the engine renders each shape twice, with a
// placeholder for each content and with the placeholders padded by spaces (which tells where a content is trimmed),
// and later conversations of that shape only have their contents written into that skeleton. Any other template runs
// through the engine on every render.
#include "internal.h"

#include "jinja/lexer.h"
#include "jinja/parser.h"
#include "jinja/runtime.h"
#include "jinja/value.h"

#ifdef SEAL_TEST_HOOKS
#include "seal_testing.h"
#endif

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <exception>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>

namespace {

// A rendered shape: literal text, then the content of message `content` (-1 after the last piece), trimmed the way the
// engine's `trim` filter trims when the template trims it there.
struct skeleton_piece {
    std::string text;
    int32_t content = -1;
    bool trimmed = false;
};
using skeleton = std::vector<skeleton_piece>;

}  // namespace

struct seal_parsed_template {
    std::string source;  // the lexer's preprocessed source, for the engine's error messages
    jinja::program program;
    bool content_blind = false;
    std::set<std::string> engine_roles;  // a conversation with one of these roles renders on the engine
    std::unordered_map<std::string, skeleton> skeletons;  // by shape_key
};

#ifdef SEAL_TEST_HOOKS
static std::atomic<int64_t> g_engine_renders{0};
extern "C" int64_t seal_testing_chat_engine_renders(void) { return g_engine_renders.load(); }
#endif

namespace {

using jinja::cast_stmt;
using jinja::statement_ptr;
using jinja::statements;

// Whether a parsed template can use the content only by writing it out, as it is, into the output. Conservative: a
// construct it does not know, or any other use of `messages`, of a message or of `loop` makes the template not
// content-blind, and it is rendered by the engine every time. The allowed uses are
//   {% for m in messages %} (a plain name over the plain `messages`), and `messages | length`,
//   m.role / m['role'] / messages[<index>].role anywhere (the role is part of the shape), and the fields seal never
//     gives a message (m.tool_calls...),
//   m.content / m['content'] / messages[<index>].content as a condition (`if m.content`, with not/and/or: whether a
//     content is empty is part of the shape), and otherwise only where its value reaches the rendered text whole:
//     printed as a statement of its own ({{ m.content }}), as an operand of `+` or `~` in such a printed expression
//     ({{ '<|im_start|>' + m.content }}), or as a branch of a printed `x if c else y`; inside if and for blocks only,
//     never under set, macro, filter or call blocks; or `m.content | trim` in such a place (the skeleton records the
//     trim and the fill applies it),
//   a content variable: a name that `{% set x = <expression> %}` gives a value holding a content (or another content
//     variable), by the rules above as if the expression were printed; the name is then used only where a content
//     may be (Llama-3: `{% set content = '<|start_header_id|>' + ... + message['content'] | trim %}{{ content }}`),
//   an alias of messages: a name every `{% set %}` of which is `{% set x = messages %}` (or a slice of messages),
//     used as messages is, and `'key' in m` (seal's messages have role and content only),
//   anything else inside the body of a role test (`{% if m.role == 'tool' %}`, or an `or` of such tests): the body runs
//     only for a conversation with such a role, which then goes to the engine (engine_roles); a macro defined there
//     exists only once its definition has run,
//   loop.index, .index0, .revindex, .revindex0, .first, .last, .length (never loop.previtem/nextitem, which are
//     messages);
// and no strftime_now (the date would be frozen into the skeleton).
class content_blind_check {
public:
    bool run(const jinja::program & prog) {
        collect_names(prog.body);
        find_aliases();
        collect_names(prog.body);  // the loops over aliases of messages
        find_content_variables();
        for (const auto & st : prog.body) {
            walk(st, true);
        }
        return ok;
    }

    // The roles of the messages under whose role tests the template uses a content otherwise (Llama-3.1's tool
    // messages): the check holds for a conversation none of whose messages has one of them.
    std::set<std::string> engine_roles;

private:
    std::set<std::string> message_names;  // loop variables of {% for X in messages %}
    std::set<std::string> messages_names = {"messages"};  // messages and its aliases
    std::set<std::string> content_variables;
    std::vector<const jinja::set_statement *> sets;  // every {% set %} of the template
    const std::set<std::string> * guard = nullptr;  // the roles of the innermost role test whose body is walked
    bool ok = true;

    // A use the rules do not allow. Inside the body of a role test it is never reached unless a message has one of the
    // tested roles: those roles then go to the engine, and the rest of the template still counts.
    void fail() {
        if (guard != nullptr) {
            engine_roles.insert(guard->begin(), guard->end());
        } else {
            ok = false;
        }
    }

    // Whether a condition holds only when a message has one of some roles, which it adds to roles: `m.role == 'x'`
    // (either way round), or an `or` of such tests.
    bool role_test(const statement_ptr & p, std::set<std::string> & roles) const {
        const auto * b = cast_stmt<jinja::binary_expression>(p);
        if (b == nullptr) {
            return false;
        }
        if (b->op.value == "or") {
            return role_test(b->left, roles) && role_test(b->right, roles);
        }
        auto role_equals = [&](const statement_ptr & field, const statement_ptr & literal) {
            const auto * e = cast_stmt<jinja::member_expression>(field);
            const auto * s = cast_stmt<jinja::string_literal>(literal);
            if (e == nullptr || s == nullptr || !is_message_field(*e, "role")) {
                return false;
            }
            roles.insert(s->val);
            return true;
        };
        return b->op.value == "==" && (role_equals(b->left, b->right) || role_equals(b->right, b->left));
    }

    // messages, or a slice of it with content-blind bounds (Llama-3.1's `{% set messages = messages[1:] %}`).
    bool is_messages_value(const statement_ptr & p) const {
        if (is_messages(p)) {
            return true;
        }
        const auto * e = cast_stmt<jinja::member_expression>(p);
        return e != nullptr && e->computed && is_messages(e->object) && cast_stmt<jinja::slice_expression>(e->property) != nullptr;
    }

    static bool is_name(const statement_ptr & p, const char * name) {
        const auto * id = cast_stmt<jinja::identifier>(p);
        return id != nullptr && id->val == name;
    }

    static bool is_name_in(const statement_ptr & p, const std::set<std::string> & names) {
        const auto * id = cast_stmt<jinja::identifier>(p);
        return id != nullptr && names.count(id->val) > 0;
    }

    bool is_messages(const statement_ptr & p) const { return is_name_in(p, messages_names); }

    bool is_messages_loop(const jinja::for_statement & f) const {
        return is_messages(f.iterable) && cast_stmt<jinja::identifier>(f.loopvar) != nullptr;
    }

    // The name a `{% set name = value %}` assigns, "" for any other set (a block set, a tuple, ns.attr).
    static std::string simple_set_name(const jinja::set_statement & s) {
        const auto * id = cast_stmt<jinja::identifier>(s.assignee);
        return id != nullptr && s.val != nullptr && s.body.empty() ? id->val : "";
    }

    // Whether an expression mentions a content or a content variable anywhere (the walk then decides whether the
    // use is allowed).
    bool mentions_content(const statement_ptr & p) const {
        if (p == nullptr) {
            return false;
        }
        if (const auto * e = cast_stmt<jinja::member_expression>(p)) {
            return is_message_field(*e, "content") || mentions_content(e->object) || (e->computed && mentions_content(e->property));
        }
        if (const auto * id = cast_stmt<jinja::identifier>(p)) {
            return content_variables.count(id->val) > 0;
        }
        if (const auto * b = cast_stmt<jinja::binary_expression>(p)) {
            return mentions_content(b->left) || mentions_content(b->right);
        }
        if (const auto * fe = cast_stmt<jinja::filter_expression>(p)) {
            return mentions_content(fe->operand);
        }
        if (const auto * te = cast_stmt<jinja::ternary_expression>(p)) {
            return mentions_content(te->condition) || mentions_content(te->true_expr) || mentions_content(te->false_expr);
        }
        // any other expression holding a content is refused by the walk, whatever its assignee
        return false;
    }

    void find_aliases() {
        std::set<std::string> not_aliases;
        std::set<std::string> aliases;
        for (const auto * s : sets) {
            const std::string name = simple_set_name(*s);
            (!name.empty() && is_messages_value(s->val) ? aliases : not_aliases).insert(name);
        }
        for (const auto & a : aliases) {
            if (a != "messages" && not_aliases.count(a) == 0) {
                messages_names.insert(a);
            }
        }
    }

    void find_content_variables() {
        // a content variable may be set from another one: repeat until nothing changes
        for (bool grew = true; grew;) {
            grew = false;
            for (const auto * s : sets) {
                const std::string name = simple_set_name(*s);
                if (!name.empty() && content_variables.count(name) == 0 && mentions_content(s->val)) {
                    content_variables.insert(name);
                    grew = true;
                }
            }
        }
    }

    // Whether a filter expression is `<content> | trim`: the engine strips the content as the fill does.
    bool is_trimmed_content(const jinja::filter_expression & fe) const {
        const auto * e = cast_stmt<jinja::member_expression>(fe.operand);
        return is_name(fe.filter, "trim") && e != nullptr && is_message_field(*e, "content");
    }

    // The property a member expression names when it is a constant (m.role, m['role']), else "".
    static std::string constant_property(const jinja::member_expression & e) {
        if (!e.computed) {
            const auto * id = cast_stmt<jinja::identifier>(e.property);
            return id ? id->val : "";
        }
        const auto * lit = cast_stmt<jinja::string_literal>(e.property);
        return lit ? lit->val : "";
    }

    // Whether an expression is a message: m, or messages[<index>] (the index is walked where the message is used).
    bool is_message(const statement_ptr & p) const {
        if (const auto * id = cast_stmt<jinja::identifier>(p)) {
            return message_names.count(id->val) > 0;
        }
        const auto * indexed = cast_stmt<jinja::member_expression>(p);
        return indexed != nullptr && indexed->computed && is_messages(indexed->object);
    }

    // Whether a member expression reads a message's field: m.<field> or messages[<index>].<field>.
    bool is_message_field(const jinja::member_expression & e, const char * field) const {
        return constant_property(e) == field && is_message(e.object);
    }

    // Fields seal never gives a message (it passes role and content only), read by tool-call templates: undefined
    // for every message, whatever its content. None of them names a builtin of an object (get, keys, values,
    // default), which would be a function of the message.
    bool is_absent_message_field(const jinja::member_expression & e) const {
        static const std::set<std::string> absent = {"tool_calls", "tool_call_id", "name", "reasoning_content"};
        return absent.count(constant_property(e)) > 0 && is_message(e.object);
    }

    // The index of messages[<index>] is content-blind like any other expression.
    void walk_message_index(const statement_ptr & message) {
        if (const auto * indexed = cast_stmt<jinja::member_expression>(message)) {
            walk(indexed->property, false);
        }
    }

    // A condition may test whether a content is empty: each message's emptiness is part of the shape, and the skeleton
    // is rendered with the empty contents themselves. `not`, `and` and `or` in a condition only combine truth values.
    void walk_condition(const statement_ptr & p) {
        if (const auto * e = cast_stmt<jinja::member_expression>(p); e != nullptr && is_message_field(*e, "content")) {
            walk_message_index(e->object);
        } else if (const auto * u = cast_stmt<jinja::unary_expression>(p); u != nullptr && u->op.value == "not") {
            walk_condition(u->argument);
        } else if (const auto * b = cast_stmt<jinja::binary_expression>(p);
                   b != nullptr && (b->op.value == "and" || b->op.value == "or")) {
            walk_condition(b->left);
            walk_condition(b->right);
        } else {
            walk(p, false);
        }
    }

    // The loop variables of loops over messages, and (on the first pass) every set statement.
    void collect_names(const statements & body) {
        for (const auto & st : body) {
            collect_names(st);
        }
    }

    void collect_names(const statement_ptr & p) {
        if (const auto * f = cast_stmt<jinja::for_statement>(p)) {
            if (is_messages_loop(*f)) {
                message_names.insert(cast_stmt<jinja::identifier>(f->loopvar)->val);
            }
            collect_names(f->body);
            collect_names(f->default_block);
        } else if (const auto * i = cast_stmt<jinja::if_statement>(p)) {
            collect_names(i->body);
            collect_names(i->alternate);
        } else if (const auto * s = cast_stmt<jinja::set_statement>(p)) {
            if (std::find(sets.begin(), sets.end(), s) == sets.end()) {
                sets.push_back(s);
            }
            collect_names(s->body);
        } else if (const auto * m = cast_stmt<jinja::macro_statement>(p)) {
            collect_names(m->body);
        } else if (const auto * fs = cast_stmt<jinja::filter_statement>(p)) {
            collect_names(fs->body);
        } else if (const auto * c = cast_stmt<jinja::call_statement>(p)) {
            collect_names(c->body);
        }
    }

    void walk_all(const statements & list, bool output) {
        for (const auto & st : list) {
            walk(st, output);
        }
    }

    // Children none of whose values reach the rendered text whole.
    void walk_inner(std::initializer_list<const statement_ptr *> nodes, std::initializer_list<const statements *> lists = {}) {
        for (const statement_ptr * p : nodes) {
            walk(*p, false);
        }
        for (const statements * l : lists) {
            walk_all(*l, false);
        }
    }

    // output: the node's value goes into the rendered text whole (a printed statement, or a part of one that keeps it).
    void walk(const statement_ptr & p, bool output) {
        if (!ok || p == nullptr) {
            return;
        }
        const jinja::statement * n = p.get();
        if (const auto * id = dynamic_cast<const jinja::identifier *>(n)) {
            // every use of these names that the cases below do not sanction
            if (messages_names.count(id->val) || id->val == "loop" || id->val == "strftime_now" || message_names.count(id->val)) {
                fail();
            } else if (content_variables.count(id->val) && !output) {
                fail();
            }
        } else if (const auto * e = dynamic_cast<const jinja::member_expression *>(n)) {
            const std::string prop = constant_property(*e);
            if (prop == "previtem" || prop == "nextitem") {
                fail();
            } else if (is_message_field(*e, "role") || is_absent_message_field(*e)) {
                walk_message_index(e->object);  // the role is part of the shape
            } else if (is_message_field(*e, "content")) {
                if (!output) {
                    fail();
                }
                walk_message_index(e->object);
            } else if (is_name(e->object, "loop")) {
                static const std::set<std::string> counters = {"index", "index0", "revindex", "revindex0", "first",
                                                               "last", "length"};
                if (e->computed || counters.count(prop) == 0) {
                    fail();
                }
            } else {
                walk(e->object, false);
                if (e->computed) {
                    walk(e->property, false);
                }
            }
        } else if (const auto * f = dynamic_cast<const jinja::for_statement *>(n)) {
            if (!is_messages_loop(*f)) {
                walk(f->loopvar, false);
                walk(f->iterable, false);
            }
            walk_all(f->body, output);
            walk_all(f->default_block, output);
        } else if (const auto * i = dynamic_cast<const jinja::if_statement *>(n)) {
            walk_condition(i->test);
            std::set<std::string> roles;
            const std::set<std::string> * outer = guard;
            if (role_test(i->test, roles)) {
                guard = &roles;
            }
            walk_all(i->body, output);
            guard = outer;
            walk_all(i->alternate, output);
        } else if (const auto * fe = dynamic_cast<const jinja::filter_expression *>(n)) {
            const bool length_of_messages = is_messages(fe->operand) &&
                                            (is_name(fe->filter, "length") || is_name(fe->filter, "count"));
            if (is_trimmed_content(*fe)) {
                if (!output) {
                    fail();
                }
                walk_message_index(cast_stmt<jinja::member_expression>(fe->operand)->object);
                return;
            }
            if (!length_of_messages) {
                walk(fe->operand, false);
            }
            // a plain filter name is not a variable; a call's callee is its name too
            if (const auto * call = cast_stmt<jinja::call_expression>(fe->filter)) {
                walk_all(call->args, false);
            } else if (cast_stmt<jinja::identifier>(fe->filter) == nullptr) {
                walk(fe->filter, false);
            }
        } else if (const auto * s = dynamic_cast<const jinja::set_statement *>(n)) {
            const std::string name = simple_set_name(*s);
            if (messages_names.count(name) && is_messages_value(s->val)) {
                walk_message_index(s->val);  // an alias of messages, or of a slice of it
            } else if (content_variables.count(name)) {
                walk(s->val, true);  // the value reaches the output whole through the variable, whose uses are checked
            } else {
                walk_inner({&s->assignee, &s->val}, {&s->body});
            }
        } else if (const auto * m = dynamic_cast<const jinja::macro_statement *>(n)) {
            walk_inner({&m->name}, {&m->args, &m->body});
        } else if (const auto * fs = dynamic_cast<const jinja::filter_statement *>(n)) {
            walk_inner({&fs->filter}, {&fs->body});
        } else if (const auto * cs = dynamic_cast<const jinja::call_statement *>(n)) {
            walk_inner({&cs->call}, {&cs->caller_args, &cs->body});
        } else if (const auto * c = dynamic_cast<const jinja::call_expression *>(n)) {
            walk_inner({&c->callee}, {&c->args});
        } else if (const auto * b = dynamic_cast<const jinja::binary_expression *>(n)) {
            // `+` and `~` with a string operand concatenate whatever the other is (runtime.cpp): the content then
            // reaches the output whole, as when printed alone. `or`, `and`, `in`, `*`... look at its value.
            if ((b->op.value == "in" || b->op.value == "not in") && cast_stmt<jinja::string_literal>(b->left) != nullptr &&
                is_message(b->right)) {
                // a key of a message: seal's messages have role and content, whatever the content
                walk_message_index(b->right);
                return;
            }
            const bool concat = output && (b->op.value == "+" || b->op.value == "~");
            walk(b->left, concat);
            walk(b->right, concat);
        } else if (const auto * u = dynamic_cast<const jinja::unary_expression *>(n)) {
            walk_inner({&u->argument});
        } else if (const auto * t = dynamic_cast<const jinja::test_expression *>(n)) {
            walk(t->operand, false);
            if (const auto * call = cast_stmt<jinja::call_expression>(t->test)) {
                walk_all(call->args, false);
            }
        } else if (const auto * se = dynamic_cast<const jinja::select_expression *>(n)) {
            walk_inner({&se->lhs, &se->test});
        } else if (const auto * te = dynamic_cast<const jinja::ternary_expression *>(n)) {
            walk_condition(te->condition);
            walk(te->true_expr, output);  // the value is one branch's, as it is
            walk(te->false_expr, output);
        } else if (const auto * al = dynamic_cast<const jinja::array_literal *>(n)) {
            walk_inner({}, {&al->val});
        } else if (const auto * tl = dynamic_cast<const jinja::tuple_literal *>(n)) {
            walk_inner({}, {&tl->val});
        } else if (const auto * ol = dynamic_cast<const jinja::object_literal *>(n)) {
            for (const auto & kv : ol->val) {
                walk(kv.first, false);
                walk(kv.second, false);
            }
        } else if (const auto * sl = dynamic_cast<const jinja::slice_expression *>(n)) {
            walk_inner({&sl->start_expr, &sl->stop_expr, &sl->step_expr});
        } else if (const auto * kw = dynamic_cast<const jinja::keyword_argument_expression *>(n)) {
            walk_inner({&kw->key, &kw->val});
        } else if (const auto * sp = dynamic_cast<const jinja::spread_expression *>(n)) {
            walk_inner({&sp->argument});
        } else if (dynamic_cast<const jinja::string_literal *>(n) == nullptr &&
                   dynamic_cast<const jinja::integer_literal *>(n) == nullptr &&
                   dynamic_cast<const jinja::float_literal *>(n) == nullptr &&
                   dynamic_cast<const jinja::comment_statement *>(n) == nullptr &&
                   dynamic_cast<const jinja::blank_expression *>(n) == nullptr &&
                   dynamic_cast<const jinja::noop_statement *>(n) == nullptr &&
                   dynamic_cast<const jinja::break_statement *>(n) == nullptr &&
                   dynamic_cast<const jinja::continue_statement *>(n) == nullptr) {
            fail();  // a node this check does not know
        }
    }
};

// Distinct template sources a model keeps parsed; past it the cache starts over (a caller cycling through
// templates re-parses, nothing grows without bound).
constexpr size_t MAX_CACHED_SOURCES = 8;

std::shared_ptr<seal_parsed_template> parse(const seal_model & m, const std::string & source);

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
    return parse(m, source);  // outside the lock, so that a long parse holds up no other render
}

std::shared_ptr<seal_parsed_template> parse(const seal_model & m, const std::string & source) {
    jinja::lexer lexer;
    jinja::lexer_result lexed = lexer.tokenize(source);
    auto t = std::make_shared<seal_parsed_template>();
    t->program = jinja::parse_from_tokens(lexed);
    t->source = std::move(lexed.source);
    // placeholders are told apart by their NUL bytes, which no other text of the render can hold
    const bool nul_free = m.bos_text.find('\0') == std::string::npos && m.eos_text.find('\0') == std::string::npos;
    content_blind_check check;
    t->content_blind = nul_free && check.run(t->program);
    t->engine_roles = std::move(check.engine_roles);
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

// Skeletons kept per parsed copy; past it the copy starts over (a dataset of endlessly varied role sequences).
constexpr size_t MAX_SKELETONS = 4096;

// The engine's render of a conversation: role(i) and content(i) give message i's strings.
template <typename Role, typename Content>
std::string engine_render(const seal_model & m, const seal_parsed_template & t, int32_t n_messages, Role role,
                          Content content, bool add_generation_prompt) {
#ifdef SEAL_TEST_HOOKS
    g_engine_renders++;
#endif
    // The input as jinja::global_from_json builds it from {"messages": [{"role", "content"}...], "bos_token",
    // "eos_token", "add_generation_prompt"}, without the JSON in between.
    auto messages = jinja::mk_val<jinja::value_array>();
    for (int32_t i = 0; i < n_messages; i++) {
        auto msg = jinja::mk_val<jinja::value_object>();
        msg->insert("role", jinja::mk_val<jinja::value_string>(role(i)));
        msg->insert("content", jinja::mk_val<jinja::value_string>(content(i)));
        messages->push_back(std::move(msg));
    }
    jinja::context ctx(t.source);
    ctx.set_val("messages", messages);
    ctx.set_val("bos_token", jinja::mk_val<jinja::value_string>(m.bos_text));
    ctx.set_val("eos_token", jinja::mk_val<jinja::value_string>(m.eos_text));
    ctx.set_val("add_generation_prompt", jinja::mk_val<jinja::value_bool>(add_generation_prompt));
    jinja::runtime runtime(ctx);
    const jinja::value result = runtime.execute(t.program);
    return jinja::runtime::gather_string_parts(result)->as_string().str();
}

// The placeholder of content i: NUL, i in decimal, NUL.
std::string placeholder(int32_t i) {
    return std::string(1, '\0') + std::to_string(i) + std::string(1, '\0');
}

// The placeholder with a space on each side: where the template trims the content, the render holds the bare
// placeholder; elsewhere, the spaces too.
std::string padded_placeholder(int32_t i) {
    return ' ' + placeholder(i) + ' ';
}

// A content as the engine's `trim` leaves it: the bytes isspace() matches stripped from both ends (jinja::string::strip,
// which `trim` names, with no characters given). Unicode spaces beyond ASCII stay, as they do there.
void append_trimmed(std::string & out, const char * content) {
    const size_t n = strlen(content);
    size_t start = 0;
    size_t end = n;
    while (start < end && isspace(static_cast<unsigned char>(content[start]))) {
        start++;
    }
    while (end > start && isspace(static_cast<unsigned char>(content[end - 1]))) {
        end--;
    }
    out.append(content + start, end - start);
}

// Marks each piece's content trimmed or not, from the shape rendered again with padded placeholders: the same pieces,
// each with the space of the content before it (when not trimmed) in front and its own content's space (when not
// trimmed) behind. False when the padded render is not of that form.
bool mark_trimmed(skeleton & sk, const skeleton & padded) {
    if (padded.size() != sk.size()) {
        return false;
    }
    bool space_in_front = false;
    for (size_t k = 0; k < sk.size(); k++) {
        if (padded[k].content != sk[k].content) {
            return false;
        }
        const std::string expected = (space_in_front ? " " : "") + sk[k].text;
        const std::string & got = padded[k].text;
        if (got.compare(0, expected.size(), expected) != 0) {
            return false;
        }
        const std::string rest = got.substr(expected.size());
        if (sk[k].content < 0 ? !rest.empty() : rest != "" && rest != " ") {
            return false;
        }
        sk[k].trimmed = sk[k].content >= 0 && rest.empty();
        space_in_front = !rest.empty();
    }
    return true;
}

// The skeleton of a text rendered with placeholders; false when a NUL does not start a placeholder of one of the
// n_messages contents.
bool parse_skeleton(const std::string & text, int32_t n_messages, skeleton & out) {
    out.clear();
    size_t start = 0;
    for (size_t nul = text.find('\0'); nul != std::string::npos; nul = text.find('\0', start)) {
        const size_t end = text.find('\0', nul + 1);
        if (end == std::string::npos || end == nul + 1 || end - nul > 10) {
            return false;
        }
        int64_t index = 0;
        for (size_t k = nul + 1; k < end; k++) {
            if (text[k] < '0' || text[k] > '9') {
                return false;
            }
            index = index * 10 + (text[k] - '0');
        }
        if (index >= n_messages) {
            return false;
        }
        out.push_back({text.substr(start, nul - start), (int32_t) index});
        start = end + 1;
    }
    out.push_back({text.substr(start), -1});
    return true;
}

enum class skeleton_render { done, not_blind, engine_failed };

// The render of a content-blind template through the skeleton of the conversation's shape, made on first use.
// engine_failed: the engine threw on the shape, which leaves t unfit for reuse; the render then runs on a fresh
// parse and the real contents, for the engine's own error.
skeleton_render render_through_skeleton(const seal_model & m, seal_parsed_template & t, const char * const * roles,
                             const char * const * contents, int32_t n_messages, bool add_generation_prompt,
                             std::string & text) {
    for (int32_t i = 0; i < n_messages && !t.engine_roles.empty(); i++) {
        if (t.engine_roles.count(roles[i]) > 0) {
            return skeleton_render::not_blind;
        }
    }
    // the shape: add_generation_prompt, and each message's role and whether its content is empty
    std::string key(1, add_generation_prompt ? '1' : '0');
    for (int32_t i = 0; i < n_messages; i++) {
        key += contents[i][0] == '\0' ? 'e' : 'c';
        key += roles[i];
        key += '\0';
    }
    auto it = t.skeletons.find(key);
    if (it == t.skeletons.end()) {
        skeleton sk;
        try {
            auto role = [&](int32_t i) { return std::string(roles[i]); };
            // an empty content stands for itself: a template may test whether it is empty
            auto bare = [&](int32_t i) { return contents[i][0] == '\0' ? std::string() : placeholder(i); };
            auto padded = [&](int32_t i) { return contents[i][0] == '\0' ? std::string() : padded_placeholder(i); };
            const std::string with_placeholders = engine_render(m, t, n_messages, role, bare, add_generation_prompt);
            const std::string with_padded = engine_render(m, t, n_messages, role, padded, add_generation_prompt);
            skeleton padded_sk;
            if (!parse_skeleton(with_placeholders, n_messages, sk) || !parse_skeleton(with_padded, n_messages, padded_sk) ||
                !mark_trimmed(sk, padded_sk)) {
                t.content_blind = false;
                return skeleton_render::not_blind;
            }
        } catch (const std::exception &) {
            return skeleton_render::engine_failed;
        }
        if (t.skeletons.size() >= MAX_SKELETONS) {
            t.skeletons.clear();
        }
        it = t.skeletons.emplace(std::move(key), std::move(sk)).first;
    }
    text.clear();
    for (const skeleton_piece & piece : it->second) {
        text += piece.text;
        if (piece.content >= 0 && piece.trimmed) {
            append_trimmed(text, contents[piece.content]);
        } else if (piece.content >= 0) {
            text += contents[piece.content];
        }
    }
    return skeleton_render::done;
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

        std::string text;
        const skeleton_render through = parsed->content_blind ? render_through_skeleton(*m, *parsed, roles, contents,
                                                                                        n_messages, add_generation_prompt, text)
                                                              : skeleton_render::not_blind;
        if (through == skeleton_render::engine_failed) {
            parsed = parse(*m, source);
        }
        if (through != skeleton_render::done) {
            text = engine_render(
                *m, *parsed, n_messages, [&](int32_t i) { return std::string(roles[i]); },
                [&](int32_t i) { return std::string(contents[i]); }, add_generation_prompt);
        }
        give_back(*m, source, std::move(parsed));
        return seal_copy_out(text, buf, buf_size, n_bytes, false);
    } catch (const std::exception & e) {
        return seal_fail(SEAL_E_TEMPLATE, std::string("chat template failed: ") + e.what());
    }
}
