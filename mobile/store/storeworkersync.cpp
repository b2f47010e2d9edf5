// The store's side of syncing: server contact, credentials, pull pages, push batches and the
// outbox.

#include "store/storeworker.h"

#include "store/outbox.h"
#include "store/qtext.h"
#include "store/recordstore.h"
#include "store/syncstate.h"
#include "store/wirebytes.h"
#include "store/wording.h"

#include <QDateTime>

#include <google/protobuf/arena.h>

namespace doorstep::mobile {

void StoreWorker::serverContacted(Clock::TimePoint when)
{
    const bool wasOffline = m_policy.evaluate() == LockReason::OfflineTooLong;
    m_policy.setLastServerContact(when);
    if (wasOffline) {
        emit unlocked();
    }
}

void StoreWorker::syncState(quint64 request)
{
    auto *store = storeFor(request, true);
    if (!store) {
        return;
    }
    SyncState state(store->database());
    auto cursor = state.pullCursor();
    auto creds = state.credentials();
    if (!cursor || !creds) {
        fail(request, !cursor ? cursor.error() : creds.error());
        return;
    }
    QVariantMap out{{"cursor", qint64(*cursor)}};
    if (auto contact = state.lastServerContact(); contact && contact->has_value()) {
        out["lastServerContactMs"] = qint64(toUnixMs(**contact));
    }
    if (creds->has_value()) {
        const auto &c = **creds;
        out["serverUrl"] = QString::fromStdString(c.serverUrl);
        out["deviceId"] = QString::fromStdString(c.deviceId);
        out["deviceSecret"] = QString::fromStdString(c.deviceSecret);
        out["userId"] = QString::fromStdString(c.userId);
        out["userName"] = QString::fromStdString(c.userName);
        out["serverPins"] = QString::fromStdString(c.serverPins);
        out["role"] = c.role;
    }
    auto council = state.council();
    if (!council) {
        fail(request, council.error());
        return;
    }
    if (council->has_value()) {
        out["council"] = QByteArray::fromStdString((*council)->SerializeAsString());
    }
    emit finished(request, out);
}

void StoreWorker::saveCredentials(quint64 request, const QVariantMap &c)
{
    auto *store = storeFor(request, true);
    if (!store) {
        return;
    }
    SyncState::Credentials creds{c.value("serverUrl").toString().toStdString(),
                                 c.value("deviceId").toString().toStdString(),
                                 c.value("deviceSecret").toString().toStdString(),
                                 c.value("userId").toString().toStdString(),
                                 c.value("userName").toString().toStdString(),
                                 c.value("role").toInt(),
                                 c.value("referralTargetWorkingDays").toInt(),
                                 c.value("serverPins").toString().toStdString()};
    // All or nothing, and one commit: a tablet cut off part-way must not keep a device id
    // without its secret.
    auto tx = db::Transaction::begin(store->database());
    if (!tx) {
        fail(request, tx.error());
        return;
    }
    SyncState state(store->database());
    if (auto s = state.setCredentials(creds); !s) {
        fail(request, s.error());
        return;
    }
    v1::Council council;
    if (c.contains("council") &&
        council.ParseFromString(c.value("council").toByteArray().toStdString())) {
        if (auto s = state.setCouncil(council); !s) {
            fail(request, s.error());
            return;
        }
    }
    answer(request, tx->commit());
}

void StoreWorker::applyPullPage(quint64 request, const QByteArray &pullResponse)
{
    auto *store = storeFor(request, true);
    if (!store) {
        return;
    }
    // A page is up to thousands of small messages: parsed into an arena, they are allocated
    // and freed in a few blocks rather than one by one.
    google::protobuf::Arena arena;
    auto *page = google::protobuf::Arena::Create<v1::PullResponse>(&arena);
    if (!page->ParseFromArray(pullResponse.constData(), static_cast<int>(pullResponse.size()))) {
        fail(request, malformed("pulled page"));
        return;
    }
    // The last page of a pull is the server's contact: stored with the page, in its transaction.
    const auto now = m_clock.now();
    if (auto s = RecordStore(store->database()).applyPullPage(*page, now); !s) {
        fail(request, s.error());
        return;
    }
    if (!page->has_more()) {
        serverContacted(now);
    }
    emit finished(request, QVariant());
}

void StoreWorker::pushBatch(quint64 request, int limit)
{
    auto *store = storeFor(request, true);
    if (!store) {
        return;
    }
    auto entries = Outbox(store->database()).pending(limit);
    if (!entries) {
        fail(request, entries.error());
        return;
    }
    v1::PushRequest batch;
    for (const auto &e : *entries) {
        *batch.add_mutations() = e.mutation;
    }
    emit finished(request, QByteArray::fromStdString(batch.SerializeAsString()));
}

void StoreWorker::applyPushResponse(quint64 request, const QByteArray &sent,
                                    const QByteArray &response)
{
    auto *store = storeFor(request, true);
    if (!store) {
        return;
    }
    const auto req = parse<v1::PushRequest>(sent);
    const auto resp = parse<v1::PushResponse>(response);
    if (!req || !resp) {
        fail(request, malformed("push answer"));
        return;
    }
    answer(request, Outbox(store->database()).applyPushResponse(*req, *resp));
}

void StoreWorker::outboxCounts(quint64 request)
{
    auto *store = storeFor(request, true);
    if (!store) {
        return;
    }
    Outbox outbox(store->database());
    auto pending = outbox.pendingCount();
    auto quarantined = outbox.quarantined();
    if (!pending || !quarantined) {
        fail(request, !pending ? pending.error() : quarantined.error());
        return;
    }
    emit finished(request,
                  QVariantMap{{"pending", *pending}, {"quarantined", int(quarantined->size())}});
}

namespace {

QString describe(const v1::Mutation &m)
{
    switch (m.op_case()) {
    case v1::Mutation::kAppendCaseEvent:
        return wording::event(m.append_case_event()).title;
    case v1::Mutation::kTransitionVisit:
        return QStringLiteral("Visit marked ") +
               wording::visitStatus(m.transition_visit().to_status()).toLower();
    case v1::Mutation::kUpdateResident:
        return QStringLiteral("Resident details changed");
    case v1::Mutation::kAssignVisit:
        return QStringLiteral("Visit scheduled or reassigned");
    case v1::Mutation::kCreateReferral:
        return QStringLiteral("New referral");
    case v1::Mutation::kTriageReferral:
        return QStringLiteral("Referral triaged");
    case v1::Mutation::OP_NOT_SET:
        break;
    }
    return QStringLiteral("Change");
}

} // namespace

void StoreWorker::outboxEntries(quint64 request)
{
    auto *store = storeFor(request, true);
    if (!store) {
        return;
    }
    Outbox outbox(store->database());
    auto quarantined = outbox.quarantined();
    auto pending = outbox.pending(1000);
    if (!quarantined || !pending) {
        fail(request, !quarantined ? quarantined.error() : pending.error());
        return;
    }
    QVariantList out;
    for (const auto *list : {&*quarantined, &*pending}) {
        for (const OutboxEntry &e : *list) {
            out.append(QVariantMap{
                {"mutationId", QString::fromStdString(e.mutationId)},
                {"state", e.state == OutboxEntry::State::Quarantined ? QStringLiteral("quarantined")
                                                                     : QStringLiteral("pending")},
                {"createdAt", QDateTime::fromMSecsSinceEpoch(e.createdAtMs, Qt::UTC)},
                {"attempts", e.attempts},
                {"description", describe(e.mutation)},
                {"error", QString::fromStdString(e.errorMessage)}});
        }
    }
    emit finished(request, out);
}

void StoreWorker::dismissQuarantined(quint64 request, const QString &mutationId)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    answer(request, Outbox(store->database()).dismiss(utf8(mutationId)));
}

} // namespace doorstep::mobile
