#include "ui/widgets/message_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace mirlo {

namespace {
const char *kTextProperty = "mirloMessageText";
}

MessageBar::MessageBar(QWidget *parent) : QFrame(parent), m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    setVisible(false);
}

void MessageBar::showMessage(Severity severity, const QString &text)
{
    auto *notice = new QFrame(this);
    notice->setProperty(kTextProperty, text);
    notice->setFrameShape(QFrame::StyledPanel);
    QString sheet;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    switch (severity) {
    case Severity::Error:
        sheet = "QFrame { background: #f8d7da; border: 1px solid #e0a0a8; border-radius: 3px; }"
                "QLabel { color: #58151c; border: none; }";
        icon = QStyle::SP_MessageBoxCritical;
        break;
    case Severity::Warning:
        sheet = "QFrame { background: #fff6da; border: 1px solid #ecd9a0; border-radius: 3px; }"
                "QLabel { color: #5c4600; border: none; }";
        icon = QStyle::SP_MessageBoxWarning;
        break;
    case Severity::Info:
        sheet = "QFrame { background: #dde9f6; border: 1px solid #aac4e0; border-radius: 3px; }"
                "QLabel { color: #13325a; border: none; }";
        break;
    }
    notice->setStyleSheet(sheet);
    auto *row = new QHBoxLayout(notice);
    row->setContentsMargins(6, 2, 2, 2);
    auto *iconLabel = new QLabel(notice);
    iconLabel->setPixmap(style()->standardIcon(icon).pixmap(16, 16));
    auto *textLabel = new QLabel(text, notice);
    textLabel->setObjectName(QStringLiteral("messageText"));
    textLabel->setWordWrap(true);
    textLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton(notice);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, [this, notice]() { removeNotice(notice); });
    row->addWidget(iconLabel);
    row->addWidget(textLabel, 1);
    row->addWidget(close, 0, Qt::AlignTop);
    m_layout->addWidget(notice);

    while (m_layout->count() > kMaxVisible)
        removeNotice(m_layout->itemAt(0)->widget());
    setVisible(true);
    Q_EMIT countChanged(count());
}

void MessageBar::removeNotice(QWidget *notice)
{
    if (!notice)
        return;
    m_layout->removeWidget(notice);
    notice->hide();
    notice->deleteLater();
    setVisible(m_layout->count() > 0);
    Q_EMIT countChanged(count());
}

void MessageBar::clear()
{
    while (m_layout->count() > 0)
        removeNotice(m_layout->itemAt(0)->widget());
}

QStringList MessageBar::messages() const
{
    QStringList out;
    for (int i = 0; i < m_layout->count(); ++i)
        if (QWidget *w = m_layout->itemAt(i)->widget())
            out << w->property(kTextProperty).toString();
    return out;
}

int MessageBar::count() const
{
    return m_layout->count();
}

} // namespace mirlo
