#include "ui/model/track_loader.h"

#include "core/audio/decoder.h"
#include "core/audio/parallel_decoder.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace mirlo {

namespace {

struct LoadResult {
    TrackPtr track;
    qint64 decodeMs = 0;
};

} // namespace

TrackLoader::TrackLoader(JobRunner *jobs, QObject *parent) : QObject(parent), m_runner(jobs)
{
    // The runner's signals carry only ids; map them back to paths.
    connect(m_runner, &JobRunner::jobProgress, this, [this](JobId id, double fraction, const QString &) {
        const QString path = m_jobs.key(id);
        if (!path.isEmpty())
            Q_EMIT progress(path, fraction);
    });
    // Jobs cancelled from elsewhere (the status bar's cancel button).
    connect(m_runner, &JobRunner::jobCancelled, this, [this](JobId id) {
        const QString path = m_jobs.key(id);
        if (path.isEmpty())
            return;
        m_jobs.remove(path);
        Q_EMIT cancelled(path);
    });
}

const QStringList &TrackLoader::audioExtensions()
{
    static const QStringList exts = {"wav", "flac", "mp3", "ogg", "oga", "opus", "m4a",
                                     "aac", "aiff", "aif", "wma", "mp4", "webm"};
    return exts;
}

bool TrackLoader::isAudioFile(const QString &path)
{
    return audioExtensions().contains(QFileInfo(path).suffix().toLower());
}

QStringList TrackLoader::collectAudioFiles(const QStringList &paths)
{
    QStringList out;
    QSet<QString> seen;
    auto add = [&](const QString &p) {
        const QString abs = QFileInfo(p).absoluteFilePath();
        if (!seen.contains(abs)) {
            seen.insert(abs);
            out << abs;
        }
    };
    for (const QString &p : paths) {
        const QFileInfo fi(p);
        if (!fi.isDir()) {
            add(p);
            continue;
        }
        QStringList found;
        QDirIterator it(fi.absoluteFilePath(), QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = it.next();
            if (isAudioFile(f))
                found << f;
        }
        std::sort(found.begin(), found.end());
        for (const QString &f : found)
            add(f);
    }
    return out;
}

TrackPtr TrackLoader::decodeTrack(const QString &path, JobContext &ctx)
{
    DecodeOptions opts; // native rate, keep channels, read tags
    // Decoding is most of the work; the mono mix and pyramid take the last few percent.
    // Long files decode on two threads (the same samples as decodeFile): the
    // 5-minute test song shows its spectrogram ~0.2 s sooner.
    DecodeResult r = decodeFileParallel(path, opts, [&ctx](double f) { return ctx.setProgress(0.95 * f); });
    if (r.cancelled || ctx.isCancelled())
        throw JobFailure{tr("%1: cancelled").arg(QFileInfo(path).fileName())};
    if (!r.ok)
        throw JobFailure{r.error.isEmpty() ? tr("%1: could not be decoded").arg(path) : r.error};
    if (r.audio.isEmpty() || r.audio.sampleRate <= 0 || r.audio.channels <= 0)
        throw JobFailure{tr("%1: the file contains no audio samples").arg(path)};

    auto track = std::make_shared<Track>();
    track->path = QFileInfo(path).absoluteFilePath();
    track->info = r.info;
    if (track->info.path.isEmpty())
        track->info.path = track->path;
    track->warnings = r.warnings;
    track->audio = std::move(r.audio);
    track->mono = track->audio.channels == 1 ? track->audio.samples : mixToMono(track->audio);
    ctx.setProgress(0.97);
    track->pyramid = WaveformPyramid(track->mono.data(), int64_t(track->mono.size()));
    ctx.setProgress(1.0);
    return track;
}

JobId TrackLoader::load(const QString &path)
{
    if (m_jobs.contains(path))
        return m_jobs.value(path);
    const QString title = tr("Decoding %1").arg(QFileInfo(path).fileName());
    // Results of a job that was cancelled (or superseded) must not resurrect its
    // path, so each callback checks it still is the path's current job.
    auto myId = std::make_shared<JobId>(0);
    auto current = [this, path, myId]() { return m_jobs.value(path) == *myId; };
    const JobId id = m_runner->run<LoadResult>(
        title,
        [path](JobContext &ctx) {
            QElapsedTimer timer;
            timer.start();
            LoadResult result;
            result.track = decodeTrack(path, ctx);
            result.decodeMs = timer.elapsed();
            return result;
        },
        this,
        [this, path, current](LoadResult result) {
            if (!current())
                return;
            m_jobs.remove(path);
            Q_EMIT loaded(path, result.track, result.decodeMs);
        },
        [this, path, current](QString message) {
            if (!current())
                return;
            m_jobs.remove(path);
            Q_EMIT failed(path, message);
        });
    *myId = id;
    m_jobs.insert(path, id);
    return id;
}

void TrackLoader::cancel(const QString &path)
{
    if (!m_jobs.contains(path))
        return;
    m_runner->cancel(m_jobs.take(path));
    Q_EMIT cancelled(path);
}

} // namespace mirlo
