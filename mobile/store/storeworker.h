#pragma once

#include "crypto/keystore.h"
#include "store/deskreader.h"
#include "store/encryptedstore.h"
#include "store/lockpolicy.h"
#include "store/syncstate.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QVariant>

#include <chrono>
#include <optional>
#include <type_traits>

class QTimer;

namespace doorstep::mobile {

struct StoreConfig
{
    KeyStoreConfig keys;
    LockPolicyConfig lock;
    // How often the lock policy is asked; short in tests that move a fake clock.
    std::chrono::milliseconds lockCheckInterval = std::chrono::seconds(15);
};

// Owns the key store and the database connection, and does every piece of work that may
// block (Argon2id, SQLCipher) on its own thread. It lives on the thread StoreHost starts; all
// calls arrive queued, and every request answers with exactly one finished() or failed().
//
// While the store is locked because the device was offline too long, the sync operations
// (applyPullPage, pushBatch, applyPushResponse) still work, so a sync can lift the lock (the
// last page of a pull records the server's contact); reading or changing case data is
// refused until then.
class StoreWorker : public QObject
{
    Q_OBJECT

public:
    StoreWorker(StoreConfig config, const Clock &clock);
    ~StoreWorker() override;

    // Each takes the caller's request id, echoed in finished() or failed().
    void createKey(quint64 request, const QString &pin);
    void unlock(quint64 request, const QString &pin);
    void changePin(quint64 request, const QString &oldPin, const QString &newPin);
    void lock(quint64 request);
    // The server said this device is revoked: crypto-erase now.
    void remoteWipe(quint64 request);
    void recordActivity(Clock::TimePoint when);
    // Result: QVariantMap {serverUrl, deviceId, deviceSecret, userId, userName, cursor,
    // lastServerContactMs}; without credentials (not enrolled yet) no identity keys, and
    // lastServerContactMs only once the server has been reached.
    void syncState(quint64 request);
    // Argument: QVariantMap {serverUrl, deviceId, deviceSecret, userId, userName}.
    void saveCredentials(quint64 request, const QVariantMap &credentials);

    // Result: nothing. Argument: a serialized v1::PullResponse.
    void applyPullPage(quint64 request, const QByteArray &pullResponse);
    // Result: a serialized v1::PushRequest with up to `limit` pending mutations.
    void pushBatch(quint64 request, int limit);
    void applyPushResponse(quint64 request, const QByteArray &sent, const QByteArray &response);
    // Argument: a serialized v1::Mutation.
    void recordLocalChange(quint64 request, const QByteArray &mutation);
    // Result: QVariantList of QVariantMap {residentId, name, address, caseNumbers}.
    void searchResidents(quint64 request, const QString &text);
    void saveDraft(quint64 request, const QVariantMap &draft);
    // Result: QVariantMap like saveDraft's argument, or an invalid QVariant when absent.
    void loadDraft(quint64 request, const QString &id);
    // Result: QVariantMap {pending, quarantined}.
    void outboxCounts(quint64 request);

    // Without opening anything. Result: QVariantMap {hasKey, lockReason (a LockReason when
    // the device was wiped, else None), message, remainingAttempts}.
    void keyState(quint64 request);
    // Several serialized v1::Mutation, recorded in one transaction (LocalChanges::recordAll).
    void recordLocalChanges(quint64 request, const QList<QByteArray> &mutations);
    // Result: what `query` answers from a DeskReader on the open store, given the time and
    // the council's referral target (5 working days when the device does not know it).
    void desk(quint64 request, const DeskQuery &query);
    // Result: QVariantList of visit maps (CaseReader::visits).
    void visits(quint64 request, qint64 fromMs, qint64 toMs);
    // Result: QVariantMap, this device's officer's visit under way (CaseReader::
    // visitInProgress), empty when there is none.
    void visitInProgress(quint64 request);
    // Result: QVariantMap (CaseReader::caseDetail); by residentId when caseId is empty.
    void caseDetail(quint64 request, const QString &caseId, const QString &residentId);
    // Result: QVariantMap (CaseReader::flowContext) plus userId and deviceId.
    void flowContext(quint64 request, const QString &visitId);
    // Result: QVariantList of {mutationId, state ("pending"/"quarantined"), createdAt,
    // attempts, description, error}, quarantined first.
    void outboxEntries(quint64 request);
    void dismissQuarantined(quint64 request, const QString &mutationId);
    void deleteDraft(quint64 request, const QString &id);

signals:
    void finished(quint64 request, const QVariant &result);
    void failed(quint64 request, int errorCode, const QString &message);
    void unlocked();
    // reason is a LockReason; message is what the UI shows.
    void locked(int reason, const QString &message);

private:
    void checkLock();
    void openStore(quint64 request, SecureBytes key);
    void closeStore(LockReason reason);
    void fail(quint64 request, const Error &error);
    // The server was reached at `when` (already stored): the offline lock starts again.
    void serverContacted(Clock::TimePoint when);
    // Answers a request: finished() with the result's value, or failed() with its error.
    template <typename T> void answer(quint64 request, const Result<T> &result)
    {
        if (!result) {
            fail(request, result.error());
        } else if constexpr (std::is_void_v<T>) {
            emit finished(request, QVariant());
        } else {
            emit finished(request, QVariant::fromValue(*result));
        }
    }
    // The open store, or nullptr after reporting why not. Sync work passes allowOffline.
    EncryptedStore *storeFor(quint64 request, bool allowOffline = false);
    // This device's credentials (nullopt before enrolment) into `out`; false, with the
    // request answered with the error, when they cannot be read.
    bool credentials(quint64 request, EncryptedStore &store,
                     std::optional<SyncState::Credentials> &out);
    void reportWipe();

    StoreConfig m_config;
    const Clock &m_clock;
    KeyStore m_keys;
    LockPolicy m_policy;
    std::optional<EncryptedStore> m_store;
    QTimer *m_timer = nullptr;
};

} // namespace doorstep::mobile
