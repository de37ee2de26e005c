#include "ui/widgets/transport_bar.h"

#include <QAction>
#include <QFontDatabase>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <cmath>

namespace mirlo {

TransportBar::TransportBar(QWidget *parent) : QToolBar(tr("Transport"), parent)
{
    setObjectName(QStringLiteral("transportBar"));
    setMovable(false);
    setToolButtonStyle(Qt::ToolButtonIconOnly);
    QStyle *s = style();

    m_playPause = addAction(s->standardIcon(QStyle::SP_MediaPlay), tr("Play"));
    m_playPause->setToolTip(tr("Play / pause (Space)"));
    m_stop = addAction(s->standardIcon(QStyle::SP_MediaStop), tr("Stop"));
    m_stop->setToolTip(tr("Stop and return to the start of the selection or track"));
    addSeparator();
    m_loop = addAction(s->standardIcon(QStyle::SP_BrowserReload), tr("Loop"));
    m_loop->setCheckable(true);
    m_loop->setToolTip(tr("Loop the selected region (L)"));
    m_follow = addAction(s->standardIcon(QStyle::SP_ArrowRight), tr("Follow"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Scroll the view to follow playback (F)"));
    // The toggles are easier to read with their names next to the icons.
    for (QAction *toggle : {m_loop, m_follow})
        if (auto *button = qobject_cast<QToolButton *>(widgetForAction(toggle)))
            button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    addSeparator();

    auto *speaker = new QLabel(this);
    speaker->setPixmap(s->standardIcon(QStyle::SP_MediaVolume).pixmap(16, 16));
    addWidget(speaker);
    m_volume = new QSlider(Qt::Horizontal, this);
    m_volume->setRange(0, 100);
    m_volume->setValue(80);
    m_volume->setFixedWidth(110);
    m_volume->setToolTip(tr("Volume"));
    addWidget(m_volume);
    addSeparator();

    m_position = new QLabel(this);
    m_position->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_position->setContentsMargins(8, 0, 8, 0);
    m_position->setToolTip(tr("Play position / duration"));
    addWidget(m_position);
    setPosition(0.0, 0.0);
    addSeparator();

    // Click track: beats, downbeats and onsets sonified into the playback.
    m_click = addAction(tr("Clicks"));
    m_click->setCheckable(true);
    m_click->setToolTip(tr("Mix clicks on the beats (accented downbeats) and onsets into playback (K)"));
    if (auto *button = qobject_cast<QToolButton *>(widgetForAction(m_click)))
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_clickVolume = new QSlider(Qt::Horizontal, this);
    m_clickVolume->setRange(0, 100);
    m_clickVolume->setValue(70);
    m_clickVolume->setFixedWidth(80);
    m_clickVolume->setToolTip(tr("Click volume"));
    addWidget(m_clickVolume);
    m_tempo = new QLabel(this);
    m_tempo->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tempo->setContentsMargins(10, 0, 8, 0);
    m_tempo->setToolTip(tr("Tempo of the tracked beats"));
    addWidget(m_tempo);
    setTempo(0.0);
    connect(m_click, &QAction::toggled, this, &TransportBar::clicksToggled);
    connect(m_clickVolume, &QSlider::valueChanged, this,
            [this](int v) { Q_EMIT clickVolumeChanged(sliderToGain(v)); });

    connect(m_playPause, &QAction::triggered, this, &TransportBar::playPauseRequested);
    connect(m_stop, &QAction::triggered, this, &TransportBar::stopRequested);
    connect(m_loop, &QAction::toggled, this, &TransportBar::loopToggled);
    connect(m_follow, &QAction::toggled, this, &TransportBar::followToggled);
    connect(m_volume, &QSlider::valueChanged, this, [this](int v) { Q_EMIT volumeChanged(sliderToGain(v)); });
    setEnabledForTrack(false);
}

double TransportBar::sliderToGain(int value)
{
    const double x = std::clamp(value, 0, 100) / 100.0;
    return x * x * x;
}

QString TransportBar::formatClock(double sec)
{
    if (!(sec >= 0.0))
        sec = 0.0;
    const qint64 ms = qint64(std::llround(sec * 1000.0));
    return QStringLiteral("%1:%2.%3")
        .arg(ms / 60000, 2, 10, QChar('0'))
        .arg((ms / 1000) % 60, 2, 10, QChar('0'))
        .arg(ms % 1000, 3, 10, QChar('0'));
}

QString TransportBar::positionText() const
{
    return m_position->text();
}

void TransportBar::setPlaying(bool playing)
{
    m_playPause->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playPause->setText(playing ? tr("Pause") : tr("Play"));
}

void TransportBar::setPosition(double sec, double durationSec)
{
    m_position->setText(formatClock(sec) + QStringLiteral(" / ") + formatClock(durationSec));
}

void TransportBar::setTempo(double bpm)
{
    m_tempo->setText(bpm > 0 ? tr("%1 BPM").arg(bpm, 0, 'f', 1) : tr("– BPM"));
}

QString TransportBar::tempoText() const
{
    return m_tempo->text();
}

void TransportBar::setClickState(bool enabled, double gain)
{
    const QSignalBlocker b1(m_click), b2(m_clickVolume);
    m_click->setChecked(enabled);
    m_clickVolume->setValue(int(std::lround(std::cbrt(std::clamp(gain, 0.0, 1.0)) * 100.0)));
}

void TransportBar::setEnabledForTrack(bool hasTrack)
{
    m_playPause->setEnabled(hasTrack);
    m_stop->setEnabled(hasTrack);
}

} // namespace mirlo
