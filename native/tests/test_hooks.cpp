// libseal's fault-injection hooks (seal_testing.h) are compiled in exactly when SEAL_TEST_HOOKS is on, and
// read their environment once: changing it after the first read neither arms nor disarms them.
#include "seal_testing.h"

#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>

int main() {
    // Looked up rather than called, so this program links against a library built either way.
    auto hooks = (int32_t (*)(void)) dlsym(RTLD_DEFAULT, "seal_testing_hooks");
    seal_api_version();  // keeps libseal linked in (and its symbols visible to dlsym)
#if !SEAL_TEST_HOOKS_EXPECTED
    if (hooks != nullptr) {
        fprintf(stderr, "test_hooks: libseal built without SEAL_TEST_HOOKS exports seal_testing_hooks\n");
        return 1;
    }
    printf("test_hooks: no hooks in this build\n");
    return 0;
#else
    if (hooks == nullptr) {
        fprintf(stderr, "test_hooks: libseal built with SEAL_TEST_HOOKS lacks seal_testing_hooks\n");
        return 1;
    }
    setenv("SEAL_DEBUG_OOM_ABOVE_TOKENS", "100", 1);
    unsetenv("SEAL_DEBUG_ABORT_ON_TOKEN");
    const int32_t first = hooks();
    unsetenv("SEAL_DEBUG_OOM_ABOVE_TOKENS");
    setenv("SEAL_DEBUG_ABORT_ON_TOKEN", "7", 1);
    const int32_t later = hooks();
    if (first != SEAL_TESTING_HOOK_OOM_ABOVE_TOKENS || later != first) {
        fprintf(stderr, "test_hooks: armed %d at the first read, %d after the environment changed (want %d both times)\n",
                first, later, SEAL_TESTING_HOOK_OOM_ABOVE_TOKENS);
        return 1;
    }
    printf("test_hooks: hooks compiled in, environment read once\n");
    return 0;
#endif
}
