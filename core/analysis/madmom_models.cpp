#include "core/analysis/madmom_models.h"

#include <mutex>

namespace mirlo {

namespace {

struct Slot {
    std::once_flag once;
    MadmomEnsemble ensemble;
    QString error;
};

Slot &slotFor(MadmomModelFamily family)
{
    static Slot slots[4];
    return slots[int(family)];
}

} // namespace

const MadmomEnsemble *sharedMadmomEnsemble(MadmomModelFamily family, QString *error)
{
    Slot &slot = slotFor(family);
    std::call_once(slot.once, [&] {
        if (!slot.ensemble.load(family, &slot.error) && slot.error.isEmpty())
            slot.error = QStringLiteral("cannot load the %1 models").arg(madmomFamilyName(family));
    });
    if (!slot.ensemble.isLoaded()) {
        if (error)
            *error = slot.error;
        return nullptr;
    }
    return &slot.ensemble;
}

} // namespace mirlo
