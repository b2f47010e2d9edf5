// Reading and changing case data on the store's worker thread: local changes, search, drafts,
// the desk's queries, visits and case detail.

#include "store/storeworker.h"

#include "db/statement.h"
#include "store/casereader.h"
#include "store/draftstore.h"
#include "store/localchanges.h"
#include "store/qtext.h"
#include "store/residentsearch.h"
#include "store/syncstate.h"
#include "store/wirebytes.h"

#include <vector>

namespace doorstep::mobile {

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

void StoreWorker::deleteDraft(quint64 request, const QString &id)
{
    auto *store = storeFor(request);
    if (!store) {
        return;
    }
    answer(request, DraftStore(store->database()).remove(utf8(id)));
}

} // namespace doorstep::mobile
