#include "ui/panels/mtat_audio_field.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace mirlo {

namespace {
constexpr const char *kRootKey = "mtat/audioRoot";
}

MtatAudioField::MtatAudioField(QWidget *parent) : QWidget(parent)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("audioRoot"));
    m_edit->setPlaceholderText(tr("folder holding the MTAT audio (0 … f sub-folders)"));
    m_edit->setToolTip(tr("The label file names MagnaTagATune clips; their audio is looked up here by mp3_path."));
    m_browse = new QPushButton(tr("Browse…"), this);
    m_truth = new QComboBox(this);
    m_truth->setObjectName(QStringLiteral("groundTruth"));
    m_truth->addItem(tr("135 tags"), int(MtatGroundTruth::Tags));
    m_truth->addItem(tr("instrumental / vocal"), int(MtatGroundTruth::InstrumentalVocal));
    m_truth->addItem(tr("genre (8)"), int(MtatGroundTruth::Genre));
    m_truth->addItem(tr("mood"), int(MtatGroundTruth::Mood));
    m_truth->setToolTip(tr("Ground truth built from annotations_final.csv (tutorial Part 0/1)"));
    m_truth->setVisible(false);
    row->addWidget(m_edit, 1);
    row->addWidget(m_browse);
    row->addWidget(m_truth);
    m_committed = QSettings().value(QLatin1String(kRootKey)).toString();
    m_edit->setText(m_committed);

    connect(m_edit, &QLineEdit::editingFinished, this, &MtatAudioField::commit);
    connect(m_browse, &QPushButton::clicked, this, &MtatAudioField::browse);
    connect(m_truth, &QComboBox::activated, this, [this] { Q_EMIT changed(); });
}

void MtatAudioField::setDataPath(const QString &path)
{
    const bool relevant = isMtatLabelSource(path.trimmed());
    m_truth->setVisible(relevant && looksLikeMtatAnnotations(path.trimmed()));
    if (relevant != m_relevant) {
        m_relevant = relevant;
        Q_EMIT relevanceChanged(relevant);
    }
}

void MtatAudioField::setAudioRoot(const QString &folder)
{
    m_edit->setText(folder);
    commit();
}

QString MtatAudioField::audioRoot() const
{
    return m_edit->text().trimmed();
}

void MtatAudioField::setGroundTruth(MtatGroundTruth truth)
{
    const int index = m_truth->findData(int(truth));
    if (index == m_truth->currentIndex())
        return;
    m_truth->setCurrentIndex(index);
    Q_EMIT changed();
}

MtatGroundTruth MtatAudioField::groundTruth() const
{
    return MtatGroundTruth(m_truth->currentData().toInt());
}

DatasetLoadOptions MtatAudioField::loadOptions(bool requireFiles) const
{
    DatasetLoadOptions o;
    if (m_relevant)
        o.audioRoot = audioRoot();
    o.groundTruth = groundTruth();
    o.requireFiles = requireFiles;
    return o;
}

QString MtatAudioField::optionsKey() const
{
    return m_relevant ? audioRoot() + QLatin1Char('\n') + QString::number(int(groundTruth())) : QString();
}

void MtatAudioField::browse()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("MagnaTagATune audio folder"), audioRoot());
    if (!dir.isEmpty())
        setAudioRoot(dir);
}

void MtatAudioField::commit()
{
    if (audioRoot() == m_committed)
        return;
    m_committed = audioRoot();
    QSettings().setValue(QLatin1String(kRootKey), m_committed);
    Q_EMIT changed();
}

} // namespace mirlo
