// Hostile clients against the real server binary: a valid token for each role, trying what
// a stolen tablet, a curious user or a broken client would. Every attempt must be refused
// with the right error, leave the store as it was, and appear in the audit log that
// `doorstep-server audit` shows an administrator.

#include "doorstep/v1/sync.pb.h"
#include "serverprocess.h"
#include "testworld.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace doorstep::v1;

class TestHostile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void officerCannotReadAnotherOfficersCase();
    void pushesOutsideScopeAreRefused();
    void rolesCannotBeEscalated();
    void anotherDevicesCredentialsAreUseless();
    void revokedAndExpiredTokensAreRefused();
    void hugeAndDeeplyNestedRequestsAreRefused();
    void invalidFormSubmissionsAreRefused();

private:
    // Pushes one mutation and returns its result (status 200 expected).
    MutationResult pushOne(const QString &user, const Mutation &m);
    // `doorstep-server audit` lines matching `args`.
    QStringList audit(const QStringList &args = {});
    void setClock(qint64 ms);
    bool serverAlive();

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<TestClient> m_client;
    std::map<QString, EnrolledDevice> m_devices;
    qint64 m_now = 0;
};

void TestHostile::setClock(qint64 ms)
{
    QFile f(m_dir.filePath("clock"));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QByteArray::number(ms));
}

void TestHostile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_now = QDateTime::currentMSecsSinceEpoch();
    setClock(m_now);
    m_server = std::make_unique<ServerProcess>(m_dir.filePath("data"));
    QCOMPARE(m_server->admin({"init"}).exitCode, 0);
    QVERIFY(testworld::writeSnapshot(m_dir.filePath("world.pb")));
    QCOMPARE(m_server->admin({"load-snapshot", m_dir.filePath("world.pb")}).exitCode, 0);
    QVERIFY(m_server->start(
        {"--clock-file", m_dir.filePath("clock"), "--max-body", "65536", "--token-ttl", "600"}));
    m_client = std::make_unique<TestClient>(m_server->port());
    for (const QString user : {"off-a", "off-b", "coo-1", "cllr-1"}) {
        m_devices[user] = enrolDevice(*m_server, *m_client, user);
        QVERIFY2(!m_devices[user].token.isEmpty(), qPrintable(user));
    }
}

void TestHostile::cleanupTestCase()
{
    m_client.reset();
    m_server.reset();
}

MutationResult TestHostile::pushOne(const QString &user, const Mutation &m)
{
    PushRequest request;
    *request.add_mutations() = m;
    const auto reply = m_client->call("/v1/push", request, m_devices[user].token);
    if (reply.status != 200) {
        qWarning("push answered %d", reply.status);
        return {};
    }
    const auto response = parseAs<PushResponse>(reply.body);
    return response.results_size() == 1 ? response.results(0) : MutationResult();
}

QStringList TestHostile::audit(const QStringList &args)
{
    const auto run = m_server->admin(QStringList{"audit"} + args);
    if (run.exitCode != 0) {
        qWarning("audit failed: %s", qPrintable(run.err));
    }
    return run.out.split('\n', Qt::SkipEmptyParts);
}

bool TestHostile::serverAlive()
{
    return m_client->get("/healthz").status == 200;
}

