#include "cli_dataset.h"

#include "cli_common.h"
#include "core/datasets/csv_table.h"
#include "core/datasets/dataset_source.h"
#include "core/datasets/mtat.h"
#include "core/datasets/mtat_audio.h"
#include "core/datasets/mtat_ground_truth.h"
#include "core/datasets/stratified_split.h"
#include "core/datasets/tag_matrix.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mirlo::cli {

namespace {

const QString kCommand = QStringLiteral("dataset");

QString generalDatasetUsage()
{
    return QStringLiteral(
        "Usage: mirlo-cli dataset summary PATH [--json]\n"
        "       mirlo-cli dataset mtat-clean ANNOTATIONS.csv --out FILE [--variant 135|133]\n"
        "       mirlo-cli dataset mtat-gt ANNOTATIONS.csv --task instrumental|genre|mood --out FILE [--post]\n"
        "       mirlo-cli dataset split PATH [--seed S] [--val F] [--test F] --out DIR [--json]\n"
        "PATH: a folder with one sub-folder per class, a CSV 'file,label[,label...]', a tutorial\n"
        "label CSV (key column + 0/1 tag columns), or (summary only) MTAT's annotations_final.csv.\n");
}

struct Counts {
    QStringList names;
    std::vector<int> counts;
    std::vector<int> perItem; // histogram of labels per item
    int items = 0;
    bool multiLabel = false;
};

Counts countsOf(const Dataset &d)
{
    Counts c;
    c.names = d.classes;
    c.counts = d.classCounts();
    c.items = int(d.items.size());
    c.multiLabel = d.isMultiLabel();
    for (const DatasetItem &it : d.items) {
        if (c.perItem.size() <= it.labels.size())
            c.perItem.resize(it.labels.size() + 1, 0);
        ++c.perItem[it.labels.size()];
    }
    return c;
}

QJsonObject countsJson(const Counts &c)
{
    QJsonObject obj;
    obj.insert(QStringLiteral("items"), c.items);
    obj.insert(QStringLiteral("multi_label"), c.multiLabel);
    QJsonObject classes;
    QJsonArray order;
    for (int i = 0; i < c.names.size(); ++i) {
        classes.insert(c.names.at(i), c.counts[size_t(i)]);
        order.append(c.names.at(i));
    }
    obj.insert(QStringLiteral("counts"), classes);
    obj.insert(QStringLiteral("classes"), order); // the column / class order
    QJsonArray hist;
    for (int h : c.perItem)
        hist.append(h);
    obj.insert(QStringLiteral("labels_per_item"), hist);
    return obj;
}

QString countsText(const Counts &c)
{
    QString out = QStringLiteral("items\t%1\nclasses\t%2 (%3)\n")
                      .arg(c.items)
                      .arg(c.names.size())
                      .arg(c.multiLabel ? QStringLiteral("multi-label") : QStringLiteral("single-label"));
    QStringList hist;
    for (size_t k = 0; k < c.perItem.size(); ++k)
        hist << QStringLiteral("%1:%2").arg(k).arg(c.perItem[k]);
    out += QStringLiteral("labels per item\t%1\n").arg(hist.join(QLatin1Char(' ')));
    for (int i = 0; i < c.names.size(); ++i)
        out += QStringLiteral("%1\t%2\n").arg(c.names.at(i)).arg(c.counts[size_t(i)]);
    return out;
}

int runSummary(const QStringList &args)
{
    const QString synopsis = QStringLiteral("summary PATH [--json] [--clean]");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Count items per class / tag of a data source: a class-folder tree, a 'file,label[,label...]'\n"
        "CSV, a tutorial label CSV, or MTAT's annotations_final.csv (with --clean: after the tag\n"
        "cleaning to 135 tags). Text: 'items', 'classes', 'labels per item k:n ...', then 'class<TAB>count'."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption clean(QStringLiteral("clean"),
                                   QStringLiteral("MTAT annotations: count the 135 cleaned tags."));
    parser.addOption(json);
    parser.addOption(clean);
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Data source."));
    if (const std::optional<int> done = parseOrUsage(parser, args, kCommand + QStringLiteral(" summary"), usageLine(kCommand, synopsis)))
        return *done;
    if (parser.positionalArguments().size() != 1) {
        writeErr(QStringLiteral("mirlo-cli dataset summary: expected one PATH\n") + usageLine(kCommand, synopsis));
        return kExitUsage;
    }
    const QString path = parser.positionalArguments().first();
    Dataset d;
    QString error;
    if (looksLikeMtatAnnotations(path)) {
        TagMatrix raw;
        if (!readMtatAnnotations(path, raw, &error)) {
            printError(error);
            return kExitBadInput;
        }
        d = datasetFromTagMatrix(parser.isSet(clean) ? cleanMtatTags(raw) : raw, path);
    } else if (!loadDataset(path, d, &error)) {
        printError(error);
        return kExitBadInput;
    }
    const Counts c = countsOf(d);
    if (parser.isSet(json)) {
        QJsonObject obj = countsJson(c);
        obj.insert(QStringLiteral("path"), path);
        writeOut(QJsonDocument(obj).toJson(QJsonDocument::Indented));
    } else {
        writeOut(countsText(c).toUtf8());
    }
    return kExitOk;
}

int runMtatClean(const QStringList &args)
{
    const QString synopsis = QStringLiteral("mtat-clean ANNOTATIONS.csv --out FILE [--variant 135|133]");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Tag cleaning of MTAT's annotations_final.csv (tab-separated, 188 tags) as in the ISMIR 2018\n"
        "tutorial: 29 synonym groups are merged by logical OR into the group's first name, appended\n"
        "after the other tags -> 135 tags. --variant 133 gives the variant of the Part 1 ground truths.\n"
        "Writes a comma-separated CSV: clip_id, the tags (0/1), mp3_path."));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output CSV file."), QStringLiteral("FILE"));
    const QCommandLineOption variant(QStringLiteral("variant"), QStringLiteral("135 (default) or 133."),
                                     QStringLiteral("N"), QStringLiteral("135"));
    parser.addOption(out);
    parser.addOption(variant);
    parser.addPositionalArgument(QStringLiteral("ANNOTATIONS"), QStringLiteral("annotations_final.csv"));
    if (const std::optional<int> done = parseOrUsage(parser, args, kCommand + QStringLiteral(" mtat-clean"), usageLine(kCommand, synopsis)))
        return *done;
    const QString v = parser.value(variant);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(out) ||
        (v != QLatin1String("135") && v != QLatin1String("133"))) {
        writeErr(QStringLiteral("mirlo-cli dataset mtat-clean: need one ANNOTATIONS file, --out FILE and "
                                "--variant 135 or 133\n") +
                 usageLine(kCommand, synopsis));
        return kExitUsage;
    }
    TagMatrix raw;
    QString error;
    if (!readMtatAnnotations(parser.positionalArguments().first(), raw, &error)) {
        printError(error);
        return kExitBadInput;
    }
    QStringList missing;
    const TagMatrix clean =
        cleanMtatTags(raw, v == QLatin1String("133") ? MtatTagVariant::Tags133 : MtatTagVariant::Tags135, &missing);
    if (!missing.isEmpty())
        writeErr(QStringLiteral("mirlo-cli: warning: %1 synonym tag(s) not in the file: %2\n")
                     .arg(missing.size())
                     .arg(missing.join(QStringLiteral(", "))));
    if (!writeTextFile(parser.value(out), formatLabelCsv(clean), &error)) {
        printError(error);
        return kExitBadInput;
    }
    writeOut(QStringLiteral("%1\t%2 clips x %3 tags (from %4)\n")
                 .arg(parser.value(out))
                 .arg(clean.rowCount())
                 .arg(clean.tagCount())
                 .arg(raw.tagCount())
                 .toUtf8());
    return kExitOk;
}

