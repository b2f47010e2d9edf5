#include "store/localchanges.h"

#include "store/outbox.h"
#include "store/recordstore.h"
#include "store/residentsearch.h"

#include "../storefixture.h"

#include <QtTest>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;

class TestLocalChanges : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<StoreFixture> f;

    static v1::Mutation noteMutation(const std::string &id, const std::string &eventId,
                                     const std::string &caseId = "c1")
    {
        v1::Mutation m;
        m.set_mutation_id(id);
        *m.mutable_append_case_event() = noteFor(eventId, caseId, "Left a calling card");
        return m;
    }

    // Runs the helper, waits for it to report `writes` changes, then SIGKILLs it.
    void runHelperAndKill(const char *mode, int writes)
    {
        f->store.reset();
        QProcess helper;
        helper.start(DOORSTEP_LOCALCHANGE_HELPER,
                     {QString::fromStdString(f->path().string()),
                      QByteArray(reinterpret_cast<const char *>(f->key.data()), 32).toHex(), mode});
        QVERIFY(helper.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += helper.readAllStandardOutput()).count("written") >= writes,
                                 20000);
        helper.kill(); // SIGKILL: no destructors, no rollback, no close
        QVERIFY(helper.waitForFinished());
        QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
        f->reopen();
        QVERIFY(f->ok());
    }

private slots:
    void init()
    {
        f = std::make_unique<StoreFixture>();
        QVERIFY(f->ok());
        const auto page = PageBuilder(1)
                              .add(resident("r1", "Imelda", "Featherstonehaugh"))
                              .add(caseFor("c1", "r1", "HV-2026-004711"))
                              .add(visitFor("v1", "c1"))
                              .page();
        QVERIFY(RecordStore(f->db()).applyPullPage(page).ok());
    }

    void eventAndOutboxEntryTogether()
    {
        QVERIFY(LocalChanges(f->db(), f->clock).record(noteMutation("m1", "e1")).ok());
        QCOMPARE(f->count("SELECT count(*) FROM case_events WHERE id = 'e1'"), 1);
        auto pending = Outbox(f->db()).pending();
        QCOMPARE(pending->size(), std::size_t(1));
        QCOMPARE(pending->front().mutationId, std::string("m1"));
        QCOMPARE(pending->front().createdAtMs, toUnixMs(f->clock.now()));
        QVERIFY(pending->front().mutation.has_append_case_event());
    }

    void sameMutationTwiceChangesNothing()
    {
        LocalChanges changes(f->db(), f->clock);
        QVERIFY(changes.record(noteMutation("m1", "e1")).ok());
        QVERIFY(!changes.record(noteMutation("m1", "e2")).ok());
        QCOMPARE(f->count("SELECT count(*) FROM outbox"), 1);
        QCOMPARE(f->count("SELECT count(*) FROM case_events"), 1);
    }

    void failedLocalEffectLeavesNoOutboxEntry()
    {
        v1::Mutation m;
        m.set_mutation_id("m1");
        m.mutable_transition_visit()->set_visit_id("no-such-visit");
        m.mutable_transition_visit()->set_to_status(v1::VISIT_STATUS_EN_ROUTE);
        auto s = LocalChanges(f->db(), f->clock).record(m);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, v1::ERROR_CODE_NOT_FOUND);
        QCOMPARE(f->count("SELECT count(*) FROM outbox"), 0);
    }

    void visitTransitionRecordsCheckIn()
    {
        v1::Mutation m;
        m.set_mutation_id("m1");
        auto *t = m.mutable_transition_visit();
        t->set_visit_id("v1");
        t->set_to_status(v1::VISIT_STATUS_IN_PROGRESS);
        t->mutable_at()->set_seconds(1'790'000'100);
        t->mutable_position()->set_has_fix(false);
        QVERIFY(LocalChanges(f->db(), f->clock).record(m).ok());
        auto visit = RecordStore(f->db()).visit("v1");
        QCOMPARE((*visit)->status(), v1::VISIT_STATUS_IN_PROGRESS);
        QCOMPARE((*visit)->checked_in_at().seconds(), 1'790'000'100);
        QVERIFY((*visit)->has_check_in_position());
        QCOMPARE(f->count("SELECT status FROM visits WHERE id = 'v1'"),
                 int(v1::VISIT_STATUS_IN_PROGRESS));
    }

    void residentUpdateChangesOnlyNamedFields()
    {
        v1::Mutation m;
        m.set_mutation_id("m1");
        auto *u = m.mutable_update_resident();
        u->set_resident_id("r1");
        u->mutable_values()->set_phone("07700 900123");
        u->mutable_values()->set_family_name("ignored because not named");
        u->add_fields("phone");
        QVERIFY(LocalChanges(f->db(), f->clock).record(m).ok());
        auto r = RecordStore(f->db()).resident("r1");
        QCOMPARE((*r)->phone(), std::string("07700 900123"));
        QCOMPARE((*r)->family_name(), std::string("Featherstonehaugh"));

        u->add_fields("no_such_field");
        m.set_mutation_id("m2");
        QVERIFY(!LocalChanges(f->db(), f->clock).record(m).ok());
        QCOMPARE(f->count("SELECT count(*) FROM outbox"), 1);
    }

    void residentRenameUpdatesSearch()
    {
        v1::Mutation m;
        m.set_mutation_id("m1");
        auto *u = m.mutable_update_resident();
        u->set_resident_id("r1");
        u->mutable_values()->set_family_name("Ashworth");
        u->add_fields("family_name");
        QVERIFY(LocalChanges(f->db(), f->clock).record(m).ok());
        QCOMPARE(ResidentSearch(f->db()).search("Ashworth")->size(), std::size_t(1));
        QVERIFY(ResidentSearch(f->db()).search("Featherstonehaugh")->empty());
    }

    void killedAfterWriteKeepsExactlyOneEntry()
    {
        runHelperAndKill("once", 1);
        QCOMPARE(f->count("SELECT count(*) FROM outbox"), 1);
        QCOMPARE(f->count("SELECT count(*) FROM case_events WHERE id = 'e-0'"), 1);
        // Recording it again after the restart (a retry) must not duplicate it.
        QVERIFY(!LocalChanges(f->db(), f->clock).record(noteMutation("m-0", "e-0")).ok());
        QCOMPARE(f->count("SELECT count(*) FROM outbox"), 1);
    }

    void killedMidStreamLeavesEveryChangeWhole()
    {
        runHelperAndKill("loop", 20);
        const auto entries = f->count("SELECT count(*) FROM outbox");
        QVERIFY(entries >= 20);
        // Every outbox entry has its event and no event lacks its entry.
        QCOMPARE(f->count("SELECT count(*) FROM case_events WHERE id LIKE 'e-%'"), entries);
        QCOMPARE(f->count("SELECT count(*) FROM outbox o JOIN case_events e "
                          "ON e.id = 'e-' || substr(o.mutation_id, 3)"),
                 entries);
    }
};

QTEST_GUILESS_MAIN(TestLocalChanges)
#include "tst_localchanges.moc"
