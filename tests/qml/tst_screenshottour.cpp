// The app's own screenshot tour (doorstep --screenshots) for each of the three roles, against a
// real doorstep-server with the demo council: each run enrols, syncs, renders its role's screens
// in landscape, portrait and portrait at 200% text, and exits 0 with no QML warning. The files
// go to DOORSTEP_SCREENSHOT_DIR (scripts/screenshots points it at docs/screenshots), where
// screenshot_names then checks every name the README and docs/ use.

#include "democouncil.h"

#include <QDateTime>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestScreenshotTour : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_out = qEnvironmentVariable("DOORSTEP_SCREENSHOT_DIR", m_dir.filePath("shots"));
        QVERIFY(QDir().mkpath(m_out));
        m_server = std::make_unique<ServerProcess>(m_dir.filePath("server"));
        const auto demo = loadDemoCouncil(*m_server, QDateTime::currentMSecsSinceEpoch());
        QVERIFY2(demo.exitCode == 0, qPrintable(demo.err));
        QVERIFY2(m_server->start(), m_server->log().constData());
    }

    void eachRoleRendersItsScreens_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("screens");
        QTest::newRow("officer") << "demo.officer"
                                 << QStringList{"01-today",
                                                "02-case",
                                                "03-search",
                                                "04-visit-check-in",
                                                "05-visit-consent",
                                                "06-visit-checklist",
                                                "07-today-after-check-in",
                                                "08-locked",
                                                "09-locked-alert-sent"};
        QTest::newRow("coordinator")
            << "demo.coordinator"
            << QStringList{"20-coordinator-inbox", "21-coordinator-board",
                           "23-coordinator-workload", "24-coordinator-kpis"};
        QTest::newRow("ward member")
            << "demo.councillor"
            << QStringList{"30-ward-member-referrals", "31-ward-member-new-referral"};
    }

    void eachRoleRendersItsScreens()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, screens);
        const auto code = m_server->admin({"device", "enrol-code", user});
        QVERIFY2(code.exitCode == 0, qPrintable(code.err));
        QProcess app;
        app.setProcessChannelMode(QProcess::MergedChannels);
        app.start(QStringLiteral(DOORSTEP_APP),
                  {"--server", QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()),
                   "--enrol-code", code.out.trimmed(), "--demo-pin", "482916", "--data",
                   m_dir.filePath("app-" + user), "--nmea", QStringLiteral(DOORSTEP_DEMO_ROUTE),
                   "--screenshots", m_out});
        if (!app.waitForFinished(240000)) {
            app.kill();
            app.waitForFinished(5000);
            QFAIL(qPrintable("the tour did not finish in 240 s: " + app.readAll()));
        }
        const QString said = QString::fromUtf8(app.readAll());
        QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0, qPrintable(said));
        for (const QString &screen : screens) {
            for (const char *variant : {"landscape", "portrait", "portrait-text-200"}) {
                const QString file = QStringLiteral("%1/%2-%3.png").arg(m_out, screen, variant);
                QVERIFY2(QImage(file).width() > 0,
                         qPrintable("not rendered: " + file + "\n" + said));
            }
        }
    }

private:
    QTemporaryDir m_dir;
    QString m_out;
    std::unique_ptr<ServerProcess> m_server;
};

QTEST_GUILESS_MAIN(TestScreenshotTour)
#include "tst_screenshottour.moc"
