#include "store/storeworker.h"

#include "db/statement.h"

#include "store/casereader.h"
#include "store/draftstore.h"
#include "store/localchanges.h"
#include "store/outbox.h"
#include "store/recordstore.h"
#include "store/residentsearch.h"
#include "store/syncstate.h"
#include "store/wording.h"

#include <QDateTime>
#include <QTimer>

#include <sodium.h>

#include <algorithm>

namespace doorstep::mobile {

namespace {

std::string utf8(const QString &s)
{
    return s.toStdString();
}

// The PIN in guarded memory for the key store, with the UTF-8 copy Qt made wiped at once.
// (The QString itself comes from the UI and is outside this library's reach.)
SecureBytes pinBytes(const QString &pin)
{
    QByteArray utf = pin.toUtf8();
    SecureBytes out(static_cast<std::size_t>(utf.size()));
    std::copy(utf.cbegin(), utf.cend(), out.data());
    sodium_memzero(utf.data(), static_cast<std::size_t>(utf.size()));
    return out;
}

std::string_view view(const SecureBytes &b)
{
    return {reinterpret_cast<const char *>(b.data()), b.size()};
}

template <typename Message> std::optional<Message> parse(const QByteArray &bytes)
{
    Message m;
    if (!m.ParseFromArray(bytes.constData(), static_cast<int>(bytes.size()))) {
        return std::nullopt;
    }
    return m;
}

Error malformed(const char *what)
{
    return makeError(v1::ERROR_CODE_MALFORMED_BODY,
                     std::string("The ") + what + " could not be read");
}

} // namespace

StoreWorker::StoreWorker(StoreConfig config, const Clock &clock)
    : m_config(std::move(config)), m_clock(clock), m_keys(m_config.keys),
      m_policy(m_config.lock, clock), m_timer(new QTimer(this))
{
    m_timer->setInterval(m_config.lockCheckInterval);
    connect(m_timer, &QTimer::timeout, this, &StoreWorker::checkLock);
}

StoreWorker::~StoreWorker() = default;

void StoreWorker::fail(quint64 request, const Error &error)
{
    emit failed(request, static_cast<int>(error.code), QString::fromStdString(error.message));
}

void StoreWorker::reportWipe()
{
    const auto reason = m_keys.wipeReason();
    const LockReason lock =
        reason == KeyStore::WipeReason::Revoked ? LockReason::Revoked : LockReason::Wiped;
    closeStore(lock);
}

void StoreWorker::openStore(quint64 request, SecureBytes key)
{
    auto store = EncryptedStore::open(m_config.keys.databasePath, key.key256(), m_clock);
    if (!store) {
        fail(request, store.error());
        return;
    }
    m_store.emplace(std::move(store).value());
    auto contact = SyncState(m_store->database()).lastServerContact();
    if (contact && contact->has_value()) {
        m_policy.setLastServerContact(**contact);
    }
    m_policy.recordActivity();
    m_timer->start();
    const LockReason reason = m_policy.evaluate();
    emit unlocked();
    if (reason == LockReason::OfflineTooLong) {
        emit locked(static_cast<int>(reason), QString::fromStdString(describeLockReason(reason)));
    }
    emit finished(request, QVariant());
}

void StoreWorker::closeStore(LockReason reason)
{
    m_timer->stop();
    m_store.reset(); // closes the connection; SQLCipher wipes its copy of the key
    emit locked(static_cast<int>(reason), QString::fromStdString(describeLockReason(reason)));
}

void StoreWorker::createKey(quint64 request, const QString &pin)
{
    auto key = m_keys.create(view(pinBytes(pin)));
    if (!key) {
        fail(request, key.error());
        return;
    }
    openStore(request, std::move(key).value());
}

void StoreWorker::unlock(quint64 request, const QString &pin)
{
    auto key = m_keys.unlock(view(pinBytes(pin)));
    if (!key) {
        if (key.error().code == v1::ERROR_CODE_WIPED) {
            reportWipe();
        }
        fail(request, key.error());
        return;
    }
    openStore(request, std::move(key).value());
}

void StoreWorker::changePin(quint64 request, const QString &oldPin, const QString &newPin)
{
    if (auto s = m_keys.changePin(view(pinBytes(oldPin)), view(pinBytes(newPin))); !s) {
        if (s.error().code == v1::ERROR_CODE_WIPED) {
            reportWipe();
        }
        fail(request, s.error());
        return;
    }
    emit finished(request, QVariant());
}

void StoreWorker::lock(quint64 request)
{
    if (m_store) {
        closeStore(LockReason::Manual);
    }
    emit finished(request, QVariant());
}

void StoreWorker::remoteWipe(quint64 request)
{
    m_store.reset();
    if (auto s = m_keys.wipe(KeyStore::WipeReason::Revoked); !s) {
        fail(request, s.error());
        return;
    }
    closeStore(LockReason::Revoked);
    emit finished(request, QVariant());
}

void StoreWorker::recordActivity(Clock::TimePoint when)
{
    m_policy.recordActivity(when);
}

void StoreWorker::checkLock()
{
    if (!m_store) {
        return;
    }
    const LockReason reason = m_policy.evaluate();
    // Offline-too-long keeps the connection for the sync that lifts it; idle closes it.
    if (reason == LockReason::Idle) {
        closeStore(reason);
    }
}

EncryptedStore *StoreWorker::storeFor(quint64 request, bool allowOffline)
{
    if (!m_store) {
        fail(request, makeError(v1::ERROR_CODE_STORE_LOCKED, "The store is locked"));
        return nullptr;
    }
    const LockReason reason = m_policy.evaluate();
    if (reason == LockReason::Idle) {
        closeStore(reason);
        fail(request, makeError(v1::ERROR_CODE_STORE_LOCKED, describeLockReason(reason)));
        return nullptr;
    }
    if (reason == LockReason::OfflineTooLong && !allowOffline) {
        fail(request, makeError(v1::ERROR_CODE_STORE_LOCKED, describeLockReason(reason)));
        return nullptr;
    }
    return &*m_store;
}

void StoreWorker::recordServerContact(quint64 request)
{
    auto *store = storeFor(request, true);
    if (!store) {
        return;
    }
    const auto now = m_clock.now();
    if (auto s = SyncState(store->database()).setLastServerContact(now); !s) {
        fail(request, s.error());
        return;
    }
    const bool wasOffline = m_policy.evaluate() == LockReason::OfflineTooLong;
    m_policy.setLastServerContact(now);
    if (wasOffline) {
        emit unlocked();
    }
    emit finished(request, QVariant());
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
    SyncState state(store->database());
    if (auto s = state.setCredentials(creds); !s) {
        fail(request, s.error());
        return;
    }
    v1::Council council;
    if (c.contains("council") &&
        council.ParseFromString(c.value("council").toByteArray().toStdString())) {
        answer(request, state.setCouncil(council));
        return;
    }
    emit finished(request, QVariant());
}

void StoreWorker::applyPullPage(quint64 request, const QByteArray &pullResponse)
{
    auto *store = storeFor(request, true);
    if (!store) {
        return;
    }
    const auto page = parse<v1::PullResponse>(pullResponse);
    if (!page) {
        fail(request, malformed("pulled page"));
        return;
    }
    answer(request, RecordStore(store->database()).applyPullPage(*page));
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

void StoreWorker::recordLocalChange(quint64 request, const QByteArray &mutation)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    const auto m = parse<v1::Mutation>(mutation);
    if (!m) {
        fail(request, malformed("change"));
        return;
    }
    m_policy.recordActivity();
    answer(request, LocalChanges(store->database(), m_clock).record(*m));
}

void StoreWorker::searchResidents(quint64 request, const QString &text)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    auto hits = ResidentSearch(store->database()).search(utf8(text));
    if (!hits) {
        fail(request, hits.error());
        return;
    }
    QVariantList out;
    CaseReader reader(store->database());
    for (const auto &h : *hits) {
        auto caseId = reader.caseOfResident(h.residentId);
        out.append(QVariantMap{{"residentId", QString::fromStdString(h.residentId)},
                               {"name", QString::fromStdString(h.name)},
                               {"address", QString::fromStdString(h.address)},
                               {"caseNumbers", QString::fromStdString(h.caseNumbers)},
                               {"caseId", QString::fromStdString(caseId ? *caseId : "")}});
    }
    emit finished(request, out);
}

