#include "faultproxy.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace {

constexpr QByteArrayView requestStart = "POST /v1/";

// The path of the request line at `at`: "POST <path> HTTP/1.1".
QByteArray pathAt(const QByteArray &data, qsizetype at)
{
    const qsizetype start = at + 5;
    const qsizetype end = data.indexOf(' ', start);
    return end < 0 ? data.mid(start) : data.mid(start, end - start);
}

} // namespace

// One client connection and its own connection to the server.
class ProxyLink : public QObject
{
public:
    ProxyLink(FaultProxy &proxy, QTcpSocket *client)
        : QObject(&proxy), m_proxy(proxy), m_client(client)
    {
        client->setParent(this);
        connect(client, &QTcpSocket::readyRead, this, &ProxyLink::fromClient);
        connect(client, &QTcpSocket::disconnected, this, [this] { finish(false); });
        connect(&m_upstream, &QTcpSocket::connected, this, [this] {
            m_upstream.write(m_waiting);
            m_waiting.clear();
        });
        connect(&m_upstream, &QTcpSocket::readyRead, this, &ProxyLink::fromUpstream);
        connect(&m_upstream, &QTcpSocket::disconnected, this, [this] { finish(false); });
        connect(&m_upstream, &QTcpSocket::errorOccurred, this, [this] {
            if (m_upstream.error() != QAbstractSocket::RemoteHostClosedError) {
                finish(true);
            }
        });
        m_upstream.connectToHost(QHostAddress::LocalHost, proxy.m_upstream);
        fromClient();
    }

private:
    void toUpstream(const QByteArray &bytes)
    {
        if (m_upstream.state() == QAbstractSocket::ConnectedState) {
            m_upstream.write(bytes);
        } else {
            m_waiting += bytes;
        }
    }

    void fromClient()
    {
        if (m_done) {
            return;
        }
        const QByteArray data = m_client->readAll();
        if (data.isEmpty()) {
            return;
        }
        m_proxy.m_bytesUp += data.size();
        const qsizetype at = data.indexOf(requestStart);
        if (at < 0) {
            if (m_inRequest) {
                m_request += data;
            }
            toUpstream(data);
            return;
        }
        m_inRequest = true;
        m_request = data.mid(at);
        m_path = pathAt(data, at);
        m_fault = FaultProxy::Fault::None;
        if (m_proxy.m_armed != FaultProxy::Fault::None && m_path.startsWith(m_proxy.m_armedPath)) {
            m_fault = m_proxy.m_armed;
            m_bytes = m_proxy.m_armedBytes;
            m_proxy.m_armed = FaultProxy::Fault::None;
            // A response cut counts once it cuts: the response may be shorter than asked.
            if (m_fault != FaultProxy::Fault::CutResponse &&
                m_fault != FaultProxy::Fault::DamageResponse) {
                ++m_proxy.m_struck;
            }
        }
        emit m_proxy.requestStarted(m_path);
        if (m_fault == FaultProxy::Fault::CutRequest) {
            // Part of the request, never all of it, then a reset.
            const qsizetype keep = m_bytes % (data.size() - at);
            toUpstream(data.left(at + keep));
            m_upstream.flush();
            finish(true);
            return;
        }
        m_responseSeen = 0;
        m_head.clear();
        m_bodyStart = -1;
        toUpstream(data);
    }

    void fromUpstream()
    {
        if (m_done) {
            return;
        }
        QByteArray data = m_upstream.readAll();
        m_proxy.m_bytesDown += data.size();
        if (m_inRequest) {
            // The answer has started, so the server read the whole request.
            m_inRequest = false;
            m_proxy.m_history.append({m_path, m_request});
            if (m_fault == FaultProxy::Fault::Duplicate) {
                m_fault = FaultProxy::Fault::None;
                m_proxy.replay(m_request);
            }
        }
        if (m_fault == FaultProxy::Fault::CutResponse) {
            if (m_responseSeen + data.size() >= m_bytes) {
                m_client->write(data.left(qMax<qsizetype>(0, m_bytes - m_responseSeen)));
                m_client->flush();
                ++m_proxy.m_struck;
                finish(true);
                return;
            }
            m_responseSeen += data.size();
        }
        if (m_fault == FaultProxy::Fault::DamageResponse) {
            damage(data);
        }
        m_client->write(data);
    }

