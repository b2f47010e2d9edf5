// Qt Quick Test entry point: the officer UI against a real doorstep-server with the demo
// council. The rig (see testrig.h) is `rig` in every test file.

#include "qmlwarnings.h"
#include "testrig.h"

#include <cstdio>

#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QtPlugin>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(Doorstep_CorePlugin)
Q_IMPORT_QML_PLUGIN(DoorstepPlugin)

// Every engine's QML warnings, for main() to fail on.
doorstep::mobile::QmlWarnings &warnings()
{
    static doorstep::mobile::QmlWarnings all;
    return all;
}

class Setup : public QObject
{
    Q_OBJECT

public slots:
    void applicationAvailable()
    {
        QQuickStyle::setStyle(QStringLiteral("Material"));
        // Qt Positioning hides plugins marked "Testable": false (the nmea plugin the demo
        // route plays through) while QtTest is running.
        qunsetenv("QT_QTESTLIB_RUNNING");
        QString error;
        if (!m_rig.start(&error)) {
            qFatal("%s", qPrintable(error));
        }
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // QtTest has set QT_QTESTLIB_RUNNING again by now; see applicationAvailable().
        qunsetenv("QT_QTESTLIB_RUNNING");
        // A QML warning is a bug: the suite fails on any, even when every test passed.
        warnings().watch(engine);
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        engine->rootContext()->setContextProperty(QStringLiteral("rig"), &m_rig);
    }

private:
    TestRig m_rig;
};

int main(int argc, char **argv)
{
    QTEST_SET_MAIN_SOURCE_PATH
    Setup setup;
    const int failed =
        quick_test_main_with_setup(argc, argv, "officer_ui", QUICK_TEST_SOURCE_DIR, &setup);
    const QStringList seen = warnings().messages();
    if (!seen.isEmpty()) {
        std::fprintf(stderr, "FAIL: %lld QML warnings, the first ones:\n",
                     static_cast<long long>(seen.size()));
        for (const QString &w : seen.mid(0, 10)) {
            std::fprintf(stderr, "  %s\n", qPrintable(w));
        }
        return failed ? failed : 1;
    }
    return failed;
}

#include "tst_officer_ui.moc"
