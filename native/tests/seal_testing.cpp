// The fault-injection hooks of seal_testing.h, linked into libseal only with -DSEAL_TEST_HOOKS=ON.
#include "seal_testing.h"
#include "internal.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// A non-negative integer from the environment, or -1 when unset or not a number.
int64_t env_count(const char * name) {
    const char * v = std::getenv(name);
    if (v == nullptr || *v == '\0') {
        return -1;
    }
    char * end = nullptr;
    const long long n = std::strtoll(v, &end, 10);
    return (end != nullptr && *end == '\0' && n >= 0) ? (int64_t) n : -1;
}

struct armed_hooks {
    int64_t abort_on_token = -1;
    int64_t oom_above_tokens = -1;
};

// Read once: later changes to the environment do not re-arm or disarm the hooks.
const armed_hooks & hooks() {
    static const armed_hooks h{env_count("SEAL_DEBUG_ABORT_ON_TOKEN"), env_count("SEAL_DEBUG_OOM_ABOVE_TOKENS")};
    return h;
}

} // namespace

extern "C" int32_t seal_testing_hooks(void) {
    return (hooks().abort_on_token >= 0 ? SEAL_TESTING_HOOK_ABORT_ON_TOKEN : 0) |
           (hooks().oom_above_tokens >= 0 ? SEAL_TESTING_HOOK_OOM_ABOVE_TOKENS : 0);
}

void seal_testing_before_score(const int32_t * tokens, int64_t n_tokens) {
    const armed_hooks & h = hooks();
    if (h.abort_on_token >= 0) {
        for (int64_t k = 0; k < n_tokens; k++) {
            if (tokens[k] == h.abort_on_token) {
                fprintf(stderr, "seal: SEAL_DEBUG_ABORT_ON_TOKEN: token %lld in the batch, aborting\n",
                        (long long) h.abort_on_token);
                fflush(stderr);
                std::abort();
            }
        }
    }
}

int32_t seal_testing_before_decode(int32_t n_ubatch) {
    const armed_hooks & h = hooks();
    if (h.oom_above_tokens >= 0 && n_ubatch > h.oom_above_tokens) {
        return seal_fail(SEAL_E_OUT_OF_MEMORY, "SEAL_DEBUG_OOM_ABOVE_TOKENS: simulated out of memory: compute buffers for " +
                                                   std::to_string(n_ubatch) + " tokens at once > " +
                                                   std::to_string(h.oom_above_tokens));
    }
    return SEAL_OK;
}
