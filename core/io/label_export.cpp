#include "core/io/label_export.h"

#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <map>

namespace mirlo {

namespace {

QString labelOf(const EventList &events, size_t i, const LabelExportOptions &options)
{
    return events.hasPositions() ? QString::number(events.positions[i]) : options.label;
}

// Audacity splits lines at tabs and newlines: keep a label on one field.
QByteArray audacityLabel(const QString &label)
{
    QString s = label;
    s.replace(QLatin1Char('\t'), QLatin1Char(' '));
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    s.remove(QLatin1Char('\r'));
    return s.toUtf8();
}

// RFC 4180 quoting when needed (SV's CSV reader understands quotes).
QByteArray csvField(const QString &label)
{
    QByteArray s = label.toUtf8();
    s.replace('\n', ' ');
    s.replace('\r', ' ');
    if (s.contains(',') || s.contains('"')) {
        s.replace("\"", "\"\"");
        s = '"' + s + '"';
    }
    return s;
}

QByteArray xmlAttribute(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\''), QLatin1String("&apos;")).toUtf8();
}

QByteArray formatSvl(const EventList &events, const LabelExportOptions &options)
{
    const QByteArray name = xmlAttribute(options.layerName);
    std::vector<long long> frames;
    frames.reserve(events.times.size());
    for (double t : events.times)
        frames.push_back(std::llround(t * options.sampleRate));
    long long start = 0, end = 0; // SV: first frame, last frame + resolution; 0, 0 when empty
    if (!frames.empty()) {
        start = *std::min_element(frames.begin(), frames.end());
        end = *std::max_element(frames.begin(), frames.end()) + 1;
    }
    QByteArray out;
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<!DOCTYPE sonic-visualiser>\n"
           "<sv>\n"
           "  <data>\n";
    out += "    <model id=\"1\" name=\"" + name + "\" sampleRate=\"" + QByteArray::number(options.sampleRate) +
           "\" start=\"" + QByteArray::number(start) + "\" end=\"" + QByteArray::number(end) +
           "\" type=\"sparse\" dimensions=\"1\" resolution=\"1\" notifyOnAdd=\"true\" dataset=\"0\" />\n";
    out += "    <dataset id=\"0\" dimensions=\"1\">\n";
    for (size_t i = 0; i < frames.size(); ++i)
        out += "      <point frame=\"" + QByteArray::number(frames[i]) + "\" label=\"" +
               xmlAttribute(labelOf(events, i, options)) + "\" />\n";
    out += "    </dataset>\n"
           "  </data>\n"
           "  <display>\n";
    out += "    <layer id=\"2\" type=\"timeinstants\" name=\"" + name +
           "\" model=\"1\" plotStyle=\"0\" colourName=\"Purple\" colour=\"#c832ff\" darkBackground=\"false\" />\n";
    out += "  </display>\n"
           "</sv>\n";
    return out;
}

} // namespace

EventList beatsWithBarPositions(const std::vector<double> &beatSec, const std::vector<double> &downbeatSec,
                                double toleranceSec)
{
    EventList out;
    out.times = beatSec;
    if (downbeatSec.empty() || beatSec.empty())
        return out;
    // Which beats are downbeats (nearest downbeat within the tolerance).
    std::vector<bool> isDown(beatSec.size(), false);
    for (size_t i = 0; i < beatSec.size(); ++i) {
        auto it = std::lower_bound(downbeatSec.begin(), downbeatSec.end(), beatSec[i] - toleranceSec);
        isDown[i] = it != downbeatSec.end() && *it <= beatSec[i] + toleranceSec;
    }
    std::map<int, int> barLengths; // beats between consecutive downbeats -> count
    int first = -1, last = -1;
    for (size_t i = 0; i < beatSec.size(); ++i) {
        if (!isDown[i])
            continue;
        if (last >= 0)
            ++barLengths[int(i) - last];
        if (first < 0)
            first = int(i);
        last = int(i);
    }
    if (first < 0)
        return out;
    int beatsPerBar = 4, best = 0;
    for (const auto &[length, count] : barLengths)
        if (count > best) {
            best = count;
            beatsPerBar = length;
        }
    out.positions.resize(beatSec.size());
    for (int i = 0; i < first; ++i) // counting back from the first downbeat
        out.positions[size_t(i)] = ((i - first) % beatsPerBar + beatsPerBar) % beatsPerBar + 1;
    int position = 0;
    for (size_t i = size_t(first); i < beatSec.size(); ++i) {
        position = isDown[i] ? 1 : position % beatsPerBar + 1;
        out.positions[i] = position;
    }
    return out;
}

LabelFormat labelFormatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return LabelFormat::SonicVisualiserCsv;
    if (suffix == QLatin1String("svl"))
        return LabelFormat::SonicVisualiserSvl;
    return LabelFormat::Text;
}

QString labelFormatSuffix(LabelFormat format)
{
    switch (format) {
    case LabelFormat::SonicVisualiserCsv:
        return QStringLiteral("csv");
    case LabelFormat::SonicVisualiserSvl:
        return QStringLiteral("svl");
    case LabelFormat::Text:
    case LabelFormat::Audacity:
        break;
    }
    return QStringLiteral("txt");
}

QString labelFormatFilter(LabelFormat format)
{
    switch (format) {
    case LabelFormat::Text:
        return QStringLiteral("Event list (*.txt *.beats *.onsets *.downbeats)");
    case LabelFormat::Audacity:
        return QStringLiteral("Audacity label track (*.txt)");
    case LabelFormat::SonicVisualiserCsv:
        return QStringLiteral("Sonic Visualiser CSV (*.csv)");
    case LabelFormat::SonicVisualiserSvl:
        return QStringLiteral("Sonic Visualiser layer (*.svl)");
    }
    return QString();
}

QByteArray formatLabels(const EventList &events, LabelFormat format, const LabelExportOptions &options)
{
    if (format == LabelFormat::Text)
        return formatEventList(events, options.decimals);
    if (format == LabelFormat::SonicVisualiserSvl)
        return formatSvl(events, options);
    QByteArray out;
    for (size_t i = 0; i < events.times.size(); ++i) {
        const QByteArray time = QByteArray::number(events.times[i], 'f', options.decimals);
        const QString label = labelOf(events, i, options);
        if (format == LabelFormat::Audacity)
            out += time + '\t' + time + '\t' + audacityLabel(label) + '\n';
        else
            out += time + ',' + csvField(label) + '\n';
    }
    return out;
}

bool exportLabels(const QString &path, const EventList &events, LabelFormat format, QString *error,
                  const LabelExportOptions &options)
{
    auto fail = [&](const QString &problem) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, problem);
        return false;
    };
    for (size_t i = 0; i < events.times.size(); ++i)
        if (!std::isfinite(events.times[i]))
            return fail(QStringLiteral("event %1 has no finite time").arg(i + 1));
    if (format == LabelFormat::SonicVisualiserSvl && options.sampleRate <= 0)
        return fail(
            QStringLiteral("a Sonic Visualiser layer needs a positive sample rate (got %1)").arg(options.sampleRate));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write (%1)").arg(file.errorString()));
    file.write(formatLabels(events, format, options));
    if (!file.commit())
        return fail(QStringLiteral("cannot write (%1)").arg(file.errorString()));
    return true;
}

} // namespace mirlo
