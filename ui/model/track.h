#pragma once
// One open audio file: decoded PCM at its native rate (for playback), a mono
// mix (for analysis and display) and its waveform pyramid. Immutable once
// loaded, shared between views and jobs by shared_ptr<const Track>.
#include "core/audio/audio_buffer.h"
#include "core/audio/audio_file_info.h"
#include "core/dsp/waveform_pyramid.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace mirlo {

struct Track {
    QString path;
    AudioFileInfo info;
    QStringList warnings;
    AudioBuffer audio;        // native rate and channels, interleaved
    std::vector<float> mono;  // audio mixed to mono, same rate
    WaveformPyramid pyramid;  // of mono

    int sampleRate() const { return audio.sampleRate; }
    double durationSec() const { return audio.durationSec(); }
    QString displayName() const;
};

using TrackPtr = std::shared_ptr<const Track>;

} // namespace mirlo
