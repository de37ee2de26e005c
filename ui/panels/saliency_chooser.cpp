#include "ui/panels/saliency_chooser.h"

#include "core/tagging/track_tagger.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

namespace mirlo {

namespace {
const QString kOff = QStringLiteral("\x01off");
const QString kTop = QStringLiteral("\x01top");
} // namespace

SaliencyChooser::SaliencyChooser(QWidget *parent) : QWidget(parent)
{
    m_label = new QLabel(tr("Saliency for"), this);
    m_box = new QComboBox(this);
    m_box->setObjectName(QStringLiteral("saliencyTagBox"));
    m_box->setToolTip(tr("Draw where in the mel spectrogram the model hears this tag (gradient saliency), in a "
                         "lane under the spectrogram"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_box, 1);
    setModelTags({}, {});
    m_box->setCurrentIndex(m_box->findData(kTop));
    connect(m_box, &QComboBox::activated, this, &SaliencyChooser::tagChanged);
}

void SaliencyChooser::setModelTags(const QStringList &tags, const std::vector<float> &probabilities,
                                   const QString &why)
{
    const QString chosen = m_box->currentData().toString();
    const QSignalBlocker block(m_box);
    m_box->clear();
    m_box->addItem(tr("Off"), kOff);
    const bool withP = probabilities.size() == size_t(tags.size()) && !tags.isEmpty();
    m_topTag.clear();
    if (withP) {
        const auto ranked = rankTags(probabilities);
        m_topTag = tags.value(ranked.front().first);
        m_box->addItem(tr("Top tag (%1)").arg(m_topTag), kTop);
        for (const auto &[i, p] : ranked)
            m_box->addItem(QStringLiteral("%1  %2").arg(tags.value(i)).arg(double(p), 0, 'f', 2), tags.value(i));
    } else {
        m_box->addItem(tr("Top tag"), kTop);
        for (const QString &t : tags)
            m_box->addItem(t, t);
    }
    const int i = m_box->findData(chosen.isEmpty() ? kTop : chosen);
    m_box->setCurrentIndex(i >= 0 ? i : m_box->findData(kTop));
    const bool supported = !tags.isEmpty();
    m_box->setEnabled(supported);
    m_label->setEnabled(supported);
    setToolTip(supported ? QString() : why);
}

QString SaliencyChooser::effectiveTag() const
{
    if (!m_box->isEnabled())
        return {};
    const QString d = m_box->currentData().toString();
    if (d == kOff)
        return {};
    return d == kTop ? m_topTag : d;
}

bool SaliencyChooser::isOff() const
{
    return m_box->currentData().toString() == kOff;
}

void SaliencyChooser::selectTag(const QString &tag)
{
    const int i = m_box->findData(tag.isEmpty() ? kOff : tag);
    if (i < 0)
        return;
    m_box->setCurrentIndex(i);
    Q_EMIT tagChanged();
}

void SaliencyChooser::selectTopTag()
{
    m_box->setCurrentIndex(m_box->findData(kTop));
    Q_EMIT tagChanged();
}

} // namespace mirlo
