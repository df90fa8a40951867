package dev.seal.analyze.report;

import dev.seal.analyze.Ambiguity;
import dev.seal.analyze.AnalysisResult;
import dev.seal.analyze.ErrorCase;
import dev.seal.analyze.Evaluation;
import dev.seal.analyze.Feature;
import dev.seal.analyze.Imprint;
import dev.seal.analyze.PairData;
import dev.seal.analyze.PaperReplication;
import dev.seal.analyze.Problems;
import dev.seal.analyze.Regression;
import dev.seal.analyze.Resistance;
import dev.seal.analyze.RewardShift;
import dev.seal.analyze.Robustness;
import dev.seal.stats.Describe;
import dev.seal.stats.Wilson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The machine-readable tables of an analysis, one {@link Table} per output file. */
public final class ResultTables {
    private ResultTables() {}

    /** Every table, in the order the files are listed. */
    public static List<Table> all(AnalysisResult r) {
        List<Table> out = new ArrayList<>();
        out.add(evaluation(r));
        out.add(resistance(r));
        if (!r.regimeRows().isEmpty()) {
            out.add(regimes(r));
        }
        out.add(features(r));
        out.add(vif(r));
        List<Regression> imprint = new ArrayList<>(r.imprintText());
        imprint.addAll(r.imprintPair());
        out.add(coefficients("imprint", "feature imprint: per-text reward and per-pair margin regressions", imprint));
        out.add(models("imprint_models", "fit statistics of the imprint regressions", imprint));
        if (r.angles() != null) {
            out.add(angles(r));
            out.add(coefficients("shift_regression", "reward-shift angle ~ chosen and rejected features",
                    r.angleRegression() == null ? List.of() : List.of(r.angleRegression())));
        }
        if (r.robustness() != null) {
            out.add(robustness(r.robustness()));
            out.add(coefficients("robustness_regression", "RM* reward change ~ feature change, per perturbation kind",
                    r.robustness().regressions()));
        }
        if (r.replication() != null) {
            out.add(replication(r.replication()));
            out.add(models("paper_models", "fit statistics of the paper's models (--replicate-paper)",
                    r.replication().models().stream().map(PaperReplication.Comparison::paper).toList()));
            out.add(paperFigures(r.replication()));
        }
        out.add(ambiguity(r));
        out.add(errors(r));
        out.add(pairs(r));
        out.add(texts(r));
        out.add(problems(r.problems()));
        return out;
    }

    static Table evaluation(AnalysisResult r) {
        Table t = new Table("evaluation", "standard RM evaluation on the analysed pairs")
                .text("model", "RM* (scores) or RM0 (baseline)").integer("pairs", "pairs with finite rewards")
                .integer("nan_pairs", "pairs left out for a NaN reward").integer("agree", "chosen > rejected");
        interval(t, "accuracy", "agree / pairs");
        t.integer("ties", "chosen == rejected").integer("resisted", "rejected >= chosen (ties included)");
        interval(t, "resistance", "resisted / pairs");
        interval(t, "strict_resistance", "rejected > chosen / pairs");
        describe(t, "margin", "chosen - rejected");
        t.real("chosen_mean", "").real("chosen_sd", "").real("rejected_mean", "").real("rejected_sd", "");
        for (Evaluation e : r.evaluation()) {
            List<Object> v = new ArrayList<>(List.of(e.model(), e.pairs(), e.nanPairs(), e.agree()));
            add(v, e.accuracy());
            v.add(e.ties());
            v.add(e.resisted());
            add(v, e.resistance());
            add(v, e.strictResistance());
            add(v, e.margin());
            v.addAll(List.of(e.chosen().mean(), e.chosen().sd(), e.rejected().mean(), e.rejected().sd()));
            t.row(v.toArray());
        }
        return t;
    }

    static Table resistance(AnalysisResult r) {
        Table t = new Table("resistance", "alignment resistance (rejected >= chosen) overall and by subset")
                .text("model", "").text("breakdown", "what the pairs are split by").text("level", "the subset")
                .integer("n", "pairs").integer("resisted", "rejected >= chosen").integer("ties", "rejected == chosen");
        interval(t, "resistance", "resisted / n");
        interval(t, "strict_resistance", "(resisted - ties) / n");
        for (Resistance.Row x : r.resistance()) {
            List<Object> v = new ArrayList<>(List.of(x.model(), x.breakdown(), x.level(), x.n(), x.resisted(), x.ties()));
            add(v, x.resistance());
            add(v, x.strict());
            t.row(v.toArray());
        }
        return t;
    }

