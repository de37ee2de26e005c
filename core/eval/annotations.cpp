#include "core/eval/annotations.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QSaveFile>

#include <cmath>

namespace mirlo {

namespace {

constexpr double kMaxEventTime = 30000.0; // mir_eval's MAX_TIME: larger values are not seconds

QList<QByteArray> splitFields(const QByteArray &line)
{
    QList<QByteArray> fields;
    if (line.contains(',')) {
        for (const QByteArray &f : line.split(','))
            fields.append(f.trimmed());
        return fields;
    }
    return line.simplified().split(' ');
}

QString shown(const QByteArray &field)
{
    QString s = QString::fromUtf8(field);
    if (s.size() > 40)
        s = s.left(40) + QStringLiteral("...");
    return s;
}

} // namespace

bool parseEventText(const QByteArray &text, const QString &name, EventList &out, QString *error, bool allowHeader)
{
    out = EventList();
    std::vector<int> positions;
    bool allPositions = true;
    bool seenData = false;
    const QList<QByteArray> lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i).trimmed(); // also drops '\r'
        if (i == 0 && line.startsWith("\xEF\xBB\xBF"))
            line = line.mid(3).trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> fields = splitFields(line);
        bool ok = false;
        const double t = fields.at(0).toDouble(&ok);
        if (!ok && allowHeader && !seenData) {
            seenData = true; // header line of a CSV file
            continue;
        }
        seenData = true;
        const int lineNo = i + 1;
        if (!ok) {
            if (error)
                *error = QStringLiteral("%1: line %2: '%3' is not a time in seconds")
                             .arg(name)
                             .arg(lineNo)
                             .arg(shown(fields.at(0).isEmpty() ? line : fields.at(0)));
            return false;
        }
        // Negative times are kept (mir_eval accepts them; detectors with a delay can produce them).
        if (!std::isfinite(t)) {
            if (error)
                *error = QStringLiteral("%1: line %2: invalid time %3 (not a finite number)")
                             .arg(name)
                             .arg(lineNo)
                             .arg(shown(fields.at(0)));
            return false;
        }
        out.times.push_back(t);
        out.lines.push_back(lineNo);
        int position = 0;
        if (allPositions && fields.size() >= 2) {
            bool intOk = false;
            position = fields.at(1).toInt(&intOk);
            if (!intOk || position < 1)
                allPositions = false;
        } else {
            allPositions = false;
        }
        positions.push_back(position);
    }
    if (allPositions && !out.times.empty())
        out.positions = std::move(positions);
    return true;
}

bool readEventFile(const QString &path, EventList &out, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open (%2)").arg(path, file.errorString());
        return false;
    }
    const QByteArray text = file.readAll();
    if (text.contains('\0')) {
        if (error)
            *error = QStringLiteral("%1: binary data, not an annotation text file").arg(path);
        return false;
    }
    const bool csv = QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0;
    return parseEventText(text, path, out, error, csv);
}

bool validateEventTimes(const EventList &events, const QString &name, QString *error)
{
    auto lineOf = [&](size_t i) { return i < events.lines.size() ? events.lines[i] : int(i) + 1; };
    for (size_t i = 0; i < events.times.size(); ++i) {
        if (events.times[i] > kMaxEventTime) {
            if (error)
                *error = QStringLiteral("%1: line %2: time %3 is greater than %4 s (not seconds?)")
                             .arg(name)
                             .arg(lineOf(i))
                             .arg(events.times[i])
                             .arg(kMaxEventTime);
            return false;
        }
        if (i > 0 && events.times[i] < events.times[i - 1]) {
            if (error)
                *error = QStringLiteral("%1: line %2: times must be in increasing order (%3 after %4)")
                             .arg(name)
                             .arg(lineOf(i))
                             .arg(events.times[i])
                             .arg(events.times[i - 1]);
            return false;
        }
    }
    return true;
}

QByteArray formatEventList(const EventList &events, int decimals)
{
    QByteArray text;
    const bool positions = events.hasPositions();
    for (size_t i = 0; i < events.times.size(); ++i) {
        text += QByteArray::number(events.times[i], 'f', decimals);
        if (positions)
            text += '\t' + QByteArray::number(events.positions[i]);
        text += '\n';
    }
    return text;
}

QByteArray formatEventList(const std::vector<double> &times, int decimals)
{
    EventList events;
    events.times = times;
    return formatEventList(events, decimals);
}

bool writeEventFile(const QString &path, const EventList &events, QString *error, int decimals)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString());
        return false;
    }
    file.write(formatEventList(events, decimals));
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString findAnnotationFile(const QString &audioPath, const QString &extension)
{
    const QFileInfo info(audioPath);
    const QDir dir = info.absoluteDir();
    QString stem = info.completeBaseName();
    // Same stem first, then shared names: "clip_44k_s16_mono" -> "clip_44k_s16" -> ... -> "clip".
    while (!stem.isEmpty()) {
        const QString candidate = dir.filePath(stem + QLatin1Char('.') + extension);
        if (QFileInfo(candidate).isFile())
            return candidate;
        const int cut = stem.lastIndexOf(QLatin1Char('_'));
        if (cut <= 0)
            break;
        stem.truncate(cut);
    }
    return QString();
}

AnnotationFiles findAnnotationFiles(const QString &audioPath)
{
    AnnotationFiles files;
    files.beats = findAnnotationFile(audioPath, QStringLiteral("beats"));
    files.downbeats = findAnnotationFile(audioPath, QStringLiteral("downbeats"));
    files.onsets = findAnnotationFile(audioPath, QStringLiteral("onsets"));
    return files;
}

} // namespace mirlo
