// The notification outbox: an outcome queues a message to each referring ward member (the
// shareable summary only with the resident's consent), exactly once; the dispatcher delivers
// through the log sender, retries failures with back-off and gives up visibly.

#include "environment/sequentialidsource.h"
#include "notify/dispatcher.h"
#include "store/sqlitestore.h"
#include "sync/pushservice.h"

#include "fixedclock.h"

#include <QTemporaryDir>
#include <QtTest>

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
        auto store =
            SqliteStore::open(m_dir.filePath(QString::number(++m_run)).toStdString(), true);
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

    void logSenderDeliversAndMissingAddressFailsUntilGivenUp()
    {
        std::ostringstream log;
        LogSender sender(log);
        NotificationDispatcher dispatcher(*m_store, m_clock, sender);
        auto round = dispatcher.deliverDue();
        QVERIFY2(round.ok(), round.ok() ? "" : round.error().message.c_str());
        QCOMPARE(round->delivered, 1);
        QCOMPARE(round->failed, 1);
        QVERIFY(log.str().find("kind=outcome_ready") != std::string::npos);
        QVERIFY(log.str().find("to=asha.patel@councillors.example.gov.uk") != std::string::npos);
        QVERIFY2(log.str().find(kShareable) == std::string::npos, "the body is never logged");

        // Not due again until the back-off has passed.
        QCOMPARE(dispatcher.deliverDue()->failed, 0);
        int gaveUp = 0;
        for (int i = 0; i < NotificationDispatcher::maxAttempts; ++i) {
            m_clock.now += 60 * 60 * 1000;
            gaveUp += dispatcher.deliverDue()->gaveUp;
        }
        QCOMPARE(gaveUp, 1);
        const auto failed = listed(*m_store, true);
        QCOMPARE(failed.size(), std::size_t(1));
        QCOMPARE(failed[0].recipientUserId, std::string("wm-2"));
        QCOMPARE(failed[0].attempts, NotificationDispatcher::maxAttempts);
        QVERIFY(failed[0].lastError.find("no email address") != std::string::npos);
        const Notification *delivered = forUser(listed(*m_store, false), "wm-1");
        QVERIFY(delivered && delivered->deliveredAtMs && delivered->attempts == 1);
    }

    void failedDeliveryIsRetriedWithBackOff()
    {
        std::ostringstream log;
        log.setstate(std::ios::badbit); // the log cannot be written
        LogSender sender(log);
        NotificationDispatcher dispatcher(*m_store, m_clock, sender);
        QCOMPARE(dispatcher.deliverDue()->failed, 2);
        log.clear();
        m_clock.now += NotificationDispatcher::retryDelayMs(1) - 1;
        QCOMPARE(dispatcher.deliverDue()->delivered, 0);
        m_clock.now += 1;
        QCOMPARE(dispatcher.deliverDue()->delivered, 1);
        const Notification *n = forUser(listed(*m_store, false), "wm-1");
        QVERIFY(n && n->deliveredAtMs && n->attempts == 2 && !n->nextAttemptAtMs);
    }

    void backOffDoublesUpToAnHour()
    {
        QCOMPARE(NotificationDispatcher::retryDelayMs(1), 60 * 1000);
        QCOMPARE(NotificationDispatcher::retryDelayMs(2), 2 * 60 * 1000);
        QCOMPARE(NotificationDispatcher::retryDelayMs(5), 16 * 60 * 1000);
        QCOMPARE(NotificationDispatcher::retryDelayMs(7), 60 * 60 * 1000);
        QCOMPARE(NotificationDispatcher::retryDelayMs(30), 60 * 60 * 1000);
    }

private:
    QTemporaryDir m_dir;
    int m_run = 0;
    FixedClock m_clock;
    SequentialIdSource m_ids;
    std::unique_ptr<SqliteStore> m_store;
};

QTEST_APPLESS_MAIN(TestNotifications)
#include "tst_notifications.moc"
