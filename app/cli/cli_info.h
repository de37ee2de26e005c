#pragma once
// `mirlo-cli info FILE...`: container, codec, rate, channels, duration (from a
// full decode, not the header), bitrate, tags and decoder warnings as JSON.
#include <QJsonObject>
#include <QStringList>

namespace mirlo {
struct DecodeResult;
}

namespace mirlo::cli {

int runInfo(const QStringList &args);

// The JSON object `info` prints for one decoded file (exposed for reuse).
QJsonObject infoJson(const QString &path, const DecodeResult &result);

} // namespace mirlo::cli
