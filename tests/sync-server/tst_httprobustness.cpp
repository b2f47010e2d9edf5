// Malformed, truncated and oversized bodies, wrong content types and encodings: each gets a
// clear 4xx with a machine-readable Error while the server keeps serving.

#include "doorstep/v1/sync.pb.h"
#include "serverprocess.h"
#include "testworld.h"
#include "wire/zstdcoding.h"

#include <QFile>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

using namespace doorstep::v1;

class TestHttpRobustness : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void badBodies_data();
    void badBodies();
    void jsonMappingWorksBothWays();
    void gzipRequestBodyIsAccepted();
    void unknownRouteAndMethod();
    void brokenHttpIsAnswered();
    void healthAndMetrics();
    void keepAliveAndGzipAnswers();
    void answersComeInTheCodingAsked_data();
    void answersComeInTheCodingAsked();
    void insecureIsRefusedOffLoopback();

private:
    TestClient::Headers auth() const { return {{"Authorization", "Bearer " + m_device.token}}; }

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<TestClient> m_client;
    EnrolledDevice m_device;
};

void TestHttpRobustness::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(m_dir.filePath("data"));
    QCOMPARE(m_server->admin({"init"}).exitCode, 0);
    QVERIFY(testworld::writeSnapshot(m_dir.filePath("world.pb")));
    QCOMPARE(m_server->admin({"load-snapshot", m_dir.filePath("world.pb")}).exitCode, 0);
    QVERIFY(m_server->start({"--max-body", "65536", "--port-file", m_dir.filePath("port")}));
    QFile portFile(m_dir.filePath("port"));
    QVERIFY(portFile.open(QIODevice::ReadOnly));
    QCOMPARE(portFile.readAll().trimmed().toUInt(), m_server->port());
    m_client = std::make_unique<TestClient>(m_server->port());
    m_device = enrolDevice(*m_server, *m_client, "off-a");
    QVERIFY(!m_device.token.isEmpty());
}

void TestHttpRobustness::cleanupTestCase()
{
    // Nothing a client sent reached the log.
    const QByteArray log = m_server->log();
    QVERIFY(log.contains("route=/v1/push"));
    QVERIFY(!log.contains("private"));
    QVERIFY(!log.contains(m_device.token));
    m_client.reset();
    m_server.reset();
}

void TestHttpRobustness::badBodies_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");

    PushRequest push;
    Mutation *m = push.add_mutations();
    m->set_mutation_id("m-1");
    m->mutable_append_case_event()->set_id("evt-x");
    m->mutable_append_case_event()->set_case_id("case-1");
    m->mutable_append_case_event()->mutable_note()->set_text(std::string(300, 'n'));
    const std::string whole = push.SerializeAsString();
    const QByteArray truncated(whole.data(), static_cast<qsizetype>(whole.size() / 2));

    QTest::newRow("malformed protobuf")
        << "/v1/push" << QByteArray("this is not protobuf") << QByteArray("application/x-protobuf")
        << 400 << int(ERROR_CODE_MALFORMED_BODY);
    QTest::newRow("truncated protobuf")
        << "/v1/push" << truncated << QByteArray("application/x-protobuf") << 400
        << int(ERROR_CODE_MALFORMED_BODY);
    QTest::newRow("oversized") << "/v1/push" << QByteArray(100 * 1024, 'x')
                               << QByteArray("application/x-protobuf") << 413
                               << int(ERROR_CODE_BODY_TOO_LARGE);
    QTest::newRow("wrong content type")
        << "/v1/push" << QByteArray(whole.data(), static_cast<qsizetype>(whole.size()))
        << QByteArray("text/plain") << 415 << int(ERROR_CODE_UNSUPPORTED_MEDIA_TYPE);
    QTest::newRow("bad json") << "/v1/pull" << QByteArray("{\"cursor\": ")
                              << QByteArray("application/json") << 400
                              << int(ERROR_CODE_MALFORMED_BODY);
    QTest::newRow("json unknown field")
        << "/v1/pull" << QByteArray("{\"nonsense\": 1}") << QByteArray("application/json") << 400
        << int(ERROR_CODE_MALFORMED_BODY);
    QTest::newRow("negative page size")
        << "/v1/pull" << QByteArray("{\"pageSize\": -5}") << QByteArray("application/json") << 400
        << int(ERROR_CODE_INVALID_ARGUMENT);
    QTest::newRow("bad enrol body")
        << "/v1/enrol" << QByteArray("\xff\xff\xff", 3) << QByteArray("application/x-protobuf")
        << 400 << int(ERROR_CODE_MALFORMED_BODY);
}

