#pragma once

// Counts the warnings a QML engine reports (binding errors, TypeErrors, failed conversions), so
// that the screenshot run and the Qt Quick tests can fail on them: a QML warning is a bug. The
// engine still prints each one as before.

#include <QList>
#include <QObject>
#include <QQmlEngine>
#include <QQmlError>
#include <QStringList>

namespace doorstep::mobile {

class QmlWarnings
{
public:
    // Counts the engine's warnings from now on; the counter must outlive the engine's use.
    void watch(QQmlEngine *engine)
    {
        QObject::connect(engine, &QQmlEngine::warnings, engine,
                         [this](const QList<QQmlError> &warnings) {
                             for (const QQmlError &w : warnings) {
                                 m_messages.append(w.toString());
                             }
                         });
    }
    int count() const { return static_cast<int>(m_messages.size()); }
    const QStringList &messages() const { return m_messages; }

private:
    QStringList m_messages;
};

} // namespace doorstep::mobile
