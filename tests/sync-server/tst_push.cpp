// Exactly-once push (replayed and concurrent), field merge and visible conflicts, and the
// visit status machine, through the real server binary.

#include "doorstep/v1/sync.pb.h"
#include "serverprocess.h"
#include "testworld.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace doorstep::v1;

class TestPush : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void replayedBatchIsAppliedOnce();
    void concurrentBatchesAreAppliedOnce();
    void fieldsMergeAndRealConflictIsKept();
    void visitStatusMachineIsEnforced();
    void badMutationsAreRejectedOneByOne();

private:
    PushResponse push(const PushRequest &request, const QByteArray &token);
    std::vector<CaseEvent> eventsOf(const std::string &caseId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<TestClient> m_client;
    EnrolledDevice m_officer;
    EnrolledDevice m_coordinator;
};

void TestPush::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_server = std::make_unique<ServerProcess>(m_dir->filePath("data"));
    QCOMPARE(m_server->admin({"init"}).exitCode, 0);
    QVERIFY(testworld::writeSnapshot(m_dir->filePath("world.pb")));
    QCOMPARE(m_server->admin({"load-snapshot", m_dir->filePath("world.pb")}).exitCode, 0);
    QVERIFY(m_server->start({"--store-threads", "2", "--threads", "2"}));
    m_client = std::make_unique<TestClient>(m_server->port());
    m_officer = enrolDevice(*m_server, *m_client, "off-a");
    m_coordinator = enrolDevice(*m_server, *m_client, "coo-1");
    QVERIFY(!m_officer.token.isEmpty() && !m_coordinator.token.isEmpty());
}

void TestPush::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_dir.reset();
}

PushResponse TestPush::push(const PushRequest &request, const QByteArray &token)
{
    const auto reply = m_client->call("/v1/push", request, token);
    if (reply.status != 200) {
        qWarning("push answered %d", reply.status);
    }
    PushResponse response = parseAs<PushResponse>(reply.body);
    // Pad a failed answer so that callers' checks fail cleanly instead of indexing past the end.
    while (response.results_size() < request.mutations_size()) {
        response.add_results();
    }
    return response;
}

std::vector<CaseEvent> TestPush::eventsOf(const std::string &caseId)
{
    std::vector<CaseEvent> out;
    PullRequest request;
    request.set_page_size(2000);
    const auto reply = m_client->call("/v1/pull", request, m_coordinator.token);
    const auto parsed1 = parseAs<PullResponse>(reply.body);
    for (const Change &c : parsed1.changes()) {
        if (c.has_upsert() && c.upsert().has_case_event() &&
            c.upsert().case_event().case_id() == caseId) {
            out.push_back(c.upsert().case_event());
        }
    }
    return out;
}

namespace {

PushRequest notes(const QString &prefix, int count)
{
    PushRequest request;
    for (int i = 0; i < count; ++i) {
        Mutation *m = request.add_mutations();
        m->set_mutation_id(QStringLiteral("%1-m-%2").arg(prefix).arg(i).toStdString());
        CaseEvent *e = m->mutable_append_case_event();
        e->set_id(QStringLiteral("%1-evt-%2").arg(prefix).arg(i).toStdString());
        e->set_case_id("case-1");
        e->set_kind(CASE_EVENT_KIND_NOTE);
        e->mutable_note()->set_text("note " + std::to_string(i));
        e->set_actor_user_id("someone-else"); // the server takes the actor from the token
    }
    return request;
}

} // namespace

void TestPush::replayedBatchIsAppliedOnce()
{
    const PushRequest batch = notes("replay", 5);
    const auto first = push(batch, m_officer.token);
    QCOMPARE(first.results_size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(first.results(i).mutation_id(), batch.mutations(i).mutation_id());
        QCOMPARE(first.results(i).status(), MUTATION_STATUS_APPLIED);
        QVERIFY(first.results(i).seq() > 0);
    }
    const auto second = push(batch, m_officer.token);
    QCOMPARE(second.results_size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(second.results(i).status(), MUTATION_STATUS_DUPLICATE);
        QCOMPARE(second.results(i).seq(), first.results(i).seq());
    }
    int found = 0;
    for (const CaseEvent &e : eventsOf("case-1")) {
        if (QString::fromStdString(e.id()).startsWith("replay-")) {
            ++found;
            QCOMPARE(e.actor_user_id(), std::string("off-a"));
            QCOMPARE(e.device_id(), m_officer.deviceId.toStdString());
        }
    }
    QCOMPARE(found, 5);

    // The same id twice in one batch (a client's outbox that repeated itself): applied once,
    // the second answered as its duplicate.
    PushRequest twice = notes("twice", 1);
    *twice.add_mutations() = twice.mutations(0);
    const auto both = push(twice, m_officer.token);
    QCOMPARE(both.results_size(), 2);
    QCOMPARE(both.results(0).status(), MUTATION_STATUS_APPLIED);
    QCOMPARE(both.results(1).status(), MUTATION_STATUS_DUPLICATE);
    QCOMPARE(both.results(1).seq(), both.results(0).seq());
}

