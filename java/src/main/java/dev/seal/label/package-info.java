/**
 * {@code seal label}: an LM labeler that writes the per-text feature table {@code seal analyze --features} reads,
 * from yes/no probes of the SEAL taxonomy (engine/Prober).
 */
package dev.seal.label;
