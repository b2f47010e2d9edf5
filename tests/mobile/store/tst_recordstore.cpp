#include "store/recordstore.h"

#include "store/draftstore.h"
#include "store/residentsearch.h"
#include "store/syncstate.h"

#include "../storefixture.h"

#include <QtTest>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;

class TestRecordStore : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<StoreFixture> f;

    static v1::PullResponse firstPage()
    {
        return PageBuilder(1)
            .add(resident("r1", "Imelda", "Featherstonehaugh", "14 Quarry Row", "EM4 7QZ"))
            .add(caseFor("c1", "r1", "HV-2026-004711"))
            .add(visitFor("v1", "c1"))
            .add(noteFor("e1", "c1", "Prefers a morning visit"))
            .add(resident("r2", "Tomasz", "Nowak"))
            .add(caseFor("c2", "r2", "HV-2026-004712"))
            .page();
    }

    QStringList counts()
    {
        QStringList out;
        for (const char *t :
             {"residents", "cases", "visits", "case_events", "resident_search", "drafts"}) {
            out << QString("%1=%2").arg(t).arg(f->count(std::string("SELECT count(*) FROM ") + t));
        }
        return out;
    }

private slots:
    void init()
    {
        f = std::make_unique<StoreFixture>();
        QVERIFY(f->ok());
    }

    void pageAppliesRecordsAndCursor()
    {
        QVERIFY(RecordStore(f->db()).applyPullPage(firstPage()).ok());
        QCOMPARE(counts().join(' '), QString("residents=2 cases=2 visits=1 case_events=1 "
                                             "resident_search=2 drafts=0"));
        QCOMPARE(*SyncState(f->db()).pullCursor(), 6);
        auto r = RecordStore(f->db()).resident("r1");
        QVERIFY(r.ok() && r->has_value());
        QCOMPARE((*r)->address().postcode(), std::string("EM4 7QZ"));
        auto events = RecordStore(f->db()).caseEvents("c1");
        QVERIFY(events.ok());
        QCOMPARE(events->size(), std::size_t(1));
    }

    void samePageTwiceIsHarmless()
    {
        RecordStore records(f->db());
        QVERIFY(records.applyPullPage(firstPage()).ok());
        const QStringList before = counts();
        QVERIFY(records.applyPullPage(firstPage()).ok());
        QCOMPARE(counts(), before);
        QCOMPARE(*SyncState(f->db()).pullCursor(), 6);
        auto hits = ResidentSearch(f->db()).search("Featherstonehaugh");
        QCOMPARE(hits->size(), std::size_t(1));
    }

    void oldPageDoesNotUndoNewerChange()
    {
        RecordStore records(f->db());
        QVERIFY(records.applyPullPage(firstPage()).ok());
        auto renamed = resident("r1", "Imelda", "Ashworth", "14 Quarry Row", "EM4 7QZ");
        renamed.set_version(2);
        QVERIFY(records.applyPullPage(PageBuilder(7).add(renamed).page()).ok());
        QVERIFY(records.applyPullPage(firstPage()).ok());
        QCOMPARE((*records.resident("r1"))->family_name(), std::string("Ashworth"));
        QCOMPARE(*SyncState(f->db()).pullCursor(), 7);
    }

    void firstSyncBuildsTheSearchIndexWithItsLastPage()
    {
        v1::PullResponse first = PageBuilder(1)
                                     .add(resident("r1", "Imelda", "Featherstonehaugh"))
                                     .add(caseFor("c1", "r1", "HV-2026-004711"))
                                     .page();
        first.set_has_more(true);
        QVERIFY(RecordStore(f->db()).applyPullPage(first).ok());
        // Part-way through a pull from the start, the index waits for the last page.
        QCOMPARE(f->count("SELECT count(*) FROM resident_search"), 0);
        QVERIFY(*SyncState(f->db()).searchRebuildPending());

        // A new RecordStore, as after the app was stopped between pages: the cursor is past 0
        // now, and the stored flag alone says the index is still owed.
        // r1 changed on the server between the pages: sent again, it replaces the first copy.
        auto renamed = resident("r1", "Imelda", "Ashworth");
        renamed.set_version(2);
        v1::PullResponse last = PageBuilder(3)
                                    .add(renamed)
                                    .add(resident("r2", "Tomasz", "Nowak"))
                                    .add(caseFor("c2", "r2", "HV-2026-004712"))
                                    .add(caseFor("c3", "r1", "HV-2026-009999"))
                                    .page();
        QVERIFY(RecordStore(f->db()).applyPullPage(last).ok());
        QVERIFY(!*SyncState(f->db()).searchRebuildPending());
        QCOMPARE(f->count("SELECT count(*) FROM resident_search"), 2);
        ResidentSearch search(f->db());
        QVERIFY(search.search("Featherstonehaugh")->empty());
        QCOMPARE(search.search("Ashworth")->size(), std::size_t(1));
        QCOMPARE(f->count("SELECT count(*) FROM residents"), 2);
        QCOMPARE((*RecordStore(f->db()).resident("r1"))->version(), std::int64_t(2));
        QCOMPARE(search.search("009999")->front().residentId, std::string("r1"));
        QCOMPARE(search.search("004711")->front().caseNumbers,
                 std::string("HV-2026-004711 HV-2026-009999"));
        QCOMPARE(search.search("Nowak")->size(), std::size_t(1));
    }

    void laterPagesKeepTheSearchIndexInStep()
    {
        RecordStore records(f->db());
        QVERIFY(records.applyPullPage(firstPage()).ok());
        auto renamed = resident("r1", "Imelda", "Ashworth", "14 Quarry Row", "EM4 7QZ");
        renamed.set_version(2);
        v1::PullResponse delta =
            PageBuilder(7).add(renamed).add(caseFor("c3", "r1", "HV-2026-009999")).page();
        delta.set_has_more(true); // a later pull's pages are each searchable at once
        QVERIFY(records.applyPullPage(delta).ok());
        ResidentSearch search(f->db());
        QVERIFY(search.search("Featherstonehaugh")->empty());
        QCOMPARE(search.search("Ashworth 009999")->size(), std::size_t(1));
        QCOMPARE(f->count("SELECT count(*) FROM resident_search"), 2);
    }

    void pageIsAllOrNothing()
    {
        v1::PullResponse page = firstPage();
        page.add_changes()->set_seq(7); // neither upsert nor eviction: refused
        page.set_next_cursor(7);
        QVERIFY(!RecordStore(f->db()).applyPullPage(page).ok());
        QCOMPARE(f->count("SELECT count(*) FROM residents"), 0);
        QCOMPARE(*SyncState(f->db()).pullCursor(), 0);
    }

    void caseEvictionRemovesWhatHangsOffIt()
    {
        RecordStore records(f->db());
        QVERIFY(records.applyPullPage(firstPage()).ok());
        QVERIFY(DraftStore(f->db()).save({"d1", "v1", "visit_assessment", 1, 0, "answers"}).ok());
        QVERIFY(
            records.applyPullPage(PageBuilder(7).evict(v1::RECORD_TYPE_CASE, "c1").page()).ok());
        QCOMPARE(counts().join(' '), QString("residents=1 cases=1 visits=0 case_events=0 "
                                             "resident_search=1 drafts=0"));
        QVERIFY(!(*records.resident("r1")).has_value());
        QVERIFY(ResidentSearch(f->db()).search("Featherstonehaugh")->empty());
        QVERIFY(ResidentSearch(f->db()).search("004711")->empty());
        QCOMPARE(ResidentSearch(f->db()).search("Nowak")->size(), std::size_t(1));
    }

    void residentWithAnotherCaseStays()
    {
        RecordStore records(f->db());
        QVERIFY(records.applyPullPage(firstPage()).ok());
        QVERIFY(records
                    .applyPullPage(PageBuilder(7)
                                       .add(caseFor("c3", "r1", "HV-2026-009999"))
                                       .evict(v1::RECORD_TYPE_CASE, "c1")
                                       .page())
                    .ok());
        QVERIFY((*records.resident("r1")).has_value());
        QVERIFY(ResidentSearch(f->db()).search("HV-2026-004711")->empty());
        QCOMPARE(ResidentSearch(f->db()).search("HV-2026-009999")->size(), std::size_t(1));
    }

    void residentEvictionRemovesCases()
    {
        RecordStore records(f->db());
        QVERIFY(records.applyPullPage(firstPage()).ok());
        QVERIFY(records.applyPullPage(PageBuilder(7).evict(v1::RECORD_TYPE_RESIDENT, "r1").page())
                    .ok());
        QCOMPARE(counts().join(' '), QString("residents=1 cases=1 visits=0 case_events=0 "
                                             "resident_search=1 drafts=0"));
    }

    void referralEvictionTakesTheWardMembersCopyOfTheResident()
    {
        // A ward member's tablet holds the resident it referred (it wrote the copy itself) and
        // the referral. When the referral's retention ends the server evicts the referral, and
        // the resident goes with it: nothing else on the tablet names them.
        RecordStore records(f->db());
        v1::Referral referral;
        referral.set_id("f9");
        referral.set_resident_id("r9");
        referral.set_concern("Struggling with heating bills");
        referral.set_status(v1::REFERRAL_STATUS_DECLINED);
        referral.set_version(2);
        QVERIFY(records
                    .applyPullPage(
                        PageBuilder(1)
                            .add(resident("r9", "Edith", "Marsden", "7 Weavers Row", "EM2 4LT"))
                            .add(referral)
                            .page())
                    .ok());
        QCOMPARE(ResidentSearch(f->db()).search("Marsden")->size(), std::size_t(1));
        QVERIFY(records.applyPullPage(PageBuilder(3).evict(v1::RECORD_TYPE_REFERRAL, "f9").page())
                    .ok());
        QVERIFY(!(*records.resident("r9")).has_value());
        QVERIFY(ResidentSearch(f->db()).search("Marsden")->empty());
        QCOMPARE(f->count("SELECT count(*) FROM referrals"), 0);
    }

    void pulledRecordsAreNotInTheRawFile()
    {
        QVERIFY(RecordStore(f->db()).applyPullPage(firstPage()).ok());
        f->store.reset(); // close, so everything is in the file
        QFile file(QString::fromStdString(f->path().string()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.size() > 4096);
        for (const char *secret : {"Featherstonehaugh", "Imelda", "HV-2026-004711", "004711",
                                   "Quarry Row", "EM4 7QZ", "morning visit"}) {
            QVERIFY2(!bytes.contains(secret), secret);
        }
    }
};

QTEST_GUILESS_MAIN(TestRecordStore)
#include "tst_recordstore.moc"
