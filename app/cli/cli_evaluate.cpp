#include "cli_evaluate.h"

#include "cli_common.h"
#include "core/datasets/dataset_source.h"
#include "core/datasets/mtat_data_options.h"
#include "core/features/feature_cache.h"
#include "core/tagging/model_evaluation.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mirlo::cli {

namespace {

QString number(double v)
{
    return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', 4);
}

QString cell(const QString &text, int width)
{
    return text.leftJustified(width) + QLatin1Char(' ');
}

QString summaryTable(const ModelEvaluation &e, const QString &data)
{
    const ClassificationReport &r = e.report;
    const bool multiLabel = r.task == ClassificationTask::MultiLabel;
    QString t = QStringLiteral("Model: %1 (%2)\nData:  %3 (%4 items, %5, %6 %7)\n\n")
                    .arg(e.model, e.modelName, data)
                    .arg(r.items)
                    .arg(QString::fromLatin1(classificationTaskName(r.task)))
                    .arg(r.classes.size())
                    .arg(r.classes.size() == 1 ? QStringLiteral("class") : QStringLiteral("classes"));
    const std::pair<QString, double> rows[] = {
        {multiLabel ? QStringLiteral("subset accuracy") : QStringLiteral("accuracy"), r.accuracy},
        {QStringLiteral("macro F1"), r.macroF1},
        {QStringLiteral("weighted F1"), r.weightedF1},
        {QStringLiteral("macro ROC-AUC"), r.macroRocAuc},
        {QStringLiteral("macro PR-AUC"), r.macroPrAuc},
        {QStringLiteral("Hamming loss"), r.hammingLoss},
    };
    for (const auto &[name, value] : rows)
        t += QStringLiteral("  %1%2\n").arg(cell(name, 16), number(value));
    return t;
}

int nameWidth(const ClassificationReport &r)
{
    int w = 5;
    for (const ClassMetrics &c : r.classes)
        w = std::max(w, int(c.name.size()));
    return w;
}

// The rows of the `top` classes with the most true items (all when top is 0), in report order.
QString classTable(const ClassificationReport &r, int top)
{
    std::vector<int> order(r.classes.size());
    std::iota(order.begin(), order.end(), 0);
    if (top > 0 && top < int(order.size())) {
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return r.classes[size_t(a)].support > r.classes[size_t(b)].support; });
        order.resize(size_t(top));
        std::sort(order.begin(), order.end());
    }
    const int w = nameWidth(r);
    QString t = QStringLiteral("\n  %1%2%3%4%5%6%7\n")
                    .arg(cell(QStringLiteral("class"), w), cell(QStringLiteral("support"), 8),
                         cell(QStringLiteral("precision"), 9), cell(QStringLiteral("recall"), 7),
                         cell(QStringLiteral("F1"), 7), cell(QStringLiteral("ROC-AUC"), 7), QStringLiteral("PR-AUC"));
    for (int k : order) {
        const ClassMetrics &c = r.classes[size_t(k)];
        t += QStringLiteral("  %1%2%3%4%5%6%7\n")
                 .arg(cell(c.name, w), cell(QString::number(c.support), 8), cell(number(c.precision), 9),
                      cell(number(c.recall), 7), cell(number(c.f1), 7), cell(number(c.rocAuc), 7), number(c.prAuc));
    }
    if (order.size() < r.classes.size())
        t += QStringLiteral("  (%1 of %2 classes with the most items; --top 0 shows all)\n")
                 .arg(order.size())
                 .arg(r.classes.size());
    return t;
}

void endLine(QString &t)
{
    while (t.endsWith(QLatin1Char(' ')))
        t.chop(1);
    t += QLatin1Char('\n');
}

QString confusionTable(const ClassificationReport &r)
{
    if (r.confusion.empty())
        return {};
    const int w = nameWidth(r);
    QString t = QStringLiteral("\n  Confusion matrix (rows: true class, columns: predicted)\n  %1").arg(cell({}, w));
    for (const ClassMetrics &c : r.classes)
        t += cell(c.name, std::max(5, int(c.name.size())));
    endLine(t);
    for (size_t i = 0; i < r.confusion.size(); ++i) {
        t += QStringLiteral("  ") + cell(r.classes[i].name, w);
        for (size_t j = 0; j < r.confusion[i].size(); ++j)
            t += cell(QString::number(r.confusion[i][j]), std::max(5, int(r.classes[j].name.size())));
        endLine(t);
    }
    return t;
}

} // namespace