    static Table regimes(AnalysisResult r) {
        Table t = new Table("regimes", "RM0 → RM* regimes").text("regime", "").text("description", "")
                .integer("n", "pairs");
        interval(t, "share", "n / pairs");
        for (AnalysisResult.RegimeRow x : r.regimeRows()) {
            List<Object> v = new ArrayList<>(List.of(x.regime(), x.description(), x.n()));
            add(v, x.share());
            t.row(v.toArray());
        }
        return t;
    }

    static Table features(AnalysisResult r) {
        PairData d = r.pairs();
        Set<Integer> regressed = new HashSet<>(r.design().features());
        Table t = new Table("features", "every feature of the analysis")
                .text("feature", "").text("role", "target, spoiler, context or ignore")
                .integer("sign", "declared direction for a target (+1 rewarded, -1 penalised, 0 none)")
                .text("kind", "binary, ternary or numeric").text("source", "feature file or built-in")
                .text("description", "").bool("regressed", "in the imprint regressions")
                .integer("missing", "pairs with a missing value on either side")
                .real("mean_chosen", "mean over chosen responses").real("mean_rejected", "mean over rejected responses");
        for (int j = 0; j < d.features.size(); j++) {
            Feature f = d.features.get(j);
            int missing = 0;
            double sc = 0;
            double sr = 0;
            int nc = 0;
            for (int i = 0; i < d.size(); i++) {
                if (Double.isNaN(d.fc[j][i]) || Double.isNaN(d.fr[j][i])) {
                    missing++;
                    continue;
                }
                sc += d.fc[j][i];
                sr += d.fr[j][i];
                nc++;
            }
            t.row(f.name(), f.role().label(), f.sign(), f.kind().name().toLowerCase(java.util.Locale.ROOT), f.source(),
                    f.description(), regressed.contains(j), missing, nc == 0 ? Double.NaN : sc / nc,
                    nc == 0 ? Double.NaN : sr / nc);
        }
        return t;
    }

    static Table vif(AnalysisResult r) {
        Table t = new Table("vif", "variance inflation factors of the per-text design")
                .text("feature", "").text("role", "").real("vif", "1 / (1 - R²) of the feature on the others")
                .text("status", "ok, high (above the threshold) or dropped (why)");
        for (Imprint.VifRow v : r.design().vif()) {
            t.row(v.feature(), v.role(), v.vif(), v.status());
        }
        return t;
    }

    private static final String COVARIANCE = "CR1: clustered by pair (sandwich::vcovCL type HC1), t with G - 1 df;"
            + " HC1: one observation per pair (sandwich::vcovHC type HC1), t with n - k df;"
            + " CLASSICAL: iid errors, t with n - k df (the paper's models of --replicate-paper)";

    static Table coefficients(String name, String desc, List<Regression> regs) {
        Table t = new Table(name, desc).text("model", "which reward / model").text("response", "what is regressed")
                .text("covariance", COVARIANCE)
                .text("term", "coefficient").text("feature", "").text("role", "").integer("sign", "declared sign")
                .real("estimate", "").real("se", "robust standard error (see covariance)")
                .real("t", "").real("df", "t reference degrees of freedom (G - 1 for CR1, n - k for HC1)")
                .real("p", "two-sided")
                .real("ci_lo", "").real("ci_hi", "")
                .real("p_bonferroni", "").real("p_holm", "").real("p_bh", "Benjamini-Hochberg");
        for (Regression reg : regs) {
            for (Regression.Coef c : reg.coefs()) {
                t.row(reg.name(), reg.response(), reg.covariance().name(), c.term(), c.feature(), c.role(), c.sign(),
                        c.estimate(), c.se(), c.t(),
                        c.df(), c.p(), c.ciLo(), c.ciHi(), c.pBonferroni(), c.pHolm(), c.pBh());
            }
        }
        return t;
    }

