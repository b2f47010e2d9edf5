// The app on a machine with no display: --help and the screen-rendering modes run on the
// offscreen platform by themselves; anything else says plainly that it needs a display,
// instead of aborting in the xcb plugin.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run
{
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QString out;
    QString err;
};

// The app with no display of any kind and no platform chosen.
Run runHeadless(const QStringList &args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        env.remove(name);
    }
    QProcess app;
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(DOORSTEP_APP), args);
    Run r;
    if (!app.waitForFinished(30000)) {
        app.kill();
        app.waitForFinished(5000);
        r.err = QStringLiteral("did not finish in 30 s");
        return r;
    }
    r.exitCode = app.exitCode();
    r.status = app.exitStatus();
    r.out = QString::fromUtf8(app.readAllStandardOutput());
    r.err = QString::fromUtf8(app.readAllStandardError());
    return r;
}

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

private slots:
    void helpRunsWithoutADisplay()
    {
        const Run r = runHeadless({"--help"});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("--screenshots"), qPrintable(r.out + r.err));
    }

    void theAppSaysItNeedsADisplay()
    {
        QTemporaryDir dir;
        const Run r = runHeadless({"--data", dir.path()});
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("needs a display"), qPrintable(r.err));
        QVERIFY2(r.err.contains("--screenshots"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
