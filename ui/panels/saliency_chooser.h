#pragma once
// "Saliency for": which tag's saliency map the detail view draws under the
// spectrogram. Offers Off, "Top tag" (the track's most probable tag, the
// default) and every tag of the model, listed in the order of the current
// track's probabilities (with them) when there are results. A model
// saliency cannot explain (FCN / CRNN) disables the box with the reason.
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;

namespace mirlo {

class SaliencyChooser : public QWidget {
    Q_OBJECT
public:
    explicit SaliencyChooser(QWidget *parent = nullptr);

    // tags: the model's tags (empty: unsupported, `why` says so); probabilities: the track's (may be empty).
    void setModelTags(const QStringList &tags, const std::vector<float> &probabilities, const QString &why = {});
    // The tag the map is wanted for: empty when Off, or "Top tag" without results.
    QString effectiveTag() const;
    bool isOff() const;
    void selectTag(const QString &tag); // "" = Off
    void selectTopTag();
    QComboBox *box() const { return m_box; }

Q_SIGNALS:
    void tagChanged(); // the user (or selectTag) changed the choice

private:
    QComboBox *m_box;
    QLabel *m_label;
    QString m_topTag;
};

} // namespace mirlo