void TestHttpRobustness::badBodies()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(int, code);
    const auto reply = m_client->post(path, body, contentType, auth());
    QCOMPARE(reply.status, status);
    Error error;
    if (reply.contentType.startsWith("application/json")) {
        QVERIFY(reply.body.contains("\"code\""));
        QVERIFY(reply.body.contains(QByteArray::fromStdString(ErrorCode_Name(ErrorCode(code)))));
    } else {
        QVERIFY(error.ParseFromArray(reply.body.constData(), int(reply.body.size())));
        QCOMPARE(int(error.code()), code);
        QVERIFY(!error.message().empty());
        QVERIFY(!error.request_id().empty());
    }
    // Still serving, on a fresh request.
    QCOMPARE(m_client->get("/healthz").status, 200);
    QCOMPARE(m_client->post("/v1/pull", "{}", "application/json", auth()).status, 200);
}

void TestHttpRobustness::jsonMappingWorksBothWays()
{
    const auto reply = m_client->post("/v1/pull", "{\"cursor\": \"0\", \"pageSize\": 3}",
                                      "application/json", auth());
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.contentType.startsWith("application/json"));
    QVERIFY(reply.body.contains("\"nextCursor\""));
    QVERIFY(reply.body.contains("\"hasMore\": true") || reply.body.contains("\"hasMore\":true"));
    // A protobuf request may ask for a JSON answer.
    PullRequest request;
    const std::string bytes = request.SerializeAsString();
    auto headers = auth();
    headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    const auto mixed = m_client->post("/v1/pull", QByteArray::fromStdString(bytes),
                                      "application/x-protobuf", headers);
    QCOMPARE(mixed.status, 200);
    QVERIFY(mixed.contentType.startsWith("application/json"));
}

void TestHttpRobustness::gzipRequestBodyIsAccepted()
{
    PullRequest request;
    request.set_page_size(1);
    const std::string raw = request.SerializeAsString();
    z_stream z{};
    QCOMPARE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    QByteArray out(1024, '\0');
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(raw.data()));
    z.avail_in = static_cast<uInt>(raw.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    QCOMPARE(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(static_cast<qsizetype>(z.total_out));
    deflateEnd(&z);
    auto headers = auth();
    headers.append(qMakePair(QByteArray("Content-Encoding"), QByteArray("gzip")));
    const auto ok = m_client->post("/v1/pull", out, "application/x-protobuf", headers);
    QCOMPARE(ok.status, 200);
    const auto parsed1 = parseAs<PullResponse>(ok.body);
    QCOMPARE(parsed1.changes_size(), 1);
    // Corrupt gzip and an unknown encoding are refused clearly.
    const auto corrupt =
        m_client->post("/v1/pull", out.left(out.size() - 6), "application/x-protobuf", headers);
    QCOMPARE(corrupt.status, 400);
    headers.last().second = "br";
    QCOMPARE(m_client->post("/v1/pull", out, "application/x-protobuf", headers).status, 415);
    // A small gzip body that inflates past the limit is refused as too large.
    const QByteArray bomb = QByteArray(1024 * 1024, '\0');
    z_stream b{};
    QCOMPARE(deflateInit2(&b, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    QByteArray packed(64 * 1024, '\0');
    b.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bomb.data()));
    b.avail_in = static_cast<uInt>(bomb.size());
    b.next_out = reinterpret_cast<Bytef *>(packed.data());
    b.avail_out = static_cast<uInt>(packed.size());
    QCOMPARE(deflate(&b, Z_FINISH), Z_STREAM_END);
    packed.resize(static_cast<qsizetype>(b.total_out));
    deflateEnd(&b);
    headers.last().second = "gzip";
    QCOMPARE(m_client->post("/v1/pull", packed, "application/x-protobuf", headers).status, 413);
}

void TestHttpRobustness::unknownRouteAndMethod()
{
    const auto missing = m_client->post("/v1/nothing", "", "application/x-protobuf");
    QCOMPARE(missing.status, 404);
    const auto parsed2 = parseAs<Error>(missing.body);
    QCOMPARE(parsed2.code(), ERROR_CODE_NOT_FOUND);
    QCOMPARE(m_client->get("/v1/pull").status, 405);
}

void TestHttpRobustness::brokenHttpIsAnswered()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(10000));
    socket.write("THIS IS NOT HTTP\r\n\r\n");
    QVERIFY(socket.waitForReadyRead(10000));
    const QByteArray answer = socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
    // A cut connection mid-body is simply dropped.
    QTcpSocket cut;
    cut.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(cut.waitForConnected(10000));
    cut.write("POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
              "Content-Length: 1000\r\n\r\nabc");
    QVERIFY(cut.waitForBytesWritten(10000));
    cut.abort();
    QCOMPARE(m_client->get("/healthz").status, 200);
}

