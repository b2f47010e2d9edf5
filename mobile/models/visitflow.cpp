// The visit's steps: check in, the forms in order, check out or end early, as recorded mutations.

#include "models/visitflow.h"

#include "doorstep/v1/sync.pb.h"
#include "forms/visitcontext.h"
#include "forms/visitresults.h"
#include "models/appcontroller.h"
#include "store/prototime.h"
#include "store/qtext.h"
#include "store/wording.h"
#include "sync/loneworkeralert.h"

#include <QJSValue>
#include <QUuid>

namespace doorstep::mobile {

namespace {

const char *formOf(VisitFlow::Step step)
{
    switch (step) {
    case VisitFlow::Consent:
        return "consent";
    case VisitFlow::Checklist:
        return "signposting_checklist";
    case VisitFlow::Assessment:
        return "visit_assessment";
    case VisitFlow::Outcome:
        return "outcome";
    default:
        return nullptr;
    }
}

} // namespace

VisitFlow::VisitFlow(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &VisitFlow::onTick);
}

void VisitFlow::setApp(AppController *app)
{
    if (app != m_app) {
        if (m_app) {
            disconnect(m_app, nullptr, this, nullptr);
        }
        m_app = app;
        if (m_app) {
            connect(m_app, &AppController::synced, this, &VisitFlow::refreshVisit);
            connect(m_app->loneWorker(), &LoneWorkerGuard::changed, this, &VisitFlow::changed);
        }
        emit appChanged();
        load();
    }
}

void VisitFlow::setVisitId(const QString &id)
{
    if (id != m_visitId) {
        m_visitId = id;
        emit visitIdChanged();
        load();
    }
}

void VisitFlow::setPlannedMinutes(int minutes)
{
    if (minutes != m_plannedMinutes && minutes > 0) {
        m_plannedMinutes = minutes;
        emit changed();
    }
}

void VisitFlow::setError(const QString &message)
{
    m_error = message;
    emit changed();
}

void VisitFlow::load()
{
    if (!m_app || !m_app->store() || m_visitId.isEmpty()) {
        return;
    }
    m_ready = false;
    StoreHost *store = m_app->store();
    store->then(
        store->flowContext(m_visitId), this,
        [this, store](const QVariant &v) {
            const QVariantMap c = v.toMap();
            if (c.isEmpty()) {
                setError(tr("This visit is no longer on this device."));
                return;
            }
            const QByteArray visit = c.value("visit").toByteArray();
            const QByteArray resident = c.value("resident").toByteArray();
            m_visit.ParseFromArray(visit.constData(), int(visit.size()));
            m_resident.reset();
            if (!resident.isEmpty()) {
                m_resident.emplace();
                m_resident->ParseFromArray(resident.constData(), int(resident.size()));
            }
            m_names = c.value("userNames").toMap();
            m_caseId = c.value("caseId").toString();
            m_caseNumber = c.value("caseNumber").toString();
            m_source = static_cast<v1::ReferralSource>(c.value("referralSource").toInt());
            m_userId = c.value("userId").toString();
            m_deviceId = c.value("deviceId").toString();
            m_registry = forms::FormRegistry();
            for (const QVariant &f : c.value("forms").toList()) {
                v1::FormDefinition def;
                const QByteArray bytes = f.toByteArray();
                if (def.ParseFromArray(bytes.constData(), int(bytes.size()))) {
                    // A definition that does not compile is left out; its step says so.
                    (void)m_registry.add(def);
                }
            }
            store->then(store->loadDraft("visit:" + m_visitId), this, [this](const QVariant &d) {
                m_draft.Clear();
                m_session.reset();
                m_problems.clear();
                const bool final = m_visit.status() == v1::VISIT_STATUS_COMPLETED ||
                                   m_visit.status() == v1::VISIT_STATUS_NO_ACCESS ||
                                   m_visit.status() == v1::VISIT_STATUS_CANCELLED;
                const QByteArray body = d.toMap().value("body").toByteArray();
                if (final) {
                    // Checked out (perhaps killed before the draft went): nothing to resume.
                    m_step = Done;
                    m_app->store()->deleteDraft("visit:" + m_visitId);
                } else if (!body.isEmpty() &&
                           m_draft.ParseFromArray(body.constData(), int(body.size()))) {
                    m_step = static_cast<Step>(m_draft.step());
                    if (m_draft.has_current_form()) {
                        auto restored = forms::FormSession::restore(
                            m_registry, m_draft.current_form(), context());
                        if (restored) {
                            m_session.emplace(std::move(restored).value());
                        } else {
                            m_error = qs(restored.error().message);
                        }
                    }
                } else {
                    m_draft.set_visit_id(m_visitId.toStdString());
                    m_step = CheckIn;
                }
                if (m_draft.has_lone_worker_deadline() && m_step < Done) {
                    m_timer.start();
                }
                // An alert raised from the lock screen is this visit's alert, on its way.
                if (m_alertEventId.empty()) {
                    m_alertEventId = m_app->loneWorker()->alertEventFor(m_visitId).toStdString();
                }
                m_ready = true;
                emit changed();
                emit tick();
            });
        },
        [this](int, const QString &message) { setError(message); });
}

