#include "store/storehost.h"

namespace doorstep::mobile {

StoreHost::StoreHost(StoreConfig config, const Clock &clock, QObject *parent)
    : QObject(parent), m_clock(clock), m_worker(new StoreWorker(std::move(config), clock))
{
    m_thread.setObjectName("doorstep-store");
    m_worker->moveToThread(&m_thread);
    // The worker must die on its own thread, where its timer and connection live.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &StoreWorker::finished, this, &StoreHost::finished);
    connect(m_worker, &StoreWorker::failed, this, &StoreHost::failed);
    connect(m_worker, &StoreWorker::unlocked, this, &StoreHost::unlocked);
    connect(m_worker, &StoreWorker::locked, this, &StoreHost::locked);
    connect(this, &StoreHost::finished, this, [this](quint64 request, const QVariant &result) {
        auto it = m_waiting.find(request);
        if (it == m_waiting.end()) {
            return;
        }
        Waiting w = std::move(it->second);
        m_waiting.erase(it);
        if (w.context && w.done) {
            w.done(result);
        }
    });
    connect(this, &StoreHost::failed, this,
            [this](quint64 request, int code, const QString &message) {
                auto it = m_waiting.find(request);
                if (it == m_waiting.end()) {
                    return;
                }
                Waiting w = std::move(it->second);
                m_waiting.erase(it);
                if (w.context && w.failure) {
                    w.failure(code, message);
                }
            });
    m_thread.start();
}

StoreHost::~StoreHost()
{
    m_thread.quit();
    m_thread.wait();
}

template <typename F> quint64 StoreHost::post(F call)
{
    const quint64 request = m_nextRequest++;
    StoreWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, request, call] { call(*worker, request); }, Qt::QueuedConnection);
    return request;
}

quint64 StoreHost::createKey(const QString &pin)
{
    return post([pin](StoreWorker &w, quint64 r) { w.createKey(r, pin); });
}

quint64 StoreHost::unlock(const QString &pin)
{
    return post([pin](StoreWorker &w, quint64 r) { w.unlock(r, pin); });
}

quint64 StoreHost::changePin(const QString &oldPin, const QString &newPin)
{
    return post([oldPin, newPin](StoreWorker &w, quint64 r) { w.changePin(r, oldPin, newPin); });
}

quint64 StoreHost::lock()
{
    return post([](StoreWorker &w, quint64 r) { w.lock(r); });
}

quint64 StoreHost::remoteWipe()
{
    return post([](StoreWorker &w, quint64 r) { w.remoteWipe(r); });
}

void StoreHost::recordActivity()
{
    const auto now = m_clock.now();
    post([now](StoreWorker &w, quint64) { w.recordActivity(now); });
}

quint64 StoreHost::syncState()
{
    return post([](StoreWorker &w, quint64 r) { w.syncState(r); });
}

quint64 StoreHost::saveCredentials(const QVariantMap &credentials)
{
    return post([credentials](StoreWorker &w, quint64 r) { w.saveCredentials(r, credentials); });
}

quint64 StoreHost::applyPullPage(const QByteArray &pullResponse)
{
    return post([pullResponse](StoreWorker &w, quint64 r) { w.applyPullPage(r, pullResponse); });
}

quint64 StoreHost::pushBatch(int limit)
{
    return post([limit](StoreWorker &w, quint64 r) { w.pushBatch(r, limit); });
}

quint64 StoreHost::applyPushResponse(const QByteArray &sent, const QByteArray &response)
{
    return post(
        [sent, response](StoreWorker &w, quint64 r) { w.applyPushResponse(r, sent, response); });
}

quint64 StoreHost::recordLocalChange(const QByteArray &mutation)
{
    return post([mutation](StoreWorker &w, quint64 r) { w.recordLocalChange(r, mutation); });
}

quint64 StoreHost::searchResidents(const QString &text)
{
    return post([text](StoreWorker &w, quint64 r) { w.searchResidents(r, text); });
}

quint64 StoreHost::saveDraft(const QVariantMap &draft)
{
    return post([draft](StoreWorker &w, quint64 r) { w.saveDraft(r, draft); });
}

quint64 StoreHost::loadDraft(const QString &id)
{
    return post([id](StoreWorker &w, quint64 r) { w.loadDraft(r, id); });
}

quint64 StoreHost::outboxCounts()
{
    return post([](StoreWorker &w, quint64 r) { w.outboxCounts(r); });
}

void StoreHost::then(quint64 request, QObject *context, Done done, Failure failure)
{
    m_waiting[request] = Waiting{context, std::move(done), std::move(failure)};
}

quint64 StoreHost::keyState()
{
    return post([](StoreWorker &w, quint64 r) { w.keyState(r); });
}

quint64 StoreHost::recordLocalChanges(const QList<QByteArray> &mutations)
{
    return post([mutations](StoreWorker &w, quint64 r) { w.recordLocalChanges(r, mutations); });
}

quint64 StoreHost::desk(DeskQuery query)
{
    return post([query = std::move(query)](StoreWorker &w, quint64 r) { w.desk(r, query); });
}

quint64 StoreHost::visitInProgress()
{
    return post([](StoreWorker &w, quint64 r) { w.visitInProgress(r); });
}

quint64 StoreHost::visits(qint64 fromMs, qint64 toMs)
{
    return post([fromMs, toMs](StoreWorker &w, quint64 r) { w.visits(r, fromMs, toMs); });
}

quint64 StoreHost::caseDetail(const QString &caseId, const QString &residentId)
{
    return post(
        [caseId, residentId](StoreWorker &w, quint64 r) { w.caseDetail(r, caseId, residentId); });
}

quint64 StoreHost::flowContext(const QString &visitId)
{
    return post([visitId](StoreWorker &w, quint64 r) { w.flowContext(r, visitId); });
}

quint64 StoreHost::outboxEntries()
{
    return post([](StoreWorker &w, quint64 r) { w.outboxEntries(r); });
}

quint64 StoreHost::dismissQuarantined(const QString &mutationId)
{
    return post([mutationId](StoreWorker &w, quint64 r) { w.dismissQuarantined(r, mutationId); });
}

quint64 StoreHost::deleteDraft(const QString &id)
{
    return post([id](StoreWorker &w, quint64 r) { w.deleteDraft(r, id); });
}

} // namespace doorstep::mobile