    // Flips the body's byte m_bytes when it passes (the headers end at the first blank line).
    void damage(QByteArray &data)
    {
        if (m_bodyStart < 0) {
            m_head += data;
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end >= 0) {
                m_bodyStart = end + 4;
            }
        }
        const qsizetype target = m_bodyStart < 0 ? -1 : m_bodyStart + m_bytes;
        if (target >= m_responseSeen && target < m_responseSeen + data.size()) {
            data[target - m_responseSeen] = static_cast<char>(~data[target - m_responseSeen]);
            ++m_proxy.m_struck;
            m_fault = FaultProxy::Fault::None;
        }
        m_responseSeen += data.size();
    }

    void finish(bool reset)
    {
        if (m_done) {
            return;
        }
        m_done = true;
        if (reset) {
            m_client->abort();
            m_upstream.abort();
        } else {
            // What the server sent before it closed still reaches the client (a socket that
            // has closed already handed over everything it had).
            const QByteArray rest = m_upstream.isOpen() ? m_upstream.readAll() : QByteArray();
            m_proxy.m_bytesDown += rest.size();
            if (!rest.isEmpty() && m_client->isOpen()) {
                m_client->write(rest);
            }
            m_client->disconnectFromHost();
            m_upstream.disconnectFromHost();
        }
        deleteLater();
    }

    FaultProxy &m_proxy;
    QTcpSocket *m_client;
    QTcpSocket m_upstream;
    QByteArray m_waiting;
    bool m_inRequest = false;
    QByteArray m_request;
    QByteArray m_path;
    FaultProxy::Fault m_fault = FaultProxy::Fault::None;
    int m_bytes = 0;
    qint64 m_responseSeen = 0;
    // DamageResponse: the response so far, until its headers end, and where its body starts.
    QByteArray m_head;
    qsizetype m_bodyStart = -1;
    bool m_done = false;
};

FaultProxy::FaultProxy(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::onNewConnection);
}

bool FaultProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void FaultProxy::arm(Fault fault, const QByteArray &pathPrefix, int bytes)
{
    m_armed = fault;
    m_armedPath = pathPrefix;
    m_armedBytes = bytes;
}

void FaultProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        new ProxyLink(*this, client);
    }
}

void FaultProxy::replay(const QByteArray &request, std::function<void(int)> done)
{
    auto *socket = new QTcpSocket(this);
    auto *answer = new QByteArray;
    ++m_replaysInFlight;
    auto finish = [this, socket, answer, done, finished = std::make_shared<bool>(false)] {
        if (*finished) {
            return;
        }
        *finished = true;
        --m_replaysInFlight;
        int status = 0;
        if (answer->startsWith("HTTP/1.1 ")) {
            status = answer->mid(9, 3).toInt();
        }
        delete answer;
        socket->abort();
        socket->deleteLater();
        if (done) {
            done(status);
        }
    };
    connect(socket, &QTcpSocket::connected, socket, [socket, request] { socket->write(request); });
    connect(socket, &QTcpSocket::readyRead, socket, [socket, answer, finish] {
        *answer += socket->readAll();
        // Complete once the headers and Content-Length bytes of body are in.
        const qsizetype headerEnd = answer->indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        qsizetype length = 0;
        const QByteArray lower = answer->left(headerEnd).toLower();
        const qsizetype at = lower.indexOf("content-length:");
        if (at >= 0) {
            length = lower.mid(at + 15, lower.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
        }
        if (answer->size() >= headerEnd + 4 + length) {
            finish();
        }
    });
    connect(socket, &QTcpSocket::disconnected, socket, finish);
    connect(socket, &QTcpSocket::errorOccurred, socket, finish);
    QTimer::singleShot(10000, socket, finish);
    socket->connectToHost(QHostAddress::LocalHost, m_upstream);
}
