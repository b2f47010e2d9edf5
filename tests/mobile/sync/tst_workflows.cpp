// The service's workflows end to end: three real app cores (a ward member's, a coordinator's
// and an officer's, each with its own encrypted store and sync client) against the real
// doorstep-server binary holding a small demo council. A ward member refers a resident, the
// coordinator triages and books a visit, the officer completes it offline, and the outcome
// goes back to the ward member only as far as the resident agreed. Also: a reassigned visit
// leaving the old officer's tablet, an overdue visit on the coordinator's board and its
// acknowledgement, a safeguarding concern, and the follow-up call landing in the KPIs.

#include "store/deskreader.h"
#include "store/prototime.h"
#include "store/storehost.h"
#include "sync/syncclient.h"

#include "doorstep/v1/sync.pb.h"
#include "serverprocess.h"
#include "smtprelay.h"

#include "../awaitanswer.h"
#include "../fakeclock.h"
#include "../testtablet.h"

#include <QSignalSpy>
#include <QtTest>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;
using namespace std::chrono_literals;

namespace {

constexpr const char *pin = "274915";
// The demo council's "today", Monday 2026-11-23, at 09:00 UTC.
constexpr std::int64_t kBaseDayMs = 1795392000LL * 1000;
constexpr std::int64_t kHourMs = 3600LL * 1000;
constexpr std::int64_t kNineAm = kBaseDayMs + 9 * kHourMs;

QByteArray bytes(const v1::Mutation &m)
{
    return QByteArray::fromStdString(m.SerializeAsString());
}

v1::Mutation mutation(const std::string &id)
{
    v1::Mutation m;
    m.set_mutation_id(id);
    return m;
}

v1::Mutation caseEvent(const std::string &id, const std::string &caseId, v1::CaseEventKind kind,
                       std::int64_t at)
{
    v1::Mutation m = mutation(id);
    v1::CaseEvent &e = *m.mutable_append_case_event();
    e.set_id("evt-" + id);
    e.set_case_id(caseId);
    e.set_kind(kind);
    *e.mutable_occurred_at() = timestampOf(at);
    return m;
}

// One app core: its own store, clock and sync client, enrolled as one demo user.
struct Tablet
{
    QTemporaryDir dir;
    FakeClock clock{kNineAm};
    std::unique_ptr<StoreHost> host;
    std::unique_ptr<SyncClient> sync;

    Tablet()
    {
        host = std::make_unique<StoreHost>(fastStoreConfig(dir.path(),
                                                           std::chrono::minutes(24 * 60 * 30),
                                                           std::chrono::hours(24 * 30)),
                                           clock);
        SyncClient::Options o;
        o.retryBase = 50ms;
        o.retryCap = 200ms;
        o.period = 0ms;
        sync = std::make_unique<SyncClient>(*host, o);
    }

    bool enrol(ServerProcess &server, const QString &username)
    {
        if (!await(*host, host->createKey(pin)).first) {
            return false;
        }
        const QString code = server.admin({"device", "enrol-code", username}).out.trimmed();
        QSignalSpy enrolled(sync.get(), &SyncClient::enrolled);
        sync->enrol(QUrl(QString("http://127.0.0.1:%1").arg(server.port())), code, username);
        return enrolled.wait(20000) && syncNow();
    }

    bool syncNow()
    {
        QSignalSpy done(sync.get(), &SyncClient::synced);
        QSignalSpy failed(sync.get(), &SyncClient::failed);
        sync->syncNow();
        if (!QTest::qWaitFor([&] { return !done.isEmpty() || !failed.isEmpty(); }, 30000)) {
            qWarning("sync did not finish");
            return false;
        }
        if (!failed.isEmpty()) {
            qWarning("sync failed: %s", qPrintable(failed.first().at(1).toString()));
        }
        return !done.isEmpty();
    }

    bool record(const QList<v1::Mutation> &mutations)
    {
        QList<QByteArray> raw;
        for (const auto &m : mutations) {
            raw << bytes(m);
        }
        return await(*host, host->recordLocalChanges(raw)).first;
    }

    QVariant desk(DeskQuery query)
    {
        const auto answer = await(*host, host->desk(std::move(query)));
        if (!answer.first) {
            qWarning("desk query failed: %d", answer.second.toInt());
        }
        return answer.second;
    }

    QVariantMap find(const QVariant &list, const char *key, const QString &value)
    {
        for (const QVariant &row : list.toList()) {
            if (row.toMap().value(key).toString() == value) {
                return row.toMap();
            }
        }
        return {};
    }

    QVariantList inbox()
    {
        return desk([](DeskReader &d, const DeskContext &c) {
                   return asVariant(d.referralInbox(c.nowMs, c.referralTargetWorkingDays));
               })
            .toList();
    }
    QVariantList myReferrals()
    {
        return desk([](DeskReader &d, const DeskContext &c) {
                   return asVariant(d.myReferrals(c.nowMs, c.referralTargetWorkingDays));
               })
            .toList();
    }
    QVariantList board()
    {
        return desk([](DeskReader &d, const DeskContext &c) {
                   return asVariant(d.board(kBaseDayMs, kBaseDayMs + 24 * kHourMs, c.nowMs));
               })
            .toList();
    }
    QVariantList followUpCalls()
    {
        return desk([](DeskReader &d, const DeskContext &c) {
                   return asVariant(d.followUpCalls(c.nowMs, c.followUpAttempts));
               })
            .toList();
    }
    QVariantMap kpis()
    {
        return desk([](DeskReader &d, const DeskContext &) {
                   return asVariant(d.kpis(kBaseDayMs, kBaseDayMs + 7 * 24 * kHourMs));
               })
            .toMap();
    }
};

} // namespace

class TestWorkflows : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void referralToOutcome();
    void consentRefusedSharesOnlyTheStatus();
    void reassignedVisitLeavesTheOldOfficersTablet();
    void overdueVisitReachesTheBoardAndIsAcknowledged();
    void loneWorkingAlertReachesPeopleEscalatesAndIsAnswered();
    void safeguardingConcernReachesTheCoordinator();
    void followUpCallAppearsAndItsScoreLandsInTheKpis();
    void followUpCallsCountEveryResultHonestly();
    void declinedReferralTellsTheReferrerWhyOnlyWhenAllowed();
    void closingACaseWaitsForItsVisitsAndTellsTheReferrer();
    void unactionedReferralIsFlaggedOverdue();
    void duplicateReferralPointsAtTheOpenCase();
    void lateAndNoAccessVisitsReachTheBoard();

private:
    // The ward member refers a new resident; the coordinator triages it into a new case and
    // books a visit for the demo officer at 13:00 today, in the case it sets.
    void referAndBook(const std::string &tag, bool shareOutcome, QString &caseId);
    // The officer, offline, checks in, takes consent, records an outcome and checks out; then
    // syncs.
    void completeVisitOffline(const std::string &tag, const QString &caseId, bool shareOutcome);
    std::string visitId(const std::string &tag) { return "visit-" + tag; }
    QString notifications();
    // Moves the server's clock (it reads the file on every request).
    void setServerTime(std::int64_t ms);

    QTemporaryDir m_serverDir;
    // Where the server's emails go: a scripted SMTP relay on loopback (texts go to its log).
    doorstep::server::test::Relay m_relay{{false, {}, {}, 250}};
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<Tablet> m_member;
    std::unique_ptr<Tablet> m_coordinator;
    std::unique_ptr<Tablet> m_officer;
};

