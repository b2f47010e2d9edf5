#include "pgcluster.h"

#include <libpq-fe.h>

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <cstdio>

#include <sys/resource.h>

namespace {

// A port nothing listens on now, for a server that must keep it across restarts.
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// The most descriptors this process (and so HAProxy, its child) may open.
rlim_t openFileLimit()
{
    rlimit files{};
    return getrlimit(RLIMIT_NOFILE, &files) == 0 ? files.rlim_max : 1024;
}

bool answers(quint16 port)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(1000)) {
        return false;
    }
    s.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    while (s.waitForReadyRead(2000)) {
        answer += s.readAll();
    }
    return answer.startsWith("HTTP/1.1 200");
}

} // namespace

PgCluster::PgCluster(QString dir, int servers, bool durable)
    : m_dir(std::move(dir)), m_durable(durable), m_servers(static_cast<std::size_t>(servers)),
      m_ports(static_cast<std::size_t>(servers))
{
    endWithParent(m_haproxy);
    endWithParent(m_restart);
}

PgCluster::~PgCluster()
{
    if (m_haproxy.state() != QProcess::NotRunning) {
        m_haproxy.kill();
        m_haproxy.waitForFinished(5000);
    }
    m_restart.waitForFinished(60000);
    m_servers.clear();
    if (m_guard.state() != QProcess::NotRunning) {
        m_guard.closeWriteChannel(); // the guard stops PostgreSQL
        if (!m_guard.waitForFinished(90000)) {
            std::fprintf(stderr, "pgcluster: PostgreSQL did not stop within 90 s\n");
        }
    } else {
        pg({"down", m_dir + "/pg"});
    }
}

bool PgCluster::pg(const QStringList &args, QString *out)
{
    QProcess p;
    endWithParent(p);
    p.start("bash", QStringList{QStringLiteral(DOORSTEP_SOURCE_DIR_PATH "/scripts/pg")} + args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "pgcluster: scripts/pg %s failed: %s\n", qPrintable(args.join(' ')),
                     p.readAllStandardError().constData());
        return false;
    }
    if (out) {
        *out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }
    return true;
}

bool PgCluster::startDatabase()
{
    // Run as root, PostgreSQL runs as the postgres user, who must reach DIR: the private
    // temporary directories it sits in (QTemporaryDir makes them 0700) are opened to search.
    const QString temp = QDir::tempPath();
    for (QDir d(m_dir); d.absolutePath().startsWith(temp + "/"); d.cdUp()) {
        QFile::setPermissions(d.absolutePath(), QFile::permissions(d.absolutePath()) |
                                                    QFile::ExeOther | QFile::ExeGroup |
                                                    QFile::ReadOther | QFile::ReadGroup);
    }
    // Not ended with this process (it must outlive it to act): it ends when its input does.
    // In a session of its own and deaf to INT, TERM and HUP, so that Ctrl-C or a timeout that
    // signals the harness's whole process group does not end the guard before PostgreSQL; its
    // output to a file, not to a pipe nobody reads any more.
    m_guard.setStandardOutputFile(m_dir + "/pg-guard.log");
    m_guard.setStandardErrorFile(m_dir + "/pg-guard.log", QIODevice::Append);
    m_guard.start("setsid",
                  {"bash", "-c",
                   "trap '' INT TERM HUP; cat >/dev/null; exec bash \"$0\" down \"$1\"",
                   QStringLiteral(DOORSTEP_SOURCE_DIR_PATH "/scripts/pg"), m_dir + "/pg"});
    if (!m_guard.waitForStarted(10000)) {
        std::fprintf(stderr, "pgcluster: the guard that stops PostgreSQL did not start\n");
        return false;
    }
    if (!resumeDatabase() || !pg({"createdb", m_dir + "/pg", "doorstep"}) ||
        !pg({"url", m_dir + "/pg", "doorstep"}, &m_url)) {
        return false;
    }
    for (int i = 0; i < servers(); ++i) {
        m_servers[static_cast<std::size_t>(i)] =
            std::make_unique<ServerProcess>(m_dir + "/server-" + QString::number(i), m_url);
        m_ports[static_cast<std::size_t>(i)] = freePort();
    }
    return true;
}

