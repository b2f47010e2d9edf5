#include "models/deskactions.h"

#include "models/appcontroller.h"
#include "store/deskreader.h"
#include "store/prototime.h"

#include "doorstep/v1/sync.pb.h"

#include <google/protobuf/stubs/strutil.h>

#include <QUuid>

namespace doorstep::mobile {

namespace {

// The longest contact summary or note, as the server takes it (bytes of UTF-8).
constexpr int kMaxContactBytes = 2000;

std::string str(const QString &s)
{
    return s.trimmed().toStdString();
}

} // namespace

DeskActions::DeskActions(QObject *parent) : QObject(parent) {}

void DeskActions::setApp(AppController *app)
{
    if (app == m_app) {
        return;
    }
    if (m_app) {
        disconnect(m_app, nullptr, this, nullptr);
    }
    m_app = app;
    if (m_app) {
        connect(m_app, &AppController::dataChanged, this, [this] {
            if (m_kpisShown) {
                reloadKpis();
            } else {
                m_kpisStale = true;
            }
            loadOfficers();
        });
        m_kpisStale = true;
        if (m_kpisShown) {
            reloadKpis();
        }
        loadOfficers();
    }
    emit appChanged();
}

void DeskActions::setKpisShown(bool shown)
{
    if (shown == m_kpisShown) {
        return;
    }
    m_kpisShown = shown;
    emit kpisShownChanged();
    if (shown && m_kpisStale) {
        reloadKpis();
    }
}

void DeskActions::setKpiFrom(const QDate &d)
{
    if (d != m_kpiFrom) {
        m_kpiFrom = d;
        reloadKpis();
    }
}

void DeskActions::setKpiTo(const QDate &d)
{
    if (d != m_kpiTo) {
        m_kpiTo = d;
        reloadKpis();
    }
}

qint64 DeskActions::nowMs() const
{
    return m_app ? m_app->nowMs() : QDateTime::currentMSecsSinceEpoch();
}

std::string DeskActions::newId() const
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

void DeskActions::reloadKpis()
{
    if (!m_app || !m_app->store() || m_app->stage() != AppController::Ready) {
        return;
    }
    // Periods are whole council days.
    const CouncilClock &clock = m_app->councilClock();
    const QDate today = clock.dateOf(nowMs());
    const QDate to = m_kpiTo.isValid() ? m_kpiTo : today.addDays(1);
    const QDate from = m_kpiFrom.isValid() ? m_kpiFrom : to.addDays(-28);
    const qint64 fromMs = clock.startOf(from);
    const qint64 toMs = clock.startOf(to);
    m_kpisStale = false;
    m_app->store()->then(m_app->store()->desk([fromMs, toMs](DeskReader &d, const DeskContext &) {
        return asVariant(d.kpis(fromMs, toMs));
    }),
                         this, [this, from, to](const QVariant &v) {
                             m_kpis = v.toMap();
                             m_kpis["from"] = from;
                             m_kpis["to"] =
                                 to.addDays(-1); // the last day included, for the heading
                             emit kpisChanged();
                         });
}

QString DeskActions::choosePeriod(const QString &from, const QString &to)
{
    const QDate first = QDate::fromString(from.trimmed(), Qt::ISODate);
    const QDate last = QDate::fromString(to.trimmed(), Qt::ISODate);
    if (!first.isValid() || !last.isValid()) {
        return tr("Write each date as year-month-day, for example 2026-09-01");
    }
    if (last < first) {
        return tr("The period ends before it starts");
    }
    m_kpiFrom = first;
    m_kpiTo = last.addDays(1);
    reloadKpis();
    return {};
}

void DeskActions::choosePastDays(int days)
{
    if (!m_app || days <= 0) {
        return;
    }
    m_kpiTo = m_app->councilClock().dateOf(nowMs()).addDays(1);
    m_kpiFrom = m_kpiTo.addDays(-days);
    reloadKpis();
}

QVariantList DeskActions::bookingDays(int count) const
{
    QVariantList out;
    if (!m_app) {
        return out;
    }
    const CouncilClock &clock = m_app->councilClock();
    const calendar::CouncilCalendar &days = clock.calendar();
    std::int64_t day = days.dayOf(nowMs());
    if (!days.isWorkingDay(day)) {
        day = days.addWorkingDays(day, 1);
    }
    while (out.size() < count) {
        out.append(QVariantMap{{"label", clock.format(days.startOfDay(day), "ddd d MMM")},
                               {"day", CouncilClock::dateOfDay(day)}});
        day = days.addWorkingDays(day, 1);
    }
    return out;
}

QDateTime DeskActions::councilTime(const QDate &day, int minuteOfDay) const
{
    if (!m_app || !day.isValid()) {
        return {};
    }
    const calendar::CouncilCalendar &days = m_app->councilClock().calendar();
    return QDateTime::fromMSecsSinceEpoch(days.at(CouncilClock::dayNumber(day), minuteOfDay),
                                          Qt::UTC);
}

void DeskActions::loadOfficers()
{
    if (!m_app || !m_app->store() || m_app->stage() != AppController::Ready) {
        return;
    }
    m_app->store()->then(m_app->store()->desk([](DeskReader &d, const DeskContext &) {
        return asVariant(d.officers());
    }),
                         this, [this](const QVariant &v) {
                             if (v.toList() != m_officers) {
                                 m_officers = v.toList();
                                 emit officersChanged();
                             }
                         });
}

v1::Mutation DeskActions::caseEvent(const QString &caseId, int kind) const
{
    v1::Mutation m;
    m.set_mutation_id(newId());
    v1::CaseEvent &e = *m.mutable_append_case_event();
    e.set_id(newId());
    e.set_case_id(str(caseId));
    e.set_kind(static_cast<v1::CaseEventKind>(kind));
    // The server sets who from the credential; set here too, so the screens can say who
    // before the next sync.
    e.set_actor_user_id(str(m_app ? m_app->userId() : QString()));
    *e.mutable_occurred_at() = timestampOf(nowMs());
    return m;
}

void DeskActions::record(const v1::Mutation &m, const QString &doneMessage)
{
    if (!m_app) {
        emit done(false, tr("Doorstep is not ready yet"));
        return;
    }
    m_app->recordChanges({QByteArray::fromStdString(m.SerializeAsString())},
                         [this, doneMessage](bool ok, const QString &error) {
                             emit done(ok, ok ? doneMessage : error);
                         });
}

void DeskActions::triage(const QString &referralId, qint64 version, int urgency,
                         const QString &linkCaseId)
{
    if (urgency < v1::URGENCY_ROUTINE || urgency > v1::URGENCY_URGENT) {
        emit done(false, tr("Choose how urgent the referral is"));
        return;
    }
    v1::Mutation m;
    m.set_mutation_id(newId());
    v1::TriageReferral &t = *m.mutable_triage_referral();
    t.set_referral_id(str(referralId));
    t.set_base_version(version);
    t.set_urgency(static_cast<v1::Urgency>(urgency));
    t.set_status(v1::REFERRAL_STATUS_TRIAGED);
    if (linkCaseId.isEmpty()) {
        t.set_open_case(true);
    } else {
        t.set_case_id(str(linkCaseId));
    }
    record(m, linkCaseId.isEmpty() ? tr("Triaged: a new case will be opened")
                                   : tr("Triaged and linked to the open case"));
}

void DeskActions::decline(const QString &referralId, qint64 version)
{
    v1::Mutation m;
    m.set_mutation_id(newId());
    v1::TriageReferral &t = *m.mutable_triage_referral();
    t.set_referral_id(str(referralId));
    t.set_base_version(version);
    t.set_status(v1::REFERRAL_STATUS_DECLINED);
    record(m, tr("Referral declined"));
}

void DeskActions::bookVisit(const QString &visitId, qint64 version, const QString &caseId,
                            const QString &officerId, const QDateTime &start, int minutes,
                            const QString &purpose)
{
    if (caseId.isEmpty() || officerId.isEmpty() || !start.isValid() || minutes <= 0) {
        emit done(false, tr("Choose the case, the officer, the day and the time"));
        return;
    }
    v1::Mutation m;
    m.set_mutation_id(newId());
    v1::AssignVisit &a = *m.mutable_assign_visit();
    a.set_base_version(visitId.isEmpty() ? 0 : version);
    v1::Visit &v = *a.mutable_visit();
    v.set_id(visitId.isEmpty() ? newId() : str(visitId));
    v.set_case_id(str(caseId));
    v.set_officer_user_id(str(officerId));
    v.set_status(v1::VISIT_STATUS_SCHEDULED);
    v.set_version(visitId.isEmpty() ? 1 : version);
    *v.mutable_window()->mutable_start() = timestampOf(start.toMSecsSinceEpoch());
    *v.mutable_window()->mutable_end() = timestampOf(start.toMSecsSinceEpoch() + minutes * 60000LL);
    v.set_purpose(str(purpose));
    record(m, visitId.isEmpty() ? tr("Visit booked") : tr("Visit changed"));
}

void DeskActions::acknowledgeOverdue(const QString &visitId, const QString &caseId,
                                     const QString &action)
{
    if (action.trimmed().isEmpty()) {
        emit done(false, tr("Say what you are doing about it"));
        return;
    }
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED);
    v1::CaseEvent &e = *m.mutable_append_case_event();
    e.mutable_overdue_acknowledgement()->set_visit_id(str(visitId));
    e.mutable_overdue_acknowledgement()->set_action(str(action));
    record(m, tr("Acknowledged"));
}

