// TagBarChart: the Tags panel's painted horizontal bar chart.
#include "ui/panels/tags_panel.h"

#include <QPaintEvent>
#include <QPainter>

#include <algorithm>

namespace mirlo {

namespace {
constexpr int kTopAxis = 18;     // probability scale labels
constexpr int kLegend = 18;      // model names when paired
constexpr int kMarginRight = 42; // value text after the longest bar
const QColor kPrimary(86, 156, 214);
const QColor kCompare(232, 150, 60);

// A one-output binary classifier also shows its other class (1 - p), so a vocal track reads
// "vocal 0.65" rather than only "instrumental 0.35".
std::vector<std::pair<QString, float>> namedValues(const TrackTags *t)
{
    std::vector<std::pair<QString, float>> out;
    if (!t)
        return out;
    for (int i = 0; i < t->tags.size() && size_t(i) < t->track.size(); ++i)
        out.emplace_back(t->tags.at(i), t->track[size_t(i)]);
    if (!t->complementTag.isEmpty() && t->track.size() == 1 && !t->tags.contains(t->complementTag))
        out.emplace_back(t->complementTag, 1.f - t->track.front());
    return out;
}

// Names of the k most probable tags.
QStringList topK(const TrackTags *t, int k)
{
    auto values = namedValues(t);
    std::stable_sort(values.begin(), values.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList out;
    for (int i = 0; i < std::min<int>(k, int(values.size())); ++i)
        out << values[size_t(i)].first;
    return out;
}

float valueOf(const TrackTags *t, const QString &tag)
{
    for (const auto &[name, value] : namedValues(t))
        if (name == tag)
            return value;
    return NAN;
}
} // namespace

TagBarChart::TagBarChart(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void TagBarChart::setData(std::shared_ptr<const TrackTags> primary, std::shared_ptr<const TrackTags> compare, int k,
                          Sort sort, const QString &primaryName, const QString &compareName)
{
    m_rows.clear();
    m_paired = compare != nullptr;
    m_primaryName = primaryName;
    m_compareName = compareName;
    // The union of both top-k lists by tag name (two models may order or name their tags differently).
    QStringList names;
    for (const TrackTags *t : {primary.get(), compare.get()})
        for (const QString &tag : topK(t, k))
            if (!names.contains(tag))
                names << tag;
    for (const QString &tag : std::as_const(names))
        m_rows.push_back({tag, valueOf(primary.get(), tag), valueOf(compare.get(), tag)});
    auto key = [](const Row &r) {
        return std::max(std::isnan(r.primary) ? -1.f : r.primary, std::isnan(r.compare) ? -1.f : r.compare);
    };
    if (sort == Sort::Name)
        std::stable_sort(m_rows.begin(), m_rows.end(),
                         [](const Row &a, const Row &b) { return a.tag.localeAwareCompare(b.tag) < 0; });
    else // by the primary model, then the comparison; the highest on top
        std::stable_sort(m_rows.begin(), m_rows.end(), [&](const Row &a, const Row &b) {
            const float pa = std::isnan(a.primary) ? -1.f : a.primary, pb = std::isnan(b.primary) ? -1.f : b.primary;
            return pa != pb ? pa > pb : key(a) > key(b);
        });
    updateGeometry();
    update();
}

int TagBarChart::rowHeight() const
{
    // Compact rows: a dock shares its height with other panels.
    const int line = fontMetrics().height();
    return m_paired ? 2 * (line - 5) + 6 : line + 3;
}

int TagBarChart::labelWidth() const
{
    int w = 40;
    for (const Row &r : m_rows)
        w = std::max(w, fontMetrics().horizontalAdvance(r.tag));
    return std::min(w + 10, width() / 2);
}

QSize TagBarChart::sizeHint() const
{
    const int top = kTopAxis + (m_paired ? kLegend : 0);
    return QSize(300, top + int(std::max<size_t>(m_rows.size(), 3)) * rowHeight() + 6);
}

QRectF TagBarChart::barRect(int row, int which) const
{
    if (row < 0 || size_t(row) >= m_rows.size())
        return {};
    const Row &r = m_rows[size_t(row)];
    const float v = which == 0 ? r.primary : r.compare;
    if (std::isnan(v) || (which == 1 && !m_paired))
        return {};
    const double x0 = labelWidth(), full = std::max(10, width() - labelWidth() - kMarginRight);
    const double top = kTopAxis + (m_paired ? kLegend : 0) + row * rowHeight() + 2;
    const double h = m_paired ? (rowHeight() - 4) / 2.0 : rowHeight() - 4;
    const double y = top + (m_paired && which == 1 ? h : 0.0);
    return QRectF(x0, y, std::max(1.0, full * double(std::clamp(v, 0.f, 1.f))), h - (m_paired ? 1 : 0));
}

void TagBarChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (m_rows.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("No tags yet: open a track and press Tag"));
        return;
    }
    const int x0 = labelWidth(), full = std::max(10, width() - x0 - kMarginRight);
    int top = 0;
    if (m_paired) { // legend
        int x = x0;
        for (int which = 0; which < 2; ++which) {
            p.fillRect(QRect(x, 5, 10, 10), which == 0 ? kPrimary : kCompare);
            p.setPen(pal.color(QPalette::Text));
            const QString name = which == 0 ? m_primaryName : m_compareName;
            p.drawText(QRect(x + 14, 0, 200, kLegend), Qt::AlignLeft | Qt::AlignVCenter, name);
            x += 14 + fontMetrics().horizontalAdvance(name) + 16;
        }
        top = kLegend;
    }
    // Probability grid: 0, 0.25, ..., 1.
    const int bottom = top + kTopAxis + int(m_rows.size()) * rowHeight();
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    for (int i = 0; i <= 4; ++i) {
        const int x = x0 + full * i / 4;
        p.setPen(pal.color(QPalette::Midlight));
        p.drawLine(x, top + kTopAxis - 2, x, bottom);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(x - 20, top, 40, kTopAxis - 2), Qt::AlignCenter, QString::number(i / 4.0));
    }
    for (size_t i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows[i];
        const int y = top + kTopAxis + int(i) * rowHeight();
        p.setFont(font());
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(0, y, x0 - 6, rowHeight()), Qt::AlignRight | Qt::AlignVCenter,
                   fontMetrics().elidedText(r.tag, Qt::ElideRight, x0 - 8));
        p.setFont(small);
        for (int which = 0; which < (m_paired ? 2 : 1); ++which) {
            const QRectF bar = barRect(int(i), which);
            const float v = which == 0 ? r.primary : r.compare;
            if (bar.isNull())
                continue;
            p.fillRect(bar, which == 0 ? kPrimary : kCompare);
            p.setPen(pal.color(QPalette::Text));
            p.drawText(QRectF(bar.right() + 4, bar.top() - 2, kMarginRight, bar.height() + 4),
                       Qt::AlignLeft | Qt::AlignVCenter, QString::number(double(v), 'f', 2));
        }
    }
}

} // namespace mirlo
