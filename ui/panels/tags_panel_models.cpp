// TagsPanel's model pickers: the grouped lists of built-in taggers, tutorial
// models and other model folders, kept identical in both combo boxes.
#include "ui/panels/tags_panel.h"

#include "core/tagging/tagger_model.h"

#include <QComboBox>
#include <QSignalBlocker>
#include <QStandardItemModel>

namespace mirlo {

namespace {

constexpr int kGroupRole = Qt::UserRole + 1;

QString builtinLabel(const QString &name)
{
    QString short_ = name;
    short_.remove(QStringLiteral("_mtat"));
    return short_ == QLatin1String("fcn") || short_ == QLatin1String("crnn")
               ? short_.toUpper() + QStringLiteral(" (MTAT)")
               : QStringLiteral("Musicnn (MTAT)");
}

// A disabled, bold group title (after a separator unless it is the first row).
void addHeader(QComboBox *box, const QString &title)
{
    if (box->count() > 0)
        box->insertSeparator(box->count());
    box->addItem(title);
    const int i = box->count() - 1;
    box->setItemData(i, title, kGroupRole);
    if (auto *model = qobject_cast<QStandardItemModel *>(box->model())) {
        QStandardItem *item = model->item(i);
        item->setFlags(Qt::NoItemFlags);
        QFont font = item->font();
        font.setBold(true);
        item->setFont(font);
    }
}

void addModel(QComboBox *box, const QString &label, const QString &data, const QString &group,
              const QString &tooltip = {})
{
    box->addItem(label, data);
    box->setItemData(box->count() - 1, group, kGroupRole);
    if (!tooltip.isEmpty())
        box->setItemData(box->count() - 1, tooltip, Qt::ToolTipRole);
}

void fill(QComboBox *box, bool withNone, const QList<ClassifierEntry> &folders)
{
    box->clear();
    if (withNone)
        box->addItem(QObject::tr("None"), QString());
    const QString taggers = QObject::tr("Pretrained taggers (MTAT)");
    addHeader(box, taggers);
    for (const QString &name : TaggerModel::builtinModelNames())
        addModel(box, builtinLabel(name), name, taggers);
    const struct {
        ClassifierKind kind;
        QString title;
    } groups[] = {{ClassifierKind::TutorialCnn, TagsPanel::tutorialGroupTitle()},
                  {ClassifierKind::MtatTagger, QObject::tr("Other models")}};
    for (const auto &g : groups) {
        bool header = false;
        for (const ClassifierEntry &e : folders) {
            if (e.kind != g.kind)
                continue;
            if (!header)
                addHeader(box, g.title);
            header = true;
            addModel(box, e.name, e.folder, g.title, e.folder);
        }
    }
}

} // namespace

void TagsPanel::rebuildModelBoxes()
{
    if (m_folders.isEmpty()) {
        // First fill: the shipped tutorial models, then the registered folders (newest first).
        for (const QString &folder : builtinTutorialModelFolders()) {
            ClassifierEntry e;
            if (describeClassifier(folder, &e))
                m_folders.append(e);
        }
        m_folders += availableClassifiers();
    }
    const QString model = m_model->currentData().toString(), compare = m_compare->currentData().toString();
    const QSignalBlocker b1(m_model), b2(m_compare);
    fill(m_model, false, m_folders);
    fill(m_compare, true, m_folders);
    if (m_model->findData(model) >= 0)
        m_model->setCurrentIndex(m_model->findData(model));
    else
        m_model->setCurrentIndex(std::max(0, m_model->findData(TaggerModel::defaultModelName())));
    m_compare->setCurrentIndex(std::max(0, m_compare->findData(compare)));
}

void TagsPanel::addModelFolder(const QString &folder, const QString &displayName, ClassifierKind kind, bool select)
{
    bool known = false;
    for (const ClassifierEntry &e : std::as_const(m_folders))
        known = known || e.folder == folder;
    if (!known) {
        m_folders.append({folder, displayName, kind});
        rebuildModelBoxes();
    }
    if (select)
        setModel(folder);
}

QString TagsPanel::modelGroup(const QString &nameOrFolder) const
{
    const int i = m_model->findData(nameOrFolder);
    return i >= 0 ? m_model->itemData(i, kGroupRole).toString() : QString();
}

void TagsPanel::setModel(const QString &nameOrFolder)
{
    const int i = m_model->findData(nameOrFolder);
    if (i >= 0)
        m_model->setCurrentIndex(i);
}

void TagsPanel::setCompareModel(const QString &nameOrFolder)
{
    const int i = m_compare->findData(nameOrFolder);
    if (i >= 0)
        m_compare->setCurrentIndex(i);
}

} // namespace mirlo
