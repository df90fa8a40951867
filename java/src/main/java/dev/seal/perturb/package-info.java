/**
 * {@code seal perturb}: seeded perturbed copies of a preference dataset (ids {@code <id>::<kind>[::n]}) for the
 * robustness analysis: deterministic kinds that need no model, the paraphrase kind that asks an instruct model
 * through the engine's generator, and the validator that a paraphrase must pass before it is kept. Depends on data,
 * io and engine (the paraphrase kind only).
 */
package dev.seal.perturb;
