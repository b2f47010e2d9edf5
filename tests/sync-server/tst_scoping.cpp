// Role scoping from adversarial requests, and eviction after reassignment, through the real
// server binary and the small world in testworld.h.

#include "doorstep/v1/sync.pb.h"
#include "serverprocess.h"
#include "testworld.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>
#include <set>

using namespace doorstep::v1;

namespace {

std::string keyOf(const Record &r)
{
    switch (r.record_case()) {
    case Record::kResident:
        return "resident:" + r.resident().id();
    case Record::kCase:
        return "case:" + r.case_().id();
    case Record::kReferral:
        return "referral:" + r.referral().id();
    case Record::kVisit:
        return "visit:" + r.visit().id();
    case Record::kCaseEvent:
        return "event:" + r.case_event().id();
    case Record::kFormDefinition:
        return "form:" + r.form_definition().id();
    case Record::kUser:
        return "user:" + r.user().id();
    case Record::kWard:
        return "ward:" + r.ward().id();
    default:
        return "?";
    }
}

} // namespace

class TestScoping : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void officerSeesOnlyTheirCases();
    void officerCannotPushOutsideScope();
    void wardMemberSeesOnlySharedOutcomeSummaries();
    void wardMemberCannotWriteCasework();
    void coordinatorSeesTheService();
    void pagingDeliversEverythingOnce();
    void reassignmentEvictsFromOldOfficer();
    void closingACaseEvictsIt();
    void lostEvictionIsSentAgain();
    void wardMemberLetsGoOfFinishedReferralsAfterRetention();

private:
    struct Pulled
    {
        std::map<std::string, Record> records;
        std::vector<Eviction> evictions;
        qint64 cursor = 0;
        // The highest seq any page carried; a cursor handed back must never fall behind it.
        qint64 highestSeq = 0;
        bool ok = true; // every page answered 200
    };
    // Pulls every page from `cursor`.
    Pulled pullAll(const QByteArray &token, qint64 cursor = 0, int pageSize = 0);
    // Moves the server's clock (admin commands keep the system clock).
    void setClock(qint64 ms);
    // A fresh access token for the user's device, after the clock moved past the old one.
    void renewToken(const QString &user);

    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<TestClient> m_client;
    std::map<QString, EnrolledDevice> m_devices;
    qint64 m_now = 0;
};

void TestScoping::setClock(qint64 ms)
{
    QFile f(m_dir.filePath("clock"));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QByteArray::number(ms));
}

void TestScoping::renewToken(const QString &user)
{
    EnrolledDevice &device = m_devices[user];
    TokenRequest renew;
    renew.set_device_id(device.deviceId.toStdString());
    renew.set_device_secret(device.secret.toStdString());
    const auto renewed = m_client->call("/v1/token", renew);
    QCOMPARE(renewed.status, 200);
    device.token = QByteArray::fromStdString(parseAs<AccessToken>(renewed.body).token());
}

void TestScoping::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_server = std::make_unique<ServerProcess>(m_dir.filePath("data"));
    m_now = QDateTime::currentMSecsSinceEpoch();
    setClock(m_now);
    QCOMPARE(m_server->admin({"init"}).exitCode, 0);
    QVERIFY(testworld::writeSnapshot(m_dir.filePath("world.pb")));
    QCOMPARE(m_server->admin({"load-snapshot", m_dir.filePath("world.pb")}).exitCode, 0);
    QVERIFY(m_server->start({"--clock-file", m_dir.filePath("clock")}));
    m_client = std::make_unique<TestClient>(m_server->port());
    for (const QString user : {"off-a", "off-b", "coo-1", "cllr-1", "cllr-2"}) {
        m_devices[user] = enrolDevice(*m_server, *m_client, user);
        QVERIFY2(!m_devices[user].token.isEmpty(), qPrintable(user));
    }
}

void TestScoping::cleanupTestCase()
{
    m_client.reset();
    m_server.reset();
}

