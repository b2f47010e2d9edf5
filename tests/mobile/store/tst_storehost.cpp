#include "store/storehost.h"

#include "store/lockreason.h"

#include "../awaitanswer.h"
#include "../storefixture.h"

#include <QtTest>

using namespace doorstep;
using namespace doorstep::mobile;
using namespace doorstep::mobile::test;
using namespace std::chrono_literals;

namespace {
constexpr const char *pin = "274915";
}

class TestStoreHost : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<FakeClock> m_clock;

    StoreConfig config(KdfParams kdf = KdfParams::minimal()) const
    {
        StoreConfig c;
        c.keys.directory = m_tmp->filePath("keys").toStdString();
        c.keys.databasePath = m_tmp->filePath("store.db").toStdString();
        c.keys.kdf = kdf;
        c.lock.idleTimeout = 5min;
        c.lock.maxOffline = std::chrono::hours(24 * 7);
        c.lockCheckInterval = 10ms;
        return c;
    }

    static QByteArray page()
    {
        return QByteArray::fromStdString(PageBuilder(1)
                                             .add(resident("r1", "Imelda", "Featherstonehaugh"))
                                             .add(caseFor("c1", "r1", "HV-2026-004711"))
                                             .page()
                                             .SerializeAsString());
    }

private slots:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_clock = std::make_unique<FakeClock>();
    }

    void unlockRunsOffTheGuiThread()
    {
        // Real Argon2id cost, so the check takes long enough for the GUI loop to be seen.
        StoreHost host(config({2, 32ull << 20}), *m_clock);
        QVERIFY(await(host, host.createKey(pin)).first);
        QVERIFY(await(host, host.lock()).first);
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
        ticker.start(1);
        QElapsedTimer elapsed;
        elapsed.start();
        QVERIFY(await(host, host.unlock(pin)).first);
        // The GUI thread kept turning its event loop during the unlock.
        QVERIFY2(ticks >= 3,
                 qPrintable(QString("%1 ticks in %2 ms").arg(ticks).arg(elapsed.elapsed())));
        QVERIFY(host.workerThread() != QThread::currentThread());
    }

    void pageThenSearchThroughTheWorker()
    {
        StoreHost host(config(), *m_clock);
        QVERIFY(await(host, host.createKey(pin)).first);
        QVERIFY(await(host, host.applyPullPage(page())).first);
        const auto hits = await(host, host.searchResidents("feath"));
        QVERIFY(hits.first);
        const QVariantList list = hits.second.toList();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.front().toMap().value("caseNumbers").toString(), QString("HV-2026-004711"));
    }

    void wrongPinReportsCode()
    {
        StoreHost host(config(), *m_clock);
        QVERIFY(await(host, host.createKey(pin)).first);
        const auto r = await(host, host.unlock("380526"));
        QVERIFY(!r.first);
        QCOMPARE(r.second.toInt(), int(v1::ERROR_CODE_WRONG_PIN));
    }

    void locksWhenIdle()
    {
        StoreHost host(config(), *m_clock);
        QSignalSpy locked(&host, &StoreHost::locked);
        QVERIFY(await(host, host.createKey(pin)).first);
        m_clock->advance(4min);
        host.recordActivity();
        m_clock->advance(4min);
        QTest::qWait(50); // several lock checks run; the activity kept it open
        QCOMPARE(locked.count(), 0);
        m_clock->advance(2min);
        QTRY_COMPARE_WITH_TIMEOUT(locked.count(), 1, 5000);
        QCOMPARE(locked.front().at(0).toInt(), int(LockReason::Idle));
        const auto r = await(host, host.searchResidents("feath"));
        QCOMPARE(r.second.toInt(), int(v1::ERROR_CODE_STORE_LOCKED));
        QVERIFY(await(host, host.unlock(pin)).first);
        QVERIFY(await(host, host.searchResidents("feath")).first);
    }

    void locksUntilSyncWhenOfflineTooLong()
    {
        StoreHost host(config(), *m_clock);
        QVERIFY(await(host, host.createKey(pin)).first);
        QVERIFY(await(host, host.lock()).first);
        m_clock->advance(std::chrono::hours(24 * 8));
        QSignalSpy locked(&host, &StoreHost::locked);
        QVERIFY(await(host, host.unlock(pin)).first);
        QTRY_COMPARE(locked.count(), 1);
        QCOMPARE(locked.front().at(0).toInt(), int(LockReason::OfflineTooLong));
        // The PIN alone does not open the data...
        QCOMPARE(await(host, host.searchResidents("x")).second.toInt(),
                 int(v1::ERROR_CODE_STORE_LOCKED));
        // ...but a sync can run, and its last page lifts the lock.
        QVERIFY(await(host, host.applyPullPage(page())).first);
        QVERIFY(await(host, host.searchResidents("feath")).first);
    }

    void remoteWipeErasesAndSaysRevoked()
    {
        StoreHost host(config(), *m_clock);
        QVERIFY(await(host, host.createKey(pin)).first);
        QVERIFY(await(host, host.applyPullPage(page())).first);
        QSignalSpy locked(&host, &StoreHost::locked);
        QVERIFY(await(host, host.remoteWipe()).first);
        QCOMPARE(locked.count(), 1);
        QCOMPARE(locked.front().at(0).toInt(), int(LockReason::Revoked));
        QVERIFY(!QFile::exists(m_tmp->filePath("store.db")));
        QVERIFY(!QFile::exists(m_tmp->filePath("keys/datakey.wrapped")));
        QCOMPARE(await(host, host.unlock(pin)).second.toInt(), int(v1::ERROR_CODE_WIPED));
    }

    void draftSurvivesRestartOfTheWorker()
    {
        {
            StoreHost host(config(), *m_clock);
            QVERIFY(await(host, host.createKey(pin)).first);
            QVERIFY(await(host, host.saveDraft({{"id", "d1"},
                                                {"visitId", "v1"},
                                                {"formId", "outcome"},
                                                {"formVersion", 1},
                                                {"body", QByteArray("half-written outcome")}}))
                        .first);
        }
        StoreHost host(config(), *m_clock);
        QVERIFY(await(host, host.unlock(pin)).first);
        const auto draft = await(host, host.loadDraft("d1"));
        QVERIFY(draft.first);
        QCOMPARE(draft.second.toMap().value("body").toByteArray(),
                 QByteArray("half-written outcome"));
    }
};

QTEST_GUILESS_MAIN(TestStoreHost)
#include "tst_storehost.moc"
