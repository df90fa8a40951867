# Writes the synthetic clustered data set and the data-set extracts used by dev.seal.stats tests.
# Run from this directory: Rscript make-data.R   (R 4.2.2, sandwich 3.0-2, lmtest 0.9-40, Debian bookworm)
library(sandwich)
fmt <- function(d) { for (c in names(d)) if (is.double(d[[c]])) d[[c]] <- sprintf("%.17g", d[[c]]); d }

# Synthetic "pairs": 60 clusters, most of size 2 (chosen/rejected), five of size 3 and five of size 1 so the
# cluster sizes differ; x1 and x4 binary and correlated, x2 ternary (sentiment-like), x3 a length-like count.
set.seed(20240816)
G <- 60
size <- c(rep(2L, 50), rep(3L, 5), rep(1L, 5))
cluster <- rep(sprintf("p%02d", seq_len(G)), times = size)
n <- length(cluster)
u <- rnorm(G, sd = 0.8)[match(cluster, sprintf("p%02d", seq_len(G)))]
x1 <- rbinom(n, 1, 0.5)
x4 <- ifelse(runif(n) < 0.7, x1, rbinom(n, 1, 0.4))
x2 <- sample(c(-1, 0, 1), n, replace = TRUE, prob = c(0.3, 0.4, 0.3))
x3 <- round(rexp(n, 1 / 120))
y <- 0.5 + 1.2 * x1 - 0.4 * x2 + 0.004 * x3 + 0.3 * x4 + u + rnorm(n, sd = 1.1)
d <- data.frame(cluster = cluster, y = y, x1 = x1, x2 = x2, x3 = x3, x4 = x4)
write.csv(fmt(d), "synthetic-clustered.csv", row.names = FALSE, quote = FALSE)

write.csv(fmt(data.frame(car = rownames(mtcars), mtcars)), "mtcars.csv", row.names = FALSE, quote = FALSE)

data(PetersenCL)
p <- subset(PetersenCL, firm <= 50)
write.csv(fmt(p), "petersen-firm1-50.csv", row.names = FALSE, quote = FALSE)