forms::FormContext VisitFlow::context() const
{
    std::vector<v1::FormSubmission> same(m_draft.finished().begin(), m_draft.finished().end());
    return forms::visitContext(m_resident ? &*m_resident : nullptr, m_source, same);
}

std::string VisitFlow::newId() const
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

QString VisitFlow::stepTitle() const
{
    switch (m_step) {
    case CheckIn:
        return tr("Check in");
    case Consent:
        return tr("Consent");
    case Checklist:
        return tr("Signposting checklist");
    case Assessment:
        return tr("Visit assessment");
    case Outcome:
        return tr("Outcome and referrals");
    case Safeguarding:
        return tr("Safeguarding");
    case CheckOut:
        return tr("Check out");
    case Done:
        return tr("Visit complete");
    }
    return {};
}

QString VisitFlow::residentName() const
{
    return m_resident ? (qs(m_resident->given_name()) + ' ' + qs(m_resident->family_name()))
                      : tr("Resident");
}

QStringList VisitFlow::needs() const
{
    return m_resident ? wording::contactNeeds(m_resident->contact_needs()) : QStringList();
}

QStringList VisitFlow::vulnerabilities() const
{
    return m_resident ? wording::vulnerabilities(*m_resident) : QStringList();
}

QStringList VisitFlow::risks() const
{
    return m_resident ? wording::risks(*m_resident) : QStringList();
}

void VisitFlow::startStep(Step step)
{
    m_step = step;
    m_draft.set_step(step);
    m_session.reset();
    m_problems.clear();
    m_draft.clear_current_form();
    if (const char *formId = formOf(step)) {
        startForm(formId);
    }
    save();
    emit changed();
}

void VisitFlow::startForm(const char *formId)
{
    auto form = m_registry.latest(formId);
    if (!form) {
        m_error = tr("The %1 form is not on this device yet. Sync, then try again.")
                      .arg(QString::fromLatin1(formId).replace('_', ' '));
        return;
    }
    m_error.clear();
    m_session.emplace(form, context(), m_caseId.toStdString(), m_visitId.toStdString());
}

void VisitFlow::save()
{
    if (!m_app || !m_app->store()) {
        return;
    }
    if (m_session) {
        *m_draft.mutable_current_form() = m_session->draft();
    }
    QVariantMap draft{{"id", "visit:" + m_visitId},
                      {"visitId", m_visitId},
                      {"body", QByteArray::fromStdString(m_draft.SerializeAsString())}};
    if (m_session) {
        draft.insert("formId", qs(m_session->form().id()));
        draft.insert("formVersion", m_session->form().version());
    }
    m_app->store()->saveDraft(draft);
}

void VisitFlow::record(const QList<QByteArray> &mutations, std::function<void()> then)
{
    m_app->recordChanges(mutations, [this, then](bool ok, const QString &message) {
        if (!ok) {
            setError(message);
            return;
        }
        if (then) {
            then();
        }
    });
}

QByteArray VisitFlow::transition(v1::VisitStatus to, bool withDeadline,
                                 const VisitEnding &ended) const
{
    const qint64 now = m_app->nowMs();
    v1::Mutation m;
    m.set_mutation_id(newId());
    auto *t = m.mutable_transition_visit();
    t->set_visit_id(m_visitId.toStdString());
    t->set_base_version(m_visit.version());
    t->set_to_status(to);
    *t->mutable_position() = m_app->positions()->current(now);
    *t->mutable_at() = timestampOf(now);
    if (withDeadline) {
        *t->mutable_lone_worker_deadline() = m_draft.lone_worker_deadline();
    }
    t->set_reason(ended.reason);
    t->set_card_left(ended.cardLeft);
    t->set_rebook_needed(ended.rebook);
    return QByteArray::fromStdString(m.SerializeAsString());
}

void VisitFlow::checkIn()
{
    if (!m_ready || m_step != CheckIn) {
        return;
    }
    if (!otherVisitId().isEmpty()) {
        setError(tr("You are still checked in to the visit for case %1. Check out of it first.")
                     .arg(otherCaseNumber()));
        return;
    }
    const qint64 now = m_app->nowMs();
    *m_draft.mutable_lone_worker_deadline() =
        timestampOf(now + qint64(m_plannedMinutes) * 60 * 1000);
    const v1::GeoPosition where = m_app->positions()->current(now);
    m_checkInPosition = wording::position(where);
    record({transition(v1::VISIT_STATUS_IN_PROGRESS, true)}, [this] {
        m_visit.set_status(v1::VISIT_STATUS_IN_PROGRESS);
        m_timer.start();
        startStep(Consent);
        emit tick();
    });
}

