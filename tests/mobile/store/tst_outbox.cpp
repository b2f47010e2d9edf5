#include "store/outbox.h"

#include "store/localchanges.h"
#include "store/recordstore.h"

#include "../storefixture.h"

#include <QtTest>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;

class TestOutbox : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<StoreFixture> f;

    void recordNotes(int n)
    {
        LocalChanges changes(f->db(), f->clock);
        for (int i = 1; i <= n; ++i) {
            v1::Mutation m;
            m.set_mutation_id("m" + std::to_string(i));
            *m.mutable_append_case_event() =
                noteFor("e" + std::to_string(i), "c1", "note " + std::to_string(i));
            QVERIFY(changes.record(m).ok());
            f->clock.advance(std::chrono::seconds(1));
        }
    }

    static v1::PushRequest batch(const std::vector<OutboxEntry> &entries)
    {
        v1::PushRequest req;
        for (const auto &e : entries) {
            *req.add_mutations() = e.mutation;
        }
        return req;
    }

    static void answer(v1::PushResponse &resp, const std::string &id, v1::MutationStatus status)
    {
        auto *r = resp.add_results();
        r->set_mutation_id(id);
        r->set_status(status);
        if (status == v1::MUTATION_STATUS_REJECTED) {
            r->mutable_error()->set_code(v1::ERROR_CODE_VALIDATION_FAILED);
            r->mutable_error()->set_message("The case is closed");
        }
    }

    QStringList ids(const Result<std::vector<OutboxEntry>> &entries)
    {
        QStringList out;
        for (const auto &e : *entries) {
            out << QString::fromStdString(e.mutationId);
        }
        return out;
    }

private slots:
    void init()
    {
        f = std::make_unique<StoreFixture>();
        QVERIFY(f->ok());
        const auto page = PageBuilder(1)
                              .add(resident("r1", "Imelda", "Featherstonehaugh"))
                              .add(caseFor("c1", "r1", "HV-2026-004711"))
                              .page();
        QVERIFY(RecordStore(f->db()).applyPullPage(page).ok());
    }

    void pendingInOrder()
    {
        recordNotes(5);
        Outbox outbox(f->db());
        QCOMPARE(ids(outbox.pending()), QStringList({"m1", "m2", "m3", "m4", "m5"}));
        QCOMPARE(ids(outbox.pending(2)), QStringList({"m1", "m2"}));
        QCOMPARE(*outbox.pendingCount(), 5);
    }

    void rejectedIsQuarantinedAndTheRestGoThrough()
    {
        recordNotes(3);
        Outbox outbox(f->db());
        const auto sent = batch(*outbox.pending());
        v1::PushResponse resp;
        answer(resp, "m1", v1::MUTATION_STATUS_APPLIED);
        answer(resp, "m2", v1::MUTATION_STATUS_REJECTED);
        answer(resp, "m3", v1::MUTATION_STATUS_DUPLICATE);
        QVERIFY(outbox.applyPushResponse(sent, resp).ok());
        QVERIFY(outbox.pending()->empty());
        auto quarantined = outbox.quarantined();
        QCOMPARE(ids(quarantined), QStringList({"m2"}));
        QCOMPARE(quarantined->front().errorCode, v1::ERROR_CODE_VALIDATION_FAILED);
        QCOMPARE(quarantined->front().errorMessage, std::string("The case is closed"));
        QCOMPARE(quarantined->front().attempts, 1);

        // A later change is not held back by the quarantined one.
        recordNotes(0);
        LocalChanges changes(f->db(), f->clock);
        v1::Mutation m;
        m.set_mutation_id("m4");
        *m.mutable_append_case_event() = noteFor("e4", "c1", "later");
        QVERIFY(changes.record(m).ok());
        QCOMPARE(ids(outbox.pending()), QStringList({"m4"}));

        // Quarantined entries survive further pushes and a restart.
        f->reopen();
        QCOMPARE(ids(Outbox(f->db()).quarantined()), QStringList({"m2"}));
    }

    void dismissOnlyQuarantined()
    {
        recordNotes(2);
        Outbox outbox(f->db());
        const auto sent = batch(*outbox.pending());
        v1::PushResponse resp;
        answer(resp, "m1", v1::MUTATION_STATUS_REJECTED);
        QVERIFY(outbox.applyPushResponse(sent, resp).ok());
        QCOMPARE(outbox.dismiss("m2").error().code, v1::ERROR_CODE_NOT_FOUND);
        QCOMPARE(*outbox.pendingCount(), 1);
        QVERIFY(outbox.dismiss("m1").ok());
        QVERIFY(outbox.quarantined()->empty());
        // The server never took the event, so the local timeline drops it too.
        QCOMPARE(f->count("SELECT count(*) FROM case_events WHERE id = 'e1'"), 0);
        QCOMPARE(f->count("SELECT count(*) FROM case_events WHERE id = 'e2'"), 1);
    }

    void unansweredStayPendingWithAnAttempt()
    {
        recordNotes(2);
        Outbox outbox(f->db());
        const auto sent = batch(*outbox.pending());
        v1::PushResponse resp;
        answer(resp, "m1", v1::MUTATION_STATUS_APPLIED);
        QVERIFY(outbox.applyPushResponse(sent, resp).ok());
        auto pending = outbox.pending();
        QCOMPARE(ids(pending), QStringList({"m2"}));
        QCOMPARE(pending->front().attempts, 1);
    }

    void conflictKeepsEntryAndAppliesServerRecord()
    {
        LocalChanges changes(f->db(), f->clock);
        v1::Mutation m;
        m.set_mutation_id("m1");
        auto *u = m.mutable_update_resident();
        u->set_resident_id("r1");
        u->set_base_version(1);
        u->mutable_values()->set_phone("07700 900111");
        u->add_fields("phone");
        QVERIFY(changes.record(m).ok());

        Outbox outbox(f->db());
        const auto sent = batch(*outbox.pending());
        v1::PushResponse resp;
        auto *r = resp.add_results();
        r->set_mutation_id("m1");
        r->set_status(v1::MUTATION_STATUS_CONFLICT);
        auto server = resident("r1", "Imelda", "Featherstonehaugh");
        server.set_phone("07700 900999");
        server.set_version(3);
        *r->mutable_current()->mutable_resident() = server;
        QVERIFY(outbox.applyPushResponse(sent, resp).ok());

        auto quarantined = outbox.quarantined();
        QCOMPARE(ids(quarantined), QStringList({"m1"}));
        QCOMPARE(quarantined->front().errorCode, v1::ERROR_CODE_CONFLICT);
        QVERIFY(quarantined->front().mutation.has_update_resident());
        auto stored = RecordStore(f->db()).resident("r1");
        QCOMPARE((*stored)->phone(), std::string("07700 900999"));
        QCOMPARE((*stored)->version(), 3);
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