void TestWorkflows::initTestCase()
{
    QVERIFY(m_serverDir.isValid());
    QFile clock(m_serverDir.filePath("clock"));
    QVERIFY(clock.open(QIODevice::WriteOnly));
    clock.write(QByteArray::number(kNineAm));
    clock.close();
    m_server = std::make_unique<ServerProcess>(m_serverDir.filePath("data"));
    QCOMPARE(
        m_server->admin({"demo", "--seed", "11", "--residents", "120", "--base-day", "2026-11-23"})
            .exitCode,
        0);
    QVERIFY(m_server->start({"--clock-file", m_serverDir.filePath("clock"), "--notify-every", "1",
                             "--smtp-host", "127.0.0.1", "--smtp-port",
                             QString::number(m_relay.port()), "--smtp-tls", "none", "--smtp-from",
                             "home-visiting@eastmoor-dc.example"}));
    m_member = std::make_unique<Tablet>();
    m_coordinator = std::make_unique<Tablet>();
    m_officer = std::make_unique<Tablet>();
    QVERIFY(m_member->enrol(*m_server, "demo.councillor"));
    QVERIFY(m_coordinator->enrol(*m_server, "demo.coordinator"));
    QVERIFY(m_officer->enrol(*m_server, "demo.officer"));
}

void TestWorkflows::setServerTime(std::int64_t ms)
{
    QFile clock(m_serverDir.filePath("clock"));
    QVERIFY(clock.open(QIODevice::WriteOnly | QIODevice::Truncate));
    clock.write(QByteArray::number(ms));
}

QString TestWorkflows::notifications()
{
    return m_server->admin({"notifications"}).out;
}

void TestWorkflows::referAndBook(const std::string &tag, bool shareOutcome, QString &caseId)
{
    // The ward member, from their own tablet.
    v1::Mutation refer = mutation("m-refer-" + tag);
    v1::CreateReferral &create = *refer.mutable_create_referral();
    v1::Referral &r = *create.mutable_referral();
    r.set_id("ref-" + tag);
    r.set_resident_id("res-" + tag);
    r.set_concern("Struggling with heating bills since her husband died; " + tag);
    r.set_resident_consented_to_referral(true);
    r.set_consent_to_share_outcome(shareOutcome);
    v1::Resident &who = *create.mutable_new_resident();
    who.set_id("res-" + tag);
    who.set_given_name("Olive");
    who.set_family_name("Hartley-" + tag);
    who.mutable_address()->set_line1("14 Mill Lane");
    who.mutable_address()->set_postcode("EM1 4QT");
    QVERIFY(m_member->record({refer}));
    QVariantMap mine =
        m_member->find(m_member->myReferrals(), "referralId", QString::fromStdString("ref-" + tag));
    QCOMPARE(mine.value("statusText").toString(), QString("Sent"));
    QVERIFY(m_member->syncNow());
    mine =
        m_member->find(m_member->myReferrals(), "referralId", QString::fromStdString("ref-" + tag));
    QCOMPARE(mine.value("statusText").toString(), QString("Received"));
    QCOMPARE(mine.value("residentName").toString(), QString::fromStdString("Olive Hartley-" + tag));
    QCOMPARE(mine.value("overdue").toBool(), false);

    // The coordinator's inbox, then triage into a new case.
    QVERIFY(m_coordinator->syncNow());
    QVariantMap inboxed = m_coordinator->find(m_coordinator->inbox(), "referralId",
                                              QString::fromStdString("ref-" + tag));
    QCOMPARE(inboxed.value("residentName").toString(),
             QString::fromStdString("Olive Hartley-" + tag));
    QCOMPARE(inboxed.value("sourceText").toString(), QString("Ward member"));
    QVERIFY(!inboxed.value("referrer").toString().isEmpty());
    QCOMPARE(inboxed.value("statusText").toString(), QString("Received"));
    QVERIFY(inboxed.value("duplicateCaseId").toString().isEmpty());
    v1::Mutation triage = mutation("m-triage-" + tag);
    v1::TriageReferral &t = *triage.mutable_triage_referral();
    t.set_referral_id("ref-" + tag);
    t.set_base_version(inboxed.value("version").toLongLong());
    t.set_urgency(v1::URGENCY_URGENT);
    t.set_status(v1::REFERRAL_STATUS_TRIAGED);
    t.set_open_case(true);
    QVERIFY(m_coordinator->record({triage}));
    QVERIFY(m_coordinator->syncNow());
    const QVariantList inbox = m_coordinator->inbox();
    inboxed = m_coordinator->find(inbox, "referralId", QString::fromStdString("ref-" + tag));
    caseId = inboxed.value("caseId").toString();
    QCOMPARE(inboxed.value("statusText").toString(), QString("Triaged"));
    QVERIFY(!caseId.isEmpty());
    QVERIFY(inboxed.value("caseNumber").toString().startsWith("HV-2026-"));
    // Waiting for triage first; then the triaged ones, urgent first.
    bool triaged = false;
    for (const QVariant &row : inbox) {
        const QVariantMap m = row.toMap();
        if (m.value("statusText") == "Triaged" && !triaged) {
            triaged = true;
            QCOMPARE(m.value("urgencyText").toString(), QString("Urgent"));
        }
        QVERIFY(!triaged || m.value("statusText") == "Triaged");
    }

    // A visit with a time window for the demo officer.
    v1::Mutation assign = mutation("m-assign-" + tag);
    v1::Visit &v = *assign.mutable_assign_visit()->mutable_visit();
    v.set_id(visitId(tag));
    v.set_case_id(caseId.toStdString());
    v.set_officer_user_id("usr-off-001");
    *v.mutable_window()->mutable_start() = timestampOf(kBaseDayMs + 13 * kHourMs);
    *v.mutable_window()->mutable_end() = timestampOf(kBaseDayMs + 14 * kHourMs);
    v.set_purpose("First visit: benefits check and warm home discount");
    QVERIFY(m_coordinator->record({assign}));
    QVERIFY(m_coordinator->syncNow());
    const QVariantMap onBoard = m_coordinator->find(m_coordinator->board(), "visitId",
                                                    QString::fromStdString(visitId(tag)));
    QCOMPARE(onBoard.value("column").toString(), QString("scheduled"));
    QCOMPARE(onBoard.value("officerName").toString(), QString("Sam Taylor"));
    // Booked: it has left the inbox.
    QVERIFY(m_coordinator
                ->find(m_coordinator->inbox(), "referralId", QString::fromStdString("ref-" + tag))
                .isEmpty());
    QVERIFY(m_member->syncNow());
    QCOMPARE(
        m_member->find(m_member->myReferrals(), "referralId", QString::fromStdString("ref-" + tag))
            .value("statusText")
            .toString(),
        QString("Visit booked"));
}