    /** Each coefficient of the paper's models beside seal's, with what happens to its conclusion. */
    static Table replication(PaperReplication.Result rep) {
        Table t = new Table("replication", "the paper's models as its reference code fitted them beside seal's"
                + " (--replicate-paper); significant: adjusted p < " + PaperReplication.ALPHA)
                .text("model", "").text("term", "").text("feature", "").text("role", "")
                .real("paper_estimate", "the paper's model: the row id a covariate of the per-text models")
                .real("paper_se", "classical (iid) standard error").real("paper_t", "")
                .real("paper_df", "n - k").real("paper_p", "two-sided")
                .real("paper_p_bonferroni", "Bonferroni over every coefficient, the intercept included")
                .bool("paper_significant", "paper_p_bonferroni < alpha")
                .text("seal_covariance", "seal's standard errors: CR1 (per text) or HC1 (angle)")
                .real("seal_estimate", "seal's model (empty for the row id: no such term)").real("seal_se", "")
                .real("seal_t", "").real("seal_df", "G - 1 for CR1, n - k for HC1").real("seal_p", "two-sided")
                .real("seal_p_bonferroni", "over the features").real("seal_p_bh", "Benjamini-Hochberg over the features")
                .bool("seal_significant", "seal_p_bh < alpha, as the report's filled dots (empty: not tested)")
                .text("verdict", "what happens to the paper's conclusion").bool("changed", "the conclusion changes");
        for (PaperReplication.Comparison m : rep.models()) {
            for (PaperReplication.Row x : m.rows()) {
                Regression.Coef p = x.paper();
                Regression.Coef s = x.seal();
                t.row(x.model(), x.term(), p.feature(), p.role(), p.estimate(), p.se(), p.t(), p.df(), p.p(),
                        p.pBonferroni(), x.paperSignificant(), m.seal().covariance().name(), s == null ? null : s.estimate(),
                        s == null ? null : s.se(), s == null ? null : s.t(), s == null ? null : s.df(),
                        s == null ? null : s.p(), s == null ? null : s.pBonferroni(), s == null ? null : s.pBh(),
                        s == null || Double.isNaN(s.pBh()) ? null : x.sealSignificant(), x.verdict().label(),
                        x.verdict().changed());
            }
        }
        return t;
    }

    static Table paperFigures(PaperReplication.Result rep) {
        Table t = new Table("paper_figures", "figures the SEAL paper publishes for hh-rlhf train (RM* OpenAssistant"
                + " reward-model-deberta-v3-large-v2, RM0 reward-model-deberta-v3-large) beside this run's")
                .text("figure", "").real("paper", "share, as published").real("this_run", "share in this analysis");
        for (PaperReplication.Figure f : rep.figures()) {
            t.row(f.name(), f.paper(), f.thisRun());
        }
        return t;
    }

    static Table models(String name, String desc, List<Regression> regs) {
        Table t = new Table(name, desc).text("model", "").text("response", "").text("covariance", COVARIANCE)
                .integer("n", "observations").integer("clusters", "pairs (G)").integer("k", "coefficients incl. intercept")
                .real("r2", "").real("adj_r2", "").real("sigma", "residual standard error");
        for (Regression reg : regs) {
            t.row(reg.name(), reg.response(), reg.covariance().name(), reg.n(), reg.clusters(), reg.k(), reg.r2(),
                    reg.adjR2(), reg.sigma());
        }
        return t;
    }

    static Table angles(AnalysisResult r) {
        Table t = new Table("angles", "reward-shift angle (degrees, RM0 → RM*) by regime").text("regime", "");
        t.integer("n", "");
        describe(t, "angle", "");
        for (RewardShift.Summary s : r.angleSummaries()) {
            List<Object> v = new ArrayList<>(List.of(s.regime(), s.angle().n()));
            add(v, s.angle());
            t.row(v.toArray());
        }
        return t;
    }

