#include "models/appcontroller.h"
#include "models/maplistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using doorstep::mobile::AppController;
using doorstep::mobile::MapListModel;

namespace {

// MapListModel with its rows set from the test: the part under test is setRows().
class Rows : public MapListModel
{
    Q_OBJECT
public:
    Rows() : MapListModel({"id", "text"}, {}, nullptr) {}
    void reload() override {}
    void set(const QList<QPair<QString, QString>> &rows)
    {
        QVariantList list;
        for (const auto &[id, text] : rows) {
            list.append(QVariantMap{{"id", id}, {"text", text}});
        }
        setRows(list);
    }
    QStringList texts() const
    {
        QStringList out;
        for (int i = 0; i < count(); ++i) {
            out << get(i).value("text").toString();
        }
        return out;
    }

protected:
    void watch(AppController *) override {}
};

} // namespace

// A list the coordinator is reading is reloaded on every sync (every 15 seconds on the desk):
// it must keep its place and its cards, so a reload changes only what changed.
class TestMapListModel : public QObject
{
    Q_OBJECT

private slots:
    void sameRowsChangeNothing()
    {
        Rows m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.set({{"a", "A"}, {"b", "B"}});
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        m.set({{"a", "A"}, {"b", "B"}});
        QCOMPARE(reset.count() + changed.count() + inserted.count(), 0);
    }

    void changedRowIsUpdatedInPlace()
    {
        Rows m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.set({{"a", "A"}, {"b", "B"}, {"c", "C"}});
        QPersistentModelIndex c(m.index(2));
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.set({{"a", "A"}, {"b", "B late"}, {"c", "C"}});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(m.texts(), QStringList({"A", "B late", "C"}));
        QVERIFY(c.isValid());
        QCOMPARE(c.row(), 2);
    }

    void theRowRoleIsTheWholeRowAndFollowsUpdates()
    {
        Rows m;
        m.set({{"a", "A"}, {"b", "B"}});
        const int rowRole = m.roleNames().key("row");
        QVERIFY(rowRole > 0);
        QCOMPARE(m.data(m.index(1), rowRole).toMap().value("text").toString(), QString("B"));
        QVERIFY(!m.get(1).contains("row"));
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.set({{"a", "A"}, {"b", "B late"}});
        QCOMPARE(changed.count(), 1);
        // Every role changed, the whole-row role with them.
        QVERIFY(changed.at(0).at(2).value<QList<int>>().isEmpty());
        QCOMPARE(m.data(m.index(1), rowRole).toMap().value("text").toString(), QString("B late"));
    }

    void rowsComeGoAndMoveWithoutAReset()
    {
        Rows m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.set({{"a", "A"}, {"b", "B"}, {"c", "C"}, {"d", "D"}});
        QPersistentModelIndex d(m.index(3));
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        QSignalSpy count(&m, &MapListModel::countChanged);
        // b went, e came, d moved to the top, c changed.
        m.set({{"d", "D"}, {"a", "A"}, {"e", "E"}, {"c", "C2"}});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(count.count(), 0);
        QCOMPARE(m.texts(), QStringList({"D", "A", "E", "C2"}));
        QVERIFY(d.isValid());
        QCOMPARE(d.row(), 0);
        m.set({{"a", "A"}});
        QCOMPARE(m.texts(), QStringList({"A"}));
        QCOMPARE(count.count(), 1);
        QCOMPARE(reset.count(), 0);
    }

    void rowsWithoutDistinctIdsAreReplaced()
    {
        Rows m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.set({{"a", "A"}, {"b", "B"}});
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        m.set({{"a", "A"}, {"a", "A again"}});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m.texts(), QStringList({"A", "A again"}));
        m.set({{"a", "A"}, {"b", "B"}});
        QCOMPARE(reset.count(), 2);
        QCOMPARE(m.texts(), QStringList({"A", "B"}));
    }
};

QTEST_GUILESS_MAIN(TestMapListModel)
#include "tst_maplistmodel.moc"
