#pragma once

// Runs the real doorstep-server binary for a test: admin subcommands, and `serve` on
// 127.0.0.1 with --insecure-loopback and --port 0, in the test's own data directory, or in a
// PostgreSQL database of its own when the test runs under the `postgres` label
// (testdatabase.h).

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <google/protobuf/message.h>

// The child is killed when the test, bench or harness that started it dies, however it dies
// (a failed check that exits at once, SIGKILL, a crash): Linux's PR_SET_PDEATHSIG, set in the
// child between fork and exec. Call before start().
void endWithParent(QProcess &process);

class ServerProcess
{
public:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    explicit ServerProcess(QString dataDir);
    // On this store: a PostgreSQL URI, or empty for the SQLite store in dataDir.
    ServerProcess(QString dataDir, QString postgresStore);
    ~ServerProcess();

    static QString binary();
    // Runs `doorstep-server <args> --data DIR` to completion.
    Run admin(QStringList args) const;
    // Starts `serve` (plain HTTP on loopback); returns once the server printed its port.
    bool start(const QStringList &extra = {});
    // Starts `serve` with TLS from the given PEM files.
    bool startTls(const QString &cert, const QString &key, const QStringList &extra = {});
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_serve.processId(); }
    void kill();
    // The environment of `serve` from the next start on.
    void setEnvironment(const QProcessEnvironment &environment)
    {
        m_serve.setProcessEnvironment(environment);
    }
    QString dataDir() const { return m_dataDir; }
    // The PostgreSQL database every command uses, or empty on the SQLite store in dataDir().
    QString postgresStore() const { return m_store; }
    // From the next start on, the server's log (one line per request) goes to this file,
    // emptied at each start, instead of being held in memory; for long, busy runs.
    void setLogFile(const QString &path) { m_logFile = path; }
    // What the server logged since it last started.
    QByteArray log();

private:
    bool launch(const QStringList &args);

    QString m_dataDir;
    QString m_store;
    QProcess m_serve;
    quint16 m_port = 0;
    QString m_logFile;
};

// A blocking-by-signal HTTP client for tests.
class TestClient
{
public:
    struct Reply
    {
        int status = 0;
        QByteArray body;
        QByteArray contentType;
        int networkError = 0;
    };
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit TestClient(quint16 port) : m_port(port) {}

    QNetworkReply *postAsync(const QString &path, const QByteArray &body,
                             const QByteArray &contentType, const Headers &headers = {});
    static Reply wait(QNetworkReply *reply);
    Reply post(const QString &path, const QByteArray &body,
               const QByteArray &contentType = "application/x-protobuf",
               const Headers &headers = {});
    Reply get(const QString &path);
    // POSTs a protobuf message with a bearer token (when not empty).
    Reply call(const QString &path, const google::protobuf::Message &m,
               const QByteArray &token = {});
    QNetworkAccessManager &nam() { return m_nam; }

private:
    quint16 m_port;
    QNetworkAccessManager m_nam;
};

// An enrolled device: what the app keeps after POST /v1/enrol.
struct EnrolledDevice
{
    QByteArray deviceId;
    QByteArray secret;
    QByteArray token;
};

// Issues a code with the admin CLI and enrols with it. Empty deviceId on failure.
EnrolledDevice enrolDevice(const ServerProcess &server, TestClient &client, const QString &user);

template <typename M> M parseAs(const QByteArray &bytes)
{
    M m;
    m.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size()));
    return m;
}
