/**
 * {@code seal similarity}: how far each perturbed copy (ids {@code <id>::<kind>[::n]}) drifted in meaning from its
 * original, as the cosine similarity of their embeddings, and the threshold that keeps or drops each copy. Depends on
 * data and engine.
 */
package dev.seal.similarity;