void TestWorkflows::completeVisitOffline(const std::string &tag, const QString &caseId,
                                         bool shareOutcome)
{
    QVERIFY(m_officer->syncNow());
    const auto visits =
        await(*m_officer->host, m_officer->host->visits(kBaseDayMs, kBaseDayMs + 24 * kHourMs));
    QVERIFY(
        !m_officer->find(visits.second, "visitId", QString::fromStdString(visitId(tag))).isEmpty());

    const std::string c = caseId.toStdString();
    const std::int64_t in = kBaseDayMs + 13 * kHourMs + 5 * 60000;
    v1::Mutation checkIn = mutation("m-in-" + tag);
    v1::TransitionVisit &ti = *checkIn.mutable_transition_visit();
    ti.set_visit_id(visitId(tag));
    ti.set_base_version(1);
    ti.set_to_status(v1::VISIT_STATUS_IN_PROGRESS);
    *ti.mutable_at() = timestampOf(in);
    ti.mutable_position()->set_has_fix(true);
    ti.mutable_position()->set_latitude(53.7421);
    ti.mutable_position()->set_longitude(-1.5903);
    *ti.mutable_lone_worker_deadline() = timestampOf(in + kHourMs);

    v1::Mutation consent =
        caseEvent("m-consent-" + tag, c, v1::CASE_EVENT_KIND_FORM_SUBMISSION, in + 10 * 60000);
    v1::FormSubmission &f = *consent.mutable_append_case_event()->mutable_form_submission();
    f.set_id("form-consent-" + tag);
    f.set_form_id("consent");
    f.set_form_version(1);
    f.set_case_id(c);
    f.set_visit_id(visitId(tag));
    auto give = [&](const char *q, bool yes) {
        v1::Answer &a = *f.add_answers();
        a.set_question_id(q);
        a.set_consent_given(yes);
    };
    give("share_with_partners", true);
    give("share_outcome_with_ward_member", shareOutcome);
    give("follow_up_call_consent", true);
    auto choose = [&](const char *q, const char *value) {
        v1::Answer &a = *f.add_answers();
        a.set_question_id(q);
        a.set_choice(value);
    };
    choose("follow_up_channel", "phone");
    choose("follow_up_best_time", "morning");
    choose("consent_given_by", "resident");
    v1::Answer &sign = *f.add_answers();
    sign.set_question_id("can_sign");
    sign.set_yes_no(false);
    v1::Answer &why = *f.add_answers();
    why.set_question_id("cannot_sign_reason");
    why.set_text("Arthritis in both hands; agreed out loud after I read the form to her.");

    v1::Mutation outcome =
        caseEvent("m-outcome-" + tag, c, v1::CASE_EVENT_KIND_OUTCOME, in + 50 * 60000);
    v1::Outcome &o = *outcome.mutable_append_case_event()->mutable_outcome();
    o.set_id("out-" + tag);
    o.set_case_id(c);
    o.set_visit_id(visitId(tag));
    o.set_summary("Private: bereavement, low mood, cold house. Pension Credit claim started.");
    o.set_shareable_summary("We helped Olive claim Pension Credit and the Warm Home Discount.");
    o.add_signposting_areas("benefits");
    o.set_follow_up_needed(false);

    v1::Mutation checkOut = mutation("m-out-" + tag);
    v1::TransitionVisit &to = *checkOut.mutable_transition_visit();
    to.set_visit_id(visitId(tag));
    to.set_base_version(2);
    to.set_to_status(v1::VISIT_STATUS_COMPLETED);
    *to.mutable_at() = timestampOf(in + 55 * 60000);

    // No signal in the house: everything waits in the outbox, then goes in one sync.
    QVERIFY(m_officer->record({checkIn, consent, outcome, checkOut}));
    m_officer->clock.advance(std::chrono::minutes(70));
    setServerTime(in + 70 * 60000);
    QVERIFY(m_officer->syncNow());
    m_officer->clock.advance(-std::chrono::minutes(70));
    const auto pending = await(*m_officer->host, m_officer->host->outboxCounts());
    QCOMPARE(pending.second.toMap().value("pending").toInt(), 0);
    QCOMPARE(pending.second.toMap().value("quarantined").toInt(), 0);
}

void TestWorkflows::referralToOutcome()
{
    QString caseId;
    referAndBook("share", true, caseId);
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(!caseId.isEmpty());
    completeVisitOffline("share", caseId, true);

    QVERIFY(m_coordinator->syncNow());
    QCOMPARE(m_coordinator->find(m_coordinator->board(), "visitId", "visit-share")
                 .value("column")
                 .toString(),
             QString("completed"));

    QVERIFY(m_member->syncNow());
    const QVariantMap mine = m_member->find(m_member->myReferrals(), "referralId", "ref-share");
    QCOMPARE(mine.value("statusText").toString(), QString("Closed"));
    QCOMPARE(mine.value("outcomeSummary").toString(),
             QString("We helped Olive claim Pension Credit and the Warm Home Discount."));
    QVERIFY(mine.value("outcomeAt").toDateTime().isValid());

    // And by email, once: the outbox holds one delivered outcome_ready for the referral.
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QString n = notifications();
            return n.contains("outcome_ready") && n.contains("ref-share") &&
                   n.contains("delivered");
        },
        20000));
}

void TestWorkflows::consentRefusedSharesOnlyTheStatus()
{
    QString caseId;
    referAndBook("private", false, caseId);
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(!caseId.isEmpty());
    completeVisitOffline("private", caseId, false);

    QVERIFY(m_member->syncNow());
    const QVariantMap mine = m_member->find(m_member->myReferrals(), "referralId", "ref-private");
    QCOMPARE(mine.value("statusText").toString(), QString("Closed"));
    QVERIFY(mine.value("outcomeSummary").toString().isEmpty());
    QVERIFY(!mine.value("outcomeAt").toDateTime().isValid());
    // Nothing of the case reached the ward member's tablet.
    const auto detail = await(*m_member->host, m_member->host->caseDetail(caseId));
    QVERIFY(!detail.first || !detail.second.toMap().contains("caseNumber"));

    QVERIFY(QTest::qWaitFor(
        [&] {
            const QString n = notifications();
            return n.contains("referral_closed") && n.contains("ref-private");
        },
        20000));
    QVERIFY(!notifications().contains("Warm Home Discount\t"));
}

void TestWorkflows::reassignedVisitLeavesTheOldOfficersTablet()
{
    QString caseId;
    referAndBook("moved", true, caseId);
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(m_officer->syncNow());
    auto officerVisits = [&] {
        return await(*m_officer->host,
                     m_officer->host->visits(kBaseDayMs, kBaseDayMs + 24 * kHourMs))
            .second;
    };
    QVERIFY(!m_officer->find(officerVisits(), "visitId", "visit-moved").isEmpty());

    const QVariantMap booked =
        m_coordinator->find(m_coordinator->board(), "visitId", "visit-moved");
    v1::Mutation reassign = mutation("m-reassign-moved");
    v1::AssignVisit &a = *reassign.mutable_assign_visit();
    a.set_base_version(booked.value("version").toLongLong());
    v1::Visit &v = *a.mutable_visit();
    v.set_id("visit-moved");
    v.set_case_id(caseId.toStdString());
    v.set_officer_user_id("usr-off-002");
    *v.mutable_window()->mutable_start() = timestampOf(kBaseDayMs + 15 * kHourMs);
    *v.mutable_window()->mutable_end() = timestampOf(kBaseDayMs + 16 * kHourMs);
    QVERIFY(m_coordinator->record({reassign}));
    QVERIFY(m_coordinator->syncNow());
    QCOMPARE(m_coordinator->find(m_coordinator->board(), "visitId", "visit-moved")
                 .value("officerId")
                 .toString(),
             QString("usr-off-002"));

    QVERIFY(m_officer->syncNow());
    QVERIFY(m_officer->find(officerVisits(), "visitId", "visit-moved").isEmpty());
    const auto detail = await(*m_officer->host, m_officer->host->caseDetail(caseId));
    QVERIFY(!detail.first || !detail.second.toMap().contains("caseNumber"));
}

