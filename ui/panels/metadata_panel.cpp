#include "ui/panels/metadata_panel.h"

#include "ui/model/track_list_model.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>

namespace mirlo {

namespace {
// English keys (also what fieldText() takes); shown translated.
const char *const kLabels[] = {
    QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Title"),       QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Artist"),
    QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Album"),       QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Genre"),
    QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Year"),        QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Duration"),
    QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Sample rate"), QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Channels"),
    QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Codec"),       QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Bitrate"),
    QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Path"),        QT_TRANSLATE_NOOP("mirlo::MetadataPanel", "Warnings")};
} // namespace

MetadataPanel::MetadataPanel(QWidget *parent) : QWidget(parent), m_form(new QFormLayout(this))
{
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignRight);
    for (const char *label : kLabels)
        addField(QString::fromLatin1(label));
    setTrack(nullptr);
}

QLabel *MetadataPanel::addField(const QString &label)
{
    auto *value = new QLabel(this);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setMinimumWidth(60);
    m_form->addRow(tr(qPrintable(label)) + QLatin1Char(':'), value);
    m_fields.append({label, value});
    return value;
}

QString MetadataPanel::fieldText(const QString &label) const
{
    for (const auto &f : m_fields)
        if (f.first == label)
            return f.second->text().remove(QChar(0x200B));
    return {};
}

void MetadataPanel::setTrack(const TrackPtr &track)
{
    const QString none = QStringLiteral("–");
    auto orNone = [&none](const QString &s) { return s.trimmed().isEmpty() ? none : s; };
    QStringList values;
    if (!track) {
        for (int i = 0; i < m_fields.size(); ++i)
            values << none;
    } else {
        const AudioFileInfo &info = track->info;
        const QLocale locale;
        QString codec = info.codec;
        if (!info.container.isEmpty())
            codec += QStringLiteral(" (%1)").arg(info.container.section(QLatin1Char(','), 0, 0));
        QString channels = QString::number(track->audio.channels);
        if (track->audio.channels == 1)
            channels += tr(" (mono)");
        else if (track->audio.channels == 2)
            channels += tr(" (stereo)");
        values << orNone(info.title) << orNone(info.artist) << orNone(info.album) << orNone(info.genre)
               << (info.year > 0 ? QString::number(info.year) : none)
               << QStringLiteral("%1 (%2 s)")
                      .arg(TrackListModel::formatDuration(track->durationSec()))
                      .arg(track->durationSec(), 0, 'f', 3)
               << tr("%1 Hz").arg(locale.toString(track->sampleRate())) << channels << orNone(codec)
               << (info.bitrateKbps > 0 ? tr("%1 kbit/s").arg(info.bitrateKbps) : none) << track->path
               << (track->warnings.isEmpty() ? none : track->warnings.join(QLatin1Char('\n')));
    }
    // Long paths have no spaces: allow line breaks after separators and underscores.
    const int pathIndex = 10;
    for (const QChar c : {QLatin1Char('/'), QLatin1Char('_'), QLatin1Char('-'), QLatin1Char('.')})
        values[pathIndex].replace(c, QString(c) + QChar(0x200B));
    for (int i = 0; i < m_fields.size(); ++i) {
        m_fields[i].second->setText(values.value(i));
        m_fields[i].second->setToolTip(i == pathIndex && track ? track->path : QString());
    }
}

} // namespace mirlo
