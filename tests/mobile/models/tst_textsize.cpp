// TextSize: the tablet's own font scale unless a size is chosen in the app, kept on the tablet,
// always within 100% to 200%.

#include "models/textsize.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using doorstep::mobile::TextSize;

class TstTextSize : public QObject
{
    Q_OBJECT

private slots:
    void followsTheTabletWithinOneToTwo_data()
    {
        QTest::addColumn<double>("platform");
        QTest::addColumn<double>("scale");
        QTest::newRow("the tablet's default") << 1.0 << 1.0;
        QTest::newRow("large") << 1.3 << 1.3;
        QTest::newRow("largest the app goes") << 2.0 << 2.0;
        QTest::newRow("beyond 200%") << 2.6 << 2.0;
        QTest::newRow("smaller than ours") << 0.85 << 1.0;
    }
    void followsTheTabletWithinOneToTwo()
    {
        QFETCH(double, platform);
        QFETCH(double, scale);
        TextSize size;
        size.setPlatformScale(platform);
        QCOMPARE(size.percent(), 0);
        QCOMPARE(size.scale(), scale);
    }

    void aChosenSizeWinsAndIsKept()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("display.ini");
        {
            TextSize size;
            size.setPlatformScale(1.3);
            size.load(file);
            QSignalSpy changed(&size, &TextSize::changed);
            size.setPercent(175);
            QCOMPARE(changed.count(), 1);
            QCOMPARE(size.scale(), 1.75);
        }
        // The app started again, with the tablet's setting changed in between.
        TextSize again;
        again.setPlatformScale(1.1);
        again.load(file);
        QCOMPARE(again.percent(), 175);
        QCOMPARE(again.scale(), 1.75);
        // Back to the tablet's own size, and that is kept too.
        again.setPercent(0);
        QCOMPARE(again.scale(), 1.1);
        TextSize third;
        third.load(file);
        QCOMPARE(third.percent(), 0);
    }

    // The screenshot tour and the tests show screens at 200% without changing what the
    // person chose.
    void aPreviewIsShownButNotKept()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("display.ini");
        TextSize size;
        size.load(file);
        size.setPercent(125);
        size.setPreview(2.0);
        QCOMPARE(size.scale(), 2.0);
        size.setPreview(0);
        QCOMPARE(size.scale(), 1.25);
        size.setPreview(2.0);
        TextSize again;
        again.load(file);
        QCOMPARE(again.percent(), 125);
        QCOMPARE(again.scale(), 1.25);
    }

    void onlyTheOfferedStepsAreTaken()
    {
        TextSize size;
        size.setPercent(150);
        size.setPercent(130);
        size.setPercent(400);
        size.setPercent(-100);
        QCOMPARE(size.percent(), 150);
        QCOMPARE(size.steps(), (QList<int>{100, 125, 150, 175, 200}));
    }

    // A damaged or hand-edited file is not a reason to show tiny or huge text: the tablet's
    // own size applies.
    void aDamagedFileFollowsTheTablet()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath("display.ini");
        for (const QByteArray &content :
             {QByteArray("[text]\npercent=9999\n"), QByteArray("[text]\npercent=abc\n"),
              QByteArray("\x00\xff\xfe garbage", 12)}) {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(content);
            f.close();
            TextSize size;
            size.setPlatformScale(1.25);
            size.load(file);
            QCOMPARE(size.percent(), 0);
            QCOMPARE(size.scale(), 1.25);
        }
    }
};

QTEST_GUILESS_MAIN(TstTextSize)
#include "tst_textsize.moc"