void DeskActions::answerAlert(const QString &visitId, const QString &caseId, int answer,
                              const QString &text)
{
    if (answer == Escalated && text.trimmed().isEmpty()) {
        emit done(false, tr("Say who it was escalated to"));
        return;
    }
    if (answer != Acknowledged && answer != OfficerSafe && answer != Escalated) {
        emit done(false, tr("Choose what was done about the alert"));
        return;
    }
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED);
    v1::OverdueAcknowledgement &a =
        *m.mutable_append_case_event()->mutable_overdue_acknowledgement();
    a.set_visit_id(str(visitId));
    a.set_resolution(static_cast<v1::AlertResolution>(answer));
    a.set_escalated_to(answer == Escalated ? str(text.trimmed()) : std::string());
    a.set_action(answer == OfficerSafe ? "Officer safe" : str(text.trimmed()));
    record(m, answer == OfficerSafe ? tr("Closed: officer safe")
              : answer == Escalated ? tr("Escalation recorded")
                                    : tr("Alert acknowledged"));
    // The officer is waiting to hear: send it now.
    m_app->syncNow();
}

void DeskActions::logContact(const QString &caseId, int kind, bool inbound, const QString &text)
{
    const QString said = text.trimmed();
    if (said.isEmpty()) {
        emit done(false, kind == 0 ? tr("Write the note") : tr("Say what the contact was about"));
        return;
    }
    if (said.toUtf8().size() > kMaxContactBytes) {
        emit done(false, tr("Keep it under %1 characters").arg(kMaxContactBytes));
        return;
    }
    if (kind != 0 && (!v1::ContactKind_IsValid(kind) || kind == v1::CONTACT_KIND_UNSPECIFIED)) {
        emit done(false, tr("Choose how the contact was made"));
        return;
    }
    if (kind == 0) {
        v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_NOTE);
        m.mutable_append_case_event()->mutable_note()->set_text(str(said));
        record(m, tr("Note added to the case"));
        return;
    }
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_CONTACT);
    v1::Contact &c = *m.mutable_append_case_event()->mutable_contact();
    c.set_kind(static_cast<v1::ContactKind>(kind));
    c.set_inbound(inbound);
    c.set_summary(str(said));
    record(m, tr("Contact logged to the case"));
}