bool PgCluster::startServer(int i, const QStringList &extra)
{
    return server(i).start(QStringList{"--port", QString::number(serverPort(i))} + extra);
}

qint64 PgCluster::databasePid() const
{
    QFile pid(m_dir + "/pg/data/postmaster.pid");
    return pid.open(QIODevice::ReadOnly) ? pid.readLine().trimmed().toLongLong() : 0;
}

bool PgCluster::startBalancer()
{
    m_frontPort = freePort();
    // HAProxy's configuration has one home, packaging/haproxy/doorstep.cfg.in.
    QFile in(QStringLiteral(DOORSTEP_SOURCE_DIR_PATH "/packaging/haproxy/doorstep.cfg.in"));
    QFile cfg(m_dir + "/haproxy.cfg");
    if (!in.open(QIODevice::ReadOnly) || !cfg.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "pgcluster: cannot write %s from %s\n", qPrintable(cfg.fileName()),
                     qPrintable(in.fileName()));
        return false;
    }
    const rlim_t limit = openFileLimit();
    QString servers;
    for (int i = 0; i < this->servers(); ++i) {
        servers += QStringLiteral("    server s%1 127.0.0.1:%2 check inter 500ms fall 1 rise 1\n")
                       .arg(i)
                       .arg(serverPort(i));
    }
    QString text = QString::fromUtf8(in.readAll());
    text.replace("@PORT@", QString::number(m_frontPort))
        .replace("@MAXCONN@", QString::number(limit > 200 ? (limit - 100) / 2 : 50))
        .replace("@ULIMIT@", QString::number(limit))
        .replace("@SERVERS@\n", servers);
    cfg.write(text.toUtf8());
    cfg.close();
    // Its word on each server going down and up is kept beside the cluster, not printed.
    m_haproxy.setStandardOutputFile(m_dir + "/haproxy.log");
    m_haproxy.setStandardErrorFile(m_dir + "/haproxy.log", QIODevice::Append);
    m_haproxy.start("haproxy", {"-db", "-f", m_dir + "/haproxy.cfg"});
    if (!m_haproxy.waitForStarted(10000)) {
        std::fprintf(stderr, "pgcluster: HAProxy did not start (install haproxy)\n");
        return false;
    }
    for (int tries = 0; tries < 100; ++tries) {
        if (answers(m_frontPort)) {
            return true;
        }
        QThread::msleep(100);
    }
    std::fprintf(stderr, "pgcluster: HAProxy did not answer on port %u within 10 s\n", m_frontPort);
    return false;
}

bool PgCluster::stopDatabase()
{
    return pg({"stop", m_dir + "/pg"});
}

bool PgCluster::resumeDatabase()
{
    QStringList start{"start", m_dir + "/pg"};
    if (m_durable) {
        start << "--durable";
    }
    return pg(start);
}

int PgCluster::terminateBackends()
{
    PGconn *c = PQconnectdb(m_url.toUtf8().constData());
    int ended = 0;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        if (PQresultStatus(r) == PGRES_TUPLES_OK) {
            ended = QByteArray(PQgetvalue(r, 0, 0)).toInt();
        }
        PQclear(r);
    }
    PQfinish(c);
    return ended;
}

void PgCluster::beginRestart()
{
    m_restart.start(
        "bash", {QStringLiteral(DOORSTEP_SOURCE_DIR_PATH "/scripts/pg"), "restart", m_dir + "/pg"});
}

bool PgCluster::waitRestarted()
{
    if (m_restart.state() == QProcess::NotRunning && m_restart.exitCode() == 0) {
        return true;
    }
    if (!m_restart.waitForFinished(120000)) {
        std::fprintf(stderr, "pgcluster: PostgreSQL did not restart within 120 s\n");
        return false;
    }
    return m_restart.exitStatus() == QProcess::NormalExit && m_restart.exitCode() == 0;
}
