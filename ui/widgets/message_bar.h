#pragma once
// A stack of dismissable, non-modal notices shown above the views: errors
// (red), warnings (amber, less prominent) and information. Each notice has
// its own close button; the app keeps working while they are shown. Only
// the newest kMaxVisible notices are kept so a batch of broken files cannot
// push the views off screen.
#include <QFrame>
#include <QStringList>

class QVBoxLayout;

namespace mirlo {

class MessageBar : public QFrame {
    Q_OBJECT
public:
    enum class Severity { Info, Warning, Error };
    static constexpr int kMaxVisible = 4;

    explicit MessageBar(QWidget *parent = nullptr);

    void showMessage(Severity severity, const QString &text);
    void clear();
    QStringList messages() const; // texts of the visible notices, oldest first
    int count() const;

Q_SIGNALS:
    void countChanged(int count);

private:
    void removeNotice(QWidget *notice);
    QVBoxLayout *m_layout;
};

} // namespace mirlo
