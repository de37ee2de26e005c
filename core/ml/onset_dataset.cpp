#include "core/ml/onset_dataset.h"

#include "core/eval/annotations.h"
#include "core/features/madmom_signal.h"
#include "core/nn/trained_onset_model.h"

#include <QDir>
#include <QFileInfo>
#include <QMap>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <thread>

namespace mirlo::ml {

int OnsetDataset::frames() const
{
    int n = 0;
    for (const OnsetExample &e : examples)
        n += e.features.rows;
    return n;
}

int OnsetDataset::onsets() const
{
    int n = 0;
    for (const OnsetExample &e : examples)
        n += int(e.onsets.size());
    return n;
}

std::vector<double> mergeCloseOnsets(std::vector<double> times, double window)
{
    std::sort(times.begin(), times.end());
    std::vector<double> out;
    size_t i = 0;
    while (i < times.size()) {
        // A group grows while the next onset is within `window` of the group's first one.
        size_t j = i + 1;
        double sum = times[i];
        while (j < times.size() && times[j] - times[i] < window)
            sum += times[j++];
        out.push_back(sum / double(j - i));
        i = j;
    }
    return out;
}

namespace {

int losslessRank(const QString &path)
{
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("wav") || ext == QLatin1String("flac") || ext == QLatin1String("aiff"))
        return 0;
    return 1;
}

} // namespace

QStringList findAnnotatedAudio(const QStringList &folders, QStringList *warnings)
{
    static const QStringList kAudio = {QStringLiteral("*.wav"), QStringLiteral("*.flac"), QStringLiteral("*.ogg"),
                                       QStringLiteral("*.mp3"), QStringLiteral("*.m4a"),  QStringLiteral("*.aiff"),
                                       QStringLiteral("*.opus")};
    QMap<QString, QString> byAnnotation; // annotation -> chosen audio
    for (const QString &folder : folders) {
        const QDir dir(folder);
        if (!dir.exists()) {
            if (warnings)
                warnings->append(QStringLiteral("%1: folder does not exist").arg(folder));
            continue;
        }
        const QFileInfoList files = dir.entryInfoList(kAudio, QDir::Files, QDir::Name);
        for (const QFileInfo &fi : files) {
            const QString audio = fi.absoluteFilePath();
            const QString ann = findAnnotationFile(audio, QStringLiteral("onsets"));
            if (ann.isEmpty())
                continue;
            const QString key = QFileInfo(ann).absoluteFilePath();
            auto it = byAnnotation.find(key);
            if (it == byAnnotation.end() || losslessRank(audio) < losslessRank(it.value()))
                byAnnotation[key] = audio;
        }
    }
    QStringList out = byAnnotation.values();
    out.sort();
    return out;
}

OnsetDataset loadOnsetDataset(const QStringList &audioFiles, const std::function<bool(double)> &progress)
{
    OnsetDataset data;
    const int n = int(audioFiles.size());
    std::vector<OnsetExample> slots(static_cast<size_t>(n));
    std::vector<QString> errors(static_cast<size_t>(n));
    std::atomic<int> next{0}, done{0};
    std::atomic<bool> cancelled{false};
    std::mutex progressMutex;
    auto work = [&] {
        for (int i = next++; i < n && !cancelled; i = next++) {
            OnsetExample &e = slots[size_t(i)];
            e.audioPath = audioFiles[i];
            e.name = QFileInfo(e.audioPath).fileName();
            e.annotationPath = findAnnotationFile(e.audioPath, QStringLiteral("onsets"));
            EventList events;
            QString error;
            if (e.annotationPath.isEmpty()) {
                errors[size_t(i)] = e.audioPath + QStringLiteral(": no .onsets annotation found");
            } else if (!readEventFile(e.annotationPath, events, &error)) {
                errors[size_t(i)] = error;
            } else {
                MadmomSignalResult sig = decodeMadmomSignal(e.audioPath);
                if (!sig.ok) {
                    errors[size_t(i)] =
                        sig.error.isEmpty() ? e.audioPath + QStringLiteral(": cannot decode") : sig.error;
                } else {
                    e.features = tutorialOnsetFeatures(sig.signal);
                    if (e.features.rows == 0)
                        errors[size_t(i)] = e.audioPath + QStringLiteral(": no audio frames");
                    e.onsets = mergeCloseOnsets(events.times);
                    e.targets.assign(size_t(e.features.rows), 0.f);
                    for (double t : e.onsets) {
                        const long f = std::lround(t * kTutorialOnsetFps);
                        if (f >= 0 && f < e.features.rows)
                            e.targets[size_t(f)] = 1.f;
                    }
                }
            }
            const int d = ++done;
            if (progress) {
                std::lock_guard<std::mutex> lock(progressMutex);
                if (!progress(double(d) / n))
                    cancelled = true;
            }
        }
    };
    std::vector<std::thread> pool;
    const int threads = std::min(2, std::max(1, n));
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
        t.join();
    if (cancelled)
        return data;
    for (int i = 0; i < n; ++i) {
        if (!errors[size_t(i)].isEmpty())
            data.warnings.append(errors[size_t(i)]);
        else
            data.examples.push_back(std::move(slots[size_t(i)]));
    }
    return data;
}

} // namespace mirlo::ml
