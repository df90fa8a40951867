package dev.seal.analyze.report;

import static dev.seal.analyze.report.Html.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG plots, drawn here so the report needs no plotting library and no network: dot-and-whisker
 * (coefficients, proportions), histograms, bars with intervals and a scatter. Every mark has a {@code <title>} so
 * hovering shows its numbers.
 */
public final class Svg {
    private Svg() {}

    public static final String TARGET = "#1f6fb2";
    public static final String SPOILER = "#d9731f";
    public static final String CONTEXT = "#6b7280";
    public static final String[] SERIES = {"#1f6fb2", "#c2410c", "#15803d", "#7c3aed", "#6b7280"};
    public static final String[] REGIME = {"#15803d", "#1f6fb2", "#b91c1c", "#d9731f"};

    /** One estimate with its interval. */
    public record Point(String label, double est, double lo, double hi, String color, boolean filled, String tip) {}

    /** A row of a dot-and-whisker panel: a label and up to one point per panel. */
    public record Row(String label, String group, String color, List<Point> points) {}

    /** A linear scale from data to pixels. */
    record Scale(double d0, double d1, double p0, double p1) {
        double at(double v) {
            if (d1 == d0) {
                return (p0 + p1) / 2;
            }
            return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
        }
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** "Nice" tick values covering [lo, hi], about {@code n} of them. */
    static double[] ticks(double lo, double hi, int n) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double raw = (hi - lo) / Math.max(1, n);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        double start = Math.floor(lo / step) * step;
        List<Double> t = new ArrayList<>();
        for (double v = start; v <= hi + step * 1e-9; v += step) {
            t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        if (t.getLast() < hi) {
            t.add(t.getLast() + step);
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A tick value in its shortest form (0.25, not 0.250). */
    static String tickLabel(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            return Html.num(v);
        }
        String s = java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros()
                .toPlainString();
        return s.replace('-', '−');
    }

    private static String open(int w, int h, String label) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" role=\"img\" aria-label=\"" + esc(label)
                + "\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w + "\" height=\"" + h + "\">"
                + "<title>" + esc(label) + "</title>";
    }

