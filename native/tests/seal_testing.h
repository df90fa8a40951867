/*
 * seal_testing.h: fault injection for seal's crash-isolation and out-of-memory tests. Not part of seal.h:
 * compiled into libseal only when it is configured with -DSEAL_TEST_HOOKS=ON (scripts/test.sh's build);
 * the ./seal launcher's build has neither the symbols nor the checks.
 *
 * The hooks are armed by the environment of the process that scores, read once (at the first
 * seal_scorer_init, seal_prober_init, seal_embedder_init or seal_testing_hooks call), never on the scoring path:
 *   SEAL_DEBUG_ABORT_ON_TOKEN=<id>     seal_scorer_score calls abort() when any sequence holds token <id>,
 *                                      the way a llama.cpp GGML_ASSERT kills the process;
 *   SEAL_DEBUG_OOM_ABOVE_TOKENS=<n>    each packed decode of seal_scorer_score, seal_prober_probe and
 *                                      seal_embedder_embed fails with SEAL_E_OUT_OF_MEMORY
 *                                      while its context computes more than <n> tokens at once (its n_ubatch,
 *                                      for which llama.cpp reserved the compute buffers when it made the
 *                                      context), as a GPU does that cannot hold those buffers: what a decode
 *                                      needs is what its context reserved, however few tokens it holds.
 */
#ifndef SEAL_TESTING_H
#define SEAL_TESTING_H

#include "seal.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_TESTING_HOOK_ABORT_ON_TOKEN   1
#define SEAL_TESTING_HOOK_OOM_ABOVE_TOKENS 2

/* The armed hooks (SEAL_TESTING_HOOK_* bits) as the environment set them when first read; 0 normally. */
SEAL_API int32_t seal_testing_hooks(void);

/* How many times seal_model_render_chat has run the Jinja engine in this process (not counting the renders that
   a content-blind template's skeleton served). */
SEAL_API int64_t seal_testing_chat_engine_renders(void);

#ifdef __cplusplus
}

/* Called by seal_scorer_score with the call's n_tokens tokens: aborts when armed to, else returns. */
void seal_testing_before_score(const int32_t * tokens, int64_t n_tokens);

/* Called before each packed decode (scorer, prober, embedder) with its context's n_ubatch: SEAL_E_OUT_OF_MEMORY or
   SEAL_OK. */
int32_t seal_testing_before_decode(int32_t n_ubatch);
#endif

#endif /* SEAL_TESTING_H */