TestScoping::Pulled TestScoping::pullAll(const QByteArray &token, qint64 cursor, int pageSize)
{
    Pulled out;
    out.cursor = cursor;
    for (int page = 0; page < 1000; ++page) {
        PullRequest request;
        request.set_cursor(out.cursor);
        request.set_page_size(pageSize);
        const auto reply = m_client->call("/v1/pull", request, token);
        if (reply.status != 200) {
            qWarning("pull failed: %d", reply.status);
            out.ok = false;
            return out;
        }
        const auto response = parseAs<PullResponse>(reply.body);
        qint64 last = out.cursor;
        for (const Change &c : response.changes()) {
            if (c.seq() <= last) {
                qWarning("seq not increasing");
            }
            last = c.seq();
            out.highestSeq = std::max(out.highestSeq, last);
            if (c.has_upsert()) {
                out.records[keyOf(c.upsert())] = c.upsert();
            } else {
                out.evictions.push_back(c.evict());
            }
        }
        out.cursor = response.next_cursor();
        if (!response.has_more()) {
            break;
        }
    }
    return out;
}

void TestScoping::officerSeesOnlyTheirCases()
{
    const auto pulled = pullAll(m_devices["off-a"].token);
    std::set<std::string> keys;
    for (const auto &[k, r] : pulled.records) {
        keys.insert(k);
    }
    for (const char *k :
         {"case:case-1", "case:case-3", "resident:res-1", "resident:res-3", "visit:visit-1",
          "visit:visit-3", "event:evt-1", "event:evt-3", "referral:ref-1", "referral:ref-3",
          "form:form-1", "ward:ward-1", "user:off-a", "user:coo-1"}) {
        QVERIFY2(keys.contains(k), k);
    }
    // Nothing of another officer's case, and no ward members' details.
    for (const char *k : {"case:case-2", "resident:res-2", "visit:visit-2", "event:evt-2",
                          "referral:ref-2", "user:cllr-1"}) {
        QVERIFY2(!keys.contains(k), k);
    }
    QVERIFY(pulled.evictions.empty());
}

void TestScoping::officerCannotPushOutsideScope()
{
    PushRequest push;
    Mutation *event = push.add_mutations();
    event->set_mutation_id("m-scope-1");
    event->mutable_append_case_event()->set_id("evt-sneaky");
    event->mutable_append_case_event()->set_case_id("case-2");
    event->mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    Mutation *resident = push.add_mutations();
    resident->set_mutation_id("m-scope-2");
    resident->mutable_update_resident()->set_resident_id("res-2");
    resident->mutable_update_resident()->set_base_version(1);
    resident->mutable_update_resident()->mutable_values()->set_phone("999");
    resident->mutable_update_resident()->add_fields("phone");
    Mutation *visit = push.add_mutations();
    visit->set_mutation_id("m-scope-3");
    visit->mutable_transition_visit()->set_visit_id("visit-2");
    visit->mutable_transition_visit()->set_base_version(1);
    visit->mutable_transition_visit()->set_to_status(VISIT_STATUS_CANCELLED);
    Mutation *ghost = push.add_mutations();
    ghost->set_mutation_id("m-scope-4");
    ghost->mutable_append_case_event()->set_id("evt-ghost");
    ghost->mutable_append_case_event()->set_case_id("case-does-not-exist");
    ghost->mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    Mutation *assign = push.add_mutations();
    assign->set_mutation_id("m-scope-5");
    *assign->mutable_assign_visit()->mutable_visit() = testworld::snapshot().visits(1);
    assign->mutable_assign_visit()->mutable_visit()->set_officer_user_id("off-a");
    assign->mutable_assign_visit()->set_base_version(1);

    const auto reply = m_client->call("/v1/push", push, m_devices["off-a"].token);
    QCOMPARE(reply.status, 200);
    const auto response = parseAs<PushResponse>(reply.body);
    QCOMPARE(response.results_size(), 5);
    for (const auto &r : response.results()) {
        QCOMPARE(r.status(), MUTATION_STATUS_REJECTED);
        QCOMPARE(r.error().code(), ERROR_CODE_FORBIDDEN);
        QVERIFY(!r.has_current()); // nothing about the record leaks back
    }
    // The same message for a case that exists out of scope and one that does not exist.
    QCOMPARE(response.results(0).error().message(), response.results(3).error().message());

    // Nothing changed: the coordinator sees res-2 and visit-2 as they were.
    const auto all = pullAll(m_devices["coo-1"].token);
    QCOMPARE(all.records.at("resident:res-2").resident().phone(), std::string("07000000002"));
    QCOMPARE(all.records.at("visit:visit-2").visit().status(), VISIT_STATUS_SCHEDULED);
    QVERIFY(!all.records.contains("event:evt-sneaky"));
}