    static Table robustness(Robustness.Result rb) {
        Table t = new Table("robustness", "flip rates and reward changes under perturbation, per kind")
                .text("kind", "").integer("copies", "perturbed copies").integer("sources", "original pairs")
                .integer("aligned_before", "copies of pairs RM* aligned").integer("to_misaligned", "of those, now misaligned");
        interval(t, "down_rate", "to_misaligned / aligned_before");
        t.integer("misaligned_before", "").integer("to_aligned", "");
        interval(t, "up_rate", "to_aligned / misaligned_before");
        t.integer("flips", "");
        interval(t, "flip_rate", "flips / copies");
        for (String m : List.of("chosen_change", "rejected_change", "margin_change")) {
            t.real(m, "mean RM* change (perturbed - original)").real(m + "_lo", "CR1 by source pair").real(m + "_hi", "");
        }
        for (Robustness.Row x : rb.rows()) {
            List<Object> v = new ArrayList<>(List.of(x.kind(), x.copies(), x.sources(), x.alignedBefore(), x.toMisaligned()));
            add(v, x.downRate());
            v.add(x.misalignedBefore());
            v.add(x.toAligned());
            add(v, x.upRate());
            v.add(x.flips());
            add(v, x.flipRate());
            for (Robustness.Mean m : List.of(x.chosenChange(), x.rejectedChange(), x.marginChange())) {
                v.add(m.mean());
                v.add(m.lo());
                v.add(m.hi());
            }
            t.row(v.toArray());
        }
        return t;
    }

    static Table ambiguity(AnalysisResult r) {
        Table t = new Table("ambiguity", "resistance inside and outside ambiguous-pair flags")
                .text("model", "").text("flag", "").text("description", "")
                .integer("n_inside", "").integer("resisted_inside", "");
        interval(t, "resistance_inside", "");
        t.integer("n_outside", "").integer("resisted_outside", "");
        interval(t, "resistance_outside", "");
        t.real("difference", "resistance inside - outside");
        for (Ambiguity.Row a : r.ambiguity()) {
            List<Object> v = new ArrayList<>(List.of(a.model(), a.flag(), a.description(), a.nInside(), a.resistedInside()));
            add(v, a.inside());
            v.add(a.nOutside());
            v.add(a.resistedOutside());
            add(v, a.outside());
            v.add(a.inside().estimate() - a.outside().estimate());
            t.row(v.toArray());
        }
        return t;
    }

    static Table errors(AnalysisResult r) {
        Table t = new Table("errors", "the pairs RM* gets most wrong (most negative margins)")
                .integer("rank", "").text("id", "").real("margin", "RM* chosen - rejected").real("margin_0", "RM0")
                .text("regime", "").real("angle", "").text("flags", "ambiguity flags, ';'-separated")
                .text("labeler", "").real("similarity", "word-level similarity of the responses")
                .text("last_user_turn", "").text("chosen", "").text("rejected", "")
                .text("differences", "features that differ, ';'-separated");
        for (ErrorCase e : r.errors()) {
            t.row(e.rank(), e.id(), e.margin(), e.margin0(), e.regime(), e.angle(), String.join(";", e.flags()),
                    e.labeler(), e.similarity(), e.lastUser(), e.chosen(), e.rejected(), String.join("; ", e.differences()));
        }
        return t;
    }

    static Table pairs(AnalysisResult r) {
        PairData d = r.pairs();
        Table t = new Table("pairs", "one row per analysed pair (in either score file)").text("id", "")
                .real("chosen_reward", "RM*").real("rejected_reward", "RM*").real("margin", "RM*")
                .bool("aligned", "RM* chosen > rejected");
        if (d.hasBaseline()) {
            t.real("chosen_reward_0", "RM0").real("rejected_reward_0", "RM0").real("margin_0", "RM0")
                    .bool("aligned_0", "RM0 chosen > rejected").text("regime", "").real("angle", "reward-shift angle");
        }
        t.text("labeler", "").real("similarity", "").text("ambiguity", "';'-separated flags")
                .text("score_flags", "flags from the scores file");
        InRegression inReg = new InRegression(r);
        inReg.columns(t);
        for (int i = 0; i < d.size(); i++) {
            List<Object> v = new ArrayList<>();
            v.add(d.ids.get(i));
            v.add(d.cStar[i]);
            v.add(d.rStar[i]);
            v.add(d.cStar[i] - d.rStar[i]);
            v.add(d.valid(PairData.Sample.STAR, i) ? d.cStar[i] > d.rStar[i] : null);
            if (d.hasBaseline()) {
                v.add(d.c0[i]);
                v.add(d.r0[i]);
                v.add(d.c0[i] - d.r0[i]);
                v.add(d.valid(PairData.Sample.BASE, i) ? d.c0[i] > d.r0[i] : null);
                v.add(r.regimes()[i] == null ? null : r.regimes()[i].label());
                v.add(r.angles()[i]);
            }
            v.add(d.labeler == null ? null : d.labeler[i]);
            v.add(r.flags().similarity()[i]);
            v.add(String.join(";", r.flags().perPair().get(i)));
            v.add(String.join(";", d.flags.get(i)));
            inReg.add(v, i);
            t.row(v.toArray());
        }
        return t;
    }

