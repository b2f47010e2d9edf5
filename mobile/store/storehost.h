#pragma once

#include "store/storeworker.h"

#include <QObject>
#include <QThread>

#include <atomic>

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
    quint64 recordServerContact();
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

    // The thread the worker runs on, for tests and diagnostics.
    const QThread *workerThread() const { return &m_thread; }

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
};

} // namespace doorstep::mobile
