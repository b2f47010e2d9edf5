// The sync logic without HTTP: the visit status machine, the field merge, the store's change
// log compaction and the push service's exactly-once bookkeeping, on a real store (SQLite, or
// PostgreSQL under the `postgres` label).

#include "admin/snapshotloader.h"
#include "auth/authenticator.h"
#include "auth/secrets.h"
#include "db/database.h"
#include "db/migrator.h"
#include "db/statement.h"
#include "environment/sequentialidsource.h"
#include "migrations/migrations.h"
#include "store/pgconnection.h"
#include "sync/pullservice.h"
#include "sync/pushservice.h"
#include "sync/residentmerge.h"
#include "sync/scope.h"
#include "sync/visitstatemachine.h"
#include "teststore.h"

#include "fixedclock.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace doorstep;
using namespace doorstep::server;
using doorstep::server::test::FixedClock;

namespace {

// Resident res-1 and their open case case-1.
Status seedOpenCase(StoreSession &session, std::int64_t nowMs)
{
    v1::Record r;
    r.mutable_resident()->set_id("res-1");
    r.mutable_resident()->set_version(1);
    if (auto p = session.putRecord(r, nowMs); !p) {
        return p.error();
    }
    r.mutable_case_()->set_id("case-1");
    r.mutable_case_()->set_case_number("HV-2026-000001");
    r.mutable_case_()->set_resident_id("res-1");
    r.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
    auto p = session.putRecord(r, nowMs);
    return p ? Status() : Status(p.error());
}

// Officer off-a on their tablet dev-a.
Principal officerA()
{
    Principal a;
    a.user.set_id("off-a");
    a.user.set_role(v1::ROLE_OFFICER);
    a.device.set_id("dev-a");
    return a;
}

} // namespace

class TestSyncLogic : public QObject
{
    Q_OBJECT

private slots:
    void visitMachine_data();
    void visitMachine();
    void mergeTakesUnchangedFieldsAndKeepsConflicts();
    void secretsHashAndCodes();
    void changeLogKeepsOnlyNewestEntryPerRecord();
    void pushIsExactlyOnce();
    void officerPullSkipsOtherCasesButEvictsHeldOnes();
    void loadingHistoryLeavesNoSweepForCasesNoTabletHolds();
    void pullsSweepOnceAMinuteUnlessABatchWasFull();
    void imSafeMovesTheLoneWorkerDeadline();
    void storeRefusesNewerSchema();
    void oldEventHoldingsAreFiledUnderTheirCase();
    void forgettingEvictionsDoesNotReadEveryHolding();
};

void TestSyncLogic::visitMachine_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<bool>("allowed");
    using namespace v1;
    QTest::newRow("scheduled->en route")
        << int(VISIT_STATUS_SCHEDULED) << int(VISIT_STATUS_EN_ROUTE) << true;
    QTest::newRow("scheduled->in progress")
        << int(VISIT_STATUS_SCHEDULED) << int(VISIT_STATUS_IN_PROGRESS) << true;
    QTest::newRow("scheduled->completed")
        << int(VISIT_STATUS_SCHEDULED) << int(VISIT_STATUS_COMPLETED) << false;
    QTest::newRow("en route->no access")
        << int(VISIT_STATUS_EN_ROUTE) << int(VISIT_STATUS_NO_ACCESS) << true;
    QTest::newRow("in progress->overdue")
        << int(VISIT_STATUS_IN_PROGRESS) << int(VISIT_STATUS_OVERDUE) << true;
    QTest::newRow("in progress->cancelled")
        << int(VISIT_STATUS_IN_PROGRESS) << int(VISIT_STATUS_CANCELLED) << false;
    QTest::newRow("overdue->in progress")
        << int(VISIT_STATUS_OVERDUE) << int(VISIT_STATUS_IN_PROGRESS) << true;
    QTest::newRow("completed->in progress")
        << int(VISIT_STATUS_COMPLETED) << int(VISIT_STATUS_IN_PROGRESS) << false;
    QTest::newRow("cancelled->scheduled")
        << int(VISIT_STATUS_CANCELLED) << int(VISIT_STATUS_SCHEDULED) << false;
    QTest::newRow("unspecified->scheduled")
        << int(VISIT_STATUS_UNSPECIFIED) << int(VISIT_STATUS_SCHEDULED) << false;
}