void TestHostile::officerCannotReadAnotherOfficersCase()
{
    // off-a asks for everything from the beginning, in small pages.
    std::set<std::string> seen;
    qint64 cursor = 0;
    for (bool more = true; more;) {
        PullRequest pull;
        pull.set_cursor(cursor);
        pull.set_page_size(3);
        const auto reply = m_client->call("/v1/pull", pull, m_devices["off-a"].token);
        QCOMPARE(reply.status, 200);
        const auto page = parseAs<PullResponse>(reply.body);
        for (const Change &c : page.changes()) {
            const Record &r = c.upsert();
            seen.insert(r.has_case_()        ? "case:" + r.case_().id()
                        : r.has_resident()   ? "resident:" + r.resident().id()
                        : r.has_visit()      ? "visit:" + r.visit().id()
                        : r.has_referral()   ? "referral:" + r.referral().id()
                        : r.has_case_event() ? "event:" + r.case_event().id()
                                             : "other");
        }
        cursor = page.next_cursor();
        more = page.has_more();
    }
    QVERIFY(seen.contains("case:case-1"));
    for (const char *k : {"case:case-2", "resident:res-2", "visit:visit-2", "referral:ref-2"}) {
        QVERIFY2(!seen.contains(k), k);
    }
    // A cursor from the future does not skip the scope check either.
    PullRequest ahead;
    ahead.set_cursor(1'000'000'000);
    const auto refused = m_client->call("/v1/pull", ahead, m_devices["off-a"].token);
    QCOMPARE(refused.status, 400);
    QCOMPARE(parseAs<Error>(refused.body).code(), ERROR_CODE_INVALID_ARGUMENT);
    QVERIFY(!audit({"--device", QString::fromLatin1(m_devices["off-a"].deviceId), "--action",
                    "refused/v1/pull"})
                 .isEmpty());
}

void TestHostile::pushesOutsideScopeAreRefused()
{
    Mutation note;
    note.set_mutation_id("hostile-note-1");
    CaseEvent &e = *note.mutable_append_case_event();
    e.set_id("hostile-evt-1");
    e.set_case_id("case-2"); // off-b's case
    e.set_kind(CASE_EVENT_KIND_NOTE);
    e.mutable_note()->set_text("written by someone else");
    const auto r1 = pushOne("off-a", note);
    QCOMPARE(r1.status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(r1.error().code(), ERROR_CODE_FORBIDDEN);

    Mutation edit;
    edit.set_mutation_id("hostile-edit-1");
    UpdateResident &u = *edit.mutable_update_resident();
    u.set_resident_id("res-2");
    u.set_base_version(1);
    u.mutable_values()->set_phone("07999999999");
    u.add_fields("phone");
    const auto r2 = pushOne("off-a", edit);
    QCOMPARE(r2.status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(r2.error().code(), ERROR_CODE_FORBIDDEN);
    // The same answer as for a case that does not exist: nothing learnt by probing.
    note.set_mutation_id("hostile-note-2");
    note.mutable_append_case_event()->set_id("hostile-evt-2");
    note.mutable_append_case_event()->set_case_id("case-does-not-exist");
    const auto r3 = pushOne("off-a", note);
    QCOMPARE(r3.error().message(), r1.error().message());

    // Nothing changed: off-b still sees res-2's old phone and no new note.
    PullRequest pull;
    pull.set_page_size(2000);
    const auto reply = m_client->call("/v1/pull", pull, m_devices["off-b"].token);
    const auto pulled = parseAs<PullResponse>(reply.body);
    for (const Change &c : pulled.changes()) {
        QVERIFY(!(c.upsert().has_case_event() && c.upsert().case_event().id() == "hostile-evt-1"));
        if (c.upsert().has_resident() && c.upsert().resident().id() == "res-2") {
            QCOMPARE(c.upsert().resident().phone(), std::string("07000000002"));
        }
    }
    const auto lines = audit({"--user", "off-a", "--action", "push."});
    QVERIFY2(lines.filter("push.append_case_event\thostile-note-1\tMUTATION_STATUS_REJECTED\t"
                          "ERROR_CODE_FORBIDDEN")
                     .size() == 1,
             qPrintable(lines.join('\n')));
    QCOMPARE(lines.filter("hostile-edit-1\tMUTATION_STATUS_REJECTED").size(), 1);
}

void TestHostile::rolesCannotBeEscalated()
{
    // An officer schedules a visit to themselves on another officer's case: coordinators only.
    Mutation assign;
    assign.set_mutation_id("hostile-assign-1");
    Visit &v = *assign.mutable_assign_visit()->mutable_visit();
    v.set_id("visit-2");
    v.set_case_id("case-2");
    v.set_officer_user_id("off-a");
    assign.mutable_assign_visit()->set_base_version(1);
    const auto r1 = pushOne("off-a", assign);
    QCOMPARE(r1.status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(r1.error().code(), ERROR_CODE_FORBIDDEN);

    // A ward member adds casework or triages a referral: refused.
    Mutation note;
    note.set_mutation_id("hostile-cllr-note");
    note.mutable_append_case_event()->set_id("hostile-cllr-evt");
    note.mutable_append_case_event()->set_case_id("case-1");
    note.mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    QCOMPARE(pushOne("cllr-1", note).error().code(), ERROR_CODE_FORBIDDEN);
    Mutation triage;
    triage.set_mutation_id("hostile-cllr-triage");
    triage.mutable_triage_referral()->set_referral_id("ref-1");
    triage.mutable_triage_referral()->set_base_version(1);
    triage.mutable_triage_referral()->set_urgency(URGENCY_URGENT);
    QCOMPARE(pushOne("cllr-1", triage).status(), MUTATION_STATUS_REJECTED);

    // Claiming to be someone else in the body changes nothing: the credential decides.
    Mutation forged;
    forged.set_mutation_id("hostile-forged-1");
    CaseEvent &e = *forged.mutable_append_case_event();
    e.set_id("hostile-forged-evt");
    e.set_case_id("case-1");
    e.set_kind(CASE_EVENT_KIND_NOTE);
    e.set_actor_user_id("coo-1");
    e.set_device_id(m_devices["coo-1"].deviceId.toStdString());
    QCOMPARE(pushOne("off-a", forged).status(), MUTATION_STATUS_APPLIED);
    PullRequest pull;
    pull.set_page_size(2000);
    const auto reply = m_client->call("/v1/pull", pull, m_devices["coo-1"].token);
    bool found = false;
    const auto pulled = parseAs<PullResponse>(reply.body);
    for (const Change &c : pulled.changes()) {
        if (c.upsert().has_case_event() && c.upsert().case_event().id() == "hostile-forged-evt") {
            found = true;
            QCOMPARE(c.upsert().case_event().actor_user_id(), std::string("off-a"));
            QCOMPARE(c.upsert().case_event().device_id(),
                     m_devices["off-a"].deviceId.toStdString());
        }
    }
    QVERIFY(found);
    QCOMPARE(audit({"--user", "cllr-1", "--action", "push."}).filter("REJECTED").size(), 2);
}

void TestHostile::anotherDevicesCredentialsAreUseless()
{
    // Renewing off-b's device with off-a's secret.
    TokenRequest renew;
    renew.set_device_id(m_devices["off-b"].deviceId.toStdString());
    renew.set_device_secret(m_devices["off-a"].secret.toStdString());
    const auto refused = m_client->call("/v1/token", renew);
    QCOMPARE(refused.status, 401);
    QCOMPARE(parseAs<Error>(refused.body).code(), ERROR_CODE_UNAUTHENTICATED);
    QCOMPARE(audit({"--device", QString::fromLatin1(m_devices["off-b"].deviceId), "--action",
                    "refused/v1/token"})
                 .size(),
             1);

    // Replaying off-a's mutation id from off-b's device: no result of off-a's is shown.
    Mutation replay;
    replay.set_mutation_id("hostile-note-1");
    replay.mutable_append_case_event()->set_id("hostile-evt-replay");
    replay.mutable_append_case_event()->set_case_id("case-2");
    replay.mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    const auto r = pushOne("off-b", replay);
    QCOMPARE(r.status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(r.error().code(), ERROR_CODE_FORBIDDEN);
    QVERIFY(QString::fromStdString(r.error().message()).contains("another device"));

    // A used enrolment code enrols nothing the second time.
    const auto code = m_server->admin({"device", "enrol-code", "off-a"}).out.trimmed();
    EnrolRequest enrol;
    enrol.set_enrolment_code(code.toStdString());
    QCOMPARE(m_client->call("/v1/enrol", enrol).status, 200);
    const auto again = m_client->call("/v1/enrol", enrol);
    QCOMPARE(again.status, 401);
    QCOMPARE(parseAs<Error>(again.body).code(), ERROR_CODE_ENROLMENT_CODE_INVALID);
    QCOMPARE(audit({"--action", "refused/v1/enrol"}).size(), 1);

    // A token that was never issued.
    PullRequest pull;
    const auto forged = m_client->call("/v1/pull", pull, "made-up-token-0123456789");
    QCOMPARE(forged.status, 401);
    QCOMPARE(parseAs<Error>(forged.body).code(), ERROR_CODE_UNAUTHENTICATED);
}

void TestHostile::revokedAndExpiredTokensAreRefused()
{
    // A second tablet for off-a, then lost and revoked.
    const auto lost = enrolDevice(*m_server, *m_client, "off-a");
    QVERIFY(!lost.token.isEmpty());
    QCOMPARE(m_server->admin({"device", "revoke", QString::fromLatin1(lost.deviceId)}).exitCode, 0);
    PullRequest pull;
    const auto revoked = m_client->call("/v1/pull", pull, lost.token);
    QCOMPARE(revoked.status, 403);
    QCOMPARE(parseAs<Error>(revoked.body).code(), ERROR_CODE_DEVICE_REVOKED);
    TokenRequest renew;
    renew.set_device_id(lost.deviceId.toStdString());
    renew.set_device_secret(lost.secret.toStdString());
    QCOMPARE(parseAs<Error>(m_client->call("/v1/token", renew).body).code(),
             ERROR_CODE_DEVICE_REVOKED);
    const auto lines =
        audit({"--device", QString::fromLatin1(lost.deviceId), "--action", "refused/"});
    QCOMPARE(lines.filter("refused/v1/pull\t-\tERROR_CODE_DEVICE_REVOKED").size(), 1);
    QCOMPARE(lines.filter("refused/v1/token\t-\tERROR_CODE_DEVICE_REVOKED").size(), 1);
    // The refusal names the user too, so an administrator sees whose tablet it was.
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.filter("\toff-a\t").size(), 2);

    // Eleven minutes later off-b's 10-minute token has expired.
    setClock(m_now + 11 * 60 * 1000);
    const auto expired = m_client->call("/v1/pull", pull, m_devices["off-b"].token);
    QCOMPARE(expired.status, 401);
    QCOMPARE(parseAs<Error>(expired.body).code(), ERROR_CODE_TOKEN_EXPIRED);
    QCOMPARE(audit({"--device", QString::fromLatin1(m_devices["off-b"].deviceId), "--action",
                    "refused/v1/pull"})
                 .filter("ERROR_CODE_TOKEN_EXPIRED")
                 .size(),
             1);
    // Renewal brings it back.
    renew.set_device_id(m_devices["off-b"].deviceId.toStdString());
    renew.set_device_secret(m_devices["off-b"].secret.toStdString());
    const auto renewed = m_client->call("/v1/token", renew);
    QCOMPARE(renewed.status, 200);
    m_devices["off-b"].token =
        QByteArray::fromStdString(parseAs<AccessToken>(renewed.body).token());
    QCOMPARE(m_client->call("/v1/pull", pull, m_devices["off-b"].token).status, 200);
    for (const QString user : {"off-a", "coo-1", "cllr-1"}) {
        renew.set_device_id(m_devices[user].deviceId.toStdString());
        renew.set_device_secret(m_devices[user].secret.toStdString());
        m_devices[user].token = QByteArray::fromStdString(
            parseAs<AccessToken>(m_client->call("/v1/token", renew).body).token());
    }
}

void TestHostile::hugeAndDeeplyNestedRequestsAreRefused()
{
    const QByteArray token = m_devices["off-a"].token;
    const QString device = QString::fromLatin1(m_devices["off-a"].deviceId);
    // One mutation more than a push may carry (each tiny, so the body is under --max-body).
    PushRequest huge;
    for (int i = 0; i <= 500; ++i) {
        huge.add_mutations()->set_mutation_id("h" + std::to_string(i));
    }
    const auto tooMany = m_client->call("/v1/push", huge, token);
    QCOMPARE(tooMany.status, 400);
    QCOMPARE(parseAs<Error>(tooMany.body).code(), ERROR_CODE_INVALID_ARGUMENT);

    // A body over --max-body (64 KiB here) is refused before it is read.
    const QByteArray big(200 * 1024, 'x');
    const auto tooBig = m_client->post("/v1/push", big, "application/x-protobuf",
                                       {{"Authorization", "Bearer " + token}});
    QCOMPARE(tooBig.status, 413);

    // 20,000 nested protobuf groups: the decoder's recursion limit refuses it.
    QByteArray nested;
    nested.fill(char(0x7b), 20000); // field 15, start group
    nested.append(QByteArray(20000, char(0x7c)));
    const auto deepPb = m_client->post("/v1/push", nested, "application/x-protobuf",
                                       {{"Authorization", "Bearer " + token}});
    QCOMPARE(deepPb.status, 400);
    QCOMPARE(parseAs<Error>(deepPb.body).code(), ERROR_CODE_MALFORMED_BODY);

    // 20,000 nested JSON arrays in an unknown field.
    const QByteArray deepJson = "{\"x\":" + QByteArray(20000, '[') + QByteArray(20000, ']') + "}";
    const auto json = m_client->post("/v1/push", deepJson, "application/json",
                                     {{"Authorization", "Bearer " + token}});
    QCOMPARE(json.status, 400);
    QVERIFY(serverAlive());

    const auto lines = audit({"--device", device, "--action", "refused/v1/push"});
    QCOMPARE(lines.filter("ERROR_CODE_INVALID_ARGUMENT").size(), 1);
    QCOMPARE(lines.filter("ERROR_CODE_BODY_TOO_LARGE").size(), 1);
    QCOMPARE(lines.filter("ERROR_CODE_MALFORMED_BODY").size(), 2);
    // Still serving, with nothing of the refused pushes stored.
    PullRequest pull;
    pull.set_page_size(2000);
    const auto after = m_client->call("/v1/pull", pull, token);
    QCOMPARE(after.status, 200);
}

void TestHostile::invalidFormSubmissionsAreRefused()
{
    const auto submission = [](const char *eventId, double score, bool withShare) {
        Mutation m;
        m.set_mutation_id(std::string("form-") + eventId);
        CaseEvent &e = *m.mutable_append_case_event();
        e.set_id(eventId);
        e.set_case_id("case-1");
        e.set_kind(CASE_EVENT_KIND_FORM_SUBMISSION);
        FormSubmission &s = *e.mutable_form_submission();
        s.set_id(std::string("sub-") + eventId);
        s.set_form_id("visit_check");
        s.set_form_version(1);
        s.set_visit_id("visit-1");
        Answer *well = s.add_answers();
        well->set_question_id("feeling_well");
        well->set_yes_no(true);
        Answer *n = s.add_answers();
        n->set_question_id("wellbeing_score");
        n->set_number(score);
        if (withShare) {
            Answer *share = s.add_answers();
            share->set_question_id("share_outcome");
            share->set_consent_given(true);
        }
        return m;
    };
    // Out of range, as a tampered app might send it.
    const auto r1 = pushOne("off-a", submission("form-evt-1", 42, true));
    QCOMPARE(r1.status(), MUTATION_STATUS_REJECTED);
    QCOMPARE(r1.error().code(), ERROR_CODE_VALIDATION_FAILED);
    QVERIFY2(QString::fromStdString(r1.error().message()).contains("wellbeing_score"),
             r1.error().message().c_str());
    // A required question the server knows applies (the case came from a ward member), left out.
    const auto r2 = pushOne("off-a", submission("form-evt-2", 7, false));
    QCOMPARE(r2.status(), MUTATION_STATUS_REJECTED);
    QVERIFY2(QString::fromStdString(r2.error().message())
                 .contains("share_outcome: Choose whether the resident agrees."),
             r2.error().message().c_str());
    // A version the server does not have.
    auto unknown = submission("form-evt-3", 7, true);
    unknown.mutable_append_case_event()->mutable_form_submission()->set_form_version(2);
    QCOMPARE(pushOne("off-a", unknown).error().code(), ERROR_CODE_VALIDATION_FAILED);
    // The valid one is stored.
    QCOMPARE(pushOne("off-a", submission("form-evt-4", 7, true)).status(), MUTATION_STATUS_APPLIED);
    PullRequest pull;
    pull.set_page_size(2000);
    const auto pulled =
        parseAs<PullResponse>(m_client->call("/v1/pull", pull, m_devices["coo-1"].token).body);
    std::set<std::string> events;
    for (const Change &c : pulled.changes()) {
        if (c.upsert().has_case_event()) {
            events.insert(c.upsert().case_event().id());
        }
    }
    QVERIFY(events.contains("form-evt-4"));
    for (const char *bad : {"form-evt-1", "form-evt-2", "form-evt-3"}) {
        QVERIFY2(!events.contains(bad), bad);
    }
    QCOMPARE(audit({"--user", "off-a", "--action", "push.append_case_event"})
                 .filter("ERROR_CODE_VALIDATION_FAILED")
                 .size(),
             3);
}

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