void TestScoping::wardMemberSeesOnlySharedOutcomeSummaries()
{
    // Earlier work on case-1: an outcome recorded months before cllr-1's referral of it was
    // received (1790000000). It answered someone else and must never reach them.
    PushRequest earlier;
    Mutation *m = earlier.add_mutations();
    m->set_mutation_id("m-earlier-outcome");
    CaseEvent *e = m->mutable_append_case_event();
    e->set_id("evt-earlier");
    e->set_case_id("case-1");
    e->set_kind(CASE_EVENT_KIND_OUTCOME);
    e->mutable_occurred_at()->set_seconds(1780000000);
    e->mutable_outcome()->set_id("out-earlier");
    e->mutable_outcome()->set_case_id("case-1");
    e->mutable_outcome()->set_follow_up_needed(true);
    e->mutable_outcome()->set_shareable_summary("summary of earlier work");
    const auto pushed = m_client->call("/v1/push", earlier, m_devices["coo-1"].token);
    QCOMPARE(pushed.status, 200);
    QCOMPARE(parseAs<PushResponse>(pushed.body).results(0).status(), MUTATION_STATUS_APPLIED);

    const auto pulled = pullAll(m_devices["cllr-1"].token);
    std::set<std::string> keys;
    for (const auto &[k, r] : pulled.records) {
        keys.insert(k);
        // No resident data in any form, no cases, visits or forms.
        QVERIFY2(!r.has_resident() && !r.has_case_() && !r.has_visit() && !r.has_form_definition(),
                 k.c_str());
    }
    QVERIFY(keys.contains("referral:ref-1"));
    QVERIFY(keys.contains("referral:ref-2"));  // their own referral, even without consent
    QVERIFY(!keys.contains("referral:ref-3")); // another member's
    QVERIFY(keys.contains("user:cllr-1"));
    QVERIFY(!keys.contains("user:off-a"));
    // The consented outcome, cut down to its shareable summary.
    QVERIFY(keys.contains("event:evt-1"));
    const Outcome &o = pulled.records.at("event:evt-1").case_event().outcome();
    QCOMPARE(o.shareable_summary(), std::string("shared summary 1"));
    QVERIFY(o.summary().empty());
    QCOMPARE(o.actions_taken_size(), 0);
    // Not the outcome the resident did not agree to share, nor the case's other events, nor
    // an outcome of work done before the referral.
    QVERIFY(!keys.contains("event:evt-2"));
    QVERIFY(!keys.contains("event:evt-3"));
    QVERIFY(!keys.contains("event:evt-earlier"));

    // The wire bytes themselves hold no private text.
    PullRequest request;
    const auto raw = m_client->call("/v1/pull", request, m_devices["cllr-1"].token);
    QVERIFY(!raw.body.contains("private"));
    QVERIFY(!raw.body.contains("earlier work"));
    QVERIFY(!raw.body.contains("Family"));
    QVERIFY(!raw.body.contains("0700000000"));
}

void TestScoping::wardMemberCannotWriteCasework()
{
    PushRequest push;
    Mutation *m = push.add_mutations();
    m->set_mutation_id("m-cllr-1");
    m->mutable_append_case_event()->set_id("evt-cllr");
    m->mutable_append_case_event()->set_case_id("case-1");
    m->mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    Mutation *u = push.add_mutations();
    u->set_mutation_id("m-cllr-2");
    u->mutable_update_resident()->set_resident_id("res-1");
    u->mutable_update_resident()->set_base_version(1);
    u->mutable_update_resident()->add_fields("phone");
    const auto reply = m_client->call("/v1/push", push, m_devices["cllr-1"].token);
    QCOMPARE(reply.status, 200);
    const auto parsed1 = parseAs<PushResponse>(reply.body);
    QCOMPARE(parsed1.results_size(), 2);
    for (const auto &r : parsed1.results()) {
        QCOMPARE(r.status(), MUTATION_STATUS_REJECTED);
        QCOMPARE(r.error().code(), ERROR_CODE_FORBIDDEN);
    }
}

