#pragma once
// Process-wide, lazily loaded madmom ensembles (embedded resources), shared by
// the onset and beat detectors so each family is parsed once. Loading is
// thread-safe; the returned ensemble is immutable and outlives every caller.
#include "core/nn/ensemble.h"

#include <QString>

namespace mirlo {

// nullptr + *error (naming the model file) when the family cannot be loaded.
const MadmomEnsemble *sharedMadmomEnsemble(MadmomModelFamily family, QString *error = nullptr);

} // namespace mirlo