void TestHttpRobustness::healthAndMetrics()
{
    const auto health = m_client->get("/healthz");
    QCOMPARE(health.status, 200);
    QCOMPARE(health.body, QByteArray("ok\n"));
    const auto metrics = m_client->get("/metrics");
    QCOMPARE(metrics.status, 200);
    QVERIFY(
        metrics.body.contains("doorstep_http_requests_total{route=\"/v1/push\",status=\"413\"}"));
    QVERIFY(metrics.body.contains("doorstep_http_request_duration_seconds_bucket"));
    QVERIFY(metrics.body.contains("doorstep_errors_total{code=\"ERROR_CODE_MALFORMED_BODY\"}"));
    QVERIFY(metrics.body.contains("doorstep_pull_changes_count"));
    // What an operator watches, read from the store.
    QVERIFY(metrics.body.contains("\ndoorstep_store_readable 1\n"));
    QVERIFY(metrics.body.contains("\ndoorstep_lone_worker_alerts_open 0\n"));
    QVERIFY(metrics.body.contains("\ndoorstep_notifications_failed 0\n"));
    QVERIFY(metrics.body.contains("doorstep_devices_unseen{days=\"7\"} 0\n"));
    QVERIFY(!metrics.body.contains("\ndoorstep_store_bytes 0\n"));
    QVERIFY(metrics.body.contains("doorstep_device_last_seen_timestamp_seconds{device=\"dev-"));

    // Every doorstep_ metric the shipped alert rules use is one the server serves.
    QFile rules(QStringLiteral(QT_TESTCASE_SOURCEDIR) +
                "/../../packaging/prometheus/doorstep-alerts.yml");
    QVERIFY(rules.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(rules.readAll());
    const QRegularExpression metric(QStringLiteral("doorstep_[a-z_]+"));
    int used = 0;
    for (auto it = metric.globalMatch(text); it.hasNext();) {
        const QString name = it.next().captured();
        ++used;
        QVERIFY2(metrics.body.contains(("\n# TYPE " + name + " ").toUtf8()),
                 qPrintable(name + " is in the alert rules but not in /metrics"));
    }
    QVERIFY(used >= 7);
}

void TestHttpRobustness::keepAliveAndGzipAnswers()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(10000));
    // Two requests on one connection: both answered, the connection stays open.
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                 "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
    QByteArray answer;
    while (answer.count("HTTP/1.1 200") < 2 || !answer.contains("Content-Encoding: gzip")) {
        QVERIFY(socket.waitForReadyRead(10000));
        answer += socket.readAll();
    }
    QVERIFY(answer.contains("ok\n"));
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
}

