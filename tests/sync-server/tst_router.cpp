// The request decoders and handlers behind every route, in process, fed hostile bodies:
// random bytes, mutated valid messages, deep nesting and odd JSON. Every answer must be a
// well-formed Error or a valid answer, never a 5xx and never a crash.

#include "routerharness.h"

#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace doorstep;
using namespace doorstep::server;

class TestRouter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void validRequestsWork();
    void randomBodiesAreClientErrors();
    void mutatedMessagesNeverFailTheServer();
    void hostileJson_data();
    void hostileJson();

private:
    static bool isClientError(int status) { return status >= 400 && status < 500; }

    QTemporaryDir m_dir;
    std::unique_ptr<RouterHarness> m_harness;
    const std::vector<std::string> m_routes{"/v1/enrol", "/v1/token", "/v1/pull", "/v1/push"};
};

void TestRouter::initTestCase()
{
    m_harness = std::make_unique<RouterHarness>(m_dir.filePath("d").toStdString());
    QVERIFY(m_harness->ready());
}

void TestRouter::validRequestsWork()
{
    v1::PushRequest push;
    v1::Mutation *m = push.add_mutations();
    m->set_mutation_id("m-1");
    m->mutable_transition_visit()->set_visit_id("visit-1");
    m->mutable_transition_visit()->set_base_version(1);
    m->mutable_transition_visit()->set_to_status(v1::VISIT_STATUS_EN_ROUTE);
    const auto reply =
        m_harness->post("/v1/push", push.SerializeAsString(), "application/x-protobuf");
    QCOMPARE(reply.status, 200);
    v1::PushResponse response;
    QVERIFY(response.ParseFromString(reply.body));
    QCOMPARE(response.results(0).status(), v1::MUTATION_STATUS_APPLIED);
    const auto pull = m_harness->post("/v1/pull", "{}", "application/json");
    QCOMPARE(pull.status, 200);
    QVERIFY(pull.body.find("VISIT_STATUS_EN_ROUTE") != std::string::npos);
    // Without a token: 401, before the body is even decoded.
    QCOMPARE(m_harness->post("/v1/pull", "garbage", "application/x-protobuf", false).status, 401);
}

void TestRouter::randomBodiesAreClientErrors()
{
    std::mt19937 rng(20261122);
    for (int i = 0; i < 2000; ++i) {
        std::string body(rng() % 256, '\0');
        for (char &c : body) {
            c = static_cast<char>(rng());
        }
        const auto &route = m_routes[static_cast<std::size_t>(i) % m_routes.size()];
        const auto reply =
            m_harness->post(route, body, i % 3 ? "application/x-protobuf" : "application/json");
        QVERIFY2(reply.status == 200 || isClientError(reply.status),
                 qPrintable(QString::fromStdString(route) + " " + QString::number(reply.status)));
        if (reply.status != 200) {
            v1::Error error;
            if (reply.contentType == "application/x-protobuf") {
                QVERIFY(error.ParseFromString(reply.body));
                QVERIFY(error.code() != v1::ERROR_CODE_UNSPECIFIED);
            }
        }
    }
}

void TestRouter::mutatedMessagesNeverFailTheServer()
{
    v1::PushRequest push;
    for (int i = 0; i < 6; ++i) {
        v1::Mutation *m = push.add_mutations();
        m->set_mutation_id("mut-" + std::to_string(i));
        switch (i) {
        case 0: {
            auto *e = m->mutable_append_case_event();
            e->set_id("evt-1");
            e->set_case_id("case-1");
            e->set_kind(v1::CASE_EVENT_KIND_NOTE);
            e->mutable_note()->set_text("hello");
            break;
        }
        case 1: {
            auto *u = m->mutable_update_resident();
            u->set_resident_id("res-1");
            u->set_base_version(1);
            u->mutable_values()->set_phone("1");
            u->add_fields("phone");
            break;
        }
        case 2:
            m->mutable_transition_visit()->set_visit_id("visit-1");
            break;
        case 3:
            m->mutable_assign_visit()->mutable_visit()->set_id("visit-9");
            break;
        case 4:
            m->mutable_create_referral()->mutable_referral()->set_id("ref-9");
            break;
        default:
            m->mutable_triage_referral()->set_referral_id("ref-9");
            break;
        }
    }
    const std::string valid = push.SerializeAsString();
    std::mt19937 rng(7);
    for (int i = 0; i < 1500; ++i) {
        std::string body = valid;
        const int flips = 1 + static_cast<int>(rng() % 4);
        for (int f = 0; f < flips; ++f) {
            body[rng() % body.size()] = static_cast<char>(rng());
        }
        if (i % 5 == 0) {
            body.resize(rng() % body.size());
        }
        const auto reply = m_harness->post("/v1/push", body, "application/x-protobuf");
        QVERIFY2(reply.status == 200 || isClientError(reply.status),
                 qPrintable(QString::number(reply.status)));
    }
}

void TestRouter::hostileJson_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("deep nesting") << "/v1/push" << QByteArray(5000, '[');
    QTest::newRow("huge number") << "/v1/pull" << QByteArray("{\"cursor\": 1e999}");
    QTest::newRow("wrong type") << "/v1/pull" << QByteArray("{\"cursor\": {\"a\": 1}}");
    QTest::newRow("bad enum") << "/v1/push"
                              << QByteArray("{\"mutations\":[{\"mutationId\":\"x\","
                                            "\"transitionVisit\":{\"toStatus\":\"FLYING\"}}]}");
    QTest::newRow("two ops") << "/v1/push"
                             << QByteArray("{\"mutations\":[{\"mutationId\":\"y\","
                                           "\"transitionVisit\":{},\"assignVisit\":{}}]}");
    QTest::newRow("invalid utf8") << "/v1/enrol" << QByteArray("{\"enrolmentCode\":\"\xff\xfe\"}");
    QTest::newRow("empty") << "/v1/token" << QByteArray();
}

void TestRouter::hostileJson()
{
    QFETCH(QString, route);
    QFETCH(QByteArray, body);
    const auto reply = m_harness->post(route.toStdString(), body.toStdString(), "application/json");
    QVERIFY2(isClientError(reply.status), qPrintable(QString::number(reply.status)));
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