void TestSyncLogic::visitMachine()
{
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(bool, allowed);
    QCOMPARE(VisitStateMachine::allowed(v1::VisitStatus(from), v1::VisitStatus(to)), allowed);
}

void TestSyncLogic::mergeTakesUnchangedFieldsAndKeepsConflicts()
{
    v1::Resident base;
    base.set_id("r");
    base.set_phone("1");
    base.set_email("a@x");
    base.mutable_contact_needs()->set_hearing_loss(false);
    v1::Resident current = base;
    current.set_phone("2"); // the server changed the phone since base
    v1::Resident device;
    device.set_phone("3");
    device.set_email("b@x");
    device.mutable_contact_needs()->set_hearing_loss(true);
    auto out = ResidentMerge::merge(base, current, device, {"phone", "email", "contact_needs"});
    QVERIFY(out.ok());
    QCOMPARE(out->appliedFields, 2);
    QCOMPARE(out->merged.email(), std::string("b@x"));
    QVERIFY(out->merged.contact_needs().hearing_loss());
    QCOMPARE(out->merged.phone(), std::string("2"));
    QCOMPARE(out->conflicts.size(), std::size_t(1));
    QCOMPARE(out->conflicts[0].field, std::string("phone"));
    // Both sides making the same change is no conflict.
    device.set_phone("2");
    auto same = ResidentMerge::merge(base, current, device, {"phone"});
    QVERIFY(same.ok());
    QVERIFY(same->conflicts.empty());
    QCOMPARE(same->appliedFields, 0);
    QVERIFY(!ResidentMerge::merge(base, current, device, {"version"}).ok());
    QVERIFY(!ResidentMerge::merge(base, current, device, {"nope"}).ok());
}

