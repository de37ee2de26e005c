#pragma once
// The Tags dock: which model to run, an optional second model to compare with, and
// a horizontal bar chart of the track-level tag probabilities (top k, sorted
// by probability or name). With a comparison model the chart shows paired
// bars for the union of both models' top k. Probabilities are 0..1.
// The pickers list the models in groups under disabled headers: the built-in
// MTAT taggers, "Tutorial models" (shipped and registered tutorial CNN
// folders) and "Other models" (registered tagger folders); the chosen model
// is kept in QSettings ("tags/model").
#include "core/tagging/classifier_registry.h"
#include "core/tagging/track_tagger.h"

#include <QWidget>

#include <cmath>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace mirlo {

// A custom painted horizontal bar chart; rows() is what it draws.
class TagBarChart : public QWidget {
    Q_OBJECT
public:
    struct Row {
        QString tag;
        float primary = NAN; // NaN: that model does not have the tag / has no result
        float compare = NAN;
    };
    enum class Sort { Probability, Name };

    explicit TagBarChart(QWidget *parent = nullptr);

    // compare may be nullptr (single bars). Rows: the union of each result's top k.
    void setData(std::shared_ptr<const TrackTags> primary, std::shared_ptr<const TrackTags> compare, int k, Sort sort,
                 const QString &primaryName = {}, const QString &compareName = {});
    const std::vector<Row> &rows() const { return m_rows; }
    bool paired() const { return m_paired; }
    // Widget rectangle of row i's bar of the primary (which = 0) or compare (1) model.
    QRectF barRect(int row, int which) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return QSize(220, 120); }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int rowHeight() const;
    int labelWidth() const;
    std::vector<Row> m_rows;
    bool m_paired = false;
    QString m_primaryName, m_compareName;
};

class TagsPanel : public QWidget {
    Q_OBJECT
public:
    explicit TagsPanel(QWidget *parent = nullptr);

    QString model() const;        // name or folder, as TaggingController::setModels takes it
    QString compareModel() const; // empty: none
    int topK() const;
    TagBarChart::Sort sort() const;

    // Adds a model folder to both pickers, in its kind's group (named by its manifest / model.json),
    // and selects it as the model when `select`.
    void addModelFolder(const QString &folder, const QString &displayName,
                        ClassifierKind kind = ClassifierKind::MtatTagger, bool select = true);
    // The picker group a model is listed under ("Tutorial models", ...); empty when not listed.
    QString modelGroup(const QString &nameOrFolder) const;
    static QString tutorialGroupTitle() { return tr("Tutorial models"); }
    void setModel(const QString &nameOrFolder);
    void setCompareModel(const QString &nameOrFolder); // empty: none
    void setTopK(int k);
    void setSort(TagBarChart::Sort sort);

    void setResults(std::shared_ptr<const TrackTags> primary, std::shared_ptr<const TrackTags> compare);
    void setStatus(const QString &text);

    TagBarChart *chart() const { return m_chart; }
    QComboBox *modelBox() const { return m_model; }
    QComboBox *compareBox() const { return m_compare; }
    QPushButton *tagButton() const { return m_tag; }

Q_SIGNALS:
    void modelsChanged(const QString &primary, const QString &compare);
    void tagRequested();
    void loadTaggerRequested();

private:
    void refreshChart();
    void rebuildModelBoxes(); // tags_panel_models.cpp
    QList<ClassifierEntry> m_folders; // listed model folders (shipped tutorial models, registered, loaded)
    QComboBox *m_model, *m_compare, *m_sort;
    QSpinBox *m_topK;
    QPushButton *m_tag, *m_load;
    QLabel *m_status;
    TagBarChart *m_chart;
    std::shared_ptr<const TrackTags> m_primaryTags, m_compareTags;
};

} // namespace mirlo
