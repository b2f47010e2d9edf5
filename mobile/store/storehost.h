#pragma once

#include "store/storeworker.h"

#include <QObject>
#include <QThread>

#include <QPointer>

#include <atomic>
#include <functional>
#include <unordered_map>

namespace doorstep::mobile {

// The GUI thread's handle on the store. Starts a QThread, puts a StoreWorker on it, and turns
// each call into a queued call there, so the caller never waits on Argon2id or SQLCipher.
// Each call returns a request id; the answer arrives later as finished() or failed() with it.
class StoreHost : public QObject
{
    Q_OBJECT

public:
    // `clock` must outlive the host; it is read from the worker thread.
    StoreHost(StoreConfig config, const Clock &clock, QObject *parent = nullptr);
    ~StoreHost() override;

    quint64 createKey(const QString &pin);
    quint64 unlock(const QString &pin);
    quint64 changePin(const QString &oldPin, const QString &newPin);
    quint64 lock();
    quint64 remoteWipe();
    void recordActivity();
    quint64 syncState();
    quint64 saveCredentials(const QVariantMap &credentials);
    quint64 applyPullPage(const QByteArray &pullResponse);
    quint64 pushBatch(int limit);
    quint64 applyPushResponse(const QByteArray &sent, const QByteArray &response);
    quint64 recordLocalChange(const QByteArray &mutation);
    quint64 searchResidents(const QString &text);
    quint64 saveDraft(const QVariantMap &draft);
    quint64 loadDraft(const QString &id);
    quint64 outboxCounts();
    quint64 keyState();
    quint64 recordLocalChanges(const QList<QByteArray> &mutations);
    quint64 visits(qint64 fromMs, qint64 toMs);
    quint64 visitInProgress();
    // The coordinator's and ward member's screens (DeskReader), on the worker thread.
    quint64 desk(DeskQuery query);
    quint64 caseDetail(const QString &caseId, const QString &residentId = {});
    quint64 flowContext(const QString &visitId);
    quint64 outboxEntries();
    quint64 dismissQuarantined(const QString &mutationId);
    quint64 deleteDraft(const QString &id);

    // Calls `done` with the request's result, or `failure` with its error, on this thread.
    // Nothing is called once `context` is destroyed.
    using Done = std::function<void(const QVariant &result)>;
    using Failure = std::function<void(int errorCode, const QString &message)>;
    void then(quint64 request, QObject *context, Done done, Failure failure = {});

    // The thread the worker runs on, for tests and diagnostics.
    const QThread *workerThread() const { return &m_thread; }

    const Clock &clock() const { return m_clock; }

signals:
    void finished(quint64 request, const QVariant &result);
    void failed(quint64 request, int errorCode, const QString &message);
    void unlocked();
    void locked(int reason, const QString &message);

private:
    const Clock &m_clock;
    template <typename F> quint64 post(F call);

    QThread m_thread;
    StoreWorker *m_worker = nullptr;
    quint64 m_nextRequest = 1;
    struct Waiting
    {
        QPointer<QObject> context;
        Done done;
        Failure failure;
    };
    std::unordered_map<quint64, Waiting> m_waiting;
};

} // namespace doorstep::mobile
