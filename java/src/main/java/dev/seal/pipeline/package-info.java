/**
 * {@code seal run}: the whole SEAL pipeline (perturb, similarity filter, score, label, analyze) from one JSON config,
 * each step skipped when its inputs and options are unchanged and resumed or rerun when they are not.
 */
package dev.seal.pipeline;
