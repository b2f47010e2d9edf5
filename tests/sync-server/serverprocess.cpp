#include "serverprocess.h"

#include "testdatabase.h"

#include "doorstep/v1/sync.pb.h"

#include <QEventLoop>
#include <QFile>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

void endWithParent(QProcess &process)
{
    const pid_t parent = ::getpid();
    process.setChildProcessModifier([parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        // The parent may have died between fork and prctl.
        if (::getppid() != parent) {
            ::_exit(1);
        }
    });
}

ServerProcess::ServerProcess(QString dataDir)
    : ServerProcess(std::move(dataDir), QString::fromStdString(newTestDatabase()))
{}

ServerProcess::ServerProcess(QString dataDir, QString postgresStore)
    : m_dataDir(std::move(dataDir)), m_store(std::move(postgresStore))
{
    endWithParent(m_serve);
}

ServerProcess::~ServerProcess()
{
    if (m_serve.state() != QProcess::NotRunning) {
        m_serve.terminate();
        if (!m_serve.waitForFinished(10000)) {
            m_serve.kill();
            m_serve.waitForFinished(5000);
        }
    }
}

QString ServerProcess::binary()
{
    return QStringLiteral(DOORSTEP_SERVER_BINARY);
}

ServerProcess::Run ServerProcess::admin(QStringList args) const
{
    args << QStringLiteral("--data") << m_dataDir;
    if (!m_store.isEmpty()) {
        args << QStringLiteral("--store") << m_store;
    }
    QProcess p;
    endWithParent(p);
    p.start(binary(), args);
    Run run;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return run;
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = QString::fromUtf8(p.readAllStandardOutput());
    run.err = QString::fromUtf8(p.readAllStandardError());
    return run;
}

bool ServerProcess::start(const QStringList &extra)
{
    return launch(QStringList{QStringLiteral("--insecure-loopback")} + extra);
}

bool ServerProcess::startTls(const QString &cert, const QString &key, const QStringList &extra)
{
    return launch(QStringList{QStringLiteral("--cert"), cert, QStringLiteral("--key"), key} +
                  extra);
}

bool ServerProcess::launch(const QStringList &extra)
{
    QStringList args{
        QStringLiteral("serve"),  QStringLiteral("--data"), m_dataDir,
        QStringLiteral("--port"), QStringLiteral("0"),      QStringLiteral("--threads"),
        QStringLiteral("2")};
    if (!m_store.isEmpty()) {
        args << QStringLiteral("--store") << m_store;
    }
    args << extra;
    m_serve.setProcessChannelMode(QProcess::SeparateChannels);
    if (!m_logFile.isEmpty()) {
        m_serve.setStandardErrorFile(m_logFile, QIODevice::Truncate);
    }
    m_serve.start(binary(), args);
    if (!m_serve.waitForStarted(10000)) {
        return false;
    }
    static const QRegularExpression listening(QStringLiteral("listening on https?://[^:]+:(\\d+)"));
    QByteArray out;
    while (m_serve.waitForReadyRead(20000)) {
        out += m_serve.readAllStandardOutput();
        const auto m = listening.match(QString::fromUtf8(out));
        if (m.hasMatch()) {
            m_port = static_cast<quint16>(m.captured(1).toUInt());
            return true;
        }
    }
    return false;
}

void ServerProcess::kill()
{
    if (m_serve.state() != QProcess::NotRunning) {
        ::kill(static_cast<pid_t>(m_serve.processId()), SIGKILL);
        m_serve.waitForFinished(10000);
    }
}

QByteArray ServerProcess::log()
{
    if (m_logFile.isEmpty()) {
        return m_serve.readAllStandardError();
    }
    QFile file(m_logFile);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QNetworkReply *TestClient::postAsync(const QString &path, const QByteArray &body,
                                     const QByteArray &contentType, const Headers &headers)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name, value);
    }
    return m_nam.post(request, body);
}

TestClient::Reply TestClient::wait(QNetworkReply *reply)
{
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    r.networkError = reply->error();
    reply->deleteLater();
    return r;
}

TestClient::Reply TestClient::post(const QString &path, const QByteArray &body,
                                   const QByteArray &contentType, const Headers &headers)
{
    return wait(postAsync(path, body, contentType, headers));
}

TestClient::Reply TestClient::get(const QString &path)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
    return wait(m_nam.get(request));
}

TestClient::Reply TestClient::call(const QString &path, const google::protobuf::Message &m,
                                   const QByteArray &token)
{
    const std::string bytes = m.SerializeAsString();
    Headers headers;
    if (!token.isEmpty()) {
        headers.append({"Authorization", "Bearer " + token});
    }
    return post(path, QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())),
                "application/x-protobuf", headers);
}

EnrolledDevice enrolDevice(const ServerProcess &server, TestClient &client, const QString &user)
{
    const auto code = server.admin({QStringLiteral("device"), QStringLiteral("enrol-code"), user});
    if (code.exitCode != 0) {
        return {};
    }
    doorstep::v1::EnrolRequest request;
    request.set_enrolment_code(code.out.trimmed().toStdString());
    request.set_device_label("test tablet");
    const auto reply = client.call(QStringLiteral("/v1/enrol"), request);
    if (reply.status != 200) {
        return {};
    }
    const auto response = parseAs<doorstep::v1::EnrolResponse>(reply.body);
    return {QByteArray::fromStdString(response.device().id()),
            QByteArray::fromStdString(response.device_secret()),
            QByteArray::fromStdString(response.access_token().token())};
}