void DeskActions::resolveConflict(const QString &caseId, const QString &residentId,
                                  const QString &field, const QString &seen,
                                  const QString &resolution)
{
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_CONFLICT);
    v1::Conflict &c = *m.mutable_append_case_event()->mutable_conflict();
    c.set_record_type("resident");
    c.set_record_id(str(residentId));
    c.set_field(str(field));
    c.set_resolved(true);
    c.set_server_value(seen.toStdString());
    c.set_resolution(str(resolution));
    record(m, tr("Conflict resolved"));
}

void DeskActions::resolveConflictTyped(const QString &caseId, const QString &residentId,
                                       const QString &field, const QString &seen,
                                       const QString &value)
{
    if (value.trimmed().isEmpty()) {
        emit done(false, tr("Type the right value, or choose one of the two"));
        return;
    }
    // Written as the server writes a value: the field in protobuf text format.
    const std::string escaped = google::protobuf::CEscape(str(value.trimmed()));
    resolveConflict(caseId, residentId, field, seen,
                    QString::fromStdString(str(field) + ": \"" + escaped + "\""));
}

void DeskActions::recordFollowUpCall(const QString &visitId, const QString &caseId, bool reached,
                                     int score, const QString &comments)
{
    if (reached && (score < 1 || score > 5)) {
        emit done(false, tr("Choose a score from 1 to 5"));
        return;
    }
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_FOLLOW_UP_CALL);
    v1::FollowUpCall &c = *m.mutable_append_case_event()->mutable_follow_up_call();
    c.set_visit_id(str(visitId));
    c.set_reached(reached);
    c.set_satisfaction_score(reached ? score : 0);
    c.set_comments(str(comments));
    record(m, tr("Call recorded on the case"));
}

void DeskActions::makeReferral(const QString &givenName, const QString &familyName,
                               const QString &addressLine, const QString &postcode,
                               const QString &phone, const QString &concern,
                               bool consentedToReferral, bool consentToShareOutcome)
{
    if (familyName.trimmed().isEmpty() || addressLine.trimmed().isEmpty() ||
        concern.trimmed().isEmpty()) {
        emit done(false, tr("Give the resident's name, their address and your concern"));
        return;
    }
    if (!consentedToReferral) {
        emit done(false, tr("A resident can be referred only when they agree to it"));
        return;
    }
    v1::Mutation m;
    m.set_mutation_id(newId());
    v1::CreateReferral &c = *m.mutable_create_referral();
    v1::Resident &r = *c.mutable_new_resident();
    r.set_id(newId());
    r.set_given_name(str(givenName));
    r.set_family_name(str(familyName));
    r.mutable_address()->set_line1(str(addressLine));
    r.mutable_address()->set_postcode(str(postcode).empty() ? std::string()
                                                            : str(postcode.toUpper()));
    r.set_phone(str(phone));
    v1::Referral &f = *c.mutable_referral();
    f.set_id(newId());
    f.set_resident_id(r.id());
    f.set_source(v1::REFERRAL_SOURCE_WARD_MEMBER);
    f.set_concern(str(concern));
    f.set_resident_consented_to_referral(true);
    f.set_consent_to_share_outcome(consentToShareOutcome);
    record(m, tr("Referral saved; it goes to the Home Visiting Service when you have signal"));
}

} // namespace doorstep::mobile
