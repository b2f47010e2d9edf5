// Qt Quick Test entry point: the officer UI against a real doorstep-server with the demo
// council. The rig (see testrig.h) is `rig` in every test file.

#include "testrig.h"

#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QtPlugin>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(Doorstep_CorePlugin)
Q_IMPORT_QML_PLUGIN(DoorstepPlugin)

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
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        engine->rootContext()->setContextProperty(QStringLiteral("rig"), &m_rig);
    }

private:
    TestRig m_rig;
};

QUICK_TEST_MAIN_WITH_SETUP(officer_ui, Setup)

#include "tst_officer_ui.moc"