void TestHttpRobustness::insecureIsRefusedOffLoopback()
{
    QProcess p;
    p.start(ServerProcess::binary(), {"serve", "--data", m_dir.filePath("data"), "--listen",
                                      "0.0.0.0", "--port", "0", "--insecure-loopback"});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY(p.readAllStandardError().contains("only on a loopback address"));
    QProcess noTls;
    noTls.start(ServerProcess::binary(),
                {"serve", "--data", m_dir.filePath("data"), "--port", "0"});
    QVERIFY(noTls.waitForFinished(20000));
    QCOMPARE(noTls.exitCode(), 1);
    QVERIFY(noTls.readAllStandardError().contains("--cert"));
    // A second server on a data directory that is being served is refused. (Any number share
    // a PostgreSQL store: tst_cluster runs two.)
    if (!m_server->postgresStore().isEmpty()) {
        return;
    }
    QProcess second;
    second.start(ServerProcess::binary(),
                 {"serve", "--data", m_dir.filePath("data"), "--port", "0", "--insecure-loopback"});
    QVERIFY(second.waitForFinished(20000));
    QCOMPARE(second.exitCode(), 1);
    QVERIFY(second.readAllStandardError().contains("already serving"));
}

void TestHttpRobustness::answersComeInTheCodingAsked_data()
{
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<QByteArray>("coding");
    QTest::newRow("zstd, as the app asks") << QByteArray("zstd") << QByteArray("zstd");
    QTest::newRow("zstd preferred to gzip")
        << QByteArray("gzip, deflate, zstd") << QByteArray("zstd");
    QTest::newRow("any case, any weight") << QByteArray("ZSTD;q=0.5") << QByteArray("zstd");
    QTest::newRow("zstd refused") << QByteArray("zstd;q=0, gzip") << QByteArray("gzip");
    QTest::newRow("zstd refused, spaced")
        << QByteArray("zstd ; q=0.000 ,gzip") << QByteArray("gzip");
    QTest::newRow("gzip") << QByteArray("gzip") << QByteArray("gzip");
    QTest::newRow("anything") << QByteArray("*") << QByteArray("gzip");
    QTest::newRow("gzip refused") << QByteArray("gzip;q=0") << QByteArray();
    QTest::newRow("none known") << QByteArray("br") << QByteArray();
    QTest::newRow("no header") << QByteArray() << QByteArray();
}

void TestHttpRobustness::answersComeInTheCodingAsked()
{
    QFETCH(QByteArray, accept);
    QFETCH(QByteArray, coding);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(10000));
    socket.write("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                 (accept.isNull() ? QByteArray() : "Accept-Encoding: " + accept + "\r\n") + "\r\n");
    QByteArray answer;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(10000)) {
        answer += socket.readAll();
    }
    answer += socket.readAll();
    const qsizetype end = answer.indexOf("\r\n\r\n");
    QVERIFY(end > 0);
    const QByteArray head = answer.left(end).toLower();
    const QByteArray body = answer.mid(end + 4);
    QVERIFY(head.startsWith("http/1.1 200"));
    if (coding.isEmpty()) {
        QVERIFY2(!head.contains("content-encoding"), head.constData());
        QVERIFY(body.contains("# TYPE"));
        return;
    }
    QVERIFY2(head.contains("content-encoding: " + coding), head.constData());
    QVERIFY(head.contains("vary: accept-encoding"));
    QByteArray plain;
    if (coding == "zstd") {
        auto out = doorstep::wire::zstdDecompress(
            std::string_view(body.constData(), std::size_t(body.size())), 1u << 20);
        QVERIFY2(out, out ? "" : out.error().message.c_str());
        plain = QByteArray::fromStdString(*out);
    } else {
        z_stream z{};
        QCOMPARE(inflateInit2(&z, 15 + 16), Z_OK);
        plain.resize(1 << 20);
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(body.constData()));
        z.avail_in = static_cast<uInt>(body.size());
        z.next_out = reinterpret_cast<Bytef *>(plain.data());
        z.avail_out = static_cast<uInt>(plain.size());
        QCOMPARE(inflate(&z, Z_FINISH), Z_STREAM_END);
        plain.resize(static_cast<qsizetype>(z.total_out));
        inflateEnd(&z);
    }
    QVERIFY(plain.contains("# TYPE"));
}

QTEST_GUILESS_MAIN(TestHttpRobustness)
#include "tst_httprobustness.moc"
