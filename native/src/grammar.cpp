// JSON Schema to GBNF with llama.cpp's own converter (common/json-schema-to-grammar.cpp, compiled into libseal
// next to the Jinja engine), so a schema constrains generation exactly as llama.cpp's server does.
#include "internal.h"

#include "json-schema-to-grammar.h"

#include <sstream>
#include <stdexcept>

// The three string helpers the converter takes from llama-common's common.cpp, which libseal does not link
// (it would bring downloads and HTTP along). Same signatures and behaviour as there.
std::string string_join(const std::vector<std::string> & values, const std::string & separator) {
    std::ostringstream out;
    for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            out << separator;
        }
        out << values[i];
    }
    return out.str();
}

std::vector<std::string> string_split(const std::string & str, const std::string & delimiter) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t end = str.find(delimiter); end != std::string::npos; end = str.find(delimiter, start)) {
        parts.push_back(str.substr(start, end - start));
        start = end + delimiter.length();
    }
    parts.push_back(str.substr(start));
    return parts;
}

std::string string_repeat(const std::string & str, size_t n) {
    std::string out;
    out.reserve(str.length() * n);
    for (size_t i = 0; i < n; ++i) {
        out += str;
    }
    return out;
}

extern "C" int32_t seal_json_schema_to_grammar(const char * schema, char * buf, int32_t buf_size, int32_t * n_bytes) {
    if (schema == nullptr || n_bytes == nullptr || buf_size < 0 || (buf == nullptr && buf_size > 0)) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, "seal_json_schema_to_grammar: schema and n_bytes must not be NULL");
    }
    std::string grammar;
    try {
        grammar = json_schema_to_grammar(common_json::parse(schema), true);
    } catch (const std::exception & e) {
        return seal_fail(SEAL_E_INVALID_ARGUMENT, std::string("JSON schema: ") + e.what());
    }
    return seal_copy_out(grammar, buf, buf_size, n_bytes, false);
}
