#pragma once

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

// Says a change of state aloud through the screen reader (TalkBack, Orca): an alert sent, a
// sync that failed, a form with problems. Qt 6.4's QML has no live regions. On Android the
// words go to View.announceForAccessibility; elsewhere this posts the accessibility Alert
// event (QAccessible::Alert) for the item, which AT-SPI passes on to Orca. The Android path is
// not built by this project's CI, which has no Android toolchain. What was said is kept,
// newest last, for tests and for anyone checking what a screen reader user heard.
class Announcer : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QStringList spoken READ spoken NOTIFY spokenChanged)

public:
    explicit Announcer(QObject *parent = nullptr) : QObject(parent) {}

    // Announces `text` as coming from `item` (a QQuickItem, or any object with an accessible
    // interface); nothing when `text` is empty.
    Q_INVOKABLE void say(QObject *item, const QString &text);
    QStringList spoken() const { return m_spoken; }

signals:
    void spokenChanged();

private:
    QStringList m_spoken;
};

} // namespace doorstep::mobile