void TestWorkflows::overdueVisitReachesTheBoardAndIsAcknowledged()
{
    QString caseId;
    referAndBook("late", true, caseId);
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(m_officer->syncNow());
    // The officer goes in at 13:05 with a 45-minute lone-working timer, syncs, and is then
    // not heard from again.
    const std::int64_t in = kBaseDayMs + 13 * kHourMs + 5 * 60000;
    v1::Mutation checkIn = mutation("m-in-late");
    v1::TransitionVisit &t = *checkIn.mutable_transition_visit();
    t.set_visit_id("visit-late");
    t.set_base_version(1);
    t.set_to_status(v1::VISIT_STATUS_IN_PROGRESS);
    *t.mutable_at() = timestampOf(in);
    t.mutable_position()->set_has_fix(true);
    t.mutable_position()->set_latitude(53.7399);
    t.mutable_position()->set_longitude(-1.6012);
    *t.mutable_lone_worker_deadline() = timestampOf(in + 45 * 60000);
    QVERIFY(m_officer->record({checkIn}));
    setServerTime(in + 60000);
    QVERIFY(m_officer->syncNow());

    m_coordinator->clock.advance(std::chrono::milliseconds(in + 30 * 60000 - kNineAm));
    QVERIFY(m_coordinator->syncNow());
    QCOMPARE(m_coordinator->find(m_coordinator->board(), "visitId", "visit-late")
                 .value("column")
                 .toString(),
             QString("in_progress"));

    // Twenty minutes later the timer has run out.
    m_coordinator->clock.advance(20min);
    QVariantMap late = m_coordinator->find(m_coordinator->board(), "visitId", "visit-late");
    QCOMPARE(late.value("column").toString(), QString("overdue"));
    QCOMPARE(late.value("overdueSince").toDateTime().toMSecsSinceEpoch(), in + 45 * 60000);
    QVERIFY(late.value("hasLastPosition").toBool());
    QCOMPARE(late.value("lastLatitude").toDouble(), 53.7399);
    QCOMPARE(late.value("lastSeenAt").toDateTime().toMSecsSinceEpoch(), in);
    QCOMPARE(late.value("acknowledged").toBool(), false);

    v1::Mutation ack = caseEvent("m-ack-late", caseId.toStdString(),
                                 v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED, in + 51 * 60000);
    ack.mutable_append_case_event()->mutable_overdue_acknowledgement()->set_visit_id("visit-late");
    ack.mutable_append_case_event()->mutable_overdue_acknowledgement()->set_action(
        "Phoned Sam, no answer; calling the team leader");
    QVERIFY(m_coordinator->record({ack}));
    QVERIFY(m_coordinator->syncNow());
    late = m_coordinator->find(m_coordinator->board(), "visitId", "visit-late");
    QVERIFY(late.value("acknowledged").toBool());
    QVERIFY(!late.value("acknowledgedBy").toString().isEmpty());
    QCOMPARE(late.value("acknowledgement").toString(),
             QString("Phoned Sam, no answer; calling the team leader"));

    // The acknowledgement is on the record: the officer's tablet receives it with the case.
    QVERIFY(m_officer->syncNow());
    const auto detail = await(*m_officer->host, m_officer->host->caseDetail(caseId));
    bool found = false;
    for (const QVariant &e : detail.second.toMap().value("timeline").toList()) {
        found = found || e.toMap().value("eventId").toString() == "evt-m-ack-late";
    }
    QVERIFY(found);

    // Only coordinators acknowledge: the officer's own attempt is refused and kept visible.
    v1::Mutation own = caseEvent("m-ack-own", caseId.toStdString(),
                                 v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED, in + 52 * 60000);
    own.mutable_append_case_event()->mutable_overdue_acknowledgement()->set_visit_id("visit-late");
    QVERIFY(m_officer->record({own}));
    m_officer->syncNow();
    const auto counts = await(*m_officer->host, m_officer->host->outboxCounts());
    QCOMPARE(counts.second.toMap().value("quarantined").toInt(), 1);
    QVERIFY(await(*m_officer->host, m_officer->host->dismissQuarantined("m-ack-own")).first);
    m_coordinator->clock.advance(std::chrono::milliseconds(kNineAm - (in + 50 * 60000)));
}