    /** The per-text data of the imprint regressions, so anyone can refit them (the report shows the R call). */
    static Table texts(AnalysisResult r) {
        PairData d = r.pairs();
        InRegression inReg = new InRegression(r);
        Table t = new Table("texts", "one row per response: rewards and every feature").text("id", "pair id (cluster)")
                .text("side", "chosen or rejected").real("reward", "RM*");
        if (d.hasBaseline()) {
            t.real("reward_0", "RM0");
        }
        for (Feature f : d.features) {
            t.real(f.name(), f.role().label() + ": " + f.description());
        }
        inReg.columns(t);
        for (int i = 0; i < d.size(); i++) {
            for (int s = 0; s < 2; s++) {
                List<Object> v = new ArrayList<>();
                v.add(d.ids.get(i));
                v.add(s == 0 ? "chosen" : "rejected");
                v.add(s == 0 ? d.cStar[i] : d.rStar[i]);
                if (d.hasBaseline()) {
                    v.add(s == 0 ? d.c0[i] : d.r0[i]);
                }
                for (int j = 0; j < d.features.size(); j++) {
                    v.add(s == 0 ? d.fc[j][i] : d.fr[j][i]);
                }
                inReg.add(v, i);
                t.row(v.toArray());
            }
        }
        return t;
    }

    /** Which imprint regressions a pair is in: one column per pair set (each model's own, and both's). */
    private static final class InRegression {
        private final List<PairData.Sample> samples;
        private final List<Set<Integer>> members = new ArrayList<>();

        InRegression(AnalysisResult r) {
            samples = r.pairs().hasBaseline() ? List.of(PairData.Sample.values()) : List.of(PairData.Sample.STAR);
            for (PairData.Sample s : samples) {
                Set<Integer> m = new HashSet<>();
                for (int i : r.design().sample(s)) {
                    m.add(i);
                }
                members.add(m);
            }
        }

        void columns(Table t) {
            for (PairData.Sample s : samples) {
                switch (s) {
                    case STAR -> t.bool("in_regression", "the pair is in RM*'s imprint regressions");
                    case BASE -> t.bool("in_regression_0", "the pair is in RM0's imprint regressions");
                    case JOINT -> t.bool("in_regression_both", "the pair is in the RM* - RM0 imprint regressions"
                            + " and the angle regression");
                }
            }
        }

        void add(List<Object> row, int pair) {
            for (Set<Integer> m : members) {
                row.add(m.contains(pair));
            }
        }
    }

    static Table problems(Problems p) {
        Table t = new Table("problems", "every id the analysis set aside or could not match, with why")
                .text("kind", "").text("id", "").text("detail", "");
        for (Problems.Entry e : p.entries()) {
            t.row(e.kind(), e.id(), e.detail());
        }
        return t;
    }

    private static void interval(Table t, String name, String desc) {
        t.real(name, desc).real(name + "_lo", "Wilson interval").real(name + "_hi", "");
    }

    private static void add(List<Object> v, Wilson.Interval i) {
        v.add(i.estimate());
        v.add(i.lo());
        v.add(i.hi());
    }

    private static void describe(Table t, String name, String desc) {
        for (String s : List.of("mean", "sd", "min", "q05", "q25", "median", "q75", "q95", "max")) {
            t.real(name + "_" + s, desc);
        }
    }

    private static void add(List<Object> v, Describe d) {
        v.addAll(List.of(d.mean(), d.sd(), d.min(), d.q05(), d.q25(), d.median(), d.q75(), d.q95(), d.max()));
    }
}