void TestScoping::coordinatorSeesTheService()
{
    const auto pulled = pullAll(m_devices["coo-1"].token);
    // Everything, and the ward members who refer, so the inbox can name them.
    for (const char *k :
         {"case:case-1", "case:case-2", "case:case-3", "resident:res-2", "event:evt-2",
          "referral:ref-3", "visit:visit-2", "user:cllr-1", "user:cllr-2"}) {
        QVERIFY2(pulled.records.contains(k), k);
    }
    QCOMPARE(pulled.records.at("event:evt-2").case_event().outcome().summary(),
             std::string("private summary 2"));
}

void TestScoping::pagingDeliversEverythingOnce()
{
    const auto whole = pullAll(m_devices["coo-1"].token);
    const auto paged = pullAll(m_devices["coo-1"].token, 0, 2);
    QCOMPARE(paged.records.size(), whole.records.size());
    QCOMPARE(paged.cursor, whole.cursor);
    // Nothing new: an empty page at the same cursor.
    PullRequest again;
    again.set_cursor(whole.cursor);
    const auto reply = m_client->call("/v1/pull", again, m_devices["coo-1"].token);
    QCOMPARE(reply.status, 200);
    const auto response = parseAs<PullResponse>(reply.body);
    QCOMPARE(response.changes_size(), 0);
    QVERIFY(!response.has_more());
    QCOMPARE(response.next_cursor(), whole.cursor);
    // A cursor from the future is refused with a clear error.
    again.set_cursor(whole.cursor + 1000);
    const auto future = m_client->call("/v1/pull", again, m_devices["coo-1"].token);
    QCOMPARE(future.status, 400);
    const auto parsed2 = parseAs<Error>(future.body);
    QCOMPARE(parsed2.code(), ERROR_CODE_INVALID_ARGUMENT);
}

void TestScoping::reassignmentEvictsFromOldOfficer()
{
    const auto a0 = pullAll(m_devices["off-a"].token);
    const auto b0 = pullAll(m_devices["off-b"].token);
    QVERIFY(a0.records.contains("case:case-1"));
    QVERIFY(!b0.records.contains("case:case-1"));

    // The coordinator reassigns visit-1 (case-1) from off-a to off-b.
    const auto coordinator = pullAll(m_devices["coo-1"].token);
    Visit visit = coordinator.records.at("visit:visit-1").visit();
    PushRequest push;
    Mutation *m = push.add_mutations();
    m->set_mutation_id("m-reassign-1");
    m->mutable_assign_visit()->set_base_version(visit.version());
    visit.set_officer_user_id("off-b");
    *m->mutable_assign_visit()->mutable_visit() = visit;
    const auto reply = m_client->call("/v1/push", push, m_devices["coo-1"].token);
    QCOMPARE(reply.status, 200);
    const auto parsed3 = parseAs<PushResponse>(reply.body);
    QCOMPARE(parsed3.results_size(), 1);
    QCOMPARE(parsed3.results(0).status(), MUTATION_STATUS_APPLIED);

    // off-a is told to evict case-1 and everything it held because of it...
    const auto a1 = pullAll(m_devices["off-a"].token, a0.cursor);
    std::set<std::string> evicted;
    for (const Eviction &e : a1.evictions) {
        evicted.insert(RecordType_Name(e.record_type()) + ":" + e.record_id());
        QCOMPARE(e.reason(), EVICTION_REASON_REASSIGNED);
    }
    for (const char *k : {"RECORD_TYPE_CASE:case-1", "RECORD_TYPE_RESIDENT:res-1",
                          "RECORD_TYPE_VISIT:visit-1", "RECORD_TYPE_CASE_EVENT:evt-1",
                          "RECORD_TYPE_CASE_EVENT:evt-3", "RECORD_TYPE_REFERRAL:ref-1"}) {
        QVERIFY2(evicted.contains(k), k);
    }
    // ...and keeps case-3, which is not resent.
    QVERIFY(!evicted.contains("RECORD_TYPE_CASE:case-3"));
    QVERIFY(!a1.records.contains("case:case-1"));

    // off-b now receives the whole case.
    const auto b1 = pullAll(m_devices["off-b"].token, b0.cursor);
    for (const char *k : {"case:case-1", "resident:res-1", "visit:visit-1", "event:evt-1"}) {
        QVERIFY2(b1.records.contains(k), k);
    }
    QCOMPARE(b1.records.at("visit:visit-1").visit().officer_user_id(), std::string("off-b"));
    QVERIFY(b1.evictions.empty());

    // off-a can no longer write to case-1.
    PushRequest late;
    Mutation *n = late.add_mutations();
    n->set_mutation_id("m-late-1");
    n->mutable_append_case_event()->set_id("evt-late");
    n->mutable_append_case_event()->set_case_id("case-1");
    n->mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    const auto refused = m_client->call("/v1/push", late, m_devices["off-a"].token);
    const auto parsed4 = parseAs<PushResponse>(refused.body);
    QCOMPARE(parsed4.results_size(), 1);
    QCOMPARE(parsed4.results(0).status(), MUTATION_STATUS_REJECTED);

    // A pull from the cursor the device reached evicts nothing more; it also tells the server
    // the evictions arrived, so not even a pull from the start sends them again.
    QVERIFY(pullAll(m_devices["off-a"].token, a1.cursor).evictions.empty());
    const auto a2 = pullAll(m_devices["off-a"].token, 0);
    QVERIFY(!a2.records.contains("case:case-1"));
    QVERIFY(a2.evictions.empty());
}

