# The reference computation for Scripts/bench, in base R: from a questionnaire CSV, the
# criterion indices (share of valid answers at level 4 or 5, in percent) and their Wilson
# 95 % intervals per unit and for all units together (the province), plus each unit's
# overall index (mean of the element indices, each the mean of its criteria; SIPAS.md §5).
#
#   Rscript indices.R FILE.csv PERIOD OUT.csv [REFERENCE_CODE]
#
# PERIOD is YYYY-MM or YYYY (the rows whose date starts with it). Writes
# unit,item,satisfied,valid,index,ci_low,ci_high with 17 significant digits.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) stop("usage: Rscript indices.R FILE.csv PERIOD OUT.csv [REFERENCE_CODE]")
file <- args[1]; period <- args[2]; out <- args[3]
reference <- if (length(args) >= 4) args[4] else "42"

header <- strsplit(readLines(file, n = 1, encoding = "UTF-8"), ",", fixed = TRUE)[[1]]
criteria <- grep("^[0-9]+\\.[0-9]+$", header, value = TRUE)
# Read only what is needed: unit and date as text, the criteria as integers (empty = NA).
classes <- rep("NULL", length(header))
classes[header %in% c("unit", "date")] <- "character"
classes[header %in% criteria] <- "integer"
data <- read.csv(file, colClasses = classes, na.strings = "", check.names = FALSE, encoding = "UTF-8")
data <- data[startsWith(data$date, period), , drop = FALSE]
if (nrow(data) == 0) stop("no questionnaires in ", period)

answers <- as.matrix(data[, criteria, drop = FALSE])
valid <- !is.na(answers)
satisfied <- valid & answers >= 4
storage.mode(valid) <- "integer"; storage.mode(satisfied) <- "integer"
by_unit_s <- rowsum(satisfied, data$unit, reorder = TRUE)
by_unit_v <- rowsum(valid, data$unit, reorder = TRUE)
s <- rbind(by_unit_s, colSums(satisfied)); v <- rbind(by_unit_v, colSums(valid))
rownames(s) <- rownames(v) <- c(rownames(by_unit_s), reference)

z <- qnorm(0.975)
wilson <- function(x, n) {
    p <- x / n
    center <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
    half <- z / (1 + z^2 / n) * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
    list(low = pmax(0, center - half), high = pmin(1, center + half))
}
index <- ifelse(v > 0, 100 * s / v, NA)
ci <- wilson(s, v)

# Elements are the criteria's first number; overall = mean of the element means.
element <- sub("\\..*$", "", criteria)
element_index <- sapply(split(seq_along(criteria), element), function(cols) rowMeans(index[, cols, drop = FALSE]))
overall <- rowMeans(element_index)

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
units <- rownames(s)
table <- data.frame(
    unit = rep(units, times = length(criteria)),
    item = rep(criteria, each = length(units)),
    satisfied = as.vector(s), valid = as.vector(v),
    index = fmt(as.vector(index)), ci_low = fmt(100 * as.vector(ci$low)), ci_high = fmt(100 * as.vector(ci$high)))
table <- rbind(table, data.frame(unit = units, item = "overall", satisfied = "", valid = "",
                                 index = fmt(overall), ci_low = "", ci_high = ""))
write.csv(table, out, row.names = FALSE, quote = FALSE)
cat(sprintf("R: %d questionnaires in %s, %d units, %s = %.4f %%\n", nrow(data), period, length(units) - 1,
            reference, overall[[reference]]), file = stderr())
