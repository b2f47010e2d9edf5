// serve --cert --key: TLS with a certificate the client trusts, keep-alive over TLS, and a
// plain-HTTP client on the TLS port refused without harm.

#include "doorstep/v1/sync.pb.h"
#include "serverprocess.h"

#include <QEventLoop>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace doorstep::v1;

class TestTls : public QObject
{
    Q_OBJECT

private slots:
    void servesTls();
};

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

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
