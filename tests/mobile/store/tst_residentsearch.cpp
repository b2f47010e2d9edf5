#include "store/residentsearch.h"

#include "store/recordstore.h"

#include "../storefixture.h"

#include <QtTest>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;

class TestResidentSearch : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<StoreFixture> f;

private slots:
    void init()
    {
        f = std::make_unique<StoreFixture>();
        QVERIFY(f->ok());
        const auto page =
            PageBuilder(1)
                .add(resident("r1", "Imelda", "Featherstonehaugh", "14 Quarry Row", "EM4 7QZ"))
                .add(caseFor("c1", "r1", "HV-2026-004711"))
                .add(resident("r2", "Tomasz", "Nowak", "3 Station Road", "EM2 9BB"))
                .add(caseFor("c2", "r2", "HV-2026-000123"))
                .add(resident("r3", "Zoë", "Brontë", "7 Quarry Row", "EM4 7QA"))
                .page();
        QVERIFY(RecordStore(f->db()).applyPullPage(page).ok());
    }

    void search_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("ids");
        QTest::newRow("family name") << "Nowak" << QStringList{"r2"};
        QTest::newRow("prefix") << "feath" << QStringList{"r1"};
        QTest::newRow("case-insensitive") << "NOWAK" << QStringList{"r2"};
        QTest::newRow("full name") << "imelda feather" << QStringList{"r1"};
        QTest::newRow("street") << "quarry" << QStringList{"r1", "r3"};
        QTest::newRow("postcode") << "EM2 9BB" << QStringList{"r2"};
        QTest::newRow("case number") << "HV-2026-000123" << QStringList{"r2"};
        QTest::newRow("case number tail") << "004711" << QStringList{"r1"};
        QTest::newRow("diacritics folded") << "bronte" << QStringList{"r3"};
        QTest::newRow("no match") << "Smith" << QStringList{};
        QTest::newRow("operators are words") << "Nowak OR Imelda" << QStringList{};
        QTest::newRow("quotes ignored") << "\"Nowak" << QStringList{"r2"};
        QTest::newRow("only punctuation") << "-*\"" << QStringList{};
    }

    void search()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, ids);
        auto hits = ResidentSearch(f->db()).search(query.toStdString());
        QVERIFY2(hits.ok(), hits.ok() ? "" : hits.error().message.c_str());
        QStringList found;
        for (const auto &h : *hits) {
            found << QString::fromStdString(h.residentId);
        }
        found.sort();
        QCOMPARE(found, ids);
    }

    void renameKeepsIndexInStep()
    {
        auto renamed = resident("r2", "Tomasz", "Kowalski", "3 Station Road", "EM2 9BB");
        QVERIFY(RecordStore(f->db()).applyPullPage(PageBuilder(10).add(renamed).page()).ok());
        QVERIFY(ResidentSearch(f->db()).search("Nowak")->empty());
        QCOMPARE(ResidentSearch(f->db()).search("Kowalski")->size(), std::size_t(1));
        QCOMPARE(f->count("SELECT count(*) FROM resident_search"), 3);
    }

    void caseMovedToAnotherResident()
    {
        QVERIFY(
            RecordStore(f->db())
                .applyPullPage(PageBuilder(10).add(caseFor("c2", "r3", "HV-2026-000123")).page())
                .ok());
        auto hits = ResidentSearch(f->db()).search("000123");
        QCOMPARE(hits->size(), std::size_t(1));
        QCOMPARE(hits->front().residentId, std::string("r3"));
    }
};

QTEST_GUILESS_MAIN(TestResidentSearch)
#include "tst_residentsearch.moc"