int runSplit(const QStringList &args)
{
    const QString synopsis = QStringLiteral("split PATH [--seed S] [--val F] [--test F] --out DIR [--json]");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Seeded stratified split into DIR/train.csv, DIR/val.csv and DIR/test.csv. Single-label sets:\n"
                       "every class within ±1 item of its proportion; multi-label sets: iterative stratification.\n"
                       "Tutorial label CSVs are written in their own layout (same header, the subset's rows);\n"
                       "other sources as 'file,label[,label...]'. The same seed always gives the same split."));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed (default 0)."),
                                  QStringLiteral("S"), QStringLiteral("0"));
    const QCommandLineOption val(QStringLiteral("val"), QStringLiteral("Validation fraction (default 0.1)."),
                                 QStringLiteral("F"), QStringLiteral("0.1"));
    const QCommandLineOption test(QStringLiteral("test"), QStringLiteral("Test fraction (default 0.2)."),
                                  QStringLiteral("F"), QStringLiteral("0.2"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output folder (created)."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the counts as JSON."));
    parser.addOptions({seed, val, test, out, json});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Data source."));
    if (const std::optional<int> done = parseOrUsage(parser, args, kCommand + QStringLiteral(" split"), usageLine(kCommand, synopsis)))
        return *done;
    SplitFractions fractions;
    QString error;
    bool seedOk = false;
    const qulonglong seedValue = parser.value(seed).trimmed().toULongLong(&seedOk);
    if (!seedOk)
        error = QStringLiteral("--seed must be a non-negative integer (got '%1')").arg(parser.value(seed));
    if (!seedOk || !doubleOption(parser, QStringLiteral("val"), fractions.validation, error) ||
        !doubleOption(parser, QStringLiteral("test"), fractions.test, error)) {
        writeErr(QStringLiteral("mirlo-cli dataset split: %1\n").arg(error) + usageLine(kCommand, synopsis));
        return kExitUsage;
    }
    if (parser.positionalArguments().size() != 1 || !parser.isSet(out)) {
        writeErr(QStringLiteral("mirlo-cli dataset split: need one PATH and --out DIR\n") +
                 usageLine(kCommand, synopsis));
        return kExitUsage;
    }
    Dataset d;
    TagMatrix matrix;
    if (!loadDataset(parser.positionalArguments().first(), d, &error, &matrix)) {
        printError(error);
        return kExitBadInput;
    }
    std::vector<std::vector<int>> labels;
    for (const DatasetItem &it : d.items)
        labels.push_back(it.labels);
    DatasetSplit split;
    if (!stratifiedSplit(labels, fractions, seedValue, split, &error)) {
        writeErr(QStringLiteral("mirlo-cli dataset split: %1\n").arg(error));
        return kExitUsage;
    }
    const QString dir = parser.value(out);
    if (!QDir().mkpath(dir)) {
        printError(QStringLiteral("%1: cannot create folder").arg(dir));
        return kExitBadInput;
    }
    const std::pair<QString, const std::vector<int> *> parts[] = {{QStringLiteral("train"), &split.train},
                                                                  {QStringLiteral("val"), &split.validation},
                                                                  {QStringLiteral("test"), &split.test}};
    QJsonObject report;
    report.insert(QStringLiteral("path"), parser.positionalArguments().first());
    report.insert(QStringLiteral("seed"), QString::number(seedValue));
    QString text;
    for (const auto &part : parts) {
        const QString file = QDir(dir).filePath(part.first + QStringLiteral(".csv"));
        const QByteArray content = matrix.rowCount() > 0 ? formatLabelCsv(matrix.selectRows(*part.second))
                                                         : formatFileLabelCsv(d, *part.second);
        if (!writeTextFile(file, content, &error)) {
            printError(error);
            return kExitBadInput;
        }
        Dataset sub;
        sub.classes = d.classes;
        for (int i : *part.second)
            sub.items.push_back(d.items[size_t(i)]);
        const Counts c = countsOf(sub);
        QJsonObject obj = countsJson(c);
        obj.insert(QStringLiteral("file"), file);
        report.insert(part.first, obj);
        QStringList perClass;
        for (int k = 0; k < c.names.size(); ++k)
            perClass << QStringLiteral("%1=%2").arg(c.names.at(k)).arg(c.counts[size_t(k)]);
        text += QStringLiteral("%1\t%2\t%3\n").arg(part.first).arg(c.items).arg(perClass.join(QLatin1Char(' ')));
    }
    writeOut(parser.isSet(json) ? QJsonDocument(report).toJson(QJsonDocument::Indented) : text.toUtf8());
    return kExitOk;
}