void TestSyncLogic::secretsHashAndCodes()
{
    QCOMPARE(secrets::hash("abc"),
             std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const std::string code = secrets::humanCode(std::string(10, '\x5a'));
    QCOMPARE(code.size(), std::size_t(19));
    QCOMPARE(secrets::normaliseCode("ab-cd ef"), std::string("ABCDEF"));
    QVERIFY(secrets::equal("same", "same"));
    QVERIFY(!secrets::equal("same", "diff"));
    QCOMPARE(secrets::base64Url("\xff\xfe"), std::string("__4"));
}

void TestSyncLogic::changeLogKeepsOnlyNewestEntryPerRecord()
{
    QTemporaryDir dir;
    auto store = openTestStore(dir.filePath("d").toStdString());
    QVERIFY(store.ok());
    Status s = (*store)->write([](StoreSession &session) -> Status {
        v1::Record r;
        r.mutable_ward()->set_id("w1");
        for (int i = 0; i < 3; ++i) {
            r.mutable_ward()->set_name("v" + std::to_string(i));
            if (auto p = session.putRecord(r, 1); !p) {
                return p.error();
            }
        }
        r.mutable_ward()->set_id("w2");
        auto p = session.putRecord(r, 1);
        return p ? Status() : Status(p.error());
    });
    QVERIFY(s.ok());
    s = (*store)->read([](StoreSession &session) -> Status {
        auto rows = session.changesAfter(0, 10);
        if (!rows) {
            return rows.error();
        }
        if (rows->size() != 2 || (*rows)[0].recordId != "w1" || (*rows)[0].seq != 3 ||
            (*rows)[1].recordId != "w2") {
            return makeError(v1::ERROR_CODE_INTERNAL, "unexpected rows");
        }
        auto rec = session.getRecord(v1::RECORD_TYPE_WARD, "w1");
        if (!rec || !rec->has_value() || (*rec)->ward().name() != "v2") {
            return makeError(v1::ERROR_CODE_INTERNAL, "wrong body");
        }
        return {};
    });
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
}

void TestSyncLogic::pushIsExactlyOnce()
{
    QTemporaryDir dir;
    auto store = openTestStore(dir.filePath("d").toStdString());
    QVERIFY(store.ok());
    FixedClock clock;
    SequentialIdSource ids;
    Status seeded = (*store)->write(
        [&](StoreSession &session) -> Status { return seedOpenCase(session, clock.now); });
    QVERIFY(seeded.ok());
    Principal coordinator;
    coordinator.user.set_id("coo");
    coordinator.user.set_role(v1::ROLE_COORDINATOR);
    coordinator.device.set_id("dev-1");
    PushService push(**store, clock, ids);
    v1::PushRequest request;
    for (int i = 0; i < 3; ++i) {
        v1::Mutation *m = request.add_mutations();
        m->set_mutation_id("m" + std::to_string(i % 2)); // m0 twice in one batch
        m->mutable_append_case_event()->set_id("e" + std::to_string(i));
        m->mutable_append_case_event()->set_case_id("case-1");
        m->mutable_append_case_event()->set_kind(v1::CASE_EVENT_KIND_NOTE);
    }
    auto first = push.push(coordinator, request);
    QVERIFY(first.ok());
    QCOMPARE(first->results(0).status(), v1::MUTATION_STATUS_APPLIED);
    QCOMPARE(first->results(1).status(), v1::MUTATION_STATUS_APPLIED);
    QCOMPARE(first->results(2).status(), v1::MUTATION_STATUS_DUPLICATE);
    auto second = push.push(coordinator, request);
    QVERIFY(second.ok());
    for (const auto &r : second->results()) {
        QCOMPARE(r.status(), v1::MUTATION_STATUS_DUPLICATE);
    }
    // Exactly two events exist; e2 (the duplicate mutation id's body) was never applied.
    PullService pull(**store, clock);
    auto page = pull.pull(coordinator, v1::PullRequest());
    QVERIFY(page.ok());
    int events = 0;
    for (const auto &c : page->changes()) {
        if (c.upsert().has_case_event()) {
            ++events;
            QVERIFY(c.upsert().case_event().id() != "e2");
        }
    }
    QCOMPARE(events, 2);
    // Each applied mutation is audited once, by id; duplicates add nothing.
    std::vector<AuditRow> audited;
    QVERIFY((*store)
                ->read([&](StoreSession &session) -> Status {
                    AuditQuery q;
                    q.actionPrefix = "push.append_case_event";
                    auto rows = session.queryAudit(q);
                    if (rows) {
                        audited = *rows;
                    }
                    return rows ? Status() : Status(rows.error());
                })
                .ok());
    QCOMPARE(audited.size(), std::size_t(2));
    QCOMPARE(std::min(audited[0].entry.recordId, audited[1].entry.recordId), std::string("m0"));
}

// An officer's pull reads past other officers' work in the store, so a page holds the
// officer's own changes however much else happened; records that leave scope still evict.
void TestSyncLogic::officerPullSkipsOtherCasesButEvictsHeldOnes()
{
    QTemporaryDir dir;
    auto store = openTestStore(dir.filePath("d").toStdString());
    QVERIFY(store.ok());
    FixedClock clock;
    const auto put = [&](const v1::Record &r) {
        return (*store)->write([&](StoreSession &session) -> Status {
            auto p = session.putRecord(r, clock.now);
            return p ? Status() : Status(p.error());
        });
    };
    const auto visit = [](const std::string &caseId, const std::string &officer) {
        v1::Record r;
        r.mutable_visit()->set_id("visit-" + caseId);
        r.mutable_visit()->set_case_id(caseId);
        r.mutable_visit()->set_officer_user_id(officer);
        r.mutable_visit()->set_status(v1::VISIT_STATUS_SCHEDULED);
        return r;
    };
    const auto note = [](const std::string &caseId, int i) {
        v1::Record r;
        r.mutable_case_event()->set_id("evt-" + caseId + "-" + std::to_string(i));
        r.mutable_case_event()->set_case_id(caseId);
        r.mutable_case_event()->set_kind(v1::CASE_EVENT_KIND_NOTE);
        return r;
    };
    for (const std::string n : {"1", "2"}) {
        v1::Record r;
        r.mutable_resident()->set_id("res-" + n);
        QVERIFY(put(r).ok());
        r.mutable_case_()->set_id("case-" + n);
        r.mutable_case_()->set_case_number("HV-2026-00000" + n);
        r.mutable_case_()->set_resident_id("res-" + n);
        r.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
        QVERIFY(put(r).ok());
    }
    QVERIFY(put(visit("case-1", "off-a")).ok());
    QVERIFY(put(visit("case-2", "off-b")).ok());

    const Principal a = officerA();
    PullService pull(**store, clock);
    auto first = pull.pull(a, v1::PullRequest());
    QVERIFY(first.ok());
    QStringList ids;
    for (const auto &c : first->changes()) {
        ids << QString::fromStdString(c.upsert().has_case_()   ? c.upsert().case_().id()
                                      : c.upsert().has_visit() ? c.upsert().visit().id()
                                                               : "");
    }
    QVERIFY(ids.contains("case-1") && ids.contains("visit-case-1"));
    QVERIFY(!ids.contains("case-2") && !ids.contains("visit-case-2"));

    // Officer B's tablet writes 300 notes, then one note lands on A's case.
    for (int i = 0; i < 300; ++i) {
        QVERIFY(put(note("case-2", i)).ok());
    }
    QVERIFY(put(note("case-1", 0)).ok());
    v1::PullRequest next;
    next.set_cursor(first->next_cursor());
    next.set_page_size(1);
    auto page = pull.pull(a, next);
    QVERIFY(page.ok());
    QCOMPARE(page->changes_size(), 1);
    QCOMPARE(page->changes(0).upsert().case_event().id(), std::string("evt-case-1-0"));
    QVERIFY(!page->has_more());
    // An officer's holding of an event is filed under its case: no row written per event.
    bool eventFiled = true;
    bool caseFiled = false;
    QVERIFY((*store)
                ->read([&](StoreSession &session) -> Status {
                    auto e = session.deviceHolds(a.device.id(), v1::RECORD_TYPE_CASE_EVENT,
                                                 "evt-case-1-0");
                    auto c = session.deviceHolds(a.device.id(), v1::RECORD_TYPE_CASE, "case-1");
                    if (!e || !c) {
                        return makeError(v1::ERROR_CODE_STORAGE, "holdings unreadable");
                    }
                    eventFiled = *e;
                    caseFiled = *c;
                    return {};
                })
                .ok());
    QVERIFY(!eventFiled);
    QVERIFY(caseFiled);

    // The visit goes to officer B: everything of case 1 that A's tablet holds is evicted.
    QVERIFY(put(visit("case-1", "off-b")).ok());
    QVERIFY(
        (*store)
            ->write([&](StoreSession &session) { return session.touchCase("case-1", clock.now); })
            .ok());
    next.set_cursor(page->next_cursor());
    next.set_page_size(100);
    auto evicted = pull.pull(a, next);
    QVERIFY(evicted.ok());
    QStringList gone;
    for (const auto &c : evicted->changes()) {
        QVERIFY(c.has_evict());
        gone << QString::fromStdString(c.evict().record_id());
    }
    gone.sort();
    QCOMPARE(gone, (QStringList{"case-1", "evt-case-1-0", "res-1", "visit-case-1"}));
}

// Pulls sweep retention at most once a minute (PullService::sweepEveryMs), except that a
// sweep which found a full batch runs again on the next pull: a backlog drains at the pace of
// pulls, not 200 a minute.
void TestSyncLogic::pullsSweepOnceAMinuteUnlessABatchWasFull()
{
    QTemporaryDir dir;
    auto store = openTestStore(dir.filePath("d").toStdString());
    QVERIFY(store.ok());
    FixedClock clock;
    constexpr std::int64_t day = 24LL * 3600 * 1000;
    const auto closeCases = [&](int from, int count) {
        return (*store)->write([&](StoreSession &session) -> Status {
            for (int i = from; i < from + count; ++i) {
                v1::Record resident;
                resident.mutable_resident()->set_id("res-" + std::to_string(i));
                if (auto p = session.putRecord(resident, clock.now); !p) {
                    return p.error();
                }
                v1::Record r;
                v1::Case &c = *r.mutable_case_();
                c.set_id("closed-" + std::to_string(i));
                c.set_case_number("HV-2026-" + std::to_string(100000 + i));
                c.set_resident_id("res-" + std::to_string(i));
                c.set_status(v1::CASE_STATUS_CLOSED);
                c.mutable_closed_at()->set_seconds((clock.now - 60 * day) / 1000);
                if (auto p = session.putRecord(r, clock.now); !p) {
                    return p.error();
                }
            }
            return {};
        });
    };
    const auto awaiting = [&] {
        int n = -1;
        (void)(*store)->read([&](StoreSession &session) -> Status {
            auto d = session.casesPastRetention(clock.now - 28 * day, 1000);
            if (d) {
                n = static_cast<int>(d->size());
            }
            return {};
        });
        return n;
    };
    const Status closed = closeCases(0, sweepBatch + 1);
    QVERIFY2(closed.ok(), closed.ok() ? "" : closed.error().message.c_str());
    QCOMPARE(awaiting(), sweepBatch + 1);
    Principal coordinator;
    coordinator.user.set_id("coo-1");
    coordinator.user.set_role(v1::ROLE_COORDINATOR);
    coordinator.device.set_id("dev-c");
    PullService pull(**store, clock);
    QVERIFY(pull.pull(coordinator, v1::PullRequest()).ok());
    QCOMPARE(awaiting(), 1); // a full batch
    QVERIFY(pull.pull(coordinator, v1::PullRequest()).ok());
    QCOMPARE(awaiting(), 0); // swept again at once
    QVERIFY(closeCases(sweepBatch + 1, 1).ok());
    QVERIFY(pull.pull(coordinator, v1::PullRequest()).ok());
    QCOMPARE(awaiting(), 1); // not a full batch last time: not within the minute
    clock.now += PullService::sweepEveryMs;
    QVERIFY(pull.pull(coordinator, v1::PullRequest()).ok());
    QCOMPARE(awaiting(), 0);
}

// Loading a council's history must not leave years of long-closed cases for the first pulls
// to sweep, 200 at a time; a closed case a tablet holds is still swept, so it is evicted.
void TestSyncLogic::loadingHistoryLeavesNoSweepForCasesNoTabletHolds()
{
    QTemporaryDir dir;
    auto store = openTestStore(dir.filePath("d").toStdString());
    QVERIFY(store.ok());
    FixedClock clock;
    constexpr std::int64_t day = 24LL * 3600 * 1000;
    const auto closedCase = [&](const std::string &n, v1::CaseStatus status) {
        v1::Case c;
        c.set_id("case-" + n);
        c.set_case_number("HV-2025-00000" + n);
        c.set_resident_id("res-" + n);
        c.set_status(status);
        if (status == v1::CASE_STATUS_CLOSED) {
            c.mutable_closed_at()->set_seconds((clock.now - 60 * day) / 1000);
        }
        return c;
    };
    v1::CouncilSnapshot first;
    for (const std::string n : {"1", "2"}) {
        first.add_residents()->set_id("res-" + n);
    }
    *first.add_cases() = closedCase("1", v1::CASE_STATUS_CLOSED);
    *first.add_cases() = closedCase("2", v1::CASE_STATUS_OPEN);
    v1::Visit &visit = *first.add_visits();
    visit.set_id("visit-2");
    visit.set_case_id("case-2");
    visit.set_officer_user_id("off-a");
    visit.set_status(v1::VISIT_STATUS_SCHEDULED);
    QVERIFY(SnapshotLoader::load(**store, first, clock.now).ok());

    const auto awaitingSweep = [&] {
        std::vector<std::string> due;
        const Status s = (*store)->read([&](StoreSession &session) -> Status {
            auto d = session.casesPastRetention(clock.now - 28 * day, 10);
            if (!d) {
                return d.error();
            }
            due = *d;
            return {};
        });
        return s.ok() ? due : std::vector<std::string>{"error"};
    };
    QCOMPARE(awaitingSweep(), std::vector<std::string>{});

    // Officer A's tablet takes case 2; then an import says it closed 60 days ago.
    const Principal a = officerA();
    PullService pull(**store, clock);
    auto page = pull.pull(a, v1::PullRequest());
    QVERIFY(page.ok());
    QVERIFY(page->changes_size() >= 3);
    v1::CouncilSnapshot second;
    *second.add_cases() = closedCase("2", v1::CASE_STATUS_CLOSED);
    QVERIFY(SnapshotLoader::load(**store, second, clock.now).ok());
    QCOMPARE(awaitingSweep(), std::vector<std::string>{"case-2"});
    v1::PullRequest next;
    next.set_cursor(page->next_cursor());
    // Pulls sweep at most once a minute (PullService::sweepEveryMs): the first pull a minute
    // on evicts it.
    clock.now += PullService::sweepEveryMs;
    auto swept = pull.pull(a, next);
    QVERIFY(swept.ok());
    QStringList evicted;
    for (const auto &c : swept->changes()) {
        if (c.has_evict()) {
            evicted << QString::fromStdString(c.evict().record_id());
        }
    }
    evicted.sort();
    QCOMPARE(evicted, (QStringList{"case-2", "res-2", "visit-2"}));
}

// "I'm safe" during a visit is IN_PROGRESS -> IN_PROGRESS with a later deadline: the status is
// unchanged but the coordinators' board must see the new deadline, or they see a false overdue.
void TestSyncLogic::imSafeMovesTheLoneWorkerDeadline()
{
    QTemporaryDir dir;
    auto store = openTestStore(dir.filePath("d").toStdString());
    QVERIFY(store.ok());
    FixedClock clock;
    SequentialIdSource ids;
    Status seeded = (*store)->write([&](StoreSession &session) -> Status {
        if (auto s = seedOpenCase(session, clock.now); !s) {
            return s;
        }
        v1::Record r;
        r.mutable_visit()->set_id("visit-1");
        r.mutable_visit()->set_case_id("case-1");
        r.mutable_visit()->set_officer_user_id("off");
        r.mutable_visit()->set_status(v1::VISIT_STATUS_IN_PROGRESS);
        r.mutable_visit()->set_version(3);
        r.mutable_visit()->mutable_lone_worker_deadline()->set_seconds(1000);
        auto p = session.putRecord(r, clock.now);
        return p ? Status() : Status(p.error());
    });
    QVERIFY2(seeded.ok(), seeded.ok() ? "" : seeded.error().message.c_str());
    Principal officer;
    officer.user.set_id("off");
    officer.user.set_role(v1::ROLE_OFFICER);
    officer.device.set_id("dev-1");
    PushService push(**store, clock, ids);
    v1::PushRequest request;
    v1::Mutation *m = request.add_mutations();
    m->set_mutation_id("safe-1");
    m->mutable_transition_visit()->set_visit_id("visit-1");
    m->mutable_transition_visit()->set_base_version(3);
    m->mutable_transition_visit()->set_to_status(v1::VISIT_STATUS_IN_PROGRESS);
    m->mutable_transition_visit()->mutable_lone_worker_deadline()->set_seconds(2800);
    auto result = push.push(officer, request);
    QVERIFY(result.ok());
    QCOMPARE(result->results(0).status(), v1::MUTATION_STATUS_APPLIED);
    v1::Visit stored;
    Status read = (*store)->read([&](StoreSession &session) -> Status {
        auto rec = session.getRecord(v1::RECORD_TYPE_VISIT, "visit-1");
        if (!rec) {
            return rec.error();
        }
        stored = (*rec)->visit();
        return {};
    });
    QVERIFY(read.ok());
    QCOMPARE(stored.lone_worker_deadline().seconds(), 2800);
    QCOMPARE(stored.status(), v1::VISIT_STATUS_IN_PROGRESS);
    QCOMPARE(stored.version(), 4);
}

void TestSyncLogic::storeRefusesNewerSchema()
{
    QTemporaryDir dir;
    const std::string database = newTestDatabase();
    const StoreLocation where{database.empty() ? dir.filePath("d").toStdString() : database};
    {
        auto store = openStore(where, true);
        QVERIFY(store.ok());
    }
    // A newer Doorstep has moved the store on to a schema this build does not know.
    if (where.postgres()) {
        auto c = pg::Connection::connect(database);
        QVERIFY(c.ok());
        QVERIFY(
            c->exec("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')").ok());
    } else {
        auto db = db::Database::open(dir.filePath("d/doorstep.sqlite3").toStdString());
        QVERIFY(db.ok());
        QVERIFY(db->exec("INSERT INTO schema_migrations (version, name, applied_at) "
                         "VALUES (999, 'future', 0)")
                    .ok());
    }
    auto again = openStore(where, false);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, v1::ERROR_CODE_SCHEMA_TOO_NEW);
    QVERIFY2(again.error().message.find("version 999") != std::string::npos,
             again.error().message.c_str());
    // And where there is no store at all, serving does not make one.
    const std::string empty = newTestDatabase();
    auto none = openStore({empty.empty() ? dir.filePath("missing").toStdString() : empty}, false);
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, v1::ERROR_CODE_NOT_FOUND);
}

