#include "ui/analysis/analysis_layer.h"

#include <QCoreApplication>

namespace mirlo {

QColor defaultLayerColour(LayerKind kind, LayerSource source)
{
    if (source == LayerSource::Truth)
        return kind == LayerKind::Downbeats ? QColor(230, 230, 240) : QColor(176, 190, 210);
    switch (kind) {
    case LayerKind::Onsets:
        return QColor(255, 90, 180); // pink: absent from viridis / magma / grey maps
    case LayerKind::Beats:
        return QColor(255, 210, 63);
    case LayerKind::Downbeats:
        return QColor(255, 255, 255);
    case LayerKind::Activation:
        return QColor(120, 200, 255);
    }
    return Qt::white;
}

QString layerKindName(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Onsets:
        return QCoreApplication::translate("mirlo", "Onsets");
    case LayerKind::Beats:
        return QCoreApplication::translate("mirlo", "Beats");
    case LayerKind::Downbeats:
        return QCoreApplication::translate("mirlo", "Downbeats");
    case LayerKind::Activation:
        return QCoreApplication::translate("mirlo", "Activation");
    }
    return {};
}

} // namespace mirlo
