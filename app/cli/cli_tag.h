#pragma once
// `mirlo-cli tag FILE... [--model NAME|DIR] [--top K] [--json]`: track-level
// tag probabilities of a pretrained tagger (default musicnn_mtat, embedded),
// 'tag<TAB>probability' sorted, highest first.
#include <QStringList>

namespace mirlo::cli {

int runTag(const QStringList &args);

} // namespace mirlo::cli
