#include "store/draftstore.h"

#include "../storefixture.h"

#include <QtTest>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;

class TestDraftStore : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<StoreFixture> f;

private slots:
    void init()
    {
        f = std::make_unique<StoreFixture>();
        QVERIFY(f->ok());
    }

    void draftSurvivesReopen()
    {
        const Draft draft{
            "d1", "v1", "visit_assessment",
            2,    1000, "Q3: resident worried about heating bills (Featherstonehaugh)"};
        QVERIFY(DraftStore(f->db()).save(draft).ok());
        f->reopen();
        QVERIFY(f->ok());
        auto loaded = DraftStore(f->db()).load("d1");
        QVERIFY(loaded.ok() && loaded->has_value());
        QCOMPARE((*loaded)->body, draft.body);
        QCOMPARE((*loaded)->visitId, std::string("v1"));
        QCOMPARE((*loaded)->formVersion, 2);
    }

    void saveReplacesAndListsNewestFirst()
    {
        DraftStore drafts(f->db());
        QVERIFY(drafts.save({"d1", "", "consent", 1, 1000, "a"}).ok());
        QVERIFY(drafts.save({"d2", "", "consent", 1, 2000, "b"}).ok());
        QVERIFY(drafts.save({"d1", "", "consent", 1, 3000, "a2"}).ok());
        auto list = drafts.list();
        QCOMPARE(list->size(), std::size_t(2));
        QCOMPARE(list->front().id, std::string("d1"));
        QCOMPARE(list->front().body, std::string("a2"));
        QVERIFY(drafts.remove("d1").ok());
        QVERIFY(!(*drafts.load("d1")).has_value());
    }

    void draftIsNotInTheRawFile()
    {
        QVERIFY(DraftStore(f->db())
                    .save({"d1", "v1", "outcome", 1, 1000, "Featherstonehaugh heating grant"})
                    .ok());
        f->store.reset();
        QFile file(QString::fromStdString(f->path().string()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains("Featherstonehaugh"));
        QVERIFY(!bytes.contains("heating grant"));
    }
};

QTEST_GUILESS_MAIN(TestDraftStore)
#include "tst_draftstore.moc"
