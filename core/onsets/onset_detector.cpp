#include "core/onsets/onset_detector.h"

namespace mirlo {

OnsetDetectorParams defaultOnsetDetectorParams(OnsetMethod method)
{
    OnsetDetectorParams p;
    p.method = method;
    p.odf = defaultOnsetFunctionParams(method);
    PeakPickingParams &pp = p.peaks;
    // Windows shared by every method (TUTORIAL 5.2 / madmom's programs, in
    // seconds: at 100 fps pre_avg 15, pre_max 1, post_max 5 frames).
    pp.preAvg = 0.15;
    pp.postAvg = 0.0;
    pp.preMax = 0.01;
    pp.postMax = 0.05;
    pp.combine = 0.03;
    switch (method) {
    case OnsetMethod::SpectralFlux:
        pp.threshold = 1.25;
        pp.combine = 0.0; // the tutorial's baseline combines nothing
        break;
    case OnsetMethod::SuperFlux:
        pp.threshold = 1.1;
        break;
    case OnsetMethod::ComplexFlux:
        pp.threshold = 0.25;
        break;
    case OnsetMethod::HighFrequencyContent:
        // No madmom program defaults exist for HFC; 0.7 was the best of
        // 0.3 ... 2.0 on the 13 annotated files of the shared test data.
        pp.threshold = 0.7;
        break;
    }
    return p;
}

OnsetResult detectOnsets(const float *mono, int64_t samples, int sampleRate, const OnsetDetectorParams &params,
                         const std::function<bool(double)> &progress)
{
    OnsetResult result;
    OnsetFunction f = computeOnsetFunction(params.method, mono, samples, sampleRate, params.odf, progress);
    result.fps = f.fps;
    if (f.cancelled) {
        result.cancelled = true;
        return result;
    }
    result.odf = std::move(f.values);
    result.onsets = pickOnsets(result.odf, result.fps, params.peaks);
    return result;
}

} // namespace mirlo
