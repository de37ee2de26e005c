#pragma once
// A mini MagnaTagATune layout for tests of the audio-folder wiring (CLI, GUI): the shared
// instrumental / vocal clips are copied to <root>/<hex dir>/<name>.ogg, a tutorial-style
// label matrix keyed by clip_id (1 = instrumental, clip ids from 100) sits in <dir>/labels
// with the metadata file the tutorial names beside it (row number, clip_id as float, the
// author's absolute Windows mp3_path ending in .mp3), and one listed clip (999) has no audio.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

namespace mirlo::test {

struct MiniMtat {
    QString root;     // audio folder
    QString labels;   // .../labels/mini_labels_subset_w_clipid.csv
    QString metadata; // .../labels/mini_metadata_subset.csv
    int present = 0;  // clips with audio (the label file lists present + 1)
    int instrumental = 0;
};

// perClass: at most this many clips of each class (0 = all).
inline bool writeMiniMtat(const QString &dir, MiniMtat &out, int perClass = 0)
{
    out = MiniMtat();
    out.root = QDir(dir).filePath(QStringLiteral("mtat"));
    out.labels = QDir(dir).filePath(QStringLiteral("labels/mini_labels_subset_w_clipid.csv"));
    out.metadata = QDir(dir).filePath(QStringLiteral("labels/mini_metadata_subset.csv"));
    if (!QDir().mkpath(QFileInfo(out.labels).absolutePath()))
        return false;
    QByteArray labels = "clip_id,instrumental\n";
    QByteArray meta = ",clip_id,mp3_path,title\n";
    const char hex[] = "0123456789abcdef";
    int clip = 100, row = 0;
    for (const char *cls : {"instrumental", "vocal"}) {
        const QDir shared(QStringLiteral(MIRLO_SHARED_DATA "/") + QLatin1String(cls));
        int n = 0;
        for (const QString &name : shared.entryList({QStringLiteral("*.ogg")}, QDir::Files, QDir::Name)) {
            if (perClass > 0 && n++ >= perClass)
                break;
            const QString sub = QString(QLatin1Char(hex[row % 16]));
            if (!QDir().mkpath(QDir(out.root).filePath(sub)) ||
                !QFile::copy(shared.filePath(name), QDir(out.root).filePath(sub + QLatin1Char('/') + name)))
                return false;
            const bool instrumental = qstrcmp(cls, "instrumental") == 0;
            const QString mp3 = sub + QLatin1Char('/') + QFileInfo(name).completeBaseName() + QStringLiteral(".mp3");
            labels += QByteArray::number(clip) + (instrumental ? ",1.0\n" : ",0.0\n");
            meta += QByteArray::number(row) + ',' + QByteArray::number(clip) +
                    ".0,D:/Research/Data/MIR/MagnaTagATune/mp3_full/" + mp3.toUtf8() + ",t\n";
            out.instrumental += instrumental ? 1 : 0;
            ++clip;
            ++row;
            ++out.present;
        }
    }
    labels += "999,1.0\n";
    meta += QByteArray::number(row) + ",999.0,D:/x/mp3_full/f/absent-clip-01-x-0-29.mp3,t\n";
    for (const auto &[path, text] : {std::pair{out.labels, labels}, std::pair{out.metadata, meta}}) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
            return false;
    }
    return out.present > 0;
}

} // namespace mirlo::test
