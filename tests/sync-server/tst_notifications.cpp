// The notification outbox: an outcome queues a message to each referring ward member (the
// shareable summary only with the resident's consent), exactly once; the dispatcher delivers
// through the log sender, retries failures with back-off and gives up visibly. The planner
// queues overdue alerts to coordinators and reminder texts to residents as time passes.

#include "contact/ukmobile.h"
#include "environment/sequentialidsource.h"
#include "notify/dispatcher.h"
#include "notify/planner.h"
#include "sync/pushservice.h"
#include "teststore.h"

#include "fixedclock.h"

#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <map>
#include <optional>

#include <sstream>

using namespace doorstep;
using namespace doorstep::server;
using doorstep::server::test::FixedClock;

namespace {

constexpr const char *kShareable = "Referred to Citizens Advice for a benefits check.";
constexpr const char *kPrivate = "Lives alone; struggling with stairs; son visits monthly.";

Status seed(StoreSession &session, std::int64_t now)
{
    std::vector<v1::Record> records(6);
    records[0].mutable_resident()->set_id("res-1");
    records[0].mutable_resident()->set_version(1);
    v1::Case &c = *records[1].mutable_case_();
    c.set_id("case-1");
    c.set_case_number("HV-2026-000001");
    c.set_resident_id("res-1");
    c.set_status(v1::CASE_STATUS_OPEN);
    for (int i = 0; i < 2; ++i) {
        v1::User &u = *records[2 + i].mutable_user();
        u.set_id("wm-" + std::to_string(i + 1));
        u.set_username("ward.member" + std::to_string(i + 1));
        u.set_display_name(i == 0 ? "Cllr Asha Patel" : "Cllr Tom Reid");
        u.set_role(v1::ROLE_WARD_MEMBER);
        if (i == 0) {
            u.set_email("asha.patel@councillors.example.gov.uk"); // the other has none
        }
        v1::Referral &r = *records[4 + i].mutable_referral();
        r.set_id("ref-" + std::to_string(i + 1));
        r.set_case_id("case-1");
        r.set_resident_id("res-1");
        r.set_referrer_user_id(u.id());
        r.set_status(v1::REFERRAL_STATUS_VISIT_SCHEDULED);
        r.set_consent_to_share_outcome(i == 0);
        r.mutable_received_at()->set_seconds(now / 1000 - 5 * 86400);
    }
    for (const v1::Record &r : records) {
        if (auto p = session.putRecord(r, now); !p) {
            return p.error();
        }
    }
    return {};
}

v1::PushRequest outcomePush()
{
    v1::PushRequest push;
    v1::Mutation &m = *push.add_mutations();
    m.set_mutation_id("mut-outcome-1");
    v1::CaseEvent &e = *m.mutable_append_case_event();
    e.set_id("evt-outcome-1");
    e.set_case_id("case-1");
    e.set_kind(v1::CASE_EVENT_KIND_OUTCOME);
    e.mutable_outcome()->set_id("out-1");
    e.mutable_outcome()->set_case_id("case-1");
    e.mutable_outcome()->set_summary(kPrivate);
    e.mutable_outcome()->set_shareable_summary(kShareable);
    return push;
}

std::vector<Notification> listed(Store &store, bool failedOnly)
{
    std::vector<Notification> out;
    const Status s = store.read([&](StoreSession &session) -> Status {
        auto l = session.listNotifications(failedOnly);
        if (!l) {
            return l.error();
        }
        out = std::move(*l);
        return {};
    });
    return s ? out : std::vector<Notification>{};
}

const Notification *forUser(const std::vector<Notification> &ns, const std::string &user)
{
    for (const Notification &n : ns) {
        if (n.recipientUserId == user) {
            return &n;
        }
    }
    return nullptr;
}

constexpr std::int64_t kMinute = 60 * 1000;

v1::Record user(const std::string &id, v1::Role role, const std::string &name,
                const std::string &email)
{
    v1::Record r;
    v1::User &u = *r.mutable_user();
    u.set_id(id);
    u.set_username(id);
    u.set_display_name(name);
    u.set_role(role);
    u.set_email(email);
    u.set_phone(role == v1::ROLE_OFFICER ? "07700 900555" : "");
    return r;
}

v1::Record visitRecord(const std::string &id, const std::string &caseId, v1::VisitStatus status,
                       std::int64_t startMs, std::int64_t deadlineMs)
{
    v1::Record r;
    v1::Visit &v = *r.mutable_visit();
    v.set_id(id);
    v.set_case_id(caseId);
    v.set_officer_user_id("off-1");
    v.set_status(status);
    v.mutable_window()->mutable_start()->set_seconds(startMs / 1000);
    v.mutable_window()->mutable_end()->set_seconds(startMs / 1000 + 3600);
    if (deadlineMs > 0) {
        v.mutable_lone_worker_deadline()->set_seconds(deadlineMs / 1000);
    }
    v.set_version(1);
    return r;
}

std::vector<Notification> ofKind(Store &store, const std::string &kind)
{
    std::vector<Notification> out;
    for (const Notification &n : listed(store, false)) {
        if (n.kind == kind) {
            out.push_back(n);
        }
    }
    return out;
}

// Delivers by remembering what it sent, and runs `during` in the middle of its first send: as
// another server would, while this one waits on the provider.
class Interleaved final : public NotificationSender
{
public:
    Interleaved(std::vector<std::string> &sent, std::function<void()> during)
        : m_sent(sent), m_during(std::move(during))
    {}
    SendAnswer send(const Notification &n) override
    {
        if (m_during) {
            std::exchange(m_during, nullptr)();
        }
        m_sent.push_back(n.id);
        return SendAnswer::accepted();
    }

private:
    std::vector<std::string> &m_sent;
    std::function<void()> m_during;
};

} // namespace