int runMtatGroundTruth(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("mtat-gt ANNOTATIONS.csv --task instrumental|genre|mood --out FILE [--post]");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The tutorial's Part 1 ground truths from MTAT's annotations_final.csv (cleaned to the 133-tag\n"
        "variant): instrumental (columns instrumental, singing; clips with >= 1), genre (exactly one of\n"
        "classical, country, jazz, pop, rock, techno, blues, dance), mood (>= 1 of 16 moods). --post\n"
        "applies P0a: instrumental XOR singing -> column instrumental; moods with >= 100 positives.\n"
        "Rows are keyed by clip_id (the tutorial's files use the annotation row number)."));
    const QCommandLineOption task(QStringLiteral("task"), QStringLiteral("instrumental, genre or mood."),
                                  QStringLiteral("TASK"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output CSV file."), QStringLiteral("FILE"));
    const QCommandLineOption post(QStringLiteral("post"), QStringLiteral("Apply the P0a post-processing."));
    parser.addOptions({task, out, post});
    parser.addPositionalArgument(QStringLiteral("ANNOTATIONS"), QStringLiteral("annotations_final.csv"));
    if (const std::optional<int> done = parseOrUsage(parser, args, kCommand + QStringLiteral(" mtat-gt"), usageLine(kCommand, synopsis)))
        return *done;
    const QString t = parser.value(task);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(out) ||
        !QStringList{QStringLiteral("instrumental"), QStringLiteral("genre"), QStringLiteral("mood")}.contains(t)) {
        writeErr(QStringLiteral("mirlo-cli dataset mtat-gt: need one ANNOTATIONS file, --task instrumental|genre|mood "
                                "and --out FILE\n") +
                 usageLine(kCommand, synopsis));
        return kExitUsage;
    }
    TagMatrix raw;
    QString error;
    if (!readMtatAnnotations(parser.positionalArguments().first(), raw, &error)) {
        printError(error);
        return kExitBadInput;
    }
    MtatGroundTruth truth = MtatGroundTruth::Tags;
    parseMtatGroundTruth(t, &truth); // t is one of the three names checked above
    TagMatrix gt;
    const bool ok = mtatGroundTruthMatrix(raw, truth, parser.isSet(post), gt, &error);
    if (!ok) {
        printError(parser.positionalArguments().first() + QStringLiteral(": ") + error);
        return kExitBadInput;
    }
    gt.paths.clear();
    if (!writeTextFile(parser.value(out), formatLabelCsv(gt), &error)) {
        printError(error);
        return kExitBadInput;
    }
    QStringList counts;
    const std::vector<int> pos = gt.positives();
    for (int c = 0; c < gt.tagCount(); ++c)
        counts << QStringLiteral("%1=%2").arg(gt.tags.at(c)).arg(pos[size_t(c)]);
    writeOut(QStringLiteral("%1\t%2 clips\t%3\n")
                 .arg(parser.value(out))
                 .arg(gt.rowCount())
                 .arg(counts.join(QLatin1Char(' ')))
                 .toUtf8());
    return kExitOk;
}

} // namespace

int runDataset(const QStringList &args)
{
    // args: program, sub-command, options...
    if (args.size() < 2) {
        writeErr(QStringLiteral("mirlo-cli dataset: missing sub-command\n") + generalDatasetUsage());
        return kExitUsage;
    }
    const QString sub = args.at(1);
    QStringList rest = args;
    rest.removeAt(1);
    if (sub == QLatin1String("summary"))
        return runSummary(rest);
    if (sub == QLatin1String("mtat-clean"))
        return runMtatClean(rest);
    if (sub == QLatin1String("mtat-gt"))
        return runMtatGroundTruth(rest);
    if (sub == QLatin1String("split"))
        return runSplit(rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h") || sub == QLatin1String("help")) {
        writeOut(generalDatasetUsage().toUtf8());
        return kExitOk;
    }
    writeErr(QStringLiteral("mirlo-cli dataset: unknown sub-command '%1'\n").arg(sub) + generalDatasetUsage());
    return kExitUsage;
}

} // namespace mirlo::cli
