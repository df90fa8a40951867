# A small analysis fixture in seal's file formats, and the values seal analyze must reproduce from it.
# Run from this directory: Rscript make-pairs.R > pairs-reference.txt   (R 4.2.2, sandwich 3.0-2, lmtest 0.9-40)
# Writes ../pairs/: scores-star.csv (RM*), scores-base.csv (RM0, rows shuffled), features.csv (one row per text),
# config.json. 80 pairs are in both score files with finite rewards; p081 is only in RM*, p999 only in RM0, and
# p082 has a NaN RM* reward (and finite RM0 rewards). Each model is analysed on its own pairs: RM* on the 80 and
# p081 (81), RM0 on the 80, p082 and p999 (82); what compares the two (RM* - RM0, angles, regimes) on the 80.
suppressMessages({library(sandwich); library(lmtest)})
set.seed(4)
G <- 80
id <- sprintf("p%03d", 1:G)
u0 <- rnorm(G, sd = 0.5); us <- rnorm(G, sd = 0.5)
mk <- function(side) data.frame(id = id, side = side,
  harmless = rbinom(G, 1, if (side == "chosen") 0.7 else 0.4),
  sentiment = sample(c(-1, 0, 1), G, replace = TRUE),
  eloquent = rbinom(G, 1, 0.5),
  resp_len = round(rexp(G, 1 / 1.5), 2))
t <- rbind(mk("chosen"), mk("rejected"))
t <- t[order(t$id, t$side), ]
pe0 <- u0[match(t$id, id)]; pes <- us[match(t$id, id)]
# rewards on a 1/4096 grid: exact as 32-bit floats, which is how seal stores and reads rewards
f32 <- function(x) round(x * 4096) / 4096
t$r0 <- f32(0.3 + 0.2 * t$resp_len + 0.1 * t$eloquent + pe0 + rnorm(nrow(t), sd = 0.6))
t$rs <- f32(-0.2 + 1.0 * t$harmless + 0.3 * t$sentiment + 0.4 * t$resp_len + pes + rnorm(nrow(t), sd = 0.6))
# one exact tie under RM*
t$rs[t$id == "p003" & t$side == "rejected"] <- t$rs[t$id == "p003" & t$side == "chosen"]
C <- t[t$side == "chosen", ]; R <- t[t$side == "rejected", ]
lab <- sample(c("chosen", "rejected", "tie"), G, replace = TRUE, prob = c(0.6, 0.25, 0.15))

dir.create("../pairs", showWarnings = FALSE)
g <- function(x) sprintf("%.17g", x)
score <- function(ids, c, r) data.frame(id = ids, row = seq_along(ids), chosen_reward = g(c), rejected_reward = g(r),
  margin = g(c - r), agreement = ifelse(c > r, "true", "false"), chosen_tokens = 50, rejected_tokens = 40,
  shared_tokens = 30, flags = "")
star <- score(c(id, "p081", "p082"), c(C$rs, 0.5, NaN), c(R$rs, 0.1, 0.2))
base <- score(c(id, "p082", "p999"), c(C$r0, 0.6, 0.3), c(R$r0, 0.5, 0.4))
set.seed(99); base <- base[sample(nrow(base)), ]   # a different row order: seal must join by id
write.csv(star, "../pairs/scores-star.csv", row.names = FALSE, quote = FALSE)
write.csv(base, "../pairs/scores-base.csv", row.names = FALSE, quote = FALSE)
# features of the three pairs outside the common set, from a seed of their own so the draws above stay as they were
set.seed(5)
extra <- c("p081", "p082", "p999")
mkx <- function(side) data.frame(id = extra, side = side, harmless = rbinom(3, 1, 0.5),
  sentiment = sample(c(-1, 0, 1), 3, replace = TRUE), eloquent = rbinom(3, 1, 0.5), resp_len = round(rexp(3, 1 / 1.5), 2))
tx <- rbind(mkx("chosen"), mkx("rejected")); tx <- tx[order(tx$id, tx$side), ]
# their rewards as in the score files (NA: not in that file)
tx$rs <- c(0.5, 0.1, NaN, 0.2, NA, NA); tx$r0 <- c(NA, NA, 0.6, 0.5, 0.3, 0.4)
labx <- c("chosen", "tie", "rejected")
T <- rbind(t, tx); T <- T[order(T$id, T$side), ]
allLab <- c(lab, labx); allId <- c(id, extra)
sent <- c("negative", "neutral", "positive")[T$sentiment + 2]
f <- data.frame(id = T$id, side = T$side, last_response_is_harmless = ifelse(T$harmless == 1, "true", "false"),
  last_response_sentiment = sent, last_response_is_eloquent = T$eloquent, resp_len = g(T$resp_len),
  labeler_preference = allLab[match(T$id, allId)])
write.csv(f, "../pairs/features.csv", row.names = FALSE, quote = FALSE)
writeLines('{"features": {"resp_len": {"role": "spoiler", "description": "length in hundreds of words"}}}',
           "../pairs/config.json")

