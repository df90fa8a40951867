/**
 * {@code seal perturb}: seeded perturbed copies of a preference dataset (ids {@code <id>::<kind>[::n]}) for the
 * robustness analysis, and the validator that a generated paraphrase must pass before it is kept. Depends on data and
 * io only: perturbing needs no model.
 */
package dev.seal.perturb;