void TestSyncLogic::forgettingEvictionsDoesNotReadEveryHolding()
{
    // Every pull forgets the evictions its device acknowledged. Read through the holdings'
    // key, that delete cost a coordinator's pull the whole council (W5 L: 8 to 40 ms a page).
    auto db = db::Database::openMemory();
    QVERIFY(db.ok());
    QVERIFY(db::Migrator(*db, serverMigrations()).migrate().ok());
    auto plan = db->prepare("EXPLAIN QUERY PLAN DELETE FROM device_records WHERE device_id = ?1"
                            " AND evicted_at_seq IS NOT NULL AND evicted_at_seq <= ?2");
    QVERIFY(plan.ok());
    QString detail;
    QVERIFY(plan->forEach([&] {
                    detail += QString::fromStdString(plan->text(3)) + "\n";
                    return Status{};
                })
                .ok());
    QVERIFY2(detail.contains("USING INDEX device_records_evicted") ||
                 detail.contains("USING COVERING INDEX device_records_evicted"),
             qPrintable(detail));
}

void TestSyncLogic::oldEventHoldingsAreFiledUnderTheirCase()
{
    // A store from before events were filed under their case (SQLite 12, PostgreSQL 2) holds a
    // row for each event a staff device was sent. Moving to the new schema folds those into
    // the case's row where that is safe, and leaves every other row alone.
    QTemporaryDir dir;
    const std::string database = newTestDatabase();
    const StoreLocation where{database.empty() ? dir.filePath("d").toStdString() : database};
    const std::vector<std::string> before = {
        "INSERT INTO users (id, username, role, ward_id, disabled, body) VALUES"
        " ('off', 'off', 1, '', 0, ''), ('coo', 'coo', 2, '', 0, ''),"
        " ('cllr', 'cllr', 3, 'w1', 0, '')",
        "INSERT INTO devices (id, user_id, secret_hash, status, body) VALUES"
        " ('d-off', 'off', 'x', 1, ''), ('d-coo', 'coo', 'x', 1, ''), ('d-cllr', 'cllr', 'x', 1, "
        "'')",
        // The officer holds case 1 and three of its events (one with an eviction outstanding),
        // and an event of case 2, whose case row is being evicted.
        "INSERT INTO device_records (device_id, record_type, record_id, evicted_at_seq, case_id)"
        " VALUES ('d-off', 2, 'c1', NULL, 'c1'), ('d-off', 5, 'e1', NULL, 'c1'),"
        " ('d-off', 5, 'e2', NULL, 'c1'), ('d-off', 5, 'e3', 40, 'c1'),"
        " ('d-off', 2, 'c2', 41, 'c2'), ('d-off', 5, 'e4', NULL, 'c2'),"
        // The coordinator holds case 3 and an event of it, and an event of a case it does not
        // hold; the ward member an outcome of case 1, and case 1's row (never in practice).
        " ('d-coo', 2, 'c3', NULL, 'c3'), ('d-coo', 5, 'e5', NULL, 'c3'),"
        " ('d-coo', 5, 'e6', NULL, 'c9'),"
        " ('d-cllr', 2, 'c1', NULL, 'c1'), ('d-cllr', 5, 'e7', NULL, 'c1')"};
    const char *held = "SELECT device_id || ':' || record_id FROM device_records"
                       " WHERE record_type = 5 ORDER BY 1";
    QStringList events;
    if (where.postgres()) {
        auto c = pg::Connection::connect(database);
        QVERIFY(c.ok());
        QVERIFY(c->script("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY,"
                          " name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                    .ok());
        for (const Migration &m : serverPgMigrations()) {
            if (m.version <= 2) {
                QVERIFY2(c->script(m.sql).ok(), m.name.data());
                QVERIFY(c->exec("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                pg::Params().int64(m.version).text(m.name))
                            .ok());
            }
        }
        for (const std::string &sql : before) {
            QVERIFY2(c->script(sql).ok(), sql.c_str());
        }
        QVERIFY(openStore(where, false).ok());
        auto rows = c->exec(held);
        QVERIFY(rows.ok());
        for (int i = 0; i < rows->size(); ++i) {
            events << QString::fromStdString(rows->text(i, 0));
        }
    } else {
        QVERIFY(QDir().mkpath(dir.filePath("d")));
        {
            auto db = db::Database::open(dir.filePath("d/doorstep.sqlite3").toStdString());
            QVERIFY(db.ok());
            auto reached = db::Migrator(*db, serverMigrations()).migrate(12);
            QVERIFY(reached.ok());
            QCOMPARE(*reached, 12);
            for (const std::string &sql : before) {
                QVERIFY2(db->exec(sql).ok(), sql.c_str());
            }
        }
        QVERIFY(openStore(where, false).ok());
        auto db = db::Database::open(dir.filePath("d/doorstep.sqlite3").toStdString());
        QVERIFY(db.ok());
        auto st = db->prepare(held);
        QVERIFY(st.ok());
        QVERIFY(st->forEach([&] {
                      events << QString::fromStdString(st->text(0));
                      return Status{};
                  }).ok());
    }
    // Gone: the officer's e1 and e2 and the coordinator's e5, all under a case they hold.
    QCOMPARE(events, QStringList({"d-cllr:e7", "d-coo:e6", "d-off:e3", "d-off:e4"}));
}

QTEST_GUILESS_MAIN(TestSyncLogic)
#include "tst_synclogic.moc"
