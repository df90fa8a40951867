package dev.seal.analyze;

import dev.seal.stats.Wilson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the whole SEAL analysis on loaded inputs. Pure computation: writing is {@link dev.seal.analyze.report}. */
public final class Analysis {
    public static final String NAN_REWARD = "nan_reward";

    private Analysis() {}

    public static AnalysisResult run(AnalyzeOptions o, AnalysisConfig config) throws IOException {
        Problems problems = new Problems();
        Inputs.Loaded in = Inputs.load(o, config, problems);
        PairData d = in.pairs();
        List<String> notes = new ArrayList<>(in.notes());
        double conf = config.confidence();

        for (int i = 0; i < d.size(); i++) {
            if (!d.valid(i)) {
                problems.add(NAN_REWARD, "pairs have a NaN or infinite reward: left out of every statistic",
                        d.ids.get(i), "");
            }
        }
        int valid = (int) java.util.stream.IntStream.range(0, d.size()).filter(d::valid).count();
        if (valid == 0) {
            throw new IllegalArgumentException("no pair has finite rewards" + (d.hasBaseline() ? " from both models" : ""));
        }

        // 5. standard evaluation
        List<Evaluation> eval = new ArrayList<>();
        double[][] star = validOnly(d, d.cStar, d.rStar);
        eval.add(Evaluation.of("RM*", star[0], star[1], conf));
        double[][] base = null;
        if (d.hasBaseline()) {
            base = validOnly(d, d.c0, d.r0);
            eval.add(Evaluation.of("RM0", base[0], base[1], conf));
        }

        // regimes and angles
        Regime[] regimes = null;
        double[] angles = null;
        List<AnalysisResult.RegimeRow> regimeRows = new ArrayList<>();
        if (d.hasBaseline()) {
            regimes = new Regime[d.size()];
            int[] count = new int[Regime.values().length];
            for (int i = 0; i < d.size(); i++) {
                if (d.valid(i)) {
                    regimes[i] = Regime.of(d.c0[i] > d.r0[i], d.cStar[i] > d.rStar[i]);
                    count[regimes[i].ordinal()]++;
                }
            }
            for (Regime r : Regime.values()) {
                regimeRows.add(new AnalysisResult.RegimeRow(r.label(), r.description(), count[r.ordinal()],
                        Wilson.interval(count[r.ordinal()], valid, conf)));
            }
            angles = RewardShift.angles(d, config.angle());
        }

        // 6. ambiguity
        Ambiguity.Flags flags = Ambiguity.flag(d, config.nearIdentical());

        // 1. resistance breakdowns
        List<Resistance.Row> resistance = new ArrayList<>();
        List<String> models = new ArrayList<>(List.of("RM*"));
        if (d.hasBaseline()) {
            models.add("RM0");
        }
        for (String m : models) {
            double[][] cr = m.equals("RM*") ? star : base;
            String[] all = new String[d.size()];
            java.util.Arrays.fill(all, "all");
            resistance.addAll(Resistance.by(m, "all", cr[0], cr[1], all, List.of("all"), conf));
            if (d.labeler != null) {
                String[] lv = new String[d.size()];
                for (int i = 0; i < d.size(); i++) {
                    lv[i] = d.labeler[i] == null ? "no verdict" : d.labeler[i];
                }
                resistance.addAll(Resistance.by(m, "labeler", cr[0], cr[1], lv,
                        List.of(FeatureTable.AGREES, FeatureTable.INDIFFERENT, FeatureTable.DISAGREES), conf));
            }
            for (String flag : flags.computed()) {
                String[] lv = new String[d.size()];
                for (int i = 0; i < d.size(); i++) {
                    lv[i] = flags.perPair().get(i).contains(flag) ? "inside" : "outside";
                }
                resistance.addAll(Resistance.by(m, "ambiguous:" + flag, cr[0], cr[1], lv, List.of("inside", "outside"),
                        conf));
            }
            for (int j = 0; j < d.features.size(); j++) {
                Feature f = d.features.get(j);
                resistance.addAll(Resistance.by(m, f.name(), cr[0], cr[1], Resistance.featureLevels(f, d.fc[j], d.fr[j]),
                        Resistance.levelOrder(f), conf));
            }
        }
        List<Ambiguity.Row> ambiguity = new ArrayList<>();
        for (String m : models) {
            double[][] cr = m.equals("RM*") ? star : base;
            ambiguity.addAll(Ambiguity.rows(m, cr[0], cr[1], flags, conf));
        }

        // 2. feature imprint
        Imprint.Design design = Imprint.design(d, config, o, problems);
        notes.addAll(design.notes());
        List<Regression> text = Imprint.perText(d, design, conf);
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
            long zero = java.util.stream.IntStream.range(0, d.size()).filter(i -> d.valid(i) && Double.isNaN(a[i]))
                    .count();
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

        // error explorer
        List<ErrorCase> errors = ErrorCase.top(d, config.topErrors(), regimes, angles, flags);

        AnalysisResult.Meta meta = new AnalysisResult.Meta(o.scores().toString(), str(o.baseline()),
                o.features().stream().map(Path::toString).toList(), str(o.data()), o.label(), str(o.perturbed()),
                in.scores().rows().size(), in.baseline() == null ? 0 : in.baseline().rows().size(), d.size(), valid,
                design.sample().length, config.angle().name().toLowerCase(java.util.Locale.ROOT), conf,
                config.vifThreshold(), config.dropCollinear(), o.dropIncomplete());
        return new AnalysisResult(meta, notes, problems, d, eval, resistance, regimeRows, design, text, pair,
                angleSummaries, angleReg, robust, ambiguity, errors, regimes, angles, flags, config);
    }

    /** Copies of c and r with NaN where the pair is not valid for every model, so all models use the same pairs. */
    private static double[][] validOnly(PairData d, double[] c, double[] r) {
        double[] cc = new double[d.size()];
        double[] rr = new double[d.size()];
        for (int i = 0; i < d.size(); i++) {
            boolean v = d.valid(i);
            cc[i] = v ? c[i] : Double.NaN;
            rr[i] = v ? r[i] : Double.NaN;
        }
        return new double[][] {cc, rr};
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }
}
