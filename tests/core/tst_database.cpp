// The connection wrapper's statement cache: the same SQL is parsed once per connection, and a
// reused statement behaves exactly like a freshly prepared one.

#include "db/database.h"
#include "db/statement.h"

#include <QtTest>

#include <sqlite3.h>

using namespace doorstep::db;

namespace {

// Statements the connection holds, in use or idle.
int statementsOn(const Database &db)
{
    int n = 0;
    for (sqlite3_stmt *s = sqlite3_next_stmt(db.handle(), nullptr); s;
         s = sqlite3_next_stmt(db.handle(), s)) {
        ++n;
    }
    return n;
}

Database numbers()
{
    auto db = Database::openMemory();
    if (!db || !db->exec("CREATE TABLE n (v INTEGER); INSERT INTO n VALUES (1), (2), (3);")) {
        qFatal("could not create the table");
    }
    return std::move(*db);
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void sameSqlIsParsedOnce()
    {
        Database db = numbers();
        for (int i = 0; i < 100; ++i) {
            auto q = db.prepare("SELECT v FROM n WHERE v = ?");
            QVERIFY(q);
            q->bind(1, 2);
            QCOMPARE(q->step().value(), true);
            QCOMPARE(q->int64(0), qint64(2));
        }
        QCOMPARE(statementsOn(db), 1);
    }

    void reusedStatementStartsAfresh()
    {
        Database db = numbers();
        {
            // Left mid-iteration with a value bound.
            auto q = db.prepare("SELECT count(*) FROM n WHERE ?1 IS NULL OR v = ?1");
            q->bind(1, 3);
            QCOMPARE(q->step().value(), true);
            QCOMPARE(q->int64(0), qint64(1));
        }
        auto again = db.prepare("SELECT count(*) FROM n WHERE ?1 IS NULL OR v = ?1");
        QCOMPARE(statementsOn(db), 1);
        // The binding is gone (NULL matches every row) and the scan starts at the beginning.
        QCOMPARE(again->step().value(), true);
        QCOMPARE(again->int64(0), qint64(3));
    }

    void sameSqlTwiceAtOnce()
    {
        Database db = numbers();
        auto outer = db.prepare("SELECT v FROM n ORDER BY v");
        QVector<qint64> pairs;
        while (outer->step().value()) {
            auto inner = db.prepare("SELECT v FROM n ORDER BY v");
            QCOMPARE(inner->step().value(), true);
            pairs << outer->int64(0) * 10 + inner->int64(0);
        }
        QCOMPARE(pairs, (QVector<qint64>{11, 21, 31}));
    }

    void schemaChangeBetweenUses()
    {
        Database db = numbers();
        {
            auto q = db.prepare("SELECT * FROM n");
            QVERIFY(q->step().value());
            QCOMPARE(q->columnCount(), 1);
        }
        QVERIFY(db.exec("ALTER TABLE n ADD COLUMN w TEXT"));
        auto q = db.prepare("SELECT * FROM n");
        QVERIFY(q->step().value());
        QCOMPARE(q->columnCount(), 2);
    }

    void failedPrepareIsReported()
    {
        Database db = numbers();
        auto q = db.prepare("SELECT missing FROM nowhere");
        QVERIFY(!q);
        QVERIFY2(QString::fromStdString(q.error().message).contains("nowhere"),
                 q.error().message.c_str());
    }

    void statementMayOutliveItsConnection()
    {
        std::optional<Statement> kept;
        {
            Database db = numbers();
            auto q = db.prepare("SELECT v FROM n");
            kept.emplace(std::move(*q));
        }
        // The connection is gone; the statement is finalized on its own, not cached.
        kept.reset();
    }
};

QTEST_APPLESS_MAIN(TestDatabase)
#include "tst_database.moc"