void TestPush::concurrentBatchesAreAppliedOnce()
{
    const PushRequest batch = notes("race", 40);
    const std::string bytes = batch.SerializeAsString();
    const QByteArray body(bytes.data(), static_cast<qsizetype>(bytes.size()));
    const TestClient::Headers auth{{"Authorization", "Bearer " + m_officer.token}};
    // Separate clients, so the requests travel on separate connections at the same time.
    std::vector<std::unique_ptr<TestClient>> clients;
    std::vector<QNetworkReply *> replies;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<TestClient>(m_server->port()));
        replies.push_back(
            clients.back()->postAsync("/v1/push", body, "application/x-protobuf", auth));
    }
    std::vector<int> applied(40, 0);
    for (QNetworkReply *reply : replies) {
        const auto r = TestClient::wait(reply);
        QCOMPARE(r.status, 200);
        const auto response = parseAs<PushResponse>(r.body);
        QCOMPARE(response.results_size(), 40);
        for (int i = 0; i < 40; ++i) {
            const auto s = response.results(i).status();
            QVERIFY(s == MUTATION_STATUS_APPLIED || s == MUTATION_STATUS_DUPLICATE);
            applied[static_cast<std::size_t>(i)] += s == MUTATION_STATUS_APPLIED;
        }
    }
    for (int n : applied) {
        QCOMPARE(n, 1);
    }
    int found = 0;
    for (const CaseEvent &e : eventsOf("case-1")) {
        found += QString::fromStdString(e.id()).startsWith("race-");
    }
    QCOMPARE(found, 40);
}