void VisitFlow::onMyWay()
{
    if (!m_ready || m_step != CheckIn || m_visit.status() != v1::VISIT_STATUS_SCHEDULED) {
        return;
    }
    record({transition(v1::VISIT_STATUS_EN_ROUTE, false)}, [this] {
        m_visit.set_status(v1::VISIT_STATUS_EN_ROUTE);
        emit changed();
    });
}

void VisitFlow::endVisit(int ending, const QString &reason, bool cardLeft, bool rebook)
{
    if (!m_ready || m_step != CheckIn) {
        return;
    }
    const QString why = reason.trimmed();
    if (ending != NoAccess && ending != Cancelled) {
        setError(tr("Choose no access or cancelled"));
        return;
    }
    if (why.isEmpty()) {
        setError(ending == NoAccess ? tr("Say why there was no access")
                                    : tr("Say why the visit was cancelled"));
        return;
    }
    if (why.toUtf8().size() > 500) {
        setError(tr("Keep the reason under 500 characters"));
        return;
    }
    const auto to = static_cast<v1::VisitStatus>(ending);
    record({transition(to, false,
                       {why.toStdString(), to == v1::VISIT_STATUS_NO_ACCESS && cardLeft, rebook})},
           [this, to] {
               m_error.clear();
               m_timer.stop();
               m_visit.set_status(to);
               m_app->store()->deleteDraft("visit:" + m_visitId);
               m_step = Done;
               emit changed();
               emit finished();
           });
}

void VisitFlow::confirmSafeguarding()
{
    if (m_step == Safeguarding) {
        startStep(CheckOut);
    }
}

void VisitFlow::setSafeguardingNote(const QString &note)
{
    if (note != safeguardingNote()) {
        m_draft.set_safeguarding_note(note.toStdString());
        save();
        emit changed();
    }
}

QStringList VisitFlow::escalations() const
{
    QStringList out;
    if (m_step < Safeguarding || m_step == Done) {
        return out;
    }
    forms::CompletedVisit done{m_caseId.toStdString(),
                               m_visitId.toStdString(),
                               m_userId.toStdString(),
                               m_deviceId.toStdString(),
                               0,
                               {}};
    done.submissions.assign(m_draft.finished().begin(), m_draft.finished().end());
    auto events = forms::visitResults(m_registry, done, context());
    if (!events) {
        return out;
    }
    for (const auto &e : *events) {
        if (e.has_safeguarding()) {
            out << qs(e.safeguarding().details());
        }
    }
    return out;
}

void VisitFlow::checkOut()
{
    if (m_step != CheckOut) {
        return;
    }
    const qint64 now = m_app->nowMs();
    forms::CompletedVisit done{m_caseId.toStdString(),
                               m_visitId.toStdString(),
                               m_userId.toStdString(),
                               m_deviceId.toStdString(),
                               now,
                               {}};
    done.submissions.assign(m_draft.finished().begin(), m_draft.finished().end());
    auto events = forms::visitResults(m_registry, done, context());
    if (!events) {
        setError(qs(events.error().message));
        return;
    }
    if (!m_draft.safeguarding_note().empty()) {
        v1::CaseEvent e;
        e.set_id(m_visitId.toStdString() + "-safeguarding-officer");
        e.set_case_id(m_caseId.toStdString());
        e.set_kind(v1::CASE_EVENT_KIND_SAFEGUARDING);
        e.set_actor_user_id(m_userId.toStdString());
        e.set_device_id(m_deviceId.toStdString());
        *e.mutable_occurred_at() = timestampOf(now);
        e.mutable_safeguarding()->set_visit_id(m_visitId.toStdString());
        e.mutable_safeguarding()->set_concern_id("officer_note");
        e.mutable_safeguarding()->set_details(m_draft.safeguarding_note());
        events->push_back(std::move(e));
    }
    QList<QByteArray> mutations;
    for (const auto &e : *events) {
        v1::Mutation m;
        m.set_mutation_id("m-" + e.id()); // one per event, so a repeat is a duplicate
        *m.mutable_append_case_event() = e;
        mutations << QByteArray::fromStdString(m.SerializeAsString());
    }
    mutations << transition(v1::VISIT_STATUS_COMPLETED, false);
    record(mutations, [this] {
        m_timer.stop();
        m_visit.set_status(v1::VISIT_STATUS_COMPLETED);
        m_app->store()->deleteDraft("visit:" + m_visitId);
        m_step = Done;
        m_session.reset();
        emit changed();
        emit finished();
    });
}

} // namespace doorstep::mobile