void TestWorkflows::loneWorkingAlertReachesPeopleEscalatesAndIsAnswered()
{
    QString caseId;
    referAndBook("alert", true, caseId);
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(m_officer->syncNow());
    const std::int64_t in = kBaseDayMs + 10 * kHourMs;
    v1::Mutation checkIn = mutation("m-in-alert");
    v1::TransitionVisit &t = *checkIn.mutable_transition_visit();
    t.set_visit_id("visit-alert");
    t.set_base_version(1);
    t.set_to_status(v1::VISIT_STATUS_IN_PROGRESS);
    *t.mutable_at() = timestampOf(in);
    *t.mutable_lone_worker_deadline() = timestampOf(in + 60 * 60000);
    QVERIFY(m_officer->record({checkIn}));
    setServerTime(in + 60000);
    QVERIFY(m_officer->syncNow());

    // No signal: a note, then the alert, wait on the tablet. The alert goes first.
    v1::Mutation note =
        caseEvent("m-note-alert", caseId.toStdString(), v1::CASE_EVENT_KIND_NOTE, in + 10 * 60000);
    note.mutable_append_case_event()->mutable_note()->set_text("Resident's son arrived");
    v1::Mutation alert = caseEvent("m-alert", caseId.toStdString(),
                                   v1::CASE_EVENT_KIND_LONE_WORKER_ALERT, in + 12 * 60000);
    v1::VisitEvent &where = *alert.mutable_append_case_event()->mutable_visit();
    where.set_visit_id("visit-alert");
    where.mutable_position()->set_has_fix(true);
    where.mutable_position()->set_latitude(53.7411);
    where.mutable_position()->set_longitude(-1.5987);
    QVERIFY(m_officer->record({note}));
    QVERIFY(m_officer->record({alert}));
    const auto queued = await(*m_officer->host, m_officer->host->outboxEntries());
    QVERIFY(queued.first);
    const QVariantList entries = queued.second.toList();
    QVERIFY(entries.size() >= 2);
    QCOMPARE(entries.front().toMap().value("mutationId").toString(), QString("m-alert"));

    // At the first connection the server puts the visit into ALERT and queues an email and a
    // text to every coordinator, the case's own first.
    setServerTime(in + 13 * 60000);
    QVERIFY(m_officer->syncNow());
    const QString queuedMessages = notifications();
    QVERIFY2(queuedMessages.contains("\talert\tvisit-alert@evt-m-alert\t"),
             qPrintable(queuedMessages));
    QVERIFY(queuedMessages.contains("@eastmoor-dc.example")); // an email
    QVERIFY(queuedMessages.contains("\t07700 900"));          // a text
    // Delivered within one planner tick (the test server ticks every second).
    const auto allDelivered = [&](const QString &kind) {
        const QStringList lines = notifications().split('\n').filter("\t" + kind + "\t");
        return !lines.isEmpty() && std::all_of(lines.begin(), lines.end(), [](const QString &l) {
            return l.contains("\tdelivered ");
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allDelivered("alert"), 15000);
    // The email went through the relay: to a coordinator, saying who needs help.
    const auto mailed = [&](const std::string &needle) {
        for (const std::string &m : m_relay.messages()) {
            if (m.find(needle) != std::string::npos) {
                return m;
            }
        }
        return std::string();
    };
    const std::string alertMail = mailed("Subject: ALERT: ");
    QVERIFY2(!alertMail.empty(), m_relay.transcript().c_str());
    QVERIFY(alertMail.find("@eastmoor-dc.example") != std::string::npos);
    QVERIFY(alertMail.find("needs help now") != std::string::npos);

    // The coordinator's board has it in the alert column, above everything.
    m_coordinator->clock.advance(std::chrono::milliseconds(in + 13 * 60000 - kNineAm));
    QVERIFY(m_coordinator->syncNow());
    QVariantMap card = m_coordinator->find(m_coordinator->board(), "visitId", "visit-alert");
    QCOMPARE(card.value("column").toString(), QString("alert"));
    // The operator's monitoring sees it open too (docs/runbook.md).
    TestClient monitor(m_server->port());
    auto openAlerts = [&] {
        const QByteArray body = monitor.get("/metrics").body;
        const QByteArray name = "\ndoorstep_lone_worker_alerts_open ";
        const int at = body.indexOf(name);
        return at < 0 ? -1
                      : body.mid(at + name.size(), body.indexOf('\n', at + 1) - at - name.size())
                            .toInt();
    };
    QCOMPARE(openAlerts(), 1);
    QCOMPARE(card.value("status").toInt(), int(v1::VISIT_STATUS_ALERT));
    QCOMPARE(card.value("lastLatitude").toDouble(), 53.7411);
    QCOMPARE(card.value("alertRaisedAt").toDateTime().toMSecsSinceEpoch(), in + 12 * 60000);
    QVERIFY(!card.value("officerPhone").toString().isEmpty());
    QVERIFY(!card.value("acknowledged").toBool());

    // Nobody acknowledges: after the council's five minutes the escalation contacts are told.
    setServerTime(in + 19 * 60000);
    QTRY_VERIFY_WITH_TIMEOUT(allDelivered("alert_escalation"), 15000);
    const QString escalated = notifications();
    QVERIFY(escalated.contains("team.leader@eastmoor-dc.example"));
    QTRY_VERIFY_WITH_TIMEOUT(!mailed("team.leader@eastmoor-dc.example").empty(),
                             15000); // through the relay too
    QVERIFY(escalated.contains("07700 900900"));

    // The coordinator acknowledges, then closes it: officer safe.
    v1::Mutation ack = caseEvent("m-ack-alert", caseId.toStdString(),
                                 v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED, in + 20 * 60000);
    ack.mutable_append_case_event()->mutable_overdue_acknowledgement()->set_visit_id("visit-alert");
    ack.mutable_append_case_event()->mutable_overdue_acknowledgement()->set_resolution(
        v1::ALERT_RESOLUTION_ACKNOWLEDGED);
    QVERIFY(m_coordinator->record({ack}));
    setServerTime(in + 20 * 60000);
    QVERIFY(m_coordinator->syncNow());
    card = m_coordinator->find(m_coordinator->board(), "visitId", "visit-alert");
    QCOMPARE(card.value("column").toString(), QString("alert"));
    QVERIFY(card.value("acknowledged").toBool());
    QCOMPARE(card.value("acknowledgedBy").toString(), QString("Alex Morgan"));

    // The officer's tablet hears who has it in hand, and when.
    const auto visitAlert = [&] {
        const auto context = await(*m_officer->host, m_officer->host->flowContext("visit-alert"));
        v1::Visit v;
        const QByteArray body = context.second.toMap().value("visit").toByteArray();
        v.ParseFromArray(body.constData(), int(body.size()));
        return v;
    };
    QVERIFY(m_officer->syncNow());
    v1::Visit seen = visitAlert();
    QCOMPARE(seen.status(), v1::VISIT_STATUS_ALERT);
    QVERIFY(seen.alert().has_acknowledged_at());
    QVERIFY(!seen.alert().acknowledged_by_user_id().empty());
    QVERIFY(!seen.alert().has_closed_at());

    v1::Mutation safe = caseEvent("m-safe-alert", caseId.toStdString(),
                                  v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED, in + 25 * 60000);
    safe.mutable_append_case_event()->mutable_overdue_acknowledgement()->set_visit_id(
        "visit-alert");
    safe.mutable_append_case_event()->mutable_overdue_acknowledgement()->set_resolution(
        v1::ALERT_RESOLUTION_OFFICER_SAFE);
    QVERIFY(m_coordinator->record({safe}));
    QVERIFY(m_coordinator->syncNow());
    card = m_coordinator->find(m_coordinator->board(), "visitId", "visit-alert");
    QCOMPARE(card.value("column").toString(), QString("in_progress"));
    QVERIFY(m_officer->syncNow());
    seen = visitAlert();
    QCOMPARE(seen.status(), v1::VISIT_STATUS_IN_PROGRESS);
    QVERIFY(seen.alert().has_closed_at());
    QCOMPARE(seen.alert().resolution(), v1::ALERT_RESOLUTION_OFFICER_SAFE);
    QCOMPARE(openAlerts(), 0);
    m_coordinator->clock.advance(std::chrono::milliseconds(kNineAm - (in + 13 * 60000)));
}

void TestWorkflows::safeguardingConcernReachesTheCoordinator()
{
    QString caseId;
    referAndBook("worry", true, caseId);
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(m_officer->syncNow());
    const std::int64_t at = kBaseDayMs + 13 * kHourMs + 20 * 60000;
    v1::Mutation raise =
        caseEvent("m-sg-worry", caseId.toStdString(), v1::CASE_EVENT_KIND_SAFEGUARDING, at);
    raise.mutable_append_case_event()->mutable_safeguarding()->set_visit_id("visit-worry");
    raise.mutable_append_case_event()->mutable_safeguarding()->set_details(
        "Unexplained bruising on both arms; son controls her money");
    QVERIFY(m_officer->record({raise}));
    QVERIFY(m_officer->syncNow());

    QVERIFY(m_coordinator->syncNow());
    const QVariantList raised = m_coordinator
                                    ->desk([](DeskReader &d, const DeskContext &) {
                                        return asVariant(d.safeguarding(kBaseDayMs));
                                    })
                                    .toList();
    const QVariantMap concern = m_coordinator->find(raised, "eventId", "evt-m-sg-worry");
    QCOMPARE(concern.value("raisedBy").toString(), QString("Sam Taylor"));
    QCOMPARE(concern.value("raisedAt").toDateTime().toMSecsSinceEpoch(), at);
    QVERIFY(concern.value("details").toString().contains("bruising"));
    QCOMPARE(concern.value("closed").toBool(), false);

    // The coordinator gives it to a colleague, records what was done and closes it.
    auto step = [&](const std::string &id, v1::SafeguardingStep kind, const std::string &text,
                    std::int64_t when) {
        v1::Mutation m =
            caseEvent(id, caseId.toStdString(), v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION, when);
        v1::SafeguardingAction &a = *m.mutable_append_case_event()->mutable_safeguarding_action();
        a.set_concern_event_id("evt-m-sg-worry");
        a.set_step(kind);
        if (kind == v1::SAFEGUARDING_STEP_ASSIGNED) {
            a.set_assignee_user_id(text);
        } else {
            a.set_text(text);
        }
        return m;
    };
    const QVariantList staff =
        m_coordinator
            ->desk([](DeskReader &d, const DeskContext &) { return asVariant(d.officers()); })
            .toList();
    const QVariantMap sam = m_coordinator->find(staff, "name", "Sam Taylor");
    QVERIFY(!sam.isEmpty());
    QVERIFY(m_coordinator->record(
        {step("m-sg-assign", v1::SAFEGUARDING_STEP_ASSIGNED,
              sam.value("id").toString().toStdString(), at + kHourMs),
         step("m-sg-act", v1::SAFEGUARDING_STEP_ACTION,
              "Referred to Adult Social Care safeguarding team, ref ASC-4471", at + 2 * kHourMs),
         step("m-sg-close", v1::SAFEGUARDING_STEP_CLOSED,
              "Adult Social Care have opened an enquiry and visited", at + 3 * kHourMs)}));
    QVERIFY(m_coordinator->syncNow());
    // A step after the close is refused by the server and set aside on the tablet.
    const int quarantinedBefore = await(*m_coordinator->host, m_coordinator->host->outboxCounts())
                                      .second.toMap()
                                      .value("quarantined")
                                      .toInt();
    QVERIFY(m_coordinator->record(
        {step("m-sg-late", v1::SAFEGUARDING_STEP_ACTION, "Phoned the son", at + 4 * kHourMs)}));
    QVERIFY(m_coordinator->syncNow());
    QCOMPARE(await(*m_coordinator->host, m_coordinator->host->outboxCounts())
                 .second.toMap()
                 .value("quarantined")
                 .toInt(),
             quarantinedBefore + 1);

    // Synced back from the server: who did what and when.
    QVERIFY(m_officer->syncNow());
    QVERIFY(m_coordinator->syncNow());
    const QVariantMap handled =
        m_coordinator->find(m_coordinator->desk([](DeskReader &d, const DeskContext &) {
            return asVariant(d.safeguarding(kBaseDayMs));
        }),
                            "eventId", "evt-m-sg-worry");
    QCOMPARE(handled.value("assignee").toString(), QString("Sam Taylor"));
    QCOMPARE(handled.value("closed").toBool(), true);
    QCOMPARE(handled.value("closedAt").toDateTime().toMSecsSinceEpoch(), at + 3 * kHourMs);
    QVERIFY(!handled.value("closedBy").toString().isEmpty());
    const QVariantList steps = handled.value("steps").toList();
    QCOMPARE(steps.size(), 3);
    QCOMPARE(steps.at(0).toMap().value("text").toString(), QString("Assigned to Sam Taylor"));
    QVERIFY(steps.at(1).toMap().value("text").toString().contains("ASC-4471"));
    QCOMPARE(steps.at(1).toMap().value("at").toDateTime().toMSecsSinceEpoch(), at + 2 * kHourMs);
    QVERIFY(steps.at(2).toMap().value("text").toString().startsWith("Closed: "));
}

void TestWorkflows::followUpCallAppearsAndItsScoreLandsInTheKpis()
{
    QString caseId;
    referAndBook("call", true, caseId);
    if (QTest::currentTestFailed()) {
        return;
    }
    completeVisitOffline("call", caseId, true);
    QVERIFY(m_coordinator->syncNow());
    // Same day: not yet due.
    QVERIFY(m_coordinator->find(m_coordinator->followUpCalls(), "visitId", "visit-call").isEmpty());
    const QVariantMap before = m_coordinator->kpis();

    // Tuesday morning: the call is due, by Wednesday.
    m_coordinator->clock.advance(24h);
    const QVariantMap task =
        m_coordinator->find(m_coordinator->followUpCalls(), "visitId", "visit-call");
    QCOMPARE(task.value("channel").toString(), QString("phone"));
    QCOMPARE(task.value("bestTime").toString(), QString("morning"));
    QCOMPARE(task.value("late").toBool(), false);
    QCOMPARE(task.value("dueBy").toDateTime().date(), QDate(2026, 11, 25));

    v1::Mutation call = caseEvent("m-call", caseId.toStdString(),
                                  v1::CASE_EVENT_KIND_FOLLOW_UP_CALL, kNineAm + 24 * kHourMs);
    v1::FollowUpCall &fc = *call.mutable_append_case_event()->mutable_follow_up_call();
    fc.set_visit_id("visit-call");
    fc.set_reached(true);
    fc.set_satisfaction_score(4);
    fc.set_comments("Very happy with the help; still waiting to hear from Pension Credit.");
    QVERIFY(m_coordinator->record({call}));
    QVERIFY(m_coordinator->syncNow());
    QVERIFY(m_coordinator->find(m_coordinator->followUpCalls(), "visitId", "visit-call").isEmpty());

    const QVariantMap after = m_coordinator->kpis();
    QCOMPARE(after.value("followUpCalls").toInt(), before.value("followUpCalls").toInt() + 1);
    QCOMPARE(after.value("callsReached").toInt(), before.value("callsReached").toInt() + 1);
    QCOMPARE(after.value("satisfactionCounts").toList().at(3).toInt(),
             before.value("satisfactionCounts").toList().at(3).toInt() + 1);
    m_coordinator->clock.advance(-24h);
}

// Every call is counted for what it was: no answer (tried again the next working day, up to
// the council's three tries), declined the survey, or reached with a score. The satisfaction
// figure says how many residents it comes from, and the KPIs match a count kept here.
void TestWorkflows::followUpCallsCountEveryResultHonestly()
{
    QString quietCase;
    QString surveyCase;
    referAndBook("nobody", true, quietCase);
    referAndBook("survey", true, surveyCase);
    if (QTest::currentTestFailed()) {
        return;
    }
    completeVisitOffline("nobody", quietCase, true);
    completeVisitOffline("survey", surveyCase, true);
    QVERIFY(m_coordinator->syncNow());
    const QVariantMap before = m_coordinator->kpis();
    int tries = 0;
    auto call = [&](const std::string &id, const QString &caseId, const std::string &visit,
                    v1::FollowUpResult result, int score, std::int64_t at) {
        v1::Mutation m =
            caseEvent(id, caseId.toStdString(), v1::CASE_EVENT_KIND_FOLLOW_UP_CALL, at);
        v1::FollowUpCall &c = *m.mutable_append_case_event()->mutable_follow_up_call();
        c.set_visit_id(visit);
        c.set_result(result);
        c.set_reached(result == v1::FOLLOW_UP_RESULT_REACHED);
        c.set_satisfaction_score(score);
        return m;
    };
    auto due = [&](const char *visit) {
        return m_coordinator->find(m_coordinator->followUpCalls(), "visitId", visit);
    };

    // Tuesday: both are due, first tries.
    m_coordinator->clock.advance(24h);
    QCOMPARE(due("visit-nobody").value("attempt").toInt(), 1);
    QCOMPARE(due("visit-nobody").value("maxAttempts").toInt(), 3);
    QVERIFY(m_coordinator->record(
        {call("m-fu-nobody-1", quietCase, "visit-nobody", v1::FOLLOW_UP_RESULT_NO_ANSWER, 0,
              kNineAm + 24 * kHourMs),
         call("m-fu-survey", surveyCase, "visit-survey", v1::FOLLOW_UP_RESULT_DECLINED_SURVEY, 0,
              kNineAm + 24 * kHourMs)}));
    tries += 2;
    QVERIFY(m_coordinator->syncNow());
    QVERIFY(due("visit-nobody").isEmpty());
    QVERIFY(due("visit-survey").isEmpty());

    // Wednesday and Thursday: tried again, nobody answers.
    for (int attempt = 2; attempt <= 3; ++attempt) {
        m_coordinator->clock.advance(24h);
        const QVariantMap again = due("visit-nobody");
        QCOMPARE(again.value("attempt").toInt(), attempt);
        QCOMPARE(again.value("dueBy").toDateTime().date(), QDate(2026, 11, 23 + attempt));
        QVERIFY(m_coordinator->record(
            {call("m-fu-nobody-" + std::to_string(attempt), quietCase, "visit-nobody",
                  v1::FOLLOW_UP_RESULT_NO_ANSWER, 0, kNineAm + attempt * 24 * kHourMs)}));
        ++tries;
        QVERIFY(m_coordinator->syncNow());
    }
    // Friday: three tries were the council's limit.
    m_coordinator->clock.advance(24h);
    QVERIFY(due("visit-nobody").isEmpty());

    // A score without the resident, or the resident without a score, never reaches the KPIs.
    const int quarantined = await(*m_coordinator->host, m_coordinator->host->outboxCounts())
                                .second.toMap()
                                .value("quarantined")
                                .toInt();
    QVERIFY(
        m_coordinator->record({call("m-fu-bad-1", quietCase, "visit-nobody",
                                    v1::FOLLOW_UP_RESULT_NO_ANSWER, 5, kNineAm + 4 * 24 * kHourMs),
                               call("m-fu-bad-2", surveyCase, "visit-survey",
                                    v1::FOLLOW_UP_RESULT_REACHED, 0, kNineAm + 4 * 24 * kHourMs)}));
    QVERIFY(m_coordinator->syncNow());
    QCOMPARE(await(*m_coordinator->host, m_coordinator->host->outboxCounts())
                 .second.toMap()
                 .value("quarantined")
                 .toInt(),
             quarantined + 2);
    // The quarantined calls stay on this tablet for a person to look at; the KPIs are read
    // from a tablet that holds only what the server kept.
    Tablet fresh;
    QVERIFY(fresh.enrol(*m_server, "demo.coordinator"));
    fresh.clock.advance(4 * 24h);
    QVERIFY(fresh.syncNow());

    const QVariantMap after = fresh.kpis();
    const int residents = before.value("followUpResidents").toInt() + 2;
    const int reached = before.value("callsReached").toInt();
    QCOMPARE(after.value("followUpCalls").toInt(), before.value("followUpCalls").toInt() + tries);
    QCOMPARE(after.value("followUpResidents").toInt(), residents);
    QCOMPARE(after.value("callsReached").toInt(), reached);
    QCOMPARE(after.value("callsNoAnswer").toInt(), before.value("callsNoAnswer").toInt() + 1);
    QCOMPARE(after.value("callsDeclined").toInt(), before.value("callsDeclined").toInt() + 1);
    QCOMPARE(after.value("callsUnreachable").toInt(), before.value("callsUnreachable").toInt());
    QVERIFY(qAbs(after.value("responseRate").toDouble() - double(reached) / residents) < 1e-9);
    QCOMPARE(after.value("satisfactionCounts"), before.value("satisfactionCounts"));

    // The desk's CSV file and the server's `export kpis` for the same week are one file, and
    // it carries the figures above.
    const QString desk = fresh
                             .desk([](DeskReader &d, const DeskContext &c) {
                                 const std::int64_t first = c.days.dayOf(kBaseDayMs);
                                 return asVariant(d.kpiCsv(c.days, first, first + 6));
                             })
                             .toString();
    const auto server =
        m_server->admin({"export", "kpis", "--from", "2026-11-23", "--to", "2026-11-29"});
    QCOMPARE(server.exitCode, 0);
    QCOMPARE(desk.split("\r\n"), server.out.split("\r\n"));
    const QString week = "2026-11-23,2026-11-29,";
    QVERIFY(desk.contains(week + "follow_up_calls,," +
                          QString::number(after.value("followUpCalls").toInt()) + "\r\n"));
    QVERIFY(
        desk.contains(week + "follow_up_visits_called,," + QString::number(residents) + "\r\n"));
    QVERIFY(desk.contains(week + "follow_up_reached,," + QString::number(reached) + "\r\n"));
    m_coordinator->clock.advance(-4 * 24h);
}

// A referral is declined only with a reason; the referrer is told it when the coordinator says
// they may be, and otherwise only that it was declined. Either way they can quote its reference.
void TestWorkflows::declinedReferralTellsTheReferrerWhyOnlyWhenAllowed()
{
    for (const bool shared : {true, false}) {
        const std::string tag = shared ? "told" : "untold";
        v1::Mutation refer = mutation("m-refer-" + tag);
        v1::CreateReferral &create = *refer.mutable_create_referral();
        v1::Referral &r = *create.mutable_referral();
        r.set_id("ref-" + tag);
        r.set_resident_id("res-" + tag);
        r.set_concern("Needs help with a blue badge application");
        r.set_resident_consented_to_referral(true);
        v1::Resident &who = *create.mutable_new_resident();
        who.set_id("res-" + tag);
        who.set_given_name("Percy");
        who.set_family_name("Oldroyd-" + tag);
        who.mutable_address()->set_line1("3 Chapel Row");
        QVERIFY(m_member->record({refer}));
        QVERIFY(m_member->syncNow());
        const QString id = QString::fromStdString("ref-" + tag);
        const QString reference =
            m_member->find(m_member->myReferrals(), "referralId", id).value("reference").toString();
        QVERIFY2(reference.startsWith("REF-2026-"), qPrintable(reference));

        QVERIFY(m_coordinator->syncNow());
        const QVariantMap inboxed = m_coordinator->find(m_coordinator->inbox(), "referralId", id);
        QCOMPARE(inboxed.value("reference").toString(), reference);
        v1::Mutation decline = mutation("m-decline-" + tag);
        v1::TriageReferral &t = *decline.mutable_triage_referral();
        t.set_referral_id("ref-" + tag);
        t.set_base_version(inboxed.value("version").toLongLong());
        t.set_status(v1::REFERRAL_STATUS_DECLINED);
        t.set_reason("The blue badge team at County Hall handles these directly");
        t.set_reason_shared(shared);
        QVERIFY(m_coordinator->record({decline}));
        QVERIFY(m_coordinator->syncNow());
        QVERIFY(m_coordinator->find(m_coordinator->inbox(), "referralId", id).isEmpty());

        QVERIFY(m_member->syncNow());
        const QVariantMap mine = m_member->find(m_member->myReferrals(), "referralId", id);
        QCOMPARE(mine.value("statusText").toString(), QString("Declined"));
        QCOMPARE(mine.value("declineReason").toString(),
                 shared ? QString("The blue badge team at County Hall handles these directly")
                        : QString());
        // By email too, quoting the reference; the reason only when it may be shared.
        std::string mail;
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (const std::string &m : m_relay.messages()) {
                    if (m.find(reference.toStdString()) != std::string::npos &&
                        m.find("declined") != std::string::npos) {
                        mail = m;
                    }
                }
                return !mail.empty();
            },
            20000));
        QCOMPARE(mail.find("County Hall") != std::string::npos, shared);
        QVERIFY(mail.find("Oldroyd") == std::string::npos);
    }
}

