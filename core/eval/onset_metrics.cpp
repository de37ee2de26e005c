#include "core/eval/onset_metrics.h"

#include "core/eval/event_matching.h"

namespace mirlo::eval {

OnsetScores evaluateOnsets(const std::vector<double> &reference, const std::vector<double> &estimated, double window)
{
    OnsetScores s;
    if (reference.empty() || estimated.empty())
        return s;
    s.hits = int(matchEvents(reference, estimated, window).size());
    s.precision = double(s.hits) / double(estimated.size());
    s.recall = double(s.hits) / double(reference.size());
    s.fMeasure = fMeasure(s.precision, s.recall);
    return s;
}

} // namespace mirlo::eval
