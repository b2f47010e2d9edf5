// serve --cert --key: TLS with a certificate the client trusts, keep-alive over TLS, and a
// plain-HTTP client on the TLS port refused without harm.

#include "doorstep/v1/sync.pb.h"
#include "serverprocess.h"

#include <QEventLoop>
#include <QFile>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <memory>

using namespace doorstep::v1;

class TestTls : public QObject
{
    Q_OBJECT

private slots:
    void servesTls();
    void intermediateProfileRefusesWeakSuitesAndOldVersions();
    void modernProfileIsTls13Only();
};

namespace {

// A self-signed RSA certificate for 127.0.0.1 (RSA, so suites with RSA key exchange could be
// negotiated at all and their refusal means something).
bool rsaCertificate(const QString &cert, const QString &key)
{
    QProcess openssl;
    openssl.start("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                              "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                              "-keyout", key, "-out", cert});
    return openssl.waitForFinished(60000) && openssl.exitCode() == 0;
}

// A server with its data in `dir`, serving TLS with an RSA certificate made for it (once per
// directory) and the extra serve options; null when it does not start.
std::unique_ptr<ServerProcess> rsaServer(const QTemporaryDir &dir, const QStringList &extra = {})
{
    const QString cert = dir.filePath("cert.pem");
    const QString key = dir.filePath("key.pem");
    if (!QFile::exists(cert) && !rsaCertificate(cert, key)) {
        return nullptr;
    }
    auto server = std::make_unique<ServerProcess>(dir.filePath("data" + extra.join('-')));
    if (server->admin({"init"}).exitCode != 0 || !server->startTls(cert, key, extra)) {
        return nullptr;
    }
    return server;
}

struct Handshake
{
    bool ok = false;
    QString cipher; // as s_client names it
    QString output;
};

// One handshake by `openssl s_client` with the given protocol flag and, for TLS 1.2 and older,
// the only suites offered (at security level 0, so the client itself refuses nothing).
Handshake handshake(quint16 port, const QString &protocol, const QString &ciphers = {})
{
    QStringList args{"s_client", "-connect", QStringLiteral("127.0.0.1:%1").arg(port), protocol,
                     "-brief"};
    if (!ciphers.isEmpty()) {
        args << "-cipher" << ciphers + ":@SECLEVEL=0";
    }
    QProcess client;
    client.setProcessChannelMode(QProcess::MergedChannels);
    client.start("openssl", args);
    client.closeWriteChannel();
    Handshake h;
    if (!client.waitForFinished(30000)) {
        client.kill();
        client.waitForFinished(5000);
        h.output = "s_client did not finish in 30 s";
        return h;
    }
    h.output = QString::fromUtf8(client.readAll());
    h.ok = h.output.contains("CONNECTION ESTABLISHED");
    static const QRegularExpression suite("Ciphersuite: (\\S+)");
    const auto m = suite.match(h.output);
    h.cipher = m.hasMatch() ? m.captured(1) : QString();
    return h;
}

} // namespace

void TestTls::servesTls()
{
    QTemporaryDir dir;
    const QString cert = dir.filePath("cert.pem");
    const QString key = dir.filePath("key.pem");
    QProcess openssl;
    openssl.start("openssl",
                  {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                   "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
                   "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert});
    QVERIFY(openssl.waitForFinished(30000));
    QCOMPARE(openssl.exitCode(), 0);

    ServerProcess server(dir.filePath("data"));
    QCOMPARE(server.admin({"init"}).exitCode, 0);
    QCOMPARE(server.admin({"user", "add", "sam", "--role", "officer"}).exitCode, 0);
    QVERIFY(server.startTls(cert, key));

    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(cert));
    QNetworkAccessManager nam;
    auto send = [&](const QString &path, const QByteArray &body) {
        QNetworkRequest request(
            QUrl(QStringLiteral("https://127.0.0.1:%1%2").arg(server.port()).arg(path)));
        request.setSslConfiguration(tls);
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-protobuf");
        return TestClient::wait(body.isNull() ? nam.get(request) : nam.post(request, body));
    };
    const auto health = send("/healthz", QByteArray());
    QCOMPARE(health.networkError, 0);
    QCOMPARE(health.status, 200);

    const auto code = server.admin({"device", "enrol-code", "sam"});
    EnrolRequest enrol;
    enrol.set_enrolment_code(code.out.trimmed().toStdString());
    const auto enrolled = send("/v1/enrol", QByteArray::fromStdString(enrol.SerializeAsString()));
    QCOMPARE(enrolled.status, 200);
    QVERIFY(!parseAs<EnrolResponse>(enrolled.body).device_secret().empty());

    // Plain HTTP on the TLS port gets nothing useful, and the server keeps serving.
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(plain.waitForConnected(10000));
    plain.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    plain.waitForReadyRead(5000);
    QVERIFY(!plain.readAll().contains("ok"));
    plain.abort();
    QCOMPARE(send("/healthz", QByteArray()).status, 200);
}

void TestTls::intermediateProfileRefusesWeakSuitesAndOldVersions()
{
    QTemporaryDir dir;
    const auto server = rsaServer(dir); // the default profile: intermediate
    QVERIFY(server);
    const quint16 port = server->port();

    // TLS 1.2: forward-secret AEAD suites only.
    for (const char *good : {"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                             "ECDHE-RSA-CHACHA20-POLY1305"}) {
        const Handshake h = handshake(port, "-tls1_2", good);
        QVERIFY2(h.ok && h.cipher == good, qPrintable(h.output));
    }
    // No forward secrecy (RSA key exchange), CBC with SHA-1 or SHA-2 MACs: all refused.
    for (const char *weak :
         {"AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA", "AES256-SHA", "AES128-SHA256",
          "AES256-SHA256", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA",
          "ECDHE-RSA-AES128-SHA256", "ECDHE-RSA-AES256-SHA384", "DHE-RSA-AES128-GCM-SHA256",
          "DHE-RSA-AES128-SHA", "DES-CBC3-SHA"}) {
        const Handshake h = handshake(port, "-tls1_2", weak);
        QVERIFY2(!h.ok, qPrintable(QString("%1 was accepted:\n%2").arg(weak, h.output)));
    }
    // The server's order, not the client's: offered ChaCha20 first, it still picks AES-GCM.
    const Handshake ordered =
        handshake(port, "-tls1_2", "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256");
    QVERIFY2(ordered.ok, qPrintable(ordered.output));
    QCOMPARE(ordered.cipher, QString("ECDHE-RSA-AES128-GCM-SHA256"));
    // TLS 1.0 and 1.1 are refused, even with suites they could use; TLS 1.3 works.
    QVERIFY(!handshake(port, "-tls1", "ECDHE-RSA-AES128-SHA").ok);
    QVERIFY(!handshake(port, "-tls1_1", "ECDHE-RSA-AES128-SHA").ok);
    const Handshake tls13 = handshake(port, "-tls1_3");
    QVERIFY2(tls13.ok && tls13.cipher.startsWith("TLS_"), qPrintable(tls13.output));
}

void TestTls::modernProfileIsTls13Only()
{
    QTemporaryDir dir;
    const auto server = rsaServer(dir, {"--tls-profile", "modern"});
    QVERIFY(server);
    QVERIFY(!handshake(server->port(), "-tls1_2", "ECDHE-RSA-AES128-GCM-SHA256").ok);
    const Handshake tls13 = handshake(server->port(), "-tls1_3");
    QVERIFY2(tls13.ok, qPrintable(tls13.output));
    // A profile the server does not know stops it at start, with the reason.
    QVERIFY(!rsaServer(dir, {"--tls-profile", "legacy"}));
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