void TestScoping::closingACaseEvictsIt()
{
    const auto before = pullAll(m_devices["off-a"].token);
    QVERIFY(before.records.contains("case:case-3"));
    // The administrator closes case-3 by importing its new status.
    QFile csv(m_dir.filePath("close.csv"));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("id,case_number,resident_id,status,opened_on,coordinator_user_id\n"
              "case-3,HV-2026-000003,res-3,closed,2026-01-05,coo-1\n");
    csv.close();
    const auto import = m_server->admin({"import", "cases", csv.fileName()});
    QCOMPARE(import.exitCode, 0);

    // Inside the retention period the officer keeps the case, and sees that it closed.
    const auto closed = pullAll(m_devices["off-a"].token, before.cursor);
    QVERIFY(closed.evictions.empty());
    QCOMPARE(closed.records.at("case:case-3").case_().status(), CASE_STATUS_CLOSED);
    // Closed when imported (admin commands use the system clock, which started at m_now).
    QVERIFY(closed.records.at("case:case-3").case_().closed_at().seconds() >= m_now / 1000);

    constexpr qint64 day = 24LL * 60 * 60 * 1000;
    setClock(m_now + 27 * day);
    renewToken("off-a");
    const auto day27 = pullAll(m_devices["off-a"].token, closed.cursor);
    QVERIFY(day27.evictions.empty());

    // The test council sets no retention, so the default of 28 days applies.
    setClock(m_now + 29 * day);
    renewToken("off-a");
    const auto after = pullAll(m_devices["off-a"].token, day27.cursor);
    // The pull that swept handed back a cursor past the sweep's own entries.
    QVERIFY(after.cursor >= after.highestSeq);
    std::set<std::string> evicted;
    for (const Eviction &e : after.evictions) {
        evicted.insert(RecordType_Name(e.record_type()) + ":" + e.record_id());
        if (e.record_type() == RECORD_TYPE_CASE) {
            QCOMPARE(e.reason(), EVICTION_REASON_CASE_CLOSED);
        }
    }
    for (const char *k : {"RECORD_TYPE_CASE:case-3", "RECORD_TYPE_RESIDENT:res-3",
                          "RECORD_TYPE_VISIT:visit-3", "RECORD_TYPE_REFERRAL:ref-3"}) {
        QVERIFY2(evicted.contains(k), k);
    }
    // The sweep happens once: a later pull has nothing more to evict.
    const auto later = pullAll(m_devices["off-a"].token, after.cursor);
    QVERIFY(later.evictions.empty());
    QVERIFY(!later.records.contains("case:case-3"));

    // The coordinator still sees the closed case.
    renewToken("coo-1");
    const auto coordinator = pullAll(m_devices["coo-1"].token);
    QCOMPARE(coordinator.records.at("case:case-3").case_().status(), CASE_STATUS_CLOSED);
}

