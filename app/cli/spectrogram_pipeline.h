#pragma once
// Decode + spectrogram on two cores. A long file that decodeFileParallel splits
// in two is decoded and analysed half on the calling thread, half on the
// second part's thread (SplitAnalysis). Otherwise the decoder pushes mono
// blocks into a bounded queue and a worker thread turns them into spectrogram
// frames as they arrive (QueuedAnalysis), so the analysis overlaps with
// decoding. Either way the result equals computeSpectrogram() on the fully
// decoded signal, bit for bit.
#include "core/audio/decoder.h"
#include "core/dsp/spectrogram.h"
#include "core/io/npy_mapped_writer.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace mirlo::cli {

struct PipelineResult {
    bool ok = false;
    QString error;          // "<file>: <problem>" when !ok
    QStringList warnings;   // decoder warnings (already name the file)
    SpectrogramData data;   // empty db when the signal is shorter than one frame
    int64_t samples = 0;    // mono samples analysed (at data.sampleRate)
    int sampleRate = 0;
    // Seconds, for MIRLO_CLI_TIMING=1: wall until decoding ended, CPU of the
    // decoding and the analysis threads, wall of the final step.
    double decodeWall = 0.0, decodeCpu = 0.0, analysisCpu = 0.0, finishWall = 0.0;
    int decodeParts = 1;          // > 1: decodeFileParallel split the file
    bool split = false;           // each part analysed on its own thread (analysisCpu 0)
    double decodeWorkerCpu = 0.0; // CPU of the threads decoding the later parts
    // Set when the rows went straight into the .npy mapping (npyOut below):
    // data.db then has its shape but no values; commit(data.db.rows) finishes
    // the file, dropping this without commit removes it.
    std::unique_ptr<NpyMappedWriter> npy;
};

// targetRate 0 keeps the file's rate. progress as in decodeFile. npyOut: the
// .npy file the caller will write; for a plain STFT of known length the rows
// are then written straight into it (see PipelineResult::npy), which saves
// allocating and copying the whole matrix.
PipelineResult decodeAndAnalyse(const QString &path, const SpectrogramParams &params, int targetRate,
                                const ProgressFn &progress = {}, const QString &npyOut = {});

} // namespace mirlo::cli