void TestPush::fieldsMergeAndRealConflictIsKept()
{
    // The officer changes the phone from version 1.
    PushRequest a;
    Mutation *m = a.add_mutations();
    m->set_mutation_id("merge-a");
    m->mutable_update_resident()->set_resident_id("res-1");
    m->mutable_update_resident()->set_base_version(1);
    m->mutable_update_resident()->mutable_values()->set_phone("07111111111");
    m->mutable_update_resident()->add_fields("phone");
    auto ra = push(a, m_officer.token);
    QCOMPARE(ra.results(0).status(), MUTATION_STATUS_APPLIED);

    // The coordinator, also from version 1, changes the email: a different field, merged.
    PushRequest b;
    m = b.add_mutations();
    m->set_mutation_id("merge-b");
    m->mutable_update_resident()->set_resident_id("res-1");
    m->mutable_update_resident()->set_base_version(1);
    m->mutable_update_resident()->mutable_values()->set_email("new@example.org");
    m->mutable_update_resident()->add_fields("email");
    auto rb = push(b, m_coordinator.token);
    QCOMPARE(rb.results(0).status(), MUTATION_STATUS_APPLIED);

    // ...and, still from version 1, the phone too: a real conflict.
    PushRequest c;
    m = c.add_mutations();
    m->set_mutation_id("merge-c");
    m->mutable_update_resident()->set_resident_id("res-1");
    m->mutable_update_resident()->set_base_version(1);
    m->mutable_update_resident()->mutable_values()->set_phone("07222222222");
    m->mutable_update_resident()->add_fields("phone");
    auto rc = push(c, m_coordinator.token);
    QCOMPARE(rc.results(0).status(), MUTATION_STATUS_CONFLICT);
    const Resident current = rc.results(0).current().resident();
    QCOMPARE(current.phone(), std::string("07111111111"));
    QCOMPARE(current.email(), std::string("new@example.org"));
    QCOMPARE(current.version(), 3);

    // The conflict is kept on the case, visible to both sides.
    bool seen = false;
    for (const CaseEvent &e : eventsOf("case-1")) {
        if (e.kind() == CASE_EVENT_KIND_CONFLICT) {
            seen = true;
            QCOMPARE(e.conflict().record_id(), std::string("res-1"));
            QCOMPARE(e.conflict().field(), std::string("phone"));
            QVERIFY(e.conflict().server_value().find("07111111111") != std::string::npos);
            QVERIFY(e.conflict().device_value().find("07222222222") != std::string::npos);
            QCOMPARE(e.conflict().device_id(), m_coordinator.deviceId.toStdString());
            // Who set the kept value: the officer's change (version 2), not the coordinator's
            // later change to the email (version 3).
            QCOMPARE(e.conflict().server_value_set_by_user_id(), std::string("off-a"));
            QVERIFY(e.conflict().has_server_value_set_at());
        }
    }
    QVERIFY(seen);

    // A field the server owns, or one that does not exist, is rejected.
    PushRequest d;
    m = d.add_mutations();
    m->set_mutation_id("merge-d");
    m->mutable_update_resident()->set_resident_id("res-1");
    m->mutable_update_resident()->set_base_version(3);
    m->mutable_update_resident()->add_fields("version");
    m = d.add_mutations();
    m->set_mutation_id("merge-e");
    m->mutable_update_resident()->set_resident_id("res-1");
    m->mutable_update_resident()->set_base_version(3);
    m->mutable_update_resident()->add_fields("no_such_field");
    auto rd = push(d, m_coordinator.token);
    QCOMPARE(rd.results(0).status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(rd.results(1).status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(rd.results(1).error().code(), ERROR_CODE_INVALID_ARGUMENT);
}

void TestPush::visitStatusMachineIsEnforced()
{
    auto transition = [&](const char *id, VisitStatus to, int base) {
        PushRequest r;
        Mutation *m = r.add_mutations();
        m->set_mutation_id(id);
        m->mutable_transition_visit()->set_visit_id("visit-1");
        m->mutable_transition_visit()->set_base_version(base);
        m->mutable_transition_visit()->set_to_status(to);
        const PushResponse response = push(r, m_officer.token);
        return MutationResult(response.results(0));
    };
    auto skip = transition("t-1", VISIT_STATUS_COMPLETED, 1);
    QCOMPARE(skip.status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(skip.error().code(), ERROR_CODE_VALIDATION_FAILED);
    QCOMPARE(transition("t-2", VISIT_STATUS_EN_ROUTE, 1).status(), MUTATION_STATUS_APPLIED);
    QCOMPARE(transition("t-3", VISIT_STATUS_IN_PROGRESS, 2).status(), MUTATION_STATUS_APPLIED);
    QCOMPARE(transition("t-4", VISIT_STATUS_COMPLETED, 3).status(), MUTATION_STATUS_APPLIED);
    // COMPLETED is final. From a stale base it is a conflict carrying the current visit.
    auto reopen = transition("t-5", VISIT_STATUS_IN_PROGRESS, 4);
    QCOMPARE(reopen.status(), MUTATION_STATUS_REJECTED);
    auto stale = transition("t-6", VISIT_STATUS_CANCELLED, 1);
    QCOMPARE(stale.status(), MUTATION_STATUS_CONFLICT);
    QCOMPARE(stale.current().visit().status(), VISIT_STATUS_COMPLETED);
    QVERIFY(stale.current().visit().has_checked_in_at());
    QVERIFY(stale.current().visit().has_checked_out_at());
}

void TestPush::badMutationsAreRejectedOneByOne()
{
    PushRequest r;
    r.add_mutations(); // no id, no op
    Mutation *noOp = r.add_mutations();
    noOp->set_mutation_id("bad-1");
    Mutation *good = r.add_mutations();
    good->set_mutation_id("bad-2");
    good->mutable_append_case_event()->set_id("evt-good");
    good->mutable_append_case_event()->set_case_id("case-1");
    good->mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    Mutation *sameEvent = r.add_mutations();
    sameEvent->set_mutation_id("bad-3");
    *sameEvent->mutable_append_case_event() = good->append_case_event();
    // A "note" carrying a coordinator's case closure: the detail must be of the event's kind,
    // or an officer could close a case, or add a follow-up score, under another name.
    Mutation *disguised = r.add_mutations();
    disguised->set_mutation_id("bad-4");
    disguised->mutable_append_case_event()->set_id("evt-disguised");
    disguised->mutable_append_case_event()->set_case_id("case-1");
    disguised->mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    disguised->mutable_append_case_event()->mutable_case_closure()->set_reason("Closed by me");
    // A NUL inside text (PostgreSQL's text cannot hold one) is this mutation's fault alone:
    // rejected by name, never the whole batch failing on every retry.
    Mutation *nul = r.add_mutations();
    nul->set_mutation_id("bad-5");
    nul->mutable_append_case_event()->set_id("evt-nul");
    nul->mutable_append_case_event()->set_case_id("case-1");
    nul->mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    nul->mutable_append_case_event()->mutable_note()->set_text(std::string("Rang\0twice", 10));
    r.add_mutations()->set_mutation_id(std::string("bad-\0-6", 7));
    const auto response = push(r, m_officer.token);
    QCOMPARE(response.results_size(), 7);
    QCOMPARE(response.results(5).status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(response.results(5).error().code(), ERROR_CODE_INVALID_ARGUMENT);
    QVERIFY2(response.results(5).error().message().find("note.text") != std::string::npos,
             response.results(5).error().message().c_str());
    QCOMPARE(response.results(6).status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(response.results(0).status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(response.results(1).status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(response.results(2).status(), MUTATION_STATUS_APPLIED);
    QCOMPARE(response.results(3).status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(response.results(4).status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(response.results(4).error().code(), ERROR_CODE_INVALID_ARGUMENT);
    // A rejected mutation keeps its answer when replayed.
    PushRequest again;
    *again.add_mutations() = r.mutations(1);
    const PushResponse replayed = push(again, m_officer.token);
    QCOMPARE(replayed.results(0).status(), MUTATION_STATUS_REJECTED);
}

QTEST_GUILESS_MAIN(TestPush)
#include "tst_push.moc"
