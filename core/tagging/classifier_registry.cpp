#include "core/tagging/classifier_registry.h"

#include "core/model/model_folder_list.h"
#include "core/model/tutorial_cnn_inference.h"
#include "core/tagging/tagger_model.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace mirlo {

namespace {

ModelFolderList folderList()
{
    return ModelFolderList(QStringLiteral("models/classifierFolders"));
}

bool readModelJson(const QString &folder, QJsonObject *root, QString *error)
{
    const QString path = QDir(folder).filePath(QStringLiteral("model.json"));
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), why);
        return false;
    };
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot open (%1)").arg(f.errorString()));
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (!doc.isObject())
        return fail(QStringLiteral("not a JSON object (%1)").arg(pe.errorString()));
    *root = doc.object();
    return true;
}

// The two model.json layouts differ at the top: the tutorial CNN's architecture says its family,
// a tagger manifest has the track protocol and the front end.
ClassifierKind kindOf(const QJsonObject &root)
{
    if (root.value(QStringLiteral("architecture")).toObject().value(QStringLiteral("family")).toString() ==
        QLatin1String("tutorial_cnn"))
        return ClassifierKind::TutorialCnn;
    if (root.value(QStringLiteral("track_inference")).isObject() &&
        root.value(QStringLiteral("preprocessing")).isObject())
        return ClassifierKind::MtatTagger;
    return ClassifierKind::Unknown;
}

} // namespace

QString classifierKindName(ClassifierKind kind)
{
    switch (kind) {
    case ClassifierKind::MtatTagger:
        return QStringLiteral("mtat_tagger");
    case ClassifierKind::TutorialCnn:
        return QStringLiteral("tutorial_cnn");
    default:
        return QStringLiteral("unknown");
    }
}

ClassifierKind classifierKind(const QString &folder, QString *error)
{
    QJsonObject root;
    if (!readModelJson(folder, &root, error))
        return ClassifierKind::Unknown;
    const ClassifierKind kind = kindOf(root);
    if (kind == ClassifierKind::Unknown && error)
        *error = QStringLiteral("%1: neither a tutorial CNN (architecture.family \"tutorial_cnn\") nor a tagger "
                                "manifest (preprocessing + track_inference)")
                     .arg(QDir::toNativeSeparators(QDir(folder).filePath(QStringLiteral("model.json"))));
    return kind;
}

bool describeClassifier(const QString &folder, ClassifierEntry *out, QString *error)
{
    QJsonObject root;
    if (!readModelJson(folder, &root, error))
        return false;
    ClassifierEntry e;
    e.folder = ModelFolderList::normalise(folder);
    e.kind = classifierKind(folder, error);
    switch (e.kind) {
    case ClassifierKind::MtatTagger: {
        const std::unique_ptr<TaggerModel> model = TaggerModel::load(folder, error);
        if (!model)
            return false;
        e.name = model->manifest().name;
        break;
    }
    case ClassifierKind::TutorialCnn:
        if (!TutorialCnnInference::load(folder, error))
            return false;
        // The architecture name is the preset ("instrumental_vocal"), shared by every model trained
        // with it: a top-level "name" or the folder tells them apart.
        e.name = root.value(QStringLiteral("name")).toString();
        break;
    default:
        return false;
    }
    if (e.name.isEmpty())
        e.name = QFileInfo(QDir::cleanPath(folder)).fileName();
    if (out)
        *out = e;
    return true;
}

bool registerClassifier(const QString &folder, QString *error)
{
    if (!describeClassifier(folder, nullptr, error))
        return false;
    folderList().prepend(folder);
    return true;
}

void unregisterClassifier(const QString &folder)
{
    folderList().remove(folder);
}

QStringList registeredClassifierFolders()
{
    return folderList().folders();
}

QList<ClassifierEntry> availableClassifiers()
{
    QList<ClassifierEntry> out;
    for (const QString &folder : registeredClassifierFolders()) {
        ClassifierEntry e;
        if (describeClassifier(folder, &e))
            out.append(e);
    }
    return out;
}

QStringList builtinTutorialModelFolders()
{
    const QString root = QStringLiteral(":/models/tutorial");
    QStringList out;
    for (const QString &name : QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        out.append(root + QLatin1Char('/') + name);
    return out;
}

} // namespace mirlo
