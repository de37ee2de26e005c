// The analyses Mirlo ships. A new analysis is one AnalysisProvider subclass
// and one line here; the main window and the views need no change.
#include "ui/analysis/analysis_controller.h"
#include "ui/analysis/beat_analysis.h"
#include "ui/analysis/onset_analysis.h"

namespace mirlo {

void registerStandardAnalyses(AnalysisController &controller)
{
    controller.addProvider(std::make_unique<OnsetAnalysis>());
    controller.addProvider(std::make_unique<BeatAnalysis>());
}

} // namespace mirlo
