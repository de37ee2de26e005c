#pragma once
// Training data for the tutorial's onset RNN (TUTORIAL.md 5.3): audio files
// with a ".onsets" annotation (found with core/eval/annotations.h), turned into
// the 314-column input features (trained_onset_model.h) and 0/1 frame targets
// at 100 fps (1 at round(onset * 100), no widening; annotations closer than
// 30 ms merged into their mean first, as in TUTORIAL 5.1). Torch-free.
#include "core/dsp/matrix.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace mirlo::ml {

struct OnsetExample {
    QString audioPath;
    QString annotationPath;
    QString name;               // file name without folder
    Matrix features;            // frames x 314
    std::vector<float> targets; // one 0/1 value per frame
    std::vector<double> onsets; // merged reference onsets, seconds
};

struct OnsetDataset {
    std::vector<OnsetExample> examples;
    QStringList warnings; // skipped files, each "<file>: <reason>"
    int frames() const;
    int onsets() const;
};

// Annotations closer than `window` seconds merged into their mean (sorted input).
std::vector<double> mergeCloseOnsets(std::vector<double> times, double window = 0.03);

// The audio files of the folders that have a .onsets file. Several audio files
// sharing one annotation (song.wav / song.flac / song.m4a) count once, the
// lossless one preferred. Sorted by path.
QStringList findAnnotatedAudio(const QStringList &folders, QStringList *warnings = nullptr);

// Decodes and featurises files (on up to 2 threads). Unreadable files are
// skipped with a warning; progress(fraction) returning false cancels (empty dataset).
OnsetDataset loadOnsetDataset(const QStringList &audioFiles, const std::function<bool(double)> &progress = {});

} // namespace mirlo::ml
