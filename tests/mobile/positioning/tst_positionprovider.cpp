// Positions from a recorded NMEA file through Qt's nmea plugin: the fix arrives, carries the
// recording's coordinates and accuracy, and "no fix" is explicit when there is none or it
// is too old to stand for where the officer is now.

#include "positioning/positionprovider.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using doorstep::mobile::PositionProvider;

class TestPositionProvider : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Qt Positioning hides plugins marked "Testable": false (the nmea plugin among them)
        // while QtTest is running; the file source is exactly what this test is for.
        qunsetenv("QT_QTESTLIB_RUNNING");
    }

    void fixFromTheDemoRoute()
    {
        const QString route =
            qEnvironmentVariable("DOORSTEP_SOURCE_DIR") + "/tools/demo-council/officer-route.nmea";
        QVERIFY(QFile::exists(route));
        PositionProvider positions(route);
        QVERIFY2(positions.hasSource(), "the nmea plugin did not open the file");
        // The plugin may deliver the first fix while starting; otherwise wait for it.
        if (!positions.last().isValid()) {
            QSignalSpy spy(&positions, &PositionProvider::positionChanged);
            QVERIFY(spy.wait(10000));
        }
        const auto fix = positions.current(1'800'000'000'000);
        QVERIFY(fix.has_fix());
        // 5236.0720N 00106.2040W: 52.60120, -1.10340, within the route's first few metres.
        QVERIFY(qAbs(fix.latitude() - 52.6012) < 0.001);
        QVERIFY(qAbs(fix.longitude() + 1.1034) < 0.001);
        // The fix is dated by when it arrived, on the caller's clock.
        QVERIFY(fix.fixed_at().seconds() <= 1'800'000'000);
        QVERIFY(fix.fixed_at().seconds() > 1'800'000'000 - 60);
        // A fix older than the caller accepts is no fix.
        QTest::qWait(20);
        QCOMPARE(positions.current(1'800'000'000'000, 1).has_fix(), false);
    }

    void fileWithoutFixesGivesNoFix()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("nofix.nmea"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        // Status V: the receiver has no fix.
        f.write("$GPRMC,091500.00,V,,,,,,,231126,,,N*7E\r\n");
        f.close();
        PositionProvider positions(f.fileName());
        QTest::qWait(300);
        QCOMPARE(positions.current(1'800'000'000'000).has_fix(), false);
        QVERIFY(!positions.last().isValid());
    }
};

QTEST_GUILESS_MAIN(TestPositionProvider)
#include "tst_positionprovider.moc"