class TestNotifications : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        // A fresh store and clock for each test.
        m_clock = FixedClock();
        m_location = testStoreLocation(m_dir.filePath(QString::number(++m_run)).toStdString());
        auto store = openStore({m_location}, true);
        QVERIFY(store.ok());
        m_store = std::move(*store);
        QVERIFY(m_store->write([&](StoreSession &s) { return seed(s, m_clock.now); }).ok());
        Principal officer;
        officer.user.set_id("coo-1");
        officer.user.set_role(v1::ROLE_COORDINATOR);
        officer.device.set_id("dev-1");
        PushService push(*m_store, m_clock, m_ids);
        for (int i = 0; i < 2; ++i) { // the second push is a replay
            auto answer = push.push(officer, outcomePush());
            QVERIFY(answer.ok());
        }
    }

    void cleanup() { m_store.reset(); }

    void outcomeQueuesOneMessagePerReferrerWithConsentRespected()
    {
        const auto all = listed(*m_store, false);
        QCOMPARE(all.size(), std::size_t(2));
        const Notification *consented = forUser(all, "wm-1");
        QVERIFY(consented);
        QCOMPARE(consented->kind, std::string("outcome_ready"));
        QCOMPARE(consented->address, std::string("asha.patel@councillors.example.gov.uk"));
        QCOMPARE(consented->aboutId, std::string("ref-1"));
        QVERIFY(consented->subject.find("18 November 2026") != std::string::npos);
        QVERIFY(consented->body.find(kShareable) != std::string::npos);
        QVERIFY(consented->body.find(kPrivate) == std::string::npos);
        const Notification *refused = forUser(all, "wm-2");
        QVERIFY(refused);
        QCOMPARE(refused->kind, std::string("referral_closed"));
        QVERIFY(refused->body.find(kShareable) == std::string::npos);
        QVERIFY(refused->body.find(kPrivate) == std::string::npos);
        QVERIFY(refused->body.find("did not agree") != std::string::npos);
    }

    void logSenderDeliversAndMissingAddressIsGivenUpAtOnce()
    {
        std::ostringstream log;
        LogSender sender(log);
        NotificationDispatcher dispatcher(*m_store, m_clock, sender);
        auto round = dispatcher.deliverDue();
        QVERIFY2(round.ok(), round.ok() ? "" : round.error().message.c_str());
        QCOMPARE(round->delivered, 1);
        // No address can never be delivered: failed now, not after hours of retries.
        QCOMPARE(round->failed, 0);
        QCOMPARE(round->gaveUp, 1);
        QVERIFY(log.str().find("kind=outcome_ready") != std::string::npos);
        // The log says where it went without writing the address out: enough to tell two
        // recipients apart, not enough to contact anyone.
        QVERIFY2(log.str().find("to=a***@***.uk ") != std::string::npos, log.str().c_str());
        QVERIFY(log.str().find("asha.patel") == std::string::npos);
        QVERIFY(log.str().find("councillors") == std::string::npos);
        QVERIFY2(log.str().find(kShareable) == std::string::npos, "the body is never logged");

        m_clock.now += 60 * 60 * 1000;
        QCOMPARE(dispatcher.deliverDue()->gaveUp, 0); // never tried again
        const auto failed = listed(*m_store, true);
        QCOMPARE(failed.size(), std::size_t(1));
        QCOMPARE(failed[0].recipientUserId, std::string("wm-2"));
        QCOMPARE(failed[0].attempts, 1);
        QVERIFY(failed[0].lastError.find("no email address") != std::string::npos);
        const Notification *delivered = forUser(listed(*m_store, false), "wm-1");
        QVERIFY(delivered && delivered->deliveredAtMs && delivered->attempts == 1);
    }

    void logSenderNeverWritesAResidentsPhoneNumber()
    {
        std::ostringstream log;
        LogSender sender(log);
        Notification text;
        text.id = "n-text";
        text.kind = "visit_reminder";
        text.aboutId = "visit-1";
        text.address = "+44 7700 900123";
        text.body = "Reminder: a council home visit tomorrow";
        QVERIFY(sender.send(text).ok());
        QVERIFY2(log.str().find("to=***123 ") != std::string::npos, log.str().c_str());
        QVERIFY(log.str().find("7700") == std::string::npos);
        QVERIFY(log.str().find("900123") == std::string::npos);
    }

    void failedDeliveryIsRetriedWithBackOff()
    {
        std::ostringstream log;
        log.setstate(std::ios::badbit); // the log cannot be written
        LogSender sender(log);
        NotificationDispatcher dispatcher(*m_store, m_clock, sender);
        auto first = dispatcher.deliverDue();
        QCOMPARE(first->failed, 1);
        QCOMPARE(first->gaveUp, 1); // the one with no address
        log.clear();
        m_clock.now += NotificationDispatcher::retryDelayMs(1) - 1;
        QCOMPARE(dispatcher.deliverDue()->delivered, 0);
        m_clock.now += 1;
        QCOMPARE(dispatcher.deliverDue()->delivered, 1);
        const Notification *n = forUser(listed(*m_store, false), "wm-1");
        QVERIFY(n && n->deliveredAtMs && n->attempts == 2 && !n->nextAttemptAtMs);
    }

    // A reminder still undelivered when the visit starts (the gateway down all morning, a
    // phone off until then) is no use any more: given up, not sent late.
    void reminderIsNotSentOnceTheVisitHasStarted()
    {
        std::ostringstream log;
        LogSender sender(log);
        NotificationDispatcher dispatcher(*m_store, m_clock, sender);
        QVERIFY(dispatcher.deliverDue().ok()); // the seeded ones out of the way
        for (const auto &[id, startMs] : std::vector<std::pair<std::string, std::int64_t>>{
                 {"ntf-late", m_clock.now}, {"ntf-soon", m_clock.now + 1}}) {
            Notification n;
            n.id = id;
            n.kind = "visit_reminder";
            n.aboutId = "visit-" + id + "@" + std::to_string(startMs);
            n.address = "07700 900123";
            n.subject = "Visit reminder";
            n.body = "We visit you tomorrow.";
            n.createdAtMs = m_clock.now - 3600 * 1000;
            QVERIFY(m_store->write([&](StoreSession &s) { return s.enqueueNotification(n); }).ok());
        }
        auto round = dispatcher.deliverDue();
        QCOMPARE(round->delivered, 1);
        QCOMPARE(round->gaveUp, 1);
        const auto failed = listed(*m_store, true);
        const auto late = std::find_if(failed.begin(), failed.end(),
                                       [](const Notification &n) { return n.id == "ntf-late"; });
        QVERIFY(late != failed.end());
        QVERIFY2(late->lastError.find("The visit has started") != std::string::npos,
                 late->lastError.c_str());
        QVERIFY(std::none_of(failed.begin(), failed.end(),
                             [](const Notification &n) { return n.id == "ntf-soon"; }));
        QVERIFY(log.str().find("id=ntf-late") == std::string::npos); // never sent
    }

    // Several server processes share one database (issue 22), each with its own dispatcher.
    // A notification is claimed before it is sent, so the second server, reading the outbox
    // while the first is still talking to the provider, leaves it alone: a lone-working alert
    // goes once, not once per server.
    void twoServersNeverSendTheSameNotification()
    {
        auto other = openStore({m_location}, false);
        QVERIFY(other.ok());
        std::ostringstream log;
        LogSender logged(log);
        NotificationDispatcher second(**other, m_clock, logged);
        int secondDelivered = 0;
        std::vector<std::string> sent;
        Interleaved first(sent, [&] {
            auto round = second.deliverDue();
            QVERIFY(round.ok());
            secondDelivered += round->delivered + round->gaveUp + round->failed;
        });
        NotificationDispatcher dispatcher(*m_store, m_clock, first);
        auto round = dispatcher.deliverDue();
        QVERIFY(round.ok());
        // Two are due (one with no address); the first server took one and the second,
        // running in the middle of that send, took the other.
        QCOMPARE(round->delivered + round->gaveUp + round->failed + secondDelivered, 2);
        QCOMPARE(sent.size() + std::size_t(secondDelivered), std::size_t(2));
        for (const std::string &id : sent) {
            QVERIFY2(log.str().find("id=" + id) == std::string::npos,
                     ("sent by both servers: " + id).c_str());
        }
    }

    // A server that dies between claiming a notification and recording what became of it
    // leaves the claim to run out: another server sends it then, not never.
    void aClaimLeftByADeadServerRunsOut()
    {
        std::optional<Notification> claimed;
        QVERIFY(m_store
                    ->write([&](StoreSession &s) -> Status {
                        auto c = s.claimDueNotification(
                            m_clock.now, true, m_clock.now + NotificationDispatcher::kClaimMs);
                        if (!c) {
                            return c.error();
                        }
                        claimed = *c;
                        return {};
                    })
                    .ok());
        QVERIFY(claimed);
        std::ostringstream log;
        LogSender sender(log);
        NotificationDispatcher dispatcher(*m_store, m_clock, sender);
        QVERIFY(dispatcher.deliverDue().ok());
        QVERIFY2(log.str().find("id=" + claimed->id) == std::string::npos, "claimed elsewhere");
        m_clock.now += NotificationDispatcher::kClaimMs;
        QVERIFY(dispatcher.deliverDue().ok());
        QVERIFY2(log.str().find("id=" + claimed->id) != std::string::npos, log.str().c_str());
        const Notification *n = forUser(listed(*m_store, false), claimed->recipientUserId);
        QVERIFY(n && n->deliveredAtMs && n->attempts == 1);

        // The first server, not dead after all, comes back with a failure under its old claim:
        // what the second recorded stands.
        DeliveryAttempt stale;
        stale.atMs = m_clock.now;
        stale.error = "the relay broke";
        stale.retryAtMs = m_clock.now + kMinute;
        stale.claimedUntilMs = m_clock.now; // the first claim ran out at this moment
        QVERIFY(
            m_store->write([&](StoreSession &s) { return s.recordDelivery(claimed->id, stale); })
                .ok());
        n = forUser(listed(*m_store, false), claimed->recipientUserId);
        QVERIFY2(n && n->deliveredAtMs && n->attempts == 1 && n->lastError.empty(),
                 "a stale claim overwrote the delivery another server recorded");
    }

    void backOffDoublesUpToAnHour()
    {
        QCOMPARE(NotificationDispatcher::retryDelayMs(1), 60 * 1000);
        QCOMPARE(NotificationDispatcher::retryDelayMs(2), 2 * 60 * 1000);
        QCOMPARE(NotificationDispatcher::retryDelayMs(5), 16 * 60 * 1000);
        QCOMPARE(NotificationDispatcher::retryDelayMs(7), 60 * 60 * 1000);
        QCOMPARE(NotificationDispatcher::retryDelayMs(30), 60 * 60 * 1000);
    }

    void overdueVisitAlertsTheCaseCoordinatorOnce()
    {
        const std::int64_t now = m_clock.now;
        std::vector<v1::Record> records{
            user("coo-1", v1::ROLE_COORDINATOR, "Alex Morgan", "alex.morgan@council.example"),
            user("coo-2", v1::ROLE_COORDINATOR, "Jo Baker", "jo.baker@council.example"),
            user("off-1", v1::ROLE_OFFICER, "Sam Taylor", "sam.taylor@council.example"),
            visitRecord("visit-9", "case-9", v1::VISIT_STATUS_IN_PROGRESS, now - 20 * kMinute,
                        now + 10 * kMinute)};
        v1::Record c;
        c.mutable_case_()->set_id("case-9");
        c.mutable_case_()->set_case_number("HV-2026-000009");
        c.mutable_case_()->set_resident_id("res-1");
        c.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
        c.mutable_case_()->set_coordinator_user_id("coo-2");
        records.insert(records.begin(), c); // a visit's case comes first
        v1::Record moved;
        v1::CaseEvent &e = *moved.mutable_case_event();
        e.set_id("evt-in-9");
        e.set_case_id("case-9");
        e.set_kind(v1::CASE_EVENT_KIND_VISIT);
        e.mutable_occurred_at()->set_seconds((now - 20 * kMinute) / 1000);
        e.mutable_visit()->set_visit_id("visit-9");
        e.mutable_visit()->set_to_status(v1::VISIT_STATUS_IN_PROGRESS);
        e.mutable_visit()->mutable_position()->set_has_fix(true);
        e.mutable_visit()->mutable_position()->set_latitude(53.74312);
        e.mutable_visit()->mutable_position()->set_longitude(-1.59601);
        records.push_back(moved);
        QVERIFY(put(records));
        NotificationPlanner planner(*m_store, m_clock, m_ids);
        QVERIFY(planner.planDue());
        QVERIFY(ofKind(*m_store, "overdue_alert").empty()); // the timer is still running

        m_clock.now += 15 * kMinute;
        QCOMPARE(planner.planDue()->overdueAlerts, 1);
        QVERIFY(planner.planDue());
        auto alerts = ofKind(*m_store, "overdue_alert");
        QCOMPARE(alerts.size(), std::size_t(1)); // once, to the case's own coordinator
        QCOMPARE(alerts[0].recipientUserId, std::string("coo-2"));
        QCOMPARE(alerts[0].address, std::string("jo.baker@council.example"));
        QVERIFY(alerts[0].subject.find("Sam Taylor") != std::string::npos);
        QVERIFY(alerts[0].body.find("HV-2026-000009") != std::string::npos);
        QVERIFY(alerts[0].body.find("53.74312, -1.59601") != std::string::npos);
        QVERIFY(alerts[0].body.find("07700 900555") != std::string::npos);

        // "I'm safe" moved the timer on; when that one runs out too, a new alert.
        v1::Record later = visitRecord("visit-9", "case-9", v1::VISIT_STATUS_IN_PROGRESS,
                                       now - 20 * kMinute, m_clock.now + 30 * kMinute);
        QVERIFY(put({later}));
        QVERIFY(planner.planDue());
        QCOMPARE(ofKind(*m_store, "overdue_alert").size(), std::size_t(1));
        m_clock.now += 31 * kMinute;
        QVERIFY(planner.planDue());
        QCOMPARE(ofKind(*m_store, "overdue_alert").size(), std::size_t(2));

        // A case with no coordinator of its own alerts every coordinator with an email.
        v1::Record orphan = visitRecord("visit-8", "case-1", v1::VISIT_STATUS_EN_ROUTE,
                                        m_clock.now - kMinute, m_clock.now - 1000);
        QVERIFY(put({orphan}));
        QVERIFY(planner.planDue());
        QCOMPARE(ofKind(*m_store, "overdue_alert").size(), std::size_t(4));

        // Long-past history alerts no one.
        v1::Record old = visitRecord("visit-7", "case-1", v1::VISIT_STATUS_OVERDUE,
                                     m_clock.now - 3 * 24 * 60 * kMinute,
                                     m_clock.now - 3 * 24 * 60 * kMinute + 60 * kMinute);
        QVERIFY(put({old}));
        QVERIFY(planner.planDue());
        QCOMPARE(ofKind(*m_store, "overdue_alert").size(), std::size_t(4));
    }

    void visitNobodyStartedAlertsWhenItsWindowCloses()
    {
        // A late visit with no check-in by the window's close is overdue, as a timer that ran
        // out is: the officer has not been seen for the whole visit.
        const std::int64_t now = m_clock.now;
        v1::Record c;
        c.mutable_case_()->set_id("case-5");
        c.mutable_case_()->set_case_number("HV-2026-000005");
        c.mutable_case_()->set_resident_id("res-1");
        c.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
        c.mutable_case_()->set_coordinator_user_id("coo-1");
        QVERIFY(put(
            {user("coo-1", v1::ROLE_COORDINATOR, "Alex Morgan", "alex.morgan@council.example"),
             user("off-1", v1::ROLE_OFFICER, "Sam Taylor", "sam.taylor@council.example"), c,
             visitRecord("visit-5", "case-5", v1::VISIT_STATUS_SCHEDULED, now - 30 * kMinute, 0),
             visitRecord("visit-6", "case-5", v1::VISIT_STATUS_COMPLETED, now - 30 * kMinute, 0),
             visitRecord("visit-4", "case-5", v1::VISIT_STATUS_SCHEDULED, now - 14 * 60 * kMinute,
                         0)}));
        NotificationPlanner planner(*m_store, m_clock, m_ids);
        QVERIFY(planner.planDue());
        // Late, but the window is still open; the one 13 hours gone is history.
        QVERIFY(ofKind(*m_store, "overdue_alert").empty());

        m_clock.now = now + 31 * kMinute;
        QCOMPARE(planner.planDue()->overdueAlerts, 1);
        QVERIFY(planner.planDue());
        auto alerts = ofKind(*m_store, "overdue_alert");
        QCOMPARE(alerts.size(), std::size_t(1)); // once, and not for the completed visit
        QCOMPARE(alerts[0].recipientUserId, std::string("coo-1"));
        QCOMPARE(alerts[0].aboutId,
                 "visit-5@" + std::to_string((now - 30 * kMinute) / 1000 * 1000 + 3600 * 1000));
        QVERIFY2(alerts[0].body.find("has not checked in to a visit on case HV-2026-000005") !=
                     std::string::npos,
                 alerts[0].body.c_str());
        QVERIFY(alerts[0].body.find("07700 900555") != std::string::npos);
    }

    void reminderTextsGoToMobilesForTomorrowsVisits()
    {
        const std::int64_t now = m_clock.now;
        std::vector<v1::Record> records;
        // A mobile; a landline; letters only; email with an address; email with none.
        const char *phones[] = {"07700 900123", "01632 960001", "+44 7700 900456", "07700 900321",
                                "07700 900789"};
        for (int i = 0; i < 5; ++i) {
            const std::string n = std::to_string(i + 2);
            v1::Record r;
            v1::Resident &res = *r.mutable_resident();
            res.set_id("res-" + n);
            res.set_given_name("Margaret");
            res.set_family_name("Oyelaran");
            res.set_phone(phones[i]);
            res.set_version(1);
            if (i == 2) { // asked for letters only
                res.mutable_contact_needs()->set_preferred_channel(v1::CONTACT_CHANNEL_LETTER);
            }
            if (i >= 3) { // asked for email
                res.mutable_contact_needs()->set_preferred_channel(v1::CONTACT_CHANNEL_EMAIL);
            }
            if (i == 3) {
                res.set_email("m.oyelaran@example.org");
            }
            records.push_back(r);
            v1::Record c;
            c.mutable_case_()->set_id("case-" + n);
            c.mutable_case_()->set_case_number("HV-2026-00000" + n);
            c.mutable_case_()->set_resident_id("res-" + n);
            c.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
            records.push_back(c);
            records.push_back(visitRecord("visit-" + n, "case-" + n, v1::VISIT_STATUS_SCHEDULED,
                                          now + 20 * 60 * kMinute, 0));
        }
        // The first resident's visit after next, in three days: not yet.
        records.push_back(visitRecord("visit-later", "case-2", v1::VISIT_STATUS_SCHEDULED,
                                      now + 3 * 24 * 60 * kMinute, 0));
        QVERIFY(put(records));
        NotificationPlanner planner(*m_store, m_clock, m_ids);
        QCOMPARE(planner.planDue()->reminders, 3);
        QCOMPARE(planner.planDue()->reminders, 0); // already queued: not looked at again
        const auto texts = ofKind(*m_store, "visit_reminder");
        QCOMPARE(texts.size(), std::size_t(3));
        std::map<std::string, std::string> to;
        for (const auto &t : texts) {
            to[t.recipientUserId] = t.address;
        }
        QCOMPARE(to["res-2"], std::string("07700 900123"));
        // In the channel the resident asked for: email when they gave an address, else text.
        QCOMPARE(to["res-5"], std::string("m.oyelaran@example.org"));
        QCOMPARE(to["res-6"], std::string("07700 900789"));
        // Says when, and nothing about who or why.
        for (const auto &t : texts) {
            QVERIFY(t.body.find("between") != std::string::npos);
            for (const char *secret : {"Margaret", "Oyelaran", "HV-2026", "Sam"}) {
                QVERIFY2(t.body.find(secret) == std::string::npos, secret);
            }
        }
    }

    void reminderTextsSayTheCouncilsTimeInSummer()
    {
        // The day before a 09:00 to 10:00 visit on Tuesday 14 July 2026: 08:00 to 09:00 UTC.
        const std::int64_t july14 = 1783987200000LL; // 2026-07-14 00:00 UTC
        m_clock.now = july14 - 12 * 60 * kMinute;
        v1::Record r;
        v1::Resident &res = *r.mutable_resident();
        res.set_id("res-summer");
        res.set_phone("07700 900123");
        res.set_version(1);
        v1::Record c;
        c.mutable_case_()->set_id("case-summer");
        c.mutable_case_()->set_case_number("HV-2026-000099");
        c.mutable_case_()->set_resident_id("res-summer");
        c.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
        QVERIFY(put({r, c,
                     visitRecord("visit-summer", "case-summer", v1::VISIT_STATUS_SCHEDULED,
                                 july14 + 8 * 60 * kMinute, 0)}));
        NotificationPlanner planner(*m_store, m_clock, m_ids);
        QCOMPARE(planner.planDue()->reminders, 1);
        const auto texts = ofKind(*m_store, "visit_reminder");
        QCOMPARE(texts.size(), std::size_t(1));
        QVERIFY2(texts[0].body.find("on Tuesday 14 July between 09:00 and 10:00") !=
                     std::string::npos,
                 texts[0].body.c_str());
    }

    void unacknowledgedAlertEscalatesOnce()
    {
        // The council's escalation contacts, and a visit whose alert the server took 6 minutes
        // ago with nobody acknowledging it.
        QVERIFY(m_store
                    ->write([&](StoreSession &s) -> Status {
                        auto c = s.council();
                        if (!c) {
                            return c.error();
                        }
                        v1::Council council = c->value_or(v1::Council());
                        v1::EscalationContact *who = council.add_escalation_contacts();
                        who->set_name("Team leader");
                        who->set_email("leader@example.org");
                        who->set_phone("07700 900900");
                        return s.putCouncil(council);
                    })
                    .ok());
        v1::Record r = visitRecord("visit-alert", "case-1", v1::VISIT_STATUS_ALERT,
                                   m_clock.now - 30 * kMinute, 0);
        v1::VisitAlert &a = *r.mutable_visit()->mutable_alert();
        a.set_event_id("evt-alert");
        a.mutable_raised_at()->set_seconds((m_clock.now - 7 * kMinute) / 1000);
        a.mutable_received_at()->set_seconds((m_clock.now - 6 * kMinute) / 1000);
        a.set_status_before(v1::VISIT_STATUS_IN_PROGRESS);
        QVERIFY(put({r}));
        NotificationPlanner planner(*m_store, m_clock, m_ids);
        auto planned = planner.planDue();
        QVERIFY(planned);
        QCOMPARE(planned->alertEscalations, 1);
        QCOMPARE(planner.planDue()->alertEscalations, 0); // once per alert
        const auto sent = ofKind(*m_store, "alert_escalation");
        QCOMPARE(sent.size(), std::size_t(2)); // an email and a text
    }

    void ukMobilesAreRecognised()
    {
        // Notify's rule (notify/ukmobile.h), in its own words.
        for (const char *same :
             {"07700 900123", "+44 7700 900123", "07700-900-123", "(07700) 900123",
              "0044 7700 900123", "447700900123", "+44 (0)7700 900123"}) {
            QCOMPARE(QString::fromStdString(contact::ukMobile(same).value()),
                     QString("+447700900123"));
        }
        const auto why = [](const char *phone) {
            auto m = contact::ukMobile(phone);
            return m ? QString("ok") : QString::fromStdString(m.error().message);
        };
        QCOMPARE(why("01632 960001"), QString("Not a UK mobile number"));
        QCOMPARE(why("0770090012"), QString("Not enough digits"));
        QCOMPARE(why("077009001234"), QString("Too many digits"));
        QCOMPARE(why("07700 900123 ext 4"), QString("Must not contain letters or symbols"));
        QCOMPARE(why(""), QString("Not a UK mobile number"));
    }

private:
    bool put(const std::vector<v1::Record> &records)
    {
        return m_store
            ->write([&](StoreSession &s) -> Status {
                for (const auto &r : records) {
                    if (auto p = s.putRecord(r, m_clock.now); !p) {
                        return p.error();
                    }
                }
                return {};
            })
            .ok();
    }

    QTemporaryDir m_dir;
    int m_run = 0;
    std::string m_location;
    FixedClock m_clock;
    SequentialIdSource m_ids;
    std::unique_ptr<Store> m_store;
};

QTEST_APPLESS_MAIN(TestNotifications)
#include "tst_notifications.moc"
