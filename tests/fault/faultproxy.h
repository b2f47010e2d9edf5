#pragma once

// A loopback TCP proxy between the app core and doorstep-server that the fault harness
// controls. It forwards bytes both ways and, when armed, breaks the next matching request:
// cuts the connection part-way through the request or the response, damages a byte of the
// response, or sends the request to the server a second time. It keeps every request it forwarded,
// so the harness can replay an old one later (a reordered duplicate). It knows only where an HTTP
// request starts.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

class FaultProxy : public QObject
{
    Q_OBJECT

public:
    enum class Fault {
        None,
        // Forward `bytes` of the request, then reset both sides.
        CutRequest,
        // Forward the whole request and `bytes` of the response, then reset both sides.
        CutResponse,
        // Forward the request, and once it is complete send it again on a new connection.
        Duplicate,
        // Forward the whole exchange, with the bits of the response body's byte `bytes`
        // flipped (damage in transit, or a server that encodes its answer badly).
        DamageResponse,
    };

    struct Captured
    {
        QByteArray path;
        QByteArray bytes;
    };

    explicit FaultProxy(QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    // Where the server is now; it changes when the harness restarts the server.
    void setUpstream(quint16 port) { m_upstream = port; }

    // Breaks the next request whose path starts with `pathPrefix`.
    void arm(Fault fault, const QByteArray &pathPrefix, int bytes = 0);
    void disarm() { m_armed = Fault::None; }
    // How many armed faults actually struck a request.
    int struck() const { return m_struck; }

    // Requests forwarded so far, oldest first (the harness trims it).
    QList<Captured> &history() { return m_history; }
    // Sends `request` to the server on a new connection and calls `done` with the HTTP
    // status of the answer (0 when there was none).
    void replay(const QByteArray &request, std::function<void(int status)> done = {});
    // Replays still waiting for their answer.
    int replaysInFlight() const { return m_replaysInFlight; }
    // Bytes forwarded from clients to the server, and from the server to clients.
    qint64 bytesUp() const { return m_bytesUp; }
    qint64 bytesDown() const { return m_bytesDown; }

signals:
    // A request for `path` started through the proxy.
    void requestStarted(const QByteArray &path);

private:
    friend class ProxyLink;
    void onNewConnection();

    QTcpServer m_server;
    quint16 m_upstream = 0;
    Fault m_armed = Fault::None;
    QByteArray m_armedPath;
    int m_armedBytes = 0;
    int m_struck = 0;
    int m_replaysInFlight = 0;
    qint64 m_bytesUp = 0;
    qint64 m_bytesDown = 0;
    QList<Captured> m_history;
};
