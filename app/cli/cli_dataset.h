#pragma once
// `mirlo-cli dataset summary|mtat-clean|split ...`: training data preparation (tutorial Part 0):
// class/tag counts of a data source, MTAT tag cleaning 188 -> 135 tags, and a seeded
// stratified train/validation/test split written as CSV files.
#include <QStringList>

namespace mirlo::cli {

int runDataset(const QStringList &args);

} // namespace mirlo::cli