int runEvaluate(const QStringList &args)
{
    const QString command = QStringLiteral("evaluate");
    const QString synopsis =
        QStringLiteral("--model DIR|NAME --data PATH [--audio-root DIR] [--json] [--top N] [--no-cache] [--progress]");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Evaluate a classifier on labelled audio: a tutorial CNN model folder (mirlo-cli train; first mel patch of\n"
        "each file) or an MTAT tagger (folder or built-in name: musicnn, fcn, crnn; only the tags the data names).\n"
        "Data class names are matched to the model's labels ignoring case. Prints accuracy, macro / weighted F1,\n"
        "macro ROC-AUC and PR-AUC, Hamming loss, per-class rows and the confusion matrix (single-label tasks)."));
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Model folder or built-in tagger name."),
                                   QStringLiteral("DIR|NAME"));
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("Class folders (one sub-folder per class), a file,label CSV, a "
                                                 "tutorial label CSV or annotations_final.csv (with --audio-root)."),
                                  QStringLiteral("PATH"));
    const QCommandLineOption json(
        QStringLiteral("json"), QStringLiteral("JSON: the report (metrics, classes, confusion) plus model and data."));
    const QCommandLineOption top(
        QStringLiteral("top"), QStringLiteral("Per-class rows: the N classes with the most items (0 = all, default)."),
        QStringLiteral("N"));
    const QCommandLineOption noCache(QStringLiteral("no-cache"),
                                     QStringLiteral("Tutorial CNNs: do not read or write the feature cache (the one "
                                                    "mirlo-train uses; $MIRLO_CACHE_DIR/features when set)."));
    const QCommandLineOption progressOpt(QStringLiteral("progress"),
                                         QStringLiteral("Show progress on stderr (default: only on a terminal)."));
    parser.addOptions({model, data, json, top, noCache, progressOpt});
    addMtatDataOptions(parser);
    if (const std::optional<int> done = parseOrUsage(parser, args, command, usageLine(command, synopsis)))
        return *done;
    if (!parser.isSet(model) || !parser.isSet(data) || !parser.positionalArguments().isEmpty()) {
        writeErr(QStringLiteral("mirlo-cli evaluate: need --model DIR|NAME and --data PATH (no other arguments)\n") +
                 usageLine(command, synopsis));
        return kExitUsage;
    }
    int topN = 0;
    QString error;
    if (!intOption(parser, QStringLiteral("top"), 0, topN, error)) {
        writeErr(QStringLiteral("mirlo-cli evaluate: %1\n").arg(error) + usageLine(command, synopsis));
        return kExitUsage;
    }

    DatasetLoadOptions load;
    if (!mtatDataOptions(parser, load, &error)) {
        writeErr(QStringLiteral("mirlo-cli evaluate: %1\n").arg(error) + usageLine(command, synopsis));
        return kExitUsage;
    }
    Dataset d;
    QStringList loadWarnings;
    if (!loadDataset(parser.value(data), load, d, &error, &loadWarnings)) {
        printError(error);
        return kExitBadInput;
    }
    for (const QString &w : loadWarnings)
        printError(QStringLiteral("warning: ") + w);
    int lastPercent = -1;
    std::function<bool(double, const QString &)> progress;
    if (parser.isSet(progressOpt) || stderrIsTerminal())
        progress = [&](double f, const QString &file) {
            const int percent = int(f * 100.0);
            if (percent != lastPercent) {
                lastPercent = percent;
                writeErr(QStringLiteral("\rmirlo-cli: evaluating %1%: %2\x1b[K")
                             .arg(percent)
                             .arg(QFileInfo(file).fileName()));
            }
            return true;
        };
    const FeatureCache cache;
    ModelEvaluationOptions options;
    options.cache = parser.isSet(noCache) ? nullptr : &cache;
    const ModelEvaluation e = evaluateModel(parser.value(model), d, options, progress);
    if (lastPercent >= 0)
        writeErr(QStringLiteral("\n"));
    for (const QString &w : e.warnings)
        printError(QStringLiteral("warning: ") + w);
    if (!e.ok) {
        printError(e.error);
        return kExitBadInput;
    }
    if (parser.isSet(json)) {
        QJsonObject o = e.report.toJson();
        o[QStringLiteral("model")] = e.model;
        o[QStringLiteral("modelName")] = e.modelName;
        o[QStringLiteral("data")] = parser.value(data);
        writeOut(QJsonDocument(o).toJson(QJsonDocument::Indented));
        return kExitOk;
    }
    writeOut((summaryTable(e, parser.value(data)) + classTable(e.report, topN) + confusionTable(e.report)).toUtf8());
    return kExitOk;
}

} // namespace mirlo::cli
