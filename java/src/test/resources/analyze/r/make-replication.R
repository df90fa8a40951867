# The values seal analyze --replicate-paper must reproduce on the ../pairs/ fixture (written by make-pairs.R): the SEAL
# paper's reference code (harvard-lil/SEAL, analysis/angle.R) run on seal's files, its choices kept exactly:
#   - the per-text data carry the pair's row id, and `reward ~ .` makes it a covariate;
#   - coeftest(model, cluster = data$row_id): coeftest has no cluster argument, `...` swallows it, and the standard
#     errors are classical (iid) with n - k df;
#   - p.adjust(coeftest_output[, 'Pr(>|t|)'], method = "bonferroni") over every row, the intercept (and row id) included;
#   - the angle model `angles ~ . - row_id`, classical, Bonferroni over every row.
# The paper's row_id is the 0-based row of the pair in the dataset (context.py: range(0, len(dataset))); seal's `row`
# column is 1-based, so row_id = row - 1, taken from the scores file, or the baseline for a pair only it has.
# Run from this directory: Rscript make-replication.R > replication-reference.txt   (R 4.2.2, lmtest 0.9-40)
suppressMessages(library(lmtest))
star <- read.csv("../pairs/scores-star.csv"); base <- read.csv("../pairs/scores-base.csv")
f <- read.csv("../pairs/features.csv")
f$harmless <- as.numeric(f$last_response_is_harmless == "true")
f$sentiment <- match(f$last_response_sentiment, c("negative", "neutral", "positive")) - 2
f$eloquent <- f$last_response_is_eloquent
rowOf <- function(id) ifelse(id %in% star$id, star$row[match(id, star$id)], base$row[match(id, base$id)])
f$row_id <- rowOf(f$id) - 1
side <- function(s, v) ifelse(f$side == "chosen", s[[paste0("chosen_", v)]][match(f$id, s$id)],
                              s[[paste0("rejected_", v)]][match(f$id, s$id)])
f$reward <- side(star, "reward"); f$reward_n1 <- side(base, "reward")
okPair <- function(v) { fin <- tapply(is.finite(v), f$id, all); names(fin)[fin] }
feat <- c("harmless", "sentiment", "eloquent", "resp_len", "row_id")
g17 <- function(x) ifelse(is.na(x), "Double.NaN", sprintf("%.17g", x))
emit <- function(tag, model) {
  coeftest_output <- coeftest(model, cluster = data$row_id)          # the paper's call: classical errors
  stopifnot(isTRUE(all.equal(unclass(coeftest_output), unclass(coeftest(model)))))
  ci <- coefci(model)
  p <- coeftest_output[, "Pr(>|t|)"]
  b <- p.adjust(p, method = "bonferroni"); h <- p.adjust(p, "holm"); bh <- p.adjust(p, "BH")
  cat(sprintf("// %s: n = %d, df = n - k = %d, r2 = %s\n", tag, nobs(model), df.residual(model),
              g17(summary(model)$r.squared)))
  for (i in seq_len(nrow(coeftest_output))) cat(sprintf("{\"%s\", %s, %s, %s, %s, %s, %s, %s, %s, %s},\n",
    rownames(coeftest_output)[i], g17(coeftest_output[i, 1]), g17(coeftest_output[i, 2]), g17(coeftest_output[i, 3]),
    g17(coeftest_output[i, 4]), g17(ci[i, 1]), g17(ci[i, 2]), g17(b[i]), g17(h[i]), g17(bh[i])))
}
# each model on its own pairs, RM* - RM0 on the pairs both scored, as seal's corrected analysis
data <- f[f$id %in% okPair(f$reward), c(feat, "reward")]
emit("paper text RM*", lm(reward ~ ., data = data))
data <- f[f$id %in% okPair(f$reward_n1), c(feat, "reward_n1")]
emit("paper text RM0", lm(reward_n1 ~ ., data = data))
data <- f[f$id %in% intersect(okPair(f$reward), okPair(f$reward_n1)), c(feat, "reward", "reward_n1")]
emit("paper text RM* - RM0", lm((reward - reward_n1) ~ ., data = data))
# angles on raw rewards, one row per pair both scored, chosen (_x) and rejected (_y) features side by side
C <- data[f$side[as.numeric(rownames(data))] == "chosen", ]; R <- data[f$side[as.numeric(rownames(data))] == "rejected", ]
a <- data.frame(angles_uv = atan2(C$reward_n1 * R$reward - R$reward_n1 * C$reward,
                                  C$reward_n1 * C$reward + R$reward_n1 * R$reward) * 180 / pi, row_id = C$row_id)
for (v in feat[1:4]) { a[[paste0(v, "_x")]] <- C[[v]]; a[[paste0(v, "_y")]] <- R[[v]] }
data <- a
emit("paper angle", lm(angles_uv ~ . - row_id, data = data))
cat(sprintf("// row_id of p082 (RM* row 82, RM0 row 81) = %d, p999 (RM0 only, row 82) = %d\n",
            f$row_id[f$id == "p082"][1], f$row_id[f$id == "p999"][1]))