// A coordinator closes a case with a reason once no visit is booked or under way; the referrer
// hears that the work finished, and the case leaves the officer's tablet.
void TestWorkflows::closingACaseWaitsForItsVisitsAndTellsTheReferrer()
{
    QString caseId;
    referAndBook("closing", true, caseId);
    if (QTest::currentTestFailed()) {
        return;
    }
    auto unfinished = [&] {
        const std::string id = caseId.toStdString();
        return m_coordinator
            ->desk([id](DeskReader &d, const DeskContext &) {
                return asVariant(d.unfinishedVisits(id));
            })
            .toInt();
    };
    QCOMPARE(unfinished(), 1);
    auto close = [&](const std::string &id) {
        v1::Mutation m =
            caseEvent(id, caseId.toStdString(), v1::CASE_EVENT_KIND_CASE_CLOSED, kNineAm);
        m.mutable_append_case_event()->mutable_case_closure()->set_reason(
            "Resident has moved to live with her daughter in Leeds");
        return m;
    };
    auto caseStatus = [&] {
        return await(*m_coordinator->host, m_coordinator->host->caseDetail(caseId))
            .second.toMap()
            .value("caseStatus")
            .toString();
    };
    // Closed too early (from a desk that had not heard of the visit): the server refuses, and
    // the tablet takes the case back as the server has it.
    QVERIFY(m_coordinator->record({close("m-close-early")}));
    QCOMPARE(caseStatus(), QString("Closed"));
    QVERIFY(m_coordinator->syncNow());
    QCOMPARE(caseStatus(), QString("Open"));

    // The visit is cancelled, then the case closes.
    v1::Mutation cancel = mutation("m-cancel-closing");
    v1::TransitionVisit &tv = *cancel.mutable_transition_visit();
    tv.set_visit_id(visitId("closing"));
    tv.set_base_version(1);
    tv.set_to_status(v1::VISIT_STATUS_CANCELLED);
    tv.set_reason("Resident has moved away");
    *tv.mutable_at() = timestampOf(kNineAm);
    QVERIFY(m_coordinator->record({cancel}));
    QVERIFY(m_coordinator->syncNow());
    QCOMPARE(unfinished(), 0);
    QVERIFY(m_coordinator->record({close("m-close")}));
    QVERIFY(m_coordinator->syncNow());
    const QVariantMap detail =
        await(*m_coordinator->host, m_coordinator->host->caseDetail(caseId)).second.toMap();
    QCOMPARE(detail.value("caseStatus").toString(), QString("Closed"));
    QCOMPARE(detail.value("closeReason").toString(),
             QString("Resident has moved to live with her daughter in Leeds"));

    QVERIFY(m_member->syncNow());
    QCOMPARE(m_member->find(m_member->myReferrals(), "referralId", "ref-closing")
                 .value("statusText")
                 .toString(),
             QString("Closed"));
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QString n = notifications();
            return n.contains("referral_closed") && n.contains("ref-closing");
        },
        20000));
}

