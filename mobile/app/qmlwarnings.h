#pragma once

// Counts the warnings a QML engine reports (binding errors, TypeErrors, failed conversions), so
// that the screenshot run and the Qt Quick tests can fail on them: a QML warning is a bug. The
// engine still prints each one as before.

#include <QLatin1StringView>
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
    // Also counts what Qt's QML and Quick libraries print themselves rather than report to the
    // engine ("QQmlComponent: Component is not ready", when a view cannot make a delegate), by
    // a message handler that passes every message on to the one before it. One watcher at a
    // time; it stops when this counter is destroyed.
    void watchMessages()
    {
        s_watcher = this;
        s_previous = qInstallMessageHandler(&QmlWarnings::handle);
    }

    ~QmlWarnings()
    {
        if (s_watcher == this) {
            qInstallMessageHandler(s_previous);
            s_watcher = nullptr;
        }
    }

    int count() const { return static_cast<int>(m_messages.size()); }
    const QStringList &messages() const { return m_messages; }

private:
    static bool fromQml(const QMessageLogContext &context, const QString &message)
    {
        const QLatin1StringView category(context.category ? context.category : "");
        return message.startsWith(QLatin1StringView("QQml")) ||
               category.startsWith(QLatin1StringView("qt.qml")) ||
               category == QLatin1StringView("qml") || category == QLatin1StringView("js");
    }

    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (s_watcher && (type == QtWarningMsg || type == QtCriticalMsg) &&
            fromQml(context, message)) {
            s_watcher->m_messages.append(message);
        }
        if (s_previous) {
            s_previous(type, context, message);
        }
    }

    static inline QmlWarnings *s_watcher = nullptr;
    static inline QtMessageHandler s_previous = nullptr;
    QStringList m_messages;
};

} // namespace doorstep::mobile
