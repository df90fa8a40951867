package dev.seal.analyze;

import dev.seal.stats.Wilson;
import java.util.List;

/**
 * Everything {@code seal analyze} computed, ready to be written as tables and as the report.
 *
 * @param meta        inputs and sizes
 * @param notes       decisions a reader should know (dropped features, coding, approximations)
 * @param problems    every id set aside, by kind
 * @param pairs       the joined data
 * @param regimes     per pair (null without a baseline)
 * @param angles      per pair reward-shift angle (null without a baseline)
 * @param flags       ambiguity flags per pair
 * @param replication the paper's regressions beside seal's (null without --replicate-paper)
 */
public record AnalysisResult(Meta meta, List<String> notes, Problems problems, PairData pairs,
                             List<Evaluation> evaluation, List<Resistance.Row> resistance, List<RegimeRow> regimeRows,
                             Imprint.Design design, List<Regression> imprintText, List<Regression> imprintPair,
                             List<RewardShift.Summary> angleSummaries, Regression angleRegression,
                             Robustness.Result robustness, List<Ambiguity.Row> ambiguity, List<ErrorCase> errors,
                             Regime[] regimes, double[] angles, Ambiguity.Flags flags, AnalysisConfig config,
                             PaperReplication.Result replication) {

    /**
     * What went in.
     *
     * @param scoresPairs   pairs in the scores file
     * @param baselinePairs pairs in the baseline file (0 without one)
     * @param joined        pairs in every score file
     * @param pairSets      the pairs each statistic is computed on: RM*'s, and with a baseline RM0's and both's
     */
    public record Meta(String scores, String baseline, List<String> features, String data, String label,
                       String perturbed, int scoresPairs, int baselinePairs, int joined, List<PairSet> pairSets,
                       String angle, double confidence, double vifThreshold, boolean dropCollinear,
                       boolean dropIncomplete) {
        public Meta {
            features = List.copyOf(features);
            pairSets = List.copyOf(pairSets);
        }

        /** The set of sample {@code s}. */
        public PairSet pairSet(PairData.Sample s) {
            return pairSets.stream().filter(p -> p.sample() == s).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no " + s.label() + " pairs in this analysis"));
        }
    }

    /**
     * The pairs one set of statistics is computed on.
     *
     * @param pairs           pairs of the sample (scored with finite rewards by its model or models)
     * @param regressionPairs of those, the pairs with complete features: the imprint regressions' pairs
     */
    public record PairSet(PairData.Sample sample, int pairs, int regressionPairs) {}

    /** One of the four regimes. */
    public record RegimeRow(String regime, String description, int n, Wilson.Interval share) {}
}
