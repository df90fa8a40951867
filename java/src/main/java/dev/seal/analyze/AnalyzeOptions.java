package dev.seal.analyze;

import java.nio.file.Path;
import java.util.List;

/**
 * The inputs of one analysis.
 *
 * @param scores           RM* scores (required)
 * @param baseline         RM0 scores, or null
 * @param features         feature files (may be empty)
 * @param data             the dataset the scores came from (texts, built-in features), or null
 * @param label            the reward label to read (null: the primary reward)
 * @param perturbed        scores of perturbed copies (by RM*), or null
 * @param perturbationMap  id → source_id, kind of the perturbed copies, or null (then ids say it: source::kind[::n])
 * @param perturbedData    the perturbed dataset (texts, built-in features of the copies), or null
 * @param use              the features to regress on (empty: every declared target and spoiler present)
 * @param dropIncomplete   leave out (and count) pairs whose regressed features have missing values, instead of
 *                         stopping
 * @param requireAllPairs  stop when the files do not hold the same pair ids, instead of analysing the common ones
 * @param replicatePaper   also compute the SEAL paper's regressions its reference code's way ({@link PaperReplication})
 */
public record AnalyzeOptions(Path scores, Path baseline, List<Path> features, Path data, String label, Path perturbed,
                             Path perturbationMap, Path perturbedData, List<String> use, boolean dropIncomplete,
                             boolean requireAllPairs, boolean replicatePaper) {
    public AnalyzeOptions {
        features = List.copyOf(features);
        use = List.copyOf(use);
    }

    /** Just RM* scores. */
    public static AnalyzeOptions of(Path scores) {
        return new AnalyzeOptions(scores, null, List.of(), null, null, null, null, null, List.of(), false, false, false);
    }

    public AnalyzeOptions withBaseline(Path b) {
        return new AnalyzeOptions(scores, b, features, data, label, perturbed, perturbationMap, perturbedData, use,
                dropIncomplete, requireAllPairs, replicatePaper);
    }

    public AnalyzeOptions withFeatures(List<Path> f) {
        return new AnalyzeOptions(scores, baseline, f, data, label, perturbed, perturbationMap, perturbedData, use,
                dropIncomplete, requireAllPairs, replicatePaper);
    }

    public AnalyzeOptions withData(Path d) {
        return new AnalyzeOptions(scores, baseline, features, d, label, perturbed, perturbationMap, perturbedData, use,
                dropIncomplete, requireAllPairs, replicatePaper);
    }

    public AnalyzeOptions withPerturbed(Path p, Path map, Path pData) {
        return new AnalyzeOptions(scores, baseline, features, data, label, p, map, pData, use, dropIncomplete,
                requireAllPairs, replicatePaper);
    }

    public AnalyzeOptions withUse(List<String> u) {
        return new AnalyzeOptions(scores, baseline, features, data, label, perturbed, perturbationMap, perturbedData, u,
                dropIncomplete, requireAllPairs, replicatePaper);
    }

    public AnalyzeOptions withDropIncomplete(boolean d) {
        return new AnalyzeOptions(scores, baseline, features, data, label, perturbed, perturbationMap, perturbedData, use,
                d, requireAllPairs, replicatePaper);
    }

    public AnalyzeOptions withRequireAllPairs(boolean r) {
        return new AnalyzeOptions(scores, baseline, features, data, label, perturbed, perturbationMap, perturbedData, use,
                dropIncomplete, r, replicatePaper);
    }

    public AnalyzeOptions withLabel(String l) {
        return new AnalyzeOptions(scores, baseline, features, data, l, perturbed, perturbationMap, perturbedData, use,
                dropIncomplete, requireAllPairs, replicatePaper);
    }

    public AnalyzeOptions withReplicatePaper(boolean r) {
        return new AnalyzeOptions(scores, baseline, features, data, label, perturbed, perturbationMap, perturbedData, use,
                dropIncomplete, requireAllPairs, r);
    }
}
