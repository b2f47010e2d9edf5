// The screenshot run and the Qt Quick tests fail on QML warnings (mobile/app/qmlwarnings.h):
// this checks that a binding error in real QML is counted, and what QML's libraries print
// themselves, and that plain logging is not.

#include "qmlwarnings.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QtTest>

using doorstep::mobile::QmlWarnings;

class TestQmlWarnings : public QObject
{
    Q_OBJECT

private slots:
    void aBindingErrorIsCounted()
    {
        QQmlEngine engine;
        QmlWarnings counted;
        counted.watch(&engine);
        qWarning("a C++ warning is not QML's");
        QCOMPARE(counted.count(), 0);
        QQmlComponent component(&engine);
        // The bug BoardCard.qml had: formatting a time that is not there.
        component.setData("import QtQml\n"
                          "QtObject {\n"
                          "    property var row: ({})\n"
                          "    property string text: row.acknowledgedAt.toString()\n"
                          "}\n",
                          QUrl("qrc:/tst/Broken.qml"));
        std::unique_ptr<QObject> object(component.create());
        QVERIFY(object);
        QTRY_COMPARE(counted.count(), 1);
        QVERIFY2(counted.messages().last().contains("TypeError"),
                 qPrintable(counted.messages().last()));
    }

    // What the engine does not report: a view that cannot make a component says so itself.
    void aComponentThatIsNotReadyIsCounted()
    {
        QQmlEngine engine;
        QmlWarnings counted;
        counted.watch(&engine);
        counted.watchMessages();
        qWarning("a C++ warning is not QML's");
        QCOMPARE(counted.count(), 0);
        QQmlComponent component(&engine);
        component.setData("import QtQml\nQtObject { property int x: }\n", QUrl("qrc:/tst/Bad.qml"));
        QVERIFY(component.isError());
        QTest::ignoreMessage(QtWarningMsg, "QQmlComponent: Component is not ready");
        QVERIFY(!component.create());
        QCOMPARE(counted.count(), 1);
        QVERIFY2(counted.messages().last().contains("not ready"),
                 qPrintable(counted.messages().last()));
    }
};

QTEST_GUILESS_MAIN(TestQmlWarnings)
#include "tst_qmlwarnings.moc"