g17 <- function(x) ifelse(is.na(x), "Double.NaN", sprintf("%.17g", x))
emit <- function(tag, m, cl) {
  V <- vcovCL(m, cluster = cl, type = "HC1"); Gc <- length(unique(cl))
  ct <- coeftest(m, vcov. = V, df = Gc - 1); ci <- coefci(m, vcov. = V, df = Gc - 1)
  ps <- ct[-1, 4]; b <- c(NA, p.adjust(ps, "bonferroni")); h <- c(NA, p.adjust(ps, "holm")); bh <- c(NA, p.adjust(ps, "BH"))
  cat(sprintf("// %s: G = %d, n = %d, r2 = %s\n", tag, Gc, nobs(m), g17(summary(m)$r.squared)))
  for (i in seq_len(nrow(ct))) cat(sprintf("{\"%s\", %s, %s, %s, %s, %s, %s, %s, %s, %s},\n", rownames(ct)[i],
    g17(ct[i, 1]), g17(ct[i, 2]), g17(ct[i, 3]), g17(ct[i, 4]), g17(ci[i, 1]), g17(ci[i, 2]), g17(b[i]), g17(h[i]), g17(bh[i])))
}
# one observation per pair: HC1, and coeftest's default t reference, the residual df n - k
emit_hc1 <- function(tag, m) {
  V <- vcovHC(m, type = "HC1"); ct <- coeftest(m, vcov. = V); ci <- coefci(m, vcov. = V)
  ps <- ct[-1, 4]; b <- c(NA, p.adjust(ps, "bonferroni")); h <- c(NA, p.adjust(ps, "holm")); bh <- c(NA, p.adjust(ps, "BH"))
  cat(sprintf("// %s: n = %d, df = n - k = %d, r2 = %s\n", tag, nobs(m), df.residual(m), g17(summary(m)$r.squared)))
  for (i in seq_len(nrow(ct))) cat(sprintf("{\"%s\", %s, %s, %s, %s, %s, %s, %s, %s, %s},\n", rownames(ct)[i],
    g17(ct[i, 1]), g17(ct[i, 2]), g17(ct[i, 3]), g17(ct[i, 4]), g17(ci[i, 1]), g17(ci[i, 2]), g17(b[i]), g17(h[i]), g17(bh[i])))
}
# each model on its own pairs (finite rewards on both sides), the comparison on the pairs both scored
okPair <- function(v) { fin <- tapply(is.finite(v), T$id, all); names(fin)[fin] }
starIds <- okPair(T$rs); baseIds <- okPair(T$r0)
tS <- T[T$id %in% starIds, ]; t0 <- T[T$id %in% baseIds, ]
cat(sprintf("// RM* pairs: %d (%s ...), RM0 pairs: %d, both: %d\n", length(starIds), starIds[81], length(baseIds), G))
t$diff <- t$rs - t$r0
emit("text RM*", lm(rs ~ harmless + sentiment + eloquent + resp_len, data = tS), tS$id)
emit("text RM0", lm(r0 ~ harmless + sentiment + eloquent + resp_len, data = t0), t0$id)
emit("text RM* - RM0", lm(diff ~ harmless + sentiment + eloquent + resp_len, data = t), t$id)
CS <- tS[tS$side == "chosen", ]; RS <- tS[tS$side == "rejected", ]
p <- data.frame(id = CS$id, ms = CS$rs - RS$rs, dh = CS$harmless - RS$harmless,
  ds = CS$sentiment - RS$sentiment, de = CS$eloquent - RS$eloquent, dl = CS$resp_len - RS$resp_len)
emit_hc1("pair RM*", lm(ms ~ dh + ds + de + dl, data = p))
p <- data.frame(id = id)
p$angle <- atan2(C$r0 * R$rs - R$r0 * C$rs, C$r0 * C$rs + R$r0 * R$rs) * 180 / pi
a <- data.frame(angle = p$angle, ch = C$harmless, rh = R$harmless, cs = C$sentiment, rsn = R$sentiment,
  ce = C$eloquent, re = R$eloquent, cl = C$resp_len, rl = R$resp_len)
emit_hc1("angle", lm(angle ~ ch + rh + cs + rsn + ce + re + cl + rl, data = a))
cat(sprintf("// angles p001..p003: %s\n", paste(g17(p$angle[1:3]), collapse = ", ")))
# the features are chosen on RM*'s texts: VIF there
X <- as.matrix(tS[, c("harmless", "sentiment", "eloquent", "resp_len")])
cat(sprintf("// VIF diag(solve(cor(X))), X the features of RM*'s %d texts = %s\n", nrow(X),
  paste(g17(diag(solve(cor(X)))), collapse = ", ")))
resist <- function(tag, d, v) { cc <- d[d$side == "chosen", v]; rr <- d[d$side == "rejected", v]; n <- length(cc)
  k <- sum(rr >= cc); cat(sprintf("// %s resisted = %d (ties %d) of %d; prop.test(%d, %d, correct = FALSE)$conf.int = %s\n",
    tag, k, sum(rr == cc), n, k, n, paste(g17(prop.test(k, n, correct = FALSE)$conf.int), collapse = ", "))) }
resist("RM*", tS, "rs"); resist("RM0", t0, "r0")
a0 <- C$r0 > R$r0; as <- C$rs > R$rs
cat(sprintf("// regimes stayed %d, got %d, resisted %d, reversed %d\n", sum(a0 & as), sum(!a0 & as), sum(!a0 & !as), sum(a0 & !as)))
labS <- allLab[match(CS$id, allId)]
for (l in c("chosen", "tie", "rejected")) { k <- labS == l
  cat(sprintf("// RM* labeler %s: n = %d, resisted = %d\n", l, sum(k), sum(RS$rs[k] >= CS$rs[k]))) }