    /**
     * Dot-and-whisker panels side by side sharing the row labels (e.g. RM*, RM0, RM* − RM0 coefficient plots). Each
     * panel has its own x axis with a line at {@code ref} (0 for coefficients). Rows are grouped (a thin band and a
     * header per group).
     */
    public static String dotWhisker(String label, List<String> panels, List<Row> rows, double ref, String xTitle) {
        int labelW = 230;
        int panelW = 250;
        int gap = 40;
        int rowH = 20;
        int top = 34;
        int bottom = 40;
        List<String> groups = new ArrayList<>();
        for (Row r : rows) {
            if (!groups.contains(r.group())) {
                groups.add(r.group());
            }
        }
        int h = top + rows.size() * rowH + groups.size() * 18 + bottom;
        int w = labelW + panels.size() * (panelW + gap);
        StringBuilder sb = new StringBuilder(open(w, h, label));
        // y positions, with a header line per group
        double[] ys = new double[rows.size()];
        List<double[]> groupHeads = new ArrayList<>();
        double y = top;
        String cur = null;
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).group().equals(cur)) {
                cur = rows.get(i).group();
                groupHeads.add(new double[] {y, i});
                y += 18;
            }
            ys[i] = y + rowH / 2.0;
            y += rowH;
        }
        for (double[] gh : groupHeads) {
            Row r = rows.get((int) gh[1]);
            sb.append("<text x=\"4\" y=\"").append(f(gh[0] + 13)).append("\" class=\"grp\" fill=\"").append(r.color())
                    .append("\">").append(esc(r.group())).append("</text>");
        }
        for (int i = 0; i < rows.size(); i++) {
            if (i % 2 == 0) {
                sb.append("<rect x=\"0\" y=\"").append(f(ys[i] - rowH / 2.0)).append("\" width=\"").append(w)
                        .append("\" height=\"").append(rowH).append("\" class=\"band\"/>");
            }
            sb.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(f(ys[i] + 4))
                    .append("\" text-anchor=\"end\" class=\"lab\" fill=\"").append(rows.get(i).color()).append("\">")
                    .append(esc(shorten(rows.get(i).label(), 34))).append("<title>").append(esc(rows.get(i).label()))
                    .append("</title></text>");
        }
        for (int p = 0; p < panels.size(); p++) {
            double lo = ref;
            double hi = ref;
            for (Row r : rows) {
                Point pt = r.points().size() > p ? r.points().get(p) : null;
                if (pt != null && Double.isFinite(pt.lo()) && Double.isFinite(pt.hi())) {
                    lo = Math.min(lo, pt.lo());
                    hi = Math.max(hi, pt.hi());
                } else if (pt != null && Double.isFinite(pt.est())) {
                    lo = Math.min(lo, pt.est());
                    hi = Math.max(hi, pt.est());
                }
            }
            double[] t = ticks(lo, hi, 3);
            int x0 = labelW + p * (panelW + gap);
            Scale sx = new Scale(t[0], t[t.length - 1], x0 + 6, x0 + panelW - 6);
            int yTop = top - 4;
            int yBot = h - bottom + 4;
            sb.append("<text x=\"").append(f(x0 + panelW / 2.0)).append("\" y=\"18\" text-anchor=\"middle\" class=\"ptitle\">")
                    .append(esc(panels.get(p))).append("</text>");
            for (double tv : t) {
                double x = sx.at(tv);
                sb.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(yTop)
                        .append("\" y2=\"").append(yBot).append("\" class=\"grid\"/>");
                sb.append("<text x=\"").append(f(x)).append("\" y=\"").append(yBot + 14)
                        .append("\" text-anchor=\"middle\" class=\"tick\">").append(esc(tickLabel(tv))).append("</text>");
            }
            double xr = sx.at(ref);
            sb.append("<line x1=\"").append(f(xr)).append("\" x2=\"").append(f(xr)).append("\" y1=\"").append(yTop)
                    .append("\" y2=\"").append(yBot).append("\" class=\"ref\"/>");
            sb.append("<text x=\"").append(f(x0 + panelW / 2.0)).append("\" y=\"").append(h - 6)
                    .append("\" text-anchor=\"middle\" class=\"axis\">").append(esc(xTitle)).append("</text>");
            for (int i = 0; i < rows.size(); i++) {
                Point pt = rows.get(i).points().size() > p ? rows.get(i).points().get(p) : null;
                if (pt == null || !Double.isFinite(pt.est())) {
                    continue;
                }
                sb.append("<g class=\"pt\"><title>").append(esc(pt.tip())).append("</title>");
                if (Double.isFinite(pt.lo()) && Double.isFinite(pt.hi())) {
                    sb.append("<line x1=\"").append(f(sx.at(pt.lo()))).append("\" x2=\"").append(f(sx.at(pt.hi())))
                            .append("\" y1=\"").append(f(ys[i])).append("\" y2=\"").append(f(ys[i]))
                            .append("\" stroke=\"").append(pt.color()).append("\" stroke-width=\"2\"/>");
                    for (double e : new double[] {pt.lo(), pt.hi()}) {
                        sb.append("<line x1=\"").append(f(sx.at(e))).append("\" x2=\"").append(f(sx.at(e)))
                                .append("\" y1=\"").append(f(ys[i] - 4)).append("\" y2=\"").append(f(ys[i] + 4))
                                .append("\" stroke=\"").append(pt.color()).append("\" stroke-width=\"1.5\"/>");
                    }
                }
                sb.append("<circle cx=\"").append(f(sx.at(pt.est()))).append("\" cy=\"").append(f(ys[i]))
                        .append("\" r=\"4.5\" stroke=\"").append(pt.color()).append("\" stroke-width=\"2\" fill=\"")
                        .append(pt.filled() ? pt.color() : "#fff").append("\"/></g>");
            }
        }
        return sb.append("</svg>").toString();
    }

    /** A histogram series: values and a colour. */
    public record Series(String name, double[] values, String color) {}

    /**
     * Histograms of one or more series on shared bins (bars of the first series, outlines of the others), with a
     * vertical reference line at {@code ref} (NaN for none).
     */
    public static String histogram(String label, List<Series> series, double[] edges, double ref, String xTitle,
                                   int w, int h) {
        int left = 52;
        int right = 12;
        int top = 26;
        int bottom = 42;
        int bins = edges.length - 1;
        int[][] counts = new int[series.size()][bins];
        int max = 1;
        for (int s = 0; s < series.size(); s++) {
            for (double v : series.get(s).values()) {
                if (Double.isNaN(v)) {
                    continue;
                }
                int b = bin(edges, v);
                counts[s][b]++;
                max = Math.max(max, counts[s][b]);
            }
        }
        StringBuilder sb = new StringBuilder(open(w, h, label));
        Scale sx = new Scale(edges[0], edges[bins], left, w - right);
        double[] yt = ticks(0, max, 4);
        Scale sy = new Scale(0, yt[yt.length - 1], h - bottom, top);
        for (double tv : yt) {
            double yy = sy.at(tv);
            sb.append("<line x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"").append(f(yy))
                    .append("\" y2=\"").append(f(yy)).append("\" class=\"grid\"/>");
            sb.append("<text x=\"").append(left - 5).append("\" y=\"").append(f(yy + 4))
                    .append("\" text-anchor=\"end\" class=\"tick\">").append(esc(tickLabel(tv))).append("</text>");
        }
        for (double tv : ticks(edges[0], edges[bins], 6)) {
            if (tv < edges[0] - 1e-12 || tv > edges[bins] + 1e-12) {
                continue;
            }
            double xx = sx.at(tv);
            sb.append("<text x=\"").append(f(xx)).append("\" y=\"").append(h - bottom + 15)
                    .append("\" text-anchor=\"middle\" class=\"tick\">").append(esc(tickLabel(tv))).append("</text>");
        }
        for (int s = 0; s < series.size(); s++) {
            String color = series.get(s).color();
            if (s == 0) {
                for (int b = 0; b < bins; b++) {
                    if (counts[s][b] == 0) {
                        continue;
                    }
                    double x0 = sx.at(edges[b]);
                    double x1 = sx.at(edges[b + 1]);
                    double y0 = sy.at(counts[s][b]);
                    sb.append("<rect x=\"").append(f(x0 + 0.5)).append("\" y=\"").append(f(y0)).append("\" width=\"")
                            .append(f(Math.max(0.5, x1 - x0 - 1))).append("\" height=\"").append(f(h - bottom - y0))
                            .append("\" fill=\"").append(color).append("\" fill-opacity=\"0.75\"><title>")
                            .append(esc(series.get(s).name() + ": " + counts[s][b] + " in [" + Html.num(edges[b]) + ", "
                                    + Html.num(edges[b + 1]) + ")")).append("</title></rect>");
                }
            } else {
                StringBuilder path = new StringBuilder();
                for (int b = 0; b < bins; b++) {
                    double x0 = sx.at(edges[b]);
                    double x1 = sx.at(edges[b + 1]);
                    double yy = sy.at(counts[s][b]);
                    path.append(b == 0 ? "M" : "L").append(f(x0)).append(' ').append(f(yy)).append(" L")
                            .append(f(x1)).append(' ').append(f(yy)).append(' ');
                }
                sb.append("<path d=\"").append(path.toString().strip()).append("\" fill=\"none\" stroke=\"")
                        .append(color).append("\" stroke-width=\"2\"/>");
            }
        }
        if (!Double.isNaN(ref) && ref >= edges[0] && ref <= edges[bins]) {
            double xr = sx.at(ref);
            sb.append("<line x1=\"").append(f(xr)).append("\" x2=\"").append(f(xr)).append("\" y1=\"").append(top)
                    .append("\" y2=\"").append(h - bottom).append("\" class=\"ref\"/>");
        }
        sb.append("<line x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"").append(h - bottom)
                .append("\" y2=\"").append(h - bottom).append("\" class=\"axisline\"/>");
        sb.append("<text x=\"").append(f((left + w - right) / 2.0)).append("\" y=\"").append(h - 6)
                .append("\" text-anchor=\"middle\" class=\"axis\">").append(esc(xTitle)).append("</text>");
        sb.append("<text x=\"").append(left).append("\" y=\"16\" class=\"axis\">pairs</text>");
        legend(sb, series.stream().map(Series::name).toList(), series.stream().map(Series::color).toList(), w - right, 14);
        return sb.append("</svg>").toString();
    }

    private static void legend(StringBuilder sb, List<String> names, List<String> colors, int xRight, int y) {
        if (names.size() < 2) {
            return;
        }
        double x = xRight;
        for (int i = names.size() - 1; i >= 0; i--) {
            double tw = 7 * names.get(i).length() + 22;
            x -= tw;
            sb.append("<rect x=\"").append(f(x)).append("\" y=\"").append(y - 9).append("\" width=\"12\" height=\"10\" fill=\"")
                    .append(colors.get(i)).append("\"/><text x=\"").append(f(x + 16)).append("\" y=\"").append(y)
                    .append("\" class=\"tick\">").append(esc(names.get(i))).append("</text>");
        }
    }

    static int bin(double[] edges, double v) {
        int bins = edges.length - 1;
        if (v <= edges[0]) {
            return 0;
        }
        if (v >= edges[bins]) {
            return bins - 1;
        }
        int lo = 0;
        int hi = bins;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (v >= edges[mid]) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Bin edges over the finite values: Freedman–Diaconis width, 10 to 60 bins, on nice boundaries. */
    public static double[] edges(List<double[]> samples) {
        List<Double> all = new ArrayList<>();
        for (double[] s : samples) {
            for (double v : s) {
                if (Double.isFinite(v)) {
                    all.add(v);
                }
            }
        }
        if (all.isEmpty()) {
            return new double[] {-1, 1};
        }
        double[] a = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double lo = a[0];
        double hi = a[a.length - 1];
        if (hi == lo) {
            return new double[] {lo - 0.5, lo + 0.5};
        }
        double iqr = dev.seal.stats.Describe.quantile(a, 0.75) - dev.seal.stats.Describe.quantile(a, 0.25);
        double width = iqr > 0 ? 2 * iqr / Math.cbrt(a.length) : (hi - lo) / 20;
        int bins = (int) Math.ceil((hi - lo) / width);
        bins = Math.max(10, Math.min(60, bins));
        double[] t = ticks(lo, hi, bins);
        return t;
    }

    /** Horizontal bars with intervals, values in [0, 1] shown as percentages. */
    public record Bar(String label, double value, double lo, double hi, String color, String tip) {}

    public static String bars(String label, List<Bar> bars, String xTitle, int w) {
        int labelW = 210;
        int right = 60;
        int rowH = 24;
        int top = 10;
        int bottom = 36;
        int h = top + bars.size() * rowH + bottom;
        StringBuilder sb = new StringBuilder(open(w, h, label));
        double hi = 0;
        for (Bar b : bars) {
            hi = Math.max(hi, Double.isFinite(b.hi()) ? b.hi() : b.value());
        }
        hi = hi <= 0 ? 1 : Math.min(1, ticks(0, hi, 5)[ticks(0, hi, 5).length - 1]);
        Scale sx = new Scale(0, hi, labelW, w - right);
        for (double tv : ticks(0, hi, 5)) {
            if (tv > hi + 1e-12) {
                continue;
            }
            double x = sx.at(tv);
            sb.append("<line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(top)
                    .append("\" y2=\"").append(h - bottom).append("\" class=\"grid\"/><text x=\"").append(f(x))
                    .append("\" y=\"").append(h - bottom + 14).append("\" text-anchor=\"middle\" class=\"tick\">")
                    .append(esc(Html.pct(tv))).append("</text>");
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = top + i * rowH;
            sb.append("<g><title>").append(esc(b.tip())).append("</title>");
            sb.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(f(y + rowH / 2.0 + 4))
                    .append("\" text-anchor=\"end\" class=\"lab\">").append(esc(shorten(b.label(), 30))).append("</text>");
            if (Double.isFinite(b.value())) {
                sb.append("<rect x=\"").append(labelW).append("\" y=\"").append(f(y + 4)).append("\" width=\"")
                        .append(f(Math.max(0, sx.at(b.value()) - labelW))).append("\" height=\"").append(rowH - 8)
                        .append("\" fill=\"").append(b.color()).append("\" fill-opacity=\"0.8\"/>");
                if (Double.isFinite(b.lo()) && Double.isFinite(b.hi())) {
                    double cy = y + rowH / 2.0;
                    sb.append("<line x1=\"").append(f(sx.at(b.lo()))).append("\" x2=\"").append(f(sx.at(b.hi())))
                            .append("\" y1=\"").append(f(cy)).append("\" y2=\"").append(f(cy)).append("\" class=\"whisk\"/>");
                    for (double e : new double[] {b.lo(), b.hi()}) {
                        sb.append("<line x1=\"").append(f(sx.at(e))).append("\" x2=\"").append(f(sx.at(e)))
                                .append("\" y1=\"").append(f(cy - 5)).append("\" y2=\"").append(f(cy + 5))
                                .append("\" class=\"whisk\"/>");
                    }
                }
                sb.append("<text x=\"").append(f(Math.max(sx.at(b.value()), Double.isFinite(b.hi()) ? sx.at(b.hi()) : 0) + 5))
                        .append("\" y=\"").append(f(y + rowH / 2.0 + 4)).append("\" class=\"tick\">")
                        .append(esc(Html.pct(b.value()))).append("</text>");
            }
            sb.append("</g>");
        }
        sb.append("<text x=\"").append(f((labelW + w - right) / 2.0)).append("\" y=\"").append(h - 6)
                .append("\" text-anchor=\"middle\" class=\"axis\">").append(esc(xTitle)).append("</text>");
        return sb.append("</svg>").toString();
    }

    /** A scatter of (x, y) with a colour per point and reference lines at x = 0 and y = 0. */
    public static String scatter(String label, double[] x, double[] y, String[] color, String xTitle, String yTitle,
                                 int w, int h) {
        int left = 56;
        int right = 14;
        int top = 14;
        int bottom = 42;
        double xlo = 0;
        double xhi = 0;
        double ylo = 0;
        double yhi = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xlo = Math.min(xlo, x[i]);
                xhi = Math.max(xhi, x[i]);
                ylo = Math.min(ylo, y[i]);
                yhi = Math.max(yhi, y[i]);
            }
        }
        double[] tx = ticks(xlo, xhi, 5);
        double[] ty = ticks(ylo, yhi, 5);
        Scale sx = new Scale(tx[0], tx[tx.length - 1], left, w - right);
        Scale sy = new Scale(ty[0], ty[ty.length - 1], h - bottom, top);
        StringBuilder sb = new StringBuilder(open(w, h, label));
        for (double tv : tx) {
            sb.append("<line x1=\"").append(f(sx.at(tv))).append("\" x2=\"").append(f(sx.at(tv))).append("\" y1=\"")
                    .append(top).append("\" y2=\"").append(h - bottom).append("\" class=\"grid\"/><text x=\"")
                    .append(f(sx.at(tv))).append("\" y=\"").append(h - bottom + 14)
                    .append("\" text-anchor=\"middle\" class=\"tick\">").append(esc(tickLabel(tv))).append("</text>");
        }
        for (double tv : ty) {
            sb.append("<line x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"")
                    .append(f(sy.at(tv))).append("\" y2=\"").append(f(sy.at(tv))).append("\" class=\"grid\"/><text x=\"")
                    .append(left - 5).append("\" y=\"").append(f(sy.at(tv) + 4))
                    .append("\" text-anchor=\"end\" class=\"tick\">").append(esc(tickLabel(tv))).append("</text>");
        }
        sb.append("<line x1=\"").append(f(sx.at(0))).append("\" x2=\"").append(f(sx.at(0))).append("\" y1=\"").append(top)
                .append("\" y2=\"").append(h - bottom).append("\" class=\"ref\"/>");
        sb.append("<line x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"").append(f(sy.at(0)))
                .append("\" y2=\"").append(f(sy.at(0))).append("\" class=\"ref\"/>");
        sb.append("<g fill-opacity=\"0.55\">");
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                sb.append("<circle cx=\"").append(f(sx.at(x[i]))).append("\" cy=\"").append(f(sy.at(y[i])))
                        .append("\" r=\"2.2\" fill=\"").append(color[i]).append("\"/>");
            }
        }
        sb.append("</g>");
        sb.append("<text x=\"").append(f((left + w - right) / 2.0)).append("\" y=\"").append(h - 6)
                .append("\" text-anchor=\"middle\" class=\"axis\">").append(esc(xTitle)).append("</text>");
        sb.append("<text transform=\"rotate(-90)\" x=\"").append(f(-(top + h - bottom) / 2.0)).append("\" y=\"14\"")
                .append(" text-anchor=\"middle\" class=\"axis\">").append(esc(yTitle)).append("</text>");
        return sb.append("</svg>").toString();
    }

    /** A tiny interval bar for a table cell: the estimate and interval on [0, 1]. */
    public static String spark(double est, double lo, double hi, String color) {
        int w = 110;
        int h = 14;
        if (!Double.isFinite(est)) {
            return "";
        }
        Scale s = new Scale(0, 1, 2, w - 2);
        StringBuilder sb = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" width=\"")
                .append(w).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" aria-hidden=\"true\"><line x1=\"2\" x2=\"").append(w - 2)
                .append("\" y1=\"7\" y2=\"7\" class=\"sparkaxis\"/>");
        if (Double.isFinite(lo) && Double.isFinite(hi)) {
            sb.append("<line x1=\"").append(f(s.at(lo))).append("\" x2=\"").append(f(s.at(hi)))
                    .append("\" y1=\"7\" y2=\"7\" stroke=\"").append(color).append("\" stroke-width=\"3\"/>");
        }
        sb.append("<circle cx=\"").append(f(s.at(est))).append("\" cy=\"7\" r=\"3\" fill=\"").append(color).append("\"/>");
        return sb.append("</svg>").toString();
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
