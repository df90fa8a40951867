package dev.seal.analyze;

import dev.seal.analyze.PairData.Sample;
import dev.seal.stats.Wilson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the whole SEAL analysis on loaded inputs. Pure computation: writing is {@link dev.seal.analyze.report}.
 *
 * <p>Each model is reported on its own pairs (those it scored with finite rewards), so giving a baseline never
 * changes RM*'s numbers; the regimes, the reward shift and the RM* − RM0 imprint, which need both models, use the
 * pairs both scored ({@link Sample}). {@link AnalysisResult.Meta#pairSets} says how many pairs each set has.
 */
public final class Analysis {
    /** Pairs whose RM* reward is NaN or infinite. */
    public static final String NAN_REWARD = "nan_reward";
    /** Pairs whose RM0 reward is NaN or infinite. */
    public static final String NAN_REWARD_BASELINE = "nan_reward_baseline";

    private Analysis() {}

    public static AnalysisResult run(AnalyzeOptions o, AnalysisConfig config) throws IOException {
        Problems problems = new Problems();
        Inputs.Loaded in = Inputs.load(o, config, problems);
        PairData d = in.pairs();
        List<String> notes = new ArrayList<>(in.notes());
        double conf = config.confidence();

        // each model on its own pairs; what compares the two on the pairs both scored
        List<Sample> models = d.hasBaseline() ? List.of(Sample.STAR, Sample.BASE) : List.of(Sample.STAR);
        int[] nan = new int[Sample.values().length];
        for (int i = 0; i < d.size(); i++) {
            for (Sample m : models) {
                if (d.scored(m, i) && !d.valid(m, i)) {
                    nan[m.ordinal()]++;
                    problems.add(m == Sample.STAR ? NAN_REWARD : NAN_REWARD_BASELINE, nanDescription(d, m),
                            d.ids.get(i), "");
                }
            }
        }
        if (d.count(Sample.STAR) == 0) {
            throw new IllegalArgumentException("no pair has finite RM* rewards in " + o.scores());
        }
        if (d.hasBaseline() && d.count(Sample.JOINT) == 0) {
            throw new IllegalArgumentException("no pair has finite rewards from both models: nothing to compare");
        }
        Map<Sample, double[][]> rewards = new EnumMap<>(Sample.class);
        for (Sample m : models) {
            rewards.put(m, d.rewards(m));
        }

        // 5. standard evaluation
        List<Evaluation> eval = new ArrayList<>();
        for (Sample m : models) {
            double[][] cr = rewards.get(m);
            eval.add(Evaluation.of(m.label(), cr[0], cr[1], nan[m.ordinal()], conf));
        }

        // regimes and angles
        Regime[] regimes = null;
        double[] angles = null;
        List<AnalysisResult.RegimeRow> regimeRows = new ArrayList<>();
        if (d.hasBaseline()) {
            regimes = new Regime[d.size()];
            int[] count = new int[Regime.values().length];
            for (int i = 0; i < d.size(); i++) {
                if (d.valid(Sample.JOINT, i)) {
                    regimes[i] = Regime.of(d.c0[i] > d.r0[i], d.cStar[i] > d.rStar[i]);
                    count[regimes[i].ordinal()]++;
                }
            }
            int joint = d.count(Sample.JOINT);
            for (Regime r : Regime.values()) {
                regimeRows.add(new AnalysisResult.RegimeRow(r.label(), r.description(), count[r.ordinal()],
                        Wilson.interval(count[r.ordinal()], joint, conf)));
            }
            angles = RewardShift.angles(d, config.angle());
        }

        // 6. ambiguity
        Ambiguity.Flags flags = Ambiguity.flag(d, config.nearIdentical());

        // 1. resistance breakdowns
        List<Resistance.Row> resistance = new ArrayList<>();
        for (Sample m : models) {
            resistance.addAll(Resistance.breakdowns(m.label(), d, rewards.get(m), flags, conf));
        }
        List<Ambiguity.Row> ambiguity = new ArrayList<>();
        for (Sample m : models) {
            double[][] cr = rewards.get(m);
            ambiguity.addAll(Ambiguity.rows(m.label(), cr[0], cr[1], flags, conf));
        }

        // 2. feature imprint
        Imprint.Design design = Imprint.design(d, config, o, problems);
        notes.addAll(design.notes());
        List<Regression> text = Imprint.perText(d, design, conf, notes);
        List<Regression> pair = Imprint.perPair(d, design, conf, notes);
        if (d.features.isEmpty()) {
            notes.add("no features (pass --features and/or --data): no feature imprint");
        } else if (design.features().isEmpty()) {
            notes.add("no target or spoiler feature to regress on: no feature imprint");
        }

        // 3. reward shift regression
        List<RewardShift.Summary> angleSummaries = List.of();
        Regression angleReg = null;
        if (angles != null) {
            angleSummaries = RewardShift.summaries(angles, regimes);
            if (!design.features().isEmpty()) {
                angleReg = RewardShift.regression(d, design, angles, conf, notes);
            }
            double[] a = angles;
            long zero = java.util.stream.IntStream.range(0, d.size())
                    .filter(i -> d.valid(Sample.JOINT, i) && Double.isNaN(a[i])).count();
            if (zero > 0) {
                notes.add(zero + " pairs have a zero reward vector from one model: no angle");
            }
        }

        // 4. robustness
        Robustness.Result robust = null;
        if (in.perturbed() != null) {
            robust = Robustness.run(d, in.perturbed(), o.perturbationMap(), o.perturbedData(), in.features(), design,
                    conf, problems);
            notes.addAll(robust.notes());
        }

        // the paper's regressions its reference code's way, beside the corrected ones
        PaperReplication.Result replication = null;
        if (o.replicatePaper()) {
            long[] rowIds = PaperReplication.rowIds(d, in.scores(), in.baseline(), problems);
            replication = PaperReplication.run(d, design, rowIds, text, angleReg, angles, config.angle(), eval,
                    regimeRows, conf);
        }

        // error explorer
        List<ErrorCase> errors = ErrorCase.top(d, config.topErrors(), regimes, angles, flags);

        List<AnalysisResult.PairSet> sets = new ArrayList<>();
        for (Sample s : d.hasBaseline() ? List.of(Sample.values()) : List.of(Sample.STAR)) {
            sets.add(new AnalysisResult.PairSet(s, d.count(s), design.sample(s).length));
        }
        AnalysisResult.Meta meta = new AnalysisResult.Meta(o.scores().toString(), str(o.baseline()),
                o.features().stream().map(Path::toString).toList(), str(o.data()), o.label(), str(o.perturbed()),
                in.scores().rows().size(), in.baseline() == null ? 0 : in.baseline().rows().size(),
                (int) java.util.stream.IntStream.range(0, d.size()).filter(i -> d.scored(Sample.STAR, i)
                        && (!d.hasBaseline() || d.scored(Sample.BASE, i))).count(), sets,
                config.angle().name().toLowerCase(java.util.Locale.ROOT), conf, config.vifThreshold(),
                config.dropCollinear(), o.dropIncomplete());
        return new AnalysisResult(meta, notes, problems, d, eval, resistance, regimeRows, design, text, pair,
                angleSummaries, angleReg, robust, ambiguity, errors, regimes, angles, flags, config, replication);
    }

    private static String nanDescription(PairData d, Sample model) {
        if (!d.hasBaseline()) {
            return "pairs have a NaN or infinite reward: left out of every statistic";
        }
        Sample other = model == Sample.STAR ? Sample.BASE : Sample.STAR;
        return "pairs have a NaN or infinite " + model.label() + " reward: in " + other.label()
                + "'s statistics only, not in the comparisons of the two models";
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }
}
