// A failed or killed harness or bench ends every process it started: each child is started
// with PR_SET_PDEATHSIG (endWithParent in serverprocess.h), so even SIGKILL, which no handler
// sees, takes the children with it. This starts the real fault harness and the real bench,
// waits until they have children at work, kills them, and checks that nothing is left. A
// PostgreSQL the harness started is not its child (pg_ctl detaches it): a guard ends it.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <set>

namespace {

// The children of `parent`, read from /proc; zombies are already dead and are left out.
std::set<qint64> childrenOf(qint64 parent)
{
    std::set<qint64> out;
    for (const QString &entry : QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool number = false;
        const qint64 pid = entry.toLongLong(&number);
        if (!number) {
            continue;
        }
        QFile stat("/proc/" + entry + "/stat");
        if (!stat.open(QIODevice::ReadOnly)) {
            continue;
        }
        // "pid (comm) state ppid ...": the command may hold spaces, so read after the ')'.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> rest = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (rest.size() > 1 && rest[0] != "Z" && rest[1].toLongLong() == parent) {
            out.insert(pid);
        }
    }
    return out;
}

QString commandLine(qint64 pid)
{
    QFile cmd("/proc/" + QString::number(pid) + "/cmdline");
    if (!cmd.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QString::fromUtf8(cmd.readAll()).replace(QChar('\0'), QChar(' '));
}

// Every process whose command line names `path`: a PostgreSQL whose data directory is there.
std::set<qint64> usingPath(const QString &path)
{
    std::set<qint64> out;
    for (const QString &entry : QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool number = false;
        const qint64 pid = entry.toLongLong(&number);
        if (number && commandLine(pid).contains(path)) {
            out.insert(pid);
        }
    }
    return out;
}

bool alive(qint64 pid)
{
    QFile stat("/proc/" + QString::number(pid) + "/stat");
    if (!stat.open(QIODevice::ReadOnly)) {
        return false;
    }
    const QByteArray line = stat.readAll();
    return line.mid(line.lastIndexOf(')') + 2, 1) != "Z";
}

} // namespace

class TestChildCleanup : public QObject
{
    Q_OBJECT

private slots:
    void killedRunsLeaveNoChildren_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("arguments");
        // The long-lived children to wait for, by a word of their command lines.
        QTest::addColumn<QStringList>("childrenWanted");
        // The harness runs the server and a fault agent (an app core) at once.
        QTest::newRow("fault harness") << QStringLiteral(DOORSTEP_FAULT_HARNESS)
                                       << QStringList{"--seed", "7", "--trials", "100000"}
                                       << QStringList{"serve", "faultagent"};
        // On PostgreSQL: two servers, HAProxy, and PostgreSQL, which pg_ctl detaches from the
        // harness, so no death signal reaches it (checked by its data directory, below).
        QTest::newRow("fault harness on PostgreSQL")
            << QStringLiteral(DOORSTEP_FAULT_HARNESS)
            << QStringList{"--store", "postgres", "--seed", "7", "--trials", "100000"}
            << QStringList{"serve", "haproxy"};
        if (QFile::exists(QStringLiteral(DOORSTEP_BENCH))) {
            QTest::newRow("bench")
                << QStringLiteral(DOORSTEP_BENCH)
                << QStringList{"--small", "--json", "bench-killed.json"} << QStringList{"serve"};
        }
    }

    void killedRunsLeaveNoChildren()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, childrenWanted);
        // Its temporary files, and so any PostgreSQL it starts, in a directory of this test's.
        QTemporaryDir temp;
        QVERIFY(temp.isValid());
        QFile::setPermissions(temp.path(), QFile::permissions(temp.path()) | QFile::ExeOther);
        QProcess run;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("TMPDIR", temp.path());
        run.setProcessEnvironment(env);
        run.setProcessChannelMode(QProcess::ForwardedChannels);
        run.start(program, arguments);
        QVERIFY2(run.waitForStarted(10000), qPrintable(program + " did not start"));
        const qint64 pid = run.processId();

        // Waits until every wanted child runs at the same moment.
        std::set<qint64> children;
        QStringList missing = childrenWanted;
        QElapsedTimer waited;
        waited.start();
        while (!missing.isEmpty() && waited.elapsed() < 120000 &&
               run.state() == QProcess::Running) {
            children = childrenOf(pid);
            missing = childrenWanted;
            for (qint64 child : children) {
                const QString cmd = commandLine(child);
                missing.erase(std::remove_if(missing.begin(), missing.end(),
                                             [&](const QString &w) { return cmd.contains(w); }),
                              missing.end());
            }
            QThread::msleep(50);
        }
        QVERIFY2(
            missing.isEmpty(),
            qPrintable(
                QString("%1 did not run %2 within 120 s").arg(program, missing.join(" and "))));

        const std::set<qint64> database = usingPath(temp.path());
        if (arguments.contains("postgres")) {
            QVERIFY2(!database.empty(), "no PostgreSQL found running in the harness's directory");
        }
        ::kill(static_cast<pid_t>(pid), SIGKILL);
        QVERIFY(run.waitForFinished(10000));
        QElapsedTimer gone;
        gone.start();
        std::set<qint64> left = children;
        left.insert(database.begin(), database.end());
        while (!left.empty() && gone.elapsed() < 10000) {
            for (auto it = left.begin(); it != left.end();) {
                it = alive(*it) ? std::next(it) : left.erase(it);
            }
            QThread::msleep(20);
        }
        QStringList names;
        for (qint64 child : left) {
            names << QString::number(child) + " " + commandLine(child);
            ::kill(static_cast<pid_t>(child), SIGKILL); // leave the machine clean either way
        }
        QVERIFY2(left.empty(),
                 qPrintable("still running 10 s after the kill: " + names.join("; ")));
    }
};

QTEST_GUILESS_MAIN(TestChildCleanup)
#include "tst_childcleanup.moc"
