#pragma once
// Loads audio files into Tracks off the GUI thread: one JobRunner job per
// file decodes at the native rate keeping the channels, then builds the mono
// mix and the waveform pyramid. Results, failures and cancellations come back
// as signals on the loader's thread, tagged with the file path.
// Also knows which files count as audio (by extension) and collects them from
// folders recursively for drops and "Open Folder".
#include "core/jobs/job_runner.h"
#include "ui/model/track.h"

#include <QHash>
#include <QObject>
#include <QStringList>

namespace mirlo {

class TrackLoader : public QObject {
    Q_OBJECT
public:
    explicit TrackLoader(JobRunner *jobs, QObject *parent = nullptr);

    // Starts decoding `path`; returns the job id (for cancelling).
    JobId load(const QString &path);
    void cancel(const QString &path);
    bool isLoading(const QString &path) const { return m_jobs.contains(path); }

    static const QStringList &audioExtensions(); // lower case, without dot
    static bool isAudioFile(const QString &path);
    // Files are kept (whatever their extension: the user chose them); folders
    // are searched recursively for audio files, sorted by path. Duplicates removed.
    static QStringList collectAudioFiles(const QStringList &paths);

    // The job body, public for tests: decode + mono mix + pyramid. Throws JobFailure.
    static TrackPtr decodeTrack(const QString &path, JobContext &ctx);

Q_SIGNALS:
    void progress(const QString &path, double fraction);
    void loaded(const QString &path, mirlo::TrackPtr track, qint64 decodeMs);
    void failed(const QString &path, const QString &message);
    void cancelled(const QString &path);

private:
    JobRunner *m_runner;
    QHash<QString, JobId> m_jobs; // path -> running job
};

} // namespace mirlo