void StoreWorker::saveDraft(quint64 request, const QVariantMap &draft)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    m_policy.recordActivity();
    const QByteArray body = draft.value("body").toByteArray();
    const Draft d{utf8(draft.value("id").toString()),
                  utf8(draft.value("visitId").toString()),
                  utf8(draft.value("formId").toString()),
                  draft.value("formVersion").toInt(),
                  toUnixMs(m_clock.now()),
                  std::string(body.constData(), static_cast<std::size_t>(body.size()))};
    answer(request, DraftStore(store->database()).save(d));
}

void StoreWorker::loadDraft(quint64 request, const QString &id)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    auto draft = DraftStore(store->database()).load(utf8(id));
    if (!draft) {
        fail(request, draft.error());
        return;
    }
    if (!draft->has_value()) {
        emit finished(request, QVariant());
        return;
    }
    const Draft &d = **draft;
    emit finished(request, QVariantMap{{"id", QString::fromStdString(d.id)},
                                       {"visitId", QString::fromStdString(d.visitId)},
                                       {"formId", QString::fromStdString(d.formId)},
                                       {"formVersion", d.formVersion},
                                       {"updatedAtMs", qint64(d.updatedAtMs)},
                                       {"body", QByteArray::fromStdString(d.body)}});
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

void StoreWorker::keyState(quint64 request)
{
    const auto wiped = m_keys.wipeReason();
    LockReason reason = LockReason::None;
    if (wiped) {
        reason = *wiped == KeyStore::WipeReason::Revoked ? LockReason::Revoked : LockReason::Wiped;
    }
    emit finished(request,
                  QVariantMap{{"hasKey", m_keys.hasKey()},
                              {"lockReason", static_cast<int>(reason)},
                              {"message", reason == LockReason::None
                                              ? QString()
                                              : QString::fromStdString(describeLockReason(reason))},
                              {"remainingAttempts", m_keys.remainingAttempts()}});
}

