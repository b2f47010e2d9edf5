// A server killed with SIGKILL in the middle of pushes and restarted keeps every acknowledged
// mutation, and a batch that was in flight is either wholly applied or not at all.

#include "doorstep/v1/sync.pb.h"
#include "serverprocess.h"
#include "testworld.h"

#include <QNetworkReply>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace doorstep::v1;

class TestCrashRecovery : public QObject
{
    Q_OBJECT

private slots:
    void killDuringPushLosesNothingAcknowledged();

private:
    static PushRequest batch(int n, int size);
};

PushRequest TestCrashRecovery::batch(int n, int size)
{
    PushRequest request;
    for (int i = 0; i < size; ++i) {
        Mutation *m = request.add_mutations();
        m->set_mutation_id("crash-" + std::to_string(n) + "-" + std::to_string(i));
        CaseEvent *e = m->mutable_append_case_event();
        e->set_id("crash-evt-" + std::to_string(n) + "-" + std::to_string(i));
        e->set_case_id(i % 2 ? "case-1" : "case-3");
        e->set_kind(CASE_EVENT_KIND_NOTE);
        e->mutable_note()->set_text(std::string(200, 'x'));
    }
    return request;
}

void TestCrashRecovery::killDuringPushLosesNothingAcknowledged()
{
    QTemporaryDir dir;
    ServerProcess server(dir.filePath("data"));
    QCOMPARE(server.admin({"init"}).exitCode, 0);
    QVERIFY(testworld::writeSnapshot(dir.filePath("world.pb")));
    QCOMPARE(server.admin({"load-snapshot", dir.filePath("world.pb")}).exitCode, 0);
    QVERIFY(server.start());
    EnrolledDevice device;
    std::vector<int> acknowledged;
    int inFlight = -1;
    {
        TestClient client(server.port());
        device = enrolDevice(server, client, "off-a");
        QVERIFY(!device.token.isEmpty());
        const TestClient::Headers auth{{"Authorization", "Bearer " + device.token}};
        // Acknowledged pushes first...
        for (int n = 0; n < 10; ++n) {
            const auto reply = client.call("/v1/push", batch(n, 25), device.token);
            QCOMPARE(reply.status, 200);
            acknowledged.push_back(n);
        }
        // ...then one in flight when the server dies: killed as soon as the request is sent.
        inFlight = 10;
        const std::string bytes = batch(inFlight, 25).SerializeAsString();
        QNetworkReply *reply = client.postAsync("/v1/push", QByteArray::fromStdString(bytes),
                                                "application/x-protobuf", auth);
        QSignalSpy sent(reply, &QNetworkReply::uploadProgress);
        QVERIFY(sent.wait(20000) || reply->isFinished());
        server.kill();
        const auto answer = TestClient::wait(reply);
        if (answer.status == 200) {
            acknowledged.push_back(inFlight); // the server won the race
        }
    }

    QVERIFY(server.start());
    TestClient client(server.port());
    // The store opens cleanly and the device's token still works.
    PullRequest pull;
    pull.set_page_size(2000);
    const auto reply = client.call("/v1/pull", pull, device.token);
    QCOMPARE(reply.status, 200);
    std::map<int, int> eventsPerBatch;
    const auto parsed1 = parseAs<PullResponse>(reply.body);
    for (const Change &c : parsed1.changes()) {
        if (c.has_upsert() && c.upsert().has_case_event()) {
            const QString id = QString::fromStdString(c.upsert().case_event().id());
            if (id.startsWith("crash-evt-")) {
                ++eventsPerBatch[id.section('-', 2, 2).toInt()];
            }
        }
    }
    for (int n : acknowledged) {
        QCOMPARE(eventsPerBatch[n], 25);
    }
    // The batch in flight is all or nothing, never a part.
    QVERIFY2(eventsPerBatch[inFlight] == 0 || eventsPerBatch[inFlight] == 25,
             qPrintable(QString::number(eventsPerBatch[inFlight])));

    // The device retries everything it has not seen acknowledged: applied exactly once.
    const auto retry = client.call("/v1/push", batch(inFlight, 25), device.token);
    QCOMPARE(retry.status, 200);
    const auto results = parseAs<PushResponse>(retry.body);
    QCOMPARE(results.results_size(), 25);
    const auto expected =
        eventsPerBatch[inFlight] == 25 ? MUTATION_STATUS_DUPLICATE : MUTATION_STATUS_APPLIED;
    for (const auto &r : results.results()) {
        QCOMPARE(r.status(), expected);
    }
    // And a replay of an acknowledged batch changes nothing.
    const auto replay = client.call("/v1/push", batch(0, 25), device.token);
    const auto parsed2 = parseAs<PushResponse>(replay.body);
    QCOMPARE(replay.status, 200);
    QCOMPARE(parsed2.results_size(), 25);
    for (const auto &r : parsed2.results()) {
        QCOMPARE(r.status(), MUTATION_STATUS_DUPLICATE);
    }
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