void TestWorkflows::unactionedReferralIsFlaggedOverdue()
{
    v1::Mutation refer = mutation("m-refer-waiting");
    v1::CreateReferral &create = *refer.mutable_create_referral();
    create.mutable_referral()->set_id("ref-waiting");
    create.mutable_referral()->set_resident_id("res-waiting");
    create.mutable_referral()->set_concern("Lives alone, no family nearby, house very cold");
    create.mutable_referral()->set_resident_consented_to_referral(true);
    create.mutable_new_resident()->set_id("res-waiting");
    create.mutable_new_resident()->set_given_name("Harold");
    create.mutable_new_resident()->set_family_name("Pickering");
    setServerTime(kNineAm);
    QVERIFY(m_member->record({refer}));
    QVERIFY(m_member->syncNow());
    QVERIFY(m_coordinator->syncNow());
    QCOMPARE(m_coordinator->find(m_coordinator->inbox(), "referralId", "ref-waiting")
                 .value("overdue")
                 .toBool(),
             false);

    // The demo council's target is 5 working days: Monday's referral is due next Monday.
    const QVariantMap due = m_member->find(m_member->myReferrals(), "referralId", "ref-waiting");
    QCOMPARE(due.value("dueBy").toDateTime().date(), QDate(2026, 11, 30));
    for (Tablet *t : {m_member.get(), m_coordinator.get()}) {
        t->clock.advance(std::chrono::hours(24 * 7 + 1));
    }
    QVERIFY(m_coordinator->find(m_coordinator->inbox(), "referralId", "ref-waiting")
                .value("overdue")
                .toBool());
    QVERIFY(m_member->find(m_member->myReferrals(), "referralId", "ref-waiting")
                .value("overdue")
                .toBool());
    for (Tablet *t : {m_member.get(), m_coordinator.get()}) {
        t->clock.advance(-std::chrono::hours(24 * 7 + 1));
    }
}