void StoreWorker::recordLocalChanges(quint64 request, const QList<QByteArray> &mutations)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    std::vector<v1::Mutation> parsed;
    for (const QByteArray &bytes : mutations) {
        auto m = parse<v1::Mutation>(bytes);
        if (!m) {
            fail(request, malformed("change"));
            return;
        }
        parsed.push_back(std::move(*m));
    }
    m_policy.recordActivity();
    answer(request, LocalChanges(store->database(), m_clock).recordAll(parsed));
}

bool StoreWorker::credentials(quint64 request, EncryptedStore &store,
                              std::optional<SyncState::Credentials> &out)
{
    auto creds = SyncState(store.database()).credentials();
    if (!creds) {
        fail(request, creds.error());
        return false;
    }
    out = std::move(*creds);
    return true;
}

void StoreWorker::desk(quint64 request, const DeskQuery &query)
{
    auto *store = storeFor(request);
    std::optional<SyncState::Credentials> creds;
    if (!store || !credentials(request, *store, creds)) {
        return;
    }
    DeskContext context{toUnixMs(m_clock.now()), 5, {}};
    if (creds && creds->referralTargetWorkingDays > 0) {
        context.referralTargetWorkingDays = creds->referralTargetWorkingDays;
    }
    auto council = SyncState(store->database()).council();
    if (!council) {
        fail(request, council.error());
        return;
    }
    auto days = calendar::CouncilCalendar::of(council->value_or(v1::Council()));
    if (!days) {
        fail(request, days.error());
        return;
    }
    context.days = std::move(*days);
    context.lateGraceMs = visits::graceOf(council->value_or(v1::Council()));
    if (council->has_value() && (*council)->follow_up_call_attempts() > 0) {
        context.followUpAttempts = (*council)->follow_up_call_attempts();
    }
    DeskReader reader(store->database(), context.days);
    answer(request, query(reader, context));
}

void StoreWorker::visits(quint64 request, qint64 fromMs, qint64 toMs)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    answer(request, CaseReader(store->database()).visits(fromMs, toMs));
}

void StoreWorker::visitInProgress(quint64 request)
{
    auto *store = storeFor(request);
    std::optional<SyncState::Credentials> creds;
    if (!store || !credentials(request, *store, creds)) {
        return;
    }
    if (!creds) {
        answer(request, Result<QVariantMap>(QVariantMap()));
        return;
    }
    answer(request, CaseReader(store->database()).visitInProgress(creds->userId));
}

void StoreWorker::caseDetail(quint64 request, const QString &caseId, const QString &residentId)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    CaseReader reader(store->database());
    std::string id = utf8(caseId);
    if (id.empty()) {
        auto found = reader.caseOfResident(utf8(residentId));
        if (!found) {
            fail(request, found.error());
            return;
        }
        id = *found;
    }
    answer(request, reader.caseDetail(id, toUnixMs(m_clock.now())));
}

void StoreWorker::flowContext(quint64 request, const QString &visitId)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    auto context = CaseReader(store->database()).flowContext(utf8(visitId));
    if (!context) {
        fail(request, context.error());
        return;
    }
    std::optional<SyncState::Credentials> creds;
    if (!credentials(request, *store, creds)) {
        return;
    }
    if (creds) {
        context->insert("userId", QString::fromStdString(creds->userId));
        context->insert("deviceId", QString::fromStdString(creds->deviceId));
    }
    // Names of the coordinators who may answer the officer's alert.
    auto q = store->database().prepare("SELECT body FROM users");
    if (!q) {
        fail(request, q.error());
        return;
    }
    QVariantMap names;
    auto read = q->forEach([&]() -> Status {
        v1::User u;
        if (u.ParseFromString(q->blob(0))) {
            names.insert(QString::fromStdString(u.id()), QString::fromStdString(u.display_name()));
        }
        return {};
    });
    if (!read) {
        fail(request, read.error());
        return;
    }
    context->insert("userNames", names);
    emit finished(request, *context);
}

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

void StoreWorker::deleteDraft(quint64 request, const QString &id)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    answer(request, DraftStore(store->database()).remove(utf8(id)));
}

} // namespace doorstep::mobile