// Found by the fault harness: a page with evictions whose answer never reached the device (cut
// connection, app killed, disk full) left the server believing the device had dropped the
// records, so the retried page no longer carried the evictions and the device kept a case
// that was no longer its officer's.
void TestScoping::lostEvictionIsSentAgain()
{
    renewToken("off-b");
    renewToken("coo-1");
    const auto b0 = pullAll(m_devices["off-b"].token);
    QVERIFY(b0.records.contains("case:case-2"));
    const auto coordinator = pullAll(m_devices["coo-1"].token);
    Visit visit = coordinator.records.at("visit:visit-2").visit();
    PushRequest push;
    Mutation *m = push.add_mutations();
    m->set_mutation_id("m-reassign-2");
    m->mutable_assign_visit()->set_base_version(visit.version());
    visit.set_officer_user_id("off-a");
    *m->mutable_assign_visit()->mutable_visit() = visit;
    const auto reply = m_client->call("/v1/push", push, m_devices["coo-1"].token);
    QCOMPARE(parseAs<PushResponse>(reply.body).results(0).status(), MUTATION_STATUS_APPLIED);

    auto evictsCase2 = [](const Pulled &p) {
        return std::any_of(p.evictions.begin(), p.evictions.end(), [](const Eviction &e) {
            return e.record_type() == RECORD_TYPE_CASE && e.record_id() == "case-2";
        });
    };
    // The first answer is lost; the device asks again from the same cursor.
    QVERIFY(evictsCase2(pullAll(m_devices["off-b"].token, b0.cursor)));
    const auto retried = pullAll(m_devices["off-b"].token, b0.cursor);
    QVERIFY(evictsCase2(retried));
    // Asked for the page after it while still storing this one (stored_cursor says so), the
    // server keeps the evictions: the device may stop before storing them.
    PullRequest ahead;
    ahead.set_cursor(retried.cursor);
    ahead.set_stored_cursor(b0.cursor);
    QCOMPARE(m_client->call("/v1/pull", ahead, m_devices["off-b"].token).status, 200);
    QVERIFY(evictsCase2(pullAll(m_devices["off-b"].token, b0.cursor)));
    // Once the device pulls on from there, the evictions are done with.
    QVERIFY(pullAll(m_devices["off-b"].token, retried.cursor).evictions.empty());
    QVERIFY(!evictsCase2(pullAll(m_devices["off-b"].token, 0)));
}

