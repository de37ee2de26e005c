#pragma once
// The tag timeline: the per-chunk probabilities of a tagger's top tags as a
// heat map under the spectrogram, on the shared TimeViewport. Rows are the
// track's top N tags (labelled at the left edge), columns the tagger's chunks
// placed at their true time span; where chunks overlap (the track protocol
// spreads 16 chunks over the track) a column runs from its chunk's start to
// the next chunk's start, the last one to its end. Clicking a cell seeks to
// that chunk's start (seekRequested) and asks to play it (chunkClicked).
// Times are seconds; chunk starts/lengths arrive in samples at the model rate.
#include "core/tagging/track_tagger.h"
#include "ui/views/time_lane.h"

#include <memory>

namespace mirlo {

class TagTimelineLane : public TimeLane {
    Q_OBJECT
public:
    static constexpr int kDefaultRows = 7;

    explicit TagTimelineLane(TimeViewport *viewport, QWidget *parent = nullptr);

    // nullptr clears. modelRate / chunkSamples: the tagger's sample rate and chunk length.
    void setTags(std::shared_ptr<const TrackTags> tags, int modelRate, int chunkSamples, int rows = kDefaultRows);
    std::shared_ptr<const TrackTags> tags() const { return m_tags; }

    QStringList rowTags() const;        // top N tags, highest track probability first
    int columnCount() const;            // chunks
    double chunkStart(int chunk) const; // seconds
    double chunkEnd(int chunk) const;   // seconds (start + chunk length)
    // Time span a column covers on screen: [start, next start) or to its end for the last.
    std::pair<double, double> columnSpan(int chunk) const;
    int chunkAt(double x) const; // -1: none
    int rowAt(double y) const;   // -1: none
    float value(int row, int chunk) const;

    double rowTop(int row) const; // widget y of a row's top edge
    double rowHeight() const;

    QSize sizeHint() const override;

Q_SIGNALS:
    void chunkClicked(int chunk, double startSec, double endSec);
    void tagsChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    QString readoutAt(const QPoint &pos) const override;

private:
    std::shared_ptr<const TrackTags> m_tags;
    std::vector<int> m_rows; // tag indices
    double m_rate = 16000.0;
    double m_chunkSec = 0.0;
};

// The row labels of a TagTimelineLane, right-aligned in the detail view's axis column
// (so the heat map itself stays unobstructed).
class TagTimelineLabels : public QWidget {
    Q_OBJECT
public:
    explicit TagTimelineLabels(const TagTimelineLane *lane, QWidget *parent = nullptr);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    const TagTimelineLane *m_lane;
};

} // namespace mirlo
