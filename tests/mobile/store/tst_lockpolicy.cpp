#include "store/lockpolicy.h"

#include "../fakeclock.h"

#include <QtTest>

using namespace doorstep::mobile;
using namespace std::chrono_literals;
Q_DECLARE_METATYPE(LockReason)

class TestLockPolicy : public QObject
{
    Q_OBJECT

private slots:
    void evaluate_data()
    {
        QTest::addColumn<qint64>("idleMs");
        QTest::addColumn<qint64>("sinceContactMs");
        QTest::addColumn<LockReason>("expected");
        const qint64 minute = 60'000;
        const qint64 day = 24 * 60 * minute;
        QTest::newRow("fresh") << qint64(0) << qint64(0) << LockReason::None;
        QTest::newRow("just under idle") << 5 * minute - 1 << qint64(0) << LockReason::None;
        QTest::newRow("idle") << 5 * minute << qint64(0) << LockReason::Idle;
        QTest::newRow("six days offline") << qint64(0) << 6 * day << LockReason::None;
        QTest::newRow("seven days offline") << qint64(0) << 7 * day << LockReason::OfflineTooLong;
        QTest::newRow("offline beats idle") << 10 * minute << 8 * day << LockReason::OfflineTooLong;
    }

    void evaluate()
    {
        QFETCH(qint64, idleMs);
        QFETCH(qint64, sinceContactMs);
        QFETCH(LockReason, expected);
        test::FakeClock clock;
        LockPolicy policy({5min, std::chrono::hours(24 * 7)}, clock); // last activity: now
        // Place the last contact so that, idleMs from now, it is sinceContactMs in the past.
        policy.setLastServerContact(clock.now() +
                                    std::chrono::milliseconds(idleMs - sinceContactMs));
        clock.advance(std::chrono::milliseconds(idleMs));
        QCOMPARE(policy.evaluate(), expected);
    }

    void activityRestartsIdleCountdown()
    {
        test::FakeClock clock;
        LockPolicy policy({5min, std::chrono::hours(24)}, clock);
        clock.advance(4min);
        policy.recordActivity();
        clock.advance(4min);
        QCOMPARE(policy.evaluate(), LockReason::None);
        clock.advance(1min);
        QCOMPARE(policy.evaluate(), LockReason::Idle);
    }

    void serverContactLiftsOfflineLock()
    {
        test::FakeClock clock;
        LockPolicy policy({std::chrono::hours(1000), std::chrono::hours(48)}, clock);
        policy.setLastServerContact(clock.now());
        clock.advance(std::chrono::hours(48));
        QCOMPARE(policy.evaluate(), LockReason::OfflineTooLong);
        policy.setLastServerContact(clock.now());
        QCOMPARE(policy.evaluate(), LockReason::None);
    }
};

QTEST_GUILESS_MAIN(TestLockPolicy)
#include "tst_lockpolicy.moc"