// A ward member keeps a referral, and the outcome shared with them, while it is open and for the
// council's retention period after it finishes (declined, or its case closed); then both leave
// their tablet, which drops its copy of the resident with the referral.
void TestScoping::wardMemberLetsGoOfFinishedReferralsAfterRetention()
{
    constexpr qint64 day = 24LL * 60 * 60 * 1000;
    setClock(m_now + day);
    renewToken("cllr-1");
    renewToken("coo-1");
    // cllr-1 refers someone new, whom the coordinator declines.
    PushRequest refer;
    Mutation *m = refer.add_mutations();
    m->set_mutation_id("m-refer-declined");
    Referral &r = *m->mutable_create_referral()->mutable_referral();
    r.set_id("ref-declined");
    r.set_resident_id("res-declined");
    r.set_source(REFERRAL_SOURCE_WARD_MEMBER);
    r.set_referrer_user_id("cllr-1");
    r.set_concern("Lonely since moving into the flats");
    r.set_resident_consented_to_referral(true);
    r.mutable_received_at()->set_seconds((m_now + day) / 1000);
    Resident &res = *m->mutable_create_referral()->mutable_new_resident();
    res.set_id("res-declined");
    res.set_given_name("Walter");
    res.set_family_name("Brigg");
    auto pushed = m_client->call("/v1/push", refer, m_devices["cllr-1"].token);
    QCOMPARE(pushed.status, 200);
    QCOMPARE(parseAs<PushResponse>(pushed.body).results(0).status(), MUTATION_STATUS_APPLIED);
    const auto coordinator = pullAll(m_devices["coo-1"].token);
    PushRequest decline;
    m = decline.add_mutations();
    m->set_mutation_id("m-decline");
    m->mutable_triage_referral()->set_referral_id("ref-declined");
    m->mutable_triage_referral()->set_base_version(
        coordinator.records.at("referral:ref-declined").referral().version());
    m->mutable_triage_referral()->set_status(REFERRAL_STATUS_DECLINED);
    // Never without a reason.
    pushed = m_client->call("/v1/push", decline, m_devices["coo-1"].token);
    QCOMPARE(pushed.status, 200);
    QCOMPARE(parseAs<PushResponse>(pushed.body).results(0).status(), MUTATION_STATUS_REJECTED);
    m->set_mutation_id("m-decline-with-reason");
    m->mutable_triage_referral()->set_reason("Already supported by the housing support team");
    pushed = m_client->call("/v1/push", decline, m_devices["coo-1"].token);
    QCOMPARE(pushed.status, 200);
    QCOMPARE(parseAs<PushResponse>(pushed.body).results(0).status(), MUTATION_STATUS_APPLIED);
    // case-1, which answered ref-1 with a shared outcome, closes (admin commands use the
    // system clock, which started at m_now).
    QFile csv(m_dir.filePath("close-1.csv"));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("id,case_number,resident_id,status,opened_on,coordinator_user_id\n"
              "case-1,HV-2026-000001,res-1,closed,2026-01-05,coo-1\n");
    csv.close();
    QCOMPARE(m_server->admin({"import", "cases", csv.fileName()}).exitCode, 0);

    // Inside the retention period the ward member keeps both, and the outcome.
    const auto held = pullAll(m_devices["cllr-1"].token);
    QVERIFY(held.ok);
    for (const char *k : {"referral:ref-1", "referral:ref-declined", "event:evt-1"}) {
        QVERIFY2(held.records.contains(k), k);
    }
    const Referral &declined = held.records.at("referral:ref-declined").referral();
    QCOMPARE(declined.status(), REFERRAL_STATUS_DECLINED);
    QVERIFY(!declined.reference().empty());
    // The coordinator did not say the reason may be shared: the ward member never gets it,
    // while the coordinator's desk keeps it.
    QVERIFY(declined.decline_reason().empty());
    QCOMPARE(pullAll(m_devices["coo-1"].token)
                 .records.at("referral:ref-declined")
                 .referral()
                 .decline_reason(),
             "Already supported by the housing support team");
    setClock(m_now + 28 * day);
    renewToken("cllr-1");
    const auto day28 = pullAll(m_devices["cllr-1"].token, held.cursor);
    QVERIFY(day28.ok);
    QVERIFY(day28.evictions.empty());

    // After it, both referrals and the outcome leave; ref-2, still open, stays.
    setClock(m_now + 30 * day);
    renewToken("cllr-1");
    const auto after = pullAll(m_devices["cllr-1"].token, day28.cursor);
    QVERIFY(after.ok);
    std::set<std::string> evicted;
    for (const Eviction &e : after.evictions) {
        evicted.insert(RecordType_Name(e.record_type()) + ":" + e.record_id());
        QCOMPARE(e.reason(), EVICTION_REASON_RETENTION_EXPIRED);
    }
    for (const char *k : {"RECORD_TYPE_REFERRAL:ref-1", "RECORD_TYPE_REFERRAL:ref-declined",
                          "RECORD_TYPE_CASE_EVENT:evt-1"}) {
        QVERIFY2(evicted.contains(k), k);
    }
    QVERIFY(!evicted.contains("RECORD_TYPE_REFERRAL:ref-2"));
    // A new device of theirs is never sent them.
    const auto fresh = pullAll(m_devices["cllr-1"].token);
    QVERIFY(!fresh.records.contains("referral:ref-1"));
    QVERIFY(!fresh.records.contains("referral:ref-declined"));
    QVERIFY(!fresh.records.contains("event:evt-1"));
    QVERIFY(fresh.records.contains("referral:ref-2"));
}

QTEST_GUILESS_MAIN(TestScoping)
#include "tst_scoping.moc"
