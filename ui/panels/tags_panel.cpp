#include "ui/panels/tags_panel.h"

#include "core/tagging/tagger_model.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mirlo {

namespace {
constexpr int kDefaultTopK = 10;
} // namespace

TagsPanel::TagsPanel(QWidget *parent) : QWidget(parent)
{
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("tagModelBox"));
    m_compare = new QComboBox(this);
    m_compare->setObjectName(QStringLiteral("tagCompareBox"));
    rebuildModelBoxes();
    const int saved = m_model->findData(QSettings().value(QStringLiteral("tags/model")).toString());
    m_model->setCurrentIndex(saved >= 0 ? saved : std::max(0, m_model->findData(TaggerModel::defaultModelName())));
    m_model->setToolTip(tr("Pretrained tagger (MagnaTagAtune, 50 tags), a tutorial model or a model folder"));
    m_compare->setToolTip(tr("A second model whose probabilities are drawn next to the first"));

    m_topK = new QSpinBox(this);
    m_topK->setRange(1, 50);
    m_topK->setValue(kDefaultTopK);
    m_sort = new QComboBox(this);
    m_sort->addItem(tr("Probability"), int(TagBarChart::Sort::Probability));
    m_sort->addItem(tr("Name"), int(TagBarChart::Sort::Name));

    m_tag = new QPushButton(tr("Tag"), this);
    m_tag->setToolTip(tr("Tag the current track with the chosen model(s)"));
    m_load = new QPushButton(tr("Load model…"), this);
    m_load->setToolTip(tr("A model folder with model.json and weights.safetensors (tagger or tutorial CNN)"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setStyleSheet(QStringLiteral("color: palette(mid);"));

    m_chart = new TagBarChart(this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_chart);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Model"), m_model);
    form->addRow(tr("Compare with"), m_compare);
    auto *shown = new QHBoxLayout;
    shown->addWidget(m_topK);
    shown->addWidget(new QLabel(tr("sorted by"), this));
    shown->addWidget(m_sort, 1);
    form->addRow(tr("Top"), shown);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_tag);
    buttons->addWidget(m_load);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(scroll, 1);

    auto models = [this] {
        QSettings().setValue(QStringLiteral("tags/model"), model());
        Q_EMIT modelsChanged(model(), compareModel());
    };
    connect(m_model, &QComboBox::currentIndexChanged, this, models);
    connect(m_compare, &QComboBox::currentIndexChanged, this, models);
    connect(m_topK, &QSpinBox::valueChanged, this, &TagsPanel::refreshChart);
    connect(m_sort, &QComboBox::currentIndexChanged, this, &TagsPanel::refreshChart);
    connect(m_tag, &QPushButton::clicked, this, &TagsPanel::tagRequested);
    connect(m_load, &QPushButton::clicked, this, &TagsPanel::loadTaggerRequested);
}

QString TagsPanel::model() const
{
    return m_model->currentData().toString();
}

QString TagsPanel::compareModel() const
{
    return m_compare->currentData().toString();
}

int TagsPanel::topK() const
{
    return m_topK->value();
}

TagBarChart::Sort TagsPanel::sort() const
{
    return TagBarChart::Sort(m_sort->currentData().toInt());
}

void TagsPanel::setTopK(int k)
{
    m_topK->setValue(k);
}

void TagsPanel::setSort(TagBarChart::Sort sort)
{
    m_sort->setCurrentIndex(m_sort->findData(int(sort)));
}

void TagsPanel::setResults(std::shared_ptr<const TrackTags> primary, std::shared_ptr<const TrackTags> compare)
{
    m_primaryTags = std::move(primary);
    m_compareTags = std::move(compare);
    refreshChart();
}

void TagsPanel::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void TagsPanel::refreshChart()
{
    // Paired bars only when both results are there; until then the primary alone.
    const auto compare = compareModel().isEmpty() ? nullptr : m_compareTags;
    m_chart->setData(m_primaryTags, m_primaryTags ? compare : nullptr, topK(), sort(), m_model->currentText(),
                     m_compare->currentText());
}

} // namespace mirlo
