# Prints the expected values hard-coded in dev.seal.stats.RegressionVsRTest, as Java literals with the R command
# beside each. Run from this directory after make-data.R: Rscript reference-values.R
suppressMessages({library(sandwich); library(lmtest)})
g17 <- function(x) ifelse(is.na(x), "Double.NaN", sprintf("%.17g", x))
emit <- function(tag, d, formula, cluster) {
  m <- lm(formula, data = d)
  cl <- d[[all.vars(cluster)]]
  V <- vcovCL(m, cluster = cl, type = "HC1")  # same as cluster = ~name with data d in scope
  G <- length(unique(cl))
  ct <- coeftest(m, vcov. = V, df = G - 1)
  ci <- coefci(m, vcov. = V, df = G - 1, level = 0.95)
  ps <- ct[-1, 4]
  bonf <- c(NA, p.adjust(ps, "bonferroni")); holm <- c(NA, p.adjust(ps, "holm")); bh <- c(NA, p.adjust(ps, "BH"))
  cse <- sqrt(diag(vcov(m)))
  cat(sprintf("// %s: m <- lm(%s, data = d); V <- vcovCL(m, cluster = %s, type = \"HC1\"); G = %d\n",
              tag, deparse(formula), deparse(cluster), G))
  cat("// columns: estimate = coef(m); se = sqrt(diag(V)); t, p = coeftest(m, vcov. = V, df = G - 1)[, 3:4];\n")
  cat("// lo, hi = coefci(m, vcov. = V, df = G - 1, level = 0.95); bonf, holm, bh = p.adjust(coeftest(...)[-1, 4], method);\n")
  cat("// classical se = sqrt(diag(vcov(m)))\n")
  for (i in seq_len(nrow(ct))) {
    cat(sprintf("{\"%s\", %s, %s, %s, %s, %s, %s, %s, %s, %s, %s},\n", rownames(ct)[i], g17(ct[i, 1]), g17(ct[i, 2]),
                g17(ct[i, 3]), g17(ct[i, 4]), g17(ci[i, 1]), g17(ci[i, 2]), g17(bonf[i]), g17(holm[i]), g17(bh[i]),
                g17(cse[i])))
  }
  s <- summary(m)
  cat(sprintf("// summary(m)$r.squared = %s; summary(m)$adj.r.squared = %s; nobs(m) = %d; G = %d\n",
              g17(s$r.squared), g17(s$adj.r.squared), nobs(m), G))
  X <- model.matrix(m)[, -1, drop = FALSE]
  if (ncol(X) > 1) cat(sprintf("// diag(solve(cor(model.matrix(m)[, -1]))) = %s\n", paste(g17(diag(solve(cor(X)))), collapse = ", ")))
  # HC1 (every observation its own cluster) for the same model
  H <- vcovHC(m, type = "HC1")
  cat(sprintf("// sqrt(diag(vcovHC(m, type = \"HC1\"))) = %s\n", paste(g17(sqrt(diag(H))), collapse = ", ")))
  cat("\n")
}
emit("synthetic", read.csv("synthetic-clustered.csv"), y ~ x1 + x2 + x3 + x4, ~cluster)
emit("mtcars", mtcars, mpg ~ wt + hp + qsec + am, ~carb)
data(PetersenCL); emit("petersen", subset(PetersenCL, firm <= 50), y ~ x, ~firm)

# HC1 with the t reference R uses by default: coeftest/coefci without df take the model's residual df, n - k
m <- lm(mpg ~ wt + hp + qsec + am, data = mtcars); H <- vcovHC(m, type = "HC1")
ct <- coeftest(m, vcov. = H); ci <- coefci(m, vcov. = H, level = 0.95)
cat(sprintf("// mtcars HC1: m <- lm(mpg ~ wt + hp + qsec + am, data = mtcars); H <- vcovHC(m, type = \"HC1\"); df.residual(m) = %d\n", df.residual(m)))
cat("// columns: term, se = sqrt(diag(H)), t, p = coeftest(m, vcov. = H)[, 3:4], lo, hi = coefci(m, vcov. = H, level = 0.95)\n")
for (i in seq_len(nrow(ct))) cat(sprintf("{\"%s\", %s, %s, %s, %s, %s},\n", rownames(ct)[i], g17(ct[i, 2]), g17(ct[i, 3]),
                                   g17(ct[i, 4]), g17(ci[i, 1]), g17(ci[i, 2])))

cat("// t tails and quantiles\n")
tt <- c(0.5, 2, 10, 40, -3.2, 1e-8); df <- c(5, 59, 499, 1000, 2, 30)
for (i in seq_along(tt)) cat(sprintf("{%s, %s, %s}, // 2 * pt(-abs(%s), %s)\n", g17(tt[i]), g17(df[i]), g17(2 * pt(-abs(tt[i]), df[i])), tt[i], df[i]))
for (d in c(2, 5, 59, 1000)) cat(sprintf("{%s, %s}, // qt(0.975, %s)\n", g17(d), g17(qt(0.975, d)), d))

cat("// p.adjust of p <- c(0.01, 0.04, 0.04, 0.2, 0.0005, 0.9, 0.03)\n")
p <- c(0.01, 0.04, 0.04, 0.2, 0.0005, 0.9, 0.03)
for (meth in c("bonferroni", "holm", "BH", "BY")) cat(sprintf("// p.adjust(p, \"%s\") = %s\n", meth, paste(g17(p.adjust(p, meth)), collapse = ", ")))
cat("// quantile(x, c(0.05, 0.25, 0.5, 0.75, 0.95)) of x <- c(3.1, -2, 7.25, 0, 11, 4.5, 4.5, -9.75, 2)\n")
x <- c(3.1, -2, 7.25, 0, 11, 4.5, 4.5, -9.75, 2)
cat(sprintf("// = %s; mean = %s; sd = %s\n", paste(g17(quantile(x, c(0.05, 0.25, 0.5, 0.75, 0.95))), collapse = ", "), g17(mean(x)), g17(sd(x))))

cat("// VIF with an exact collinearity: d <- read.csv(\"synthetic-clustered.csv\"); d$x5 <- d$x1 + 2 * d$x4\n")
d <- read.csv("synthetic-clustered.csv"); d$x5 <- d$x1 + 2 * d$x4
xs <- c("x1", "x2", "x4", "x5")
for (v in xs) {
  f <- reformulate(setdiff(xs, v), v); r2 <- summary(lm(f, data = d))$r.squared
  cat(sprintf("// 1 / (1 - summary(lm(%s, data = d))$r.squared) = %s\n", deparse(f), g17(1 / (1 - r2))))
}