void TestWorkflows::duplicateReferralPointsAtTheOpenCase()
{
    // A resident of the demo council with an open case and a visit today.
    QVariantMap booked;
    for (const QVariant &row : m_coordinator->board()) {
        if (row.toMap().value("column").toString() == "scheduled") {
            booked = row.toMap();
        }
    }
    QVERIFY(!booked.isEmpty());
    // The contact centre takes a call about them: a coordinator's referral for that resident.
    v1::Mutation refer = mutation("m-refer-again");
    v1::Referral &r = *refer.mutable_create_referral()->mutable_referral();
    r.set_id("ref-again");
    r.set_resident_id(booked.value("residentId").toString().toStdString());
    r.set_source(v1::REFERRAL_SOURCE_CONTACT_CENTRE);
    r.set_concern("Daughter called: worried about falls");
    r.set_resident_consented_to_referral(true);
    QVERIFY(m_coordinator->record({refer}));
    QVERIFY(m_coordinator->syncNow());
    QVariantMap again = m_coordinator->find(m_coordinator->inbox(), "referralId", "ref-again");
    QCOMPARE(again.value("duplicateCaseId").toString(), booked.value("caseId").toString());
    QCOMPARE(again.value("duplicateCaseNumber").toString(), booked.value("caseNumber").toString());

    // Linked to that case instead of opening another: no longer a possible duplicate.
    v1::Mutation link = mutation("m-link-again");
    v1::TriageReferral &t = *link.mutable_triage_referral();
    t.set_referral_id("ref-again");
    t.set_base_version(again.value("version").toLongLong());
    t.set_urgency(v1::URGENCY_SOON);
    t.set_status(v1::REFERRAL_STATUS_TRIAGED);
    t.set_case_id(booked.value("caseId").toString().toStdString());
    QVERIFY(m_coordinator->record({link}));
    QVERIFY(m_coordinator->syncNow());
    again = m_coordinator->find(m_coordinator->inbox(), "referralId", "ref-again");
    QCOMPARE(again.value("caseId").toString(), booked.value("caseId").toString());
    QVERIFY(again.value("duplicateCaseId").toString().isEmpty());
}

void TestWorkflows::lateAndNoAccessVisitsReachTheBoard()
{
    QString caseId;
    referAndBook("nobody-in", true, caseId);
    if (QTest::currentTestFailed()) {
        return;
    }
    // 13:45, and nobody has set out for the 13:00 visit: late since 13:30 (30 minutes' grace).
    const std::int64_t quarterToTwo = kBaseDayMs + 13 * kHourMs + 45 * 60000;
    m_coordinator->clock.advance(std::chrono::milliseconds(quarterToTwo - kNineAm));
    QVariantMap card = m_coordinator->find(m_coordinator->board(), "visitId", "visit-nobody-in");
    QCOMPARE(card.value("column").toString(), QString("late"));
    QCOMPARE(card.value("lateSince").toDateTime().toMSecsSinceEpoch(),
             kBaseDayMs + 13 * kHourMs + 30 * 60000);

    // The officer finds nobody in: no access, a card through the door, and a rebooking.
    QVERIFY(m_officer->syncNow());
    v1::Mutation none = mutation("m-no-access-nobody-in");
    v1::TransitionVisit &t = *none.mutable_transition_visit();
    t.set_visit_id("visit-nobody-in");
    t.set_base_version(1);
    t.set_to_status(v1::VISIT_STATUS_NO_ACCESS);
    *t.mutable_at() = timestampOf(quarterToTwo);
    t.set_reason("No answer; the neighbour says she is at her daughter's");
    t.set_card_left(true);
    t.set_rebook_needed(true);
    QVERIFY(m_officer->record({none}));
    setServerTime(quarterToTwo);
    QVERIFY(m_officer->syncNow());
    QVERIFY(m_coordinator->syncNow());
    card = m_coordinator->find(m_coordinator->board(), "visitId", "visit-nobody-in");
    QCOMPARE(card.value("column").toString(), QString("no_access"));
    QCOMPARE(card.value("endReason").toString(),
             QString("No answer; the neighbour says she is at her daughter's"));
    QVERIFY(card.value("cardLeft").toBool());
    QVERIFY(card.value("rebookNeeded").toBool());
    m_coordinator->clock.advance(std::chrono::milliseconds(kNineAm - quarterToTwo));

    // Another visit nobody starts: when its window closes at 14:00 it is overdue, on the board
    // and by email to the case's coordinator, as when a timer runs out.
    QString otherCase;
    referAndBook("no-show", true, otherCase);
    if (QTest::currentTestFailed()) {
        return;
    }
    const std::int64_t fivePast = kBaseDayMs + 14 * kHourMs + 5 * 60000;
    setServerTime(fivePast);
    QTRY_VERIFY_WITH_TIMEOUT(notifications().contains("\toverdue_alert\tvisit-no-show@"), 15000);
    m_coordinator->clock.advance(std::chrono::milliseconds(fivePast - kNineAm));
    QVERIFY(m_coordinator->syncNow());
    card = m_coordinator->find(m_coordinator->board(), "visitId", "visit-no-show");
    QCOMPARE(card.value("column").toString(), QString("overdue"));
    QCOMPARE(card.value("overdueSince").toDateTime().toMSecsSinceEpoch(),
             kBaseDayMs + 14 * kHourMs);
    m_coordinator->clock.advance(std::chrono::milliseconds(kNineAm - fivePast));
}

QTEST_GUILESS_MAIN(TestWorkflows)
#include "tst_workflows.moc"
