#pragma once
// Classic onset detection functions (ODFs), computed as madmom 0.16 does.
// Input: mono samples at their native rate (nominally in [-1, 1]). Output: one
// value per frame; frame i belongs to time i / fps seconds.
//  - SpectralFlux (tutorial P3a): 2048 frames, 100 fps, 12 bands/octave
//    unit-area log filterbank (30 Hz - 17 kHz), log10(1 + x), positive
//    difference to frame n - d (diff ratio 0.5), summed over bands.
//  - SuperFlux (Boeck & Widmer 2013): 2048 frames, 200 fps, 24 bands/octave,
//    filters not normalised, log10(1 + x), difference against a 3-band maximum
//    filter of frame n - d (d = 2 at 200 fps), positive part summed.
//  - HighFrequencyContent (Masri): mean over bins of k * log10(1 + |X_k|) at
//    100 fps (madmom's high_frequency_content on a log magnitude spectrogram).
//  - ComplexFlux (Boeck & Widmer 2013, madmom complex_flux): the SuperFlux
//    difference weighted per band by the local group delay (tonal, steady
//    components have a small |LGD| and are damped), 200 fps.
#include "core/dsp/matrix.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <vector>

namespace mirlo {

enum class OnsetMethod { SpectralFlux, SuperFlux, HighFrequencyContent, ComplexFlux };

// "flux", "superflux", "hfc", "complex" (the CLI's --method names).
QString onsetMethodName(OnsetMethod method);
bool parseOnsetMethod(const QString &name, OnsetMethod &method);

// Front-end settings of one ODF (madmom's SpectralOnsetProcessor arguments).
struct OnsetFunctionParams {
    int frameSize = 2048;
    double fps = 100.0;
    int bandsPerOctave = 12; // 0 = no filterbank (linear bins)
    double fminHz = 30.0;
    double fmaxHz = 17000.0;
    bool normaliseFilters = true;
    double logMul = 1.0; // log10(mul * x + add); logMul 0 = no log
    double logAdd = 1.0;
    double diffRatio = 0.5;
    int diffMaxBins = 1; // > 1: maximum filter over that many bands (SuperFlux)
};

// The defaults of each method as madmom / the tutorial use them.
OnsetFunctionParams defaultOnsetFunctionParams(OnsetMethod method);

struct OnsetFunction {
    std::vector<float> values; // one per frame
    double fps = 0.0;
    bool cancelled = false;
};

// Generic entry: method + front-end params. progress(fraction) returning false cancels.
OnsetFunction computeOnsetFunction(OnsetMethod method, const float *mono, int64_t samples, int sampleRate,
                                   const OnsetFunctionParams &params, const std::function<bool(double)> &progress = {});

// Building blocks (exposed for tests and for other detectors).
// d[t][b] = max(S[t][b] - M[t-d][b], 0) for t >= d (else 0), where M is S
// maximum-filtered over maxBins neighbouring bands (maxBins <= 1: M = S).
Matrix positiveSpectralDifference(const Matrix &spec, int diffFrames, int maxBins);
// Sum over columns per row.
std::vector<float> sumRows(const Matrix &m);

} // namespace mirlo
