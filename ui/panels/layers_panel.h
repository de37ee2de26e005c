#pragma once
// The layers dock: one row per analysis layer of the current track (truth
// and estimates) with a visibility check box, a colour swatch in the layer's
// line style and the number of events. Emits visibilityChanged(id, visible).
#include "ui/analysis/analysis_layer.h"

#include <QWidget>

#include <functional>

class QListWidget;
class QListWidgetItem;

namespace mirlo {

class LayersPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayersPanel(QWidget *parent = nullptr);

    // All layers; isVisible tells the check state of each id.
    void setLayers(const LayerList &layers, const std::function<bool(const QString &)> &isVisible);
    QListWidget *list() const { return m_list; }
    QListWidgetItem *itemFor(const QString &id) const;

Q_SIGNALS:
    void visibilityChanged(const QString &id, bool visible);

private:
    QListWidget *m_list;
    bool m_updating = false;
};

} // namespace mirlo
