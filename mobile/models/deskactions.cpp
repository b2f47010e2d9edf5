// The coordinator's actions on the desk, each one recorded as a mutation: triage, decline, close,
// concerns, booking, alerts, contacts, conflicts and follow-up calls.

#include "models/deskactions.h"

#include "models/appcontroller.h"
#include "store/deskreader.h"
#include "store/prototime.h"
#include "store/qtext.h"

#include "doorstep/v1/sync.pb.h"

#include <google/protobuf/stubs/strutil.h>

#include <QUuid>

namespace doorstep::mobile {

namespace {

// The longest contact summary or note, as the server takes it (bytes of UTF-8).
constexpr int kMaxContactBytes = 2000;
// The longest reason for declining a referral or closing a case, as the server takes it.
constexpr std::size_t kMaxReasonBytes = 500;

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

qint64 DeskActions::nowMs() const
{
    return m_app ? m_app->nowMs() : QDateTime::currentMSecsSinceEpoch();
}

std::string DeskActions::newId() const
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
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
    // Staff and wards in one question to the store.
    m_app->store()->then(
        m_app->store()->desk([](DeskReader &d, const DeskContext &) -> Result<QVariant> {
            auto staff = d.staff();
            auto wards = d.wards();
            if (!staff || !wards) {
                return !staff ? staff.error() : wards.error();
            }
            return QVariant(QVariantMap{{"staff", *staff}, {"wards", *wards}});
        }),
        this, [this](const QVariant &v) {
            const QVariantMap lists = v.toMap();
            // Coordinators are named as such where they stand beside officers.
            QVariantList staff;
            for (const QVariant &row : lists.value("staff").toList()) {
                QVariantMap m = row.toMap();
                if (m.value("coordinator").toBool()) {
                    m["name"] = tr("%1 (coordinator)").arg(m.value("name").toString());
                }
                staff.append(m);
            }
            const QVariantList officers = DeskReader::officersOf(lists.value("staff").toList());
            if (officers != m_officers || staff != m_staff ||
                lists.value("wards").toList() != m_wards) {
                m_officers = officers;
                m_staff = staff;
                m_wards = lists.value("wards").toList();
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
    e.set_case_id(trimmedUtf8(caseId));
    e.set_kind(static_cast<v1::CaseEventKind>(kind));
    // The server sets who from the credential; set here too, so the screens can say who
    // before the next sync.
    e.set_actor_user_id(trimmedUtf8(m_app ? m_app->userId() : QString()));
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
    t.set_referral_id(trimmedUtf8(referralId));
    t.set_base_version(version);
    t.set_urgency(static_cast<v1::Urgency>(urgency));
    t.set_status(v1::REFERRAL_STATUS_TRIAGED);
    if (linkCaseId.isEmpty()) {
        t.set_open_case(true);
    } else {
        t.set_case_id(trimmedUtf8(linkCaseId));
    }
    record(m, linkCaseId.isEmpty() ? tr("Triaged: a new case will be opened")
                                   : tr("Triaged and linked to the open case"));
}

bool DeskActions::reasonRefused(const QString &reason, const QString &missing)
{
    const QString why = reason.trimmed().isEmpty() ? missing
                        : trimmedUtf8(reason).size() > kMaxReasonBytes
                            ? tr("Keep the reason to 500 characters or fewer")
                            : QString();
    if (!why.isEmpty()) {
        emit done(false, why);
    }
    return !why.isEmpty();
}

void DeskActions::decline(const QString &referralId, qint64 version, const QString &reason,
                          bool shareWithReferrer)
{
    if (reasonRefused(reason, tr("Say why the referral is declined"))) {
        return;
    }
    v1::Mutation m;
    m.set_mutation_id(newId());
    v1::TriageReferral &t = *m.mutable_triage_referral();
    t.set_referral_id(trimmedUtf8(referralId));
    t.set_base_version(version);
    t.set_status(v1::REFERRAL_STATUS_DECLINED);
    t.set_reason(trimmedUtf8(reason));
    t.set_reason_shared(shareWithReferrer);
    record(m, shareWithReferrer ? tr("Referral declined; the referrer will be told why")
                                : tr("Referral declined; the referrer will be told, without the "
                                     "reason"));
}

void DeskActions::closeCase(const QString &caseId, const QString &reason)
{
    if (reasonRefused(reason, tr("Say why the case is closed"))) {
        return;
    }
    if (!m_app || !m_app->store()) {
        emit done(false, tr("Doorstep is not ready yet"));
        return;
    }
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_CASE_CLOSED);
    m.mutable_append_case_event()->mutable_case_closure()->set_reason(trimmedUtf8(reason));
    // The server refuses while a visit is booked or under way (an officer may be out there);
    // say so here rather than after the next sync.
    const std::string id = trimmedUtf8(caseId);
    m_app->store()->then(m_app->store()->desk([id](DeskReader &d, const DeskContext &) {
        return asVariant(d.unfinishedVisits(id));
    }),
                         this, [this, m](const QVariant &open) {
                             if (open.toInt() > 0) {
                                 emit done(false, tr("The case has a visit booked or under way: "
                                                     "cancel or finish it first"));
                                 return;
                             }
                             record(m, tr("Case closed"));
                         });
}

void DeskActions::concernStep(const QString &caseId, const QString &concernId, int step,
                              const QString &assignee, const QString &text,
                              const QString &doneMessage)
{
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION);
    v1::SafeguardingAction &a = *m.mutable_append_case_event()->mutable_safeguarding_action();
    a.set_concern_event_id(trimmedUtf8(concernId));
    a.set_step(static_cast<v1::SafeguardingStep>(step));
    a.set_assignee_user_id(trimmedUtf8(assignee));
    a.set_text(trimmedUtf8(text));
    record(m, doneMessage);
}

void DeskActions::assignConcern(const QString &caseId, const QString &concernId,
                                const QString &userId)
{
    if (userId.isEmpty()) {
        emit done(false, tr("Choose who takes the concern"));
        return;
    }
    concernStep(caseId, concernId, v1::SAFEGUARDING_STEP_ASSIGNED, userId, {},
                tr("Concern assigned"));
}

void DeskActions::recordConcernAction(const QString &caseId, const QString &concernId,
                                      const QString &text)
{
    if (text.trimmed().isEmpty()) {
        emit done(false, tr("Say what was done"));
        return;
    }
    concernStep(caseId, concernId, v1::SAFEGUARDING_STEP_ACTION, {}, text,
                tr("Action recorded on the concern"));
}

void DeskActions::closeConcern(const QString &caseId, const QString &concernId, const QString &text)
{
    if (text.trimmed().isEmpty()) {
        emit done(false, tr("Say what closes the concern"));
        return;
    }
    concernStep(caseId, concernId, v1::SAFEGUARDING_STEP_CLOSED, {}, text, tr("Concern closed"));
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
    v.set_id(visitId.isEmpty() ? newId() : trimmedUtf8(visitId));
    v.set_case_id(trimmedUtf8(caseId));
    v.set_officer_user_id(trimmedUtf8(officerId));
    v.set_status(v1::VISIT_STATUS_SCHEDULED);
    v.set_version(visitId.isEmpty() ? 1 : version);
    *v.mutable_window()->mutable_start() = timestampOf(start.toMSecsSinceEpoch());
    *v.mutable_window()->mutable_end() = timestampOf(start.toMSecsSinceEpoch() + minutes * 60000LL);
    v.set_purpose(trimmedUtf8(purpose));
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
    e.mutable_overdue_acknowledgement()->set_visit_id(trimmedUtf8(visitId));
    e.mutable_overdue_acknowledgement()->set_action(trimmedUtf8(action));
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
    a.set_visit_id(trimmedUtf8(visitId));
    a.set_resolution(static_cast<v1::AlertResolution>(answer));
    a.set_escalated_to(answer == Escalated ? trimmedUtf8(text) : std::string());
    a.set_action(answer == OfficerSafe ? "Officer safe" : trimmedUtf8(text));
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
        m.mutable_append_case_event()->mutable_note()->set_text(trimmedUtf8(said));
        record(m, tr("Note added to the case"));
        return;
    }
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_CONTACT);
    v1::Contact &c = *m.mutable_append_case_event()->mutable_contact();
    c.set_kind(static_cast<v1::ContactKind>(kind));
    c.set_inbound(inbound);
    c.set_summary(trimmedUtf8(said));
    record(m, tr("Contact logged to the case"));
}

void DeskActions::logContactAttempt(const QString &caseId, int kind, int outcome)
{
    if (!v1::ContactKind_IsValid(kind) || kind == v1::CONTACT_KIND_UNSPECIFIED ||
        !v1::ContactOutcome_IsValid(outcome) || outcome == v1::CONTACT_OUTCOME_UNSPECIFIED) {
        emit done(false, tr("Choose what came of the contact"));
        return;
    }
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_CONTACT);
    v1::Contact &c = *m.mutable_append_case_event()->mutable_contact();
    c.set_kind(static_cast<v1::ContactKind>(kind));
    c.set_outcome(static_cast<v1::ContactOutcome>(outcome));
    record(m, tr("Logged to the case"));
}

void DeskActions::sendVideoLink(const QString &caseId, const QString &sentTo)
{
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_CONTACT);
    v1::Contact &c = *m.mutable_append_case_event()->mutable_contact();
    c.set_kind(v1::CONTACT_KIND_VIDEO_CALL);
    c.set_outcome(v1::CONTACT_OUTCOME_SENT);
    c.set_send_video_link(true);
    c.set_summary(trimmedUtf8(tr("Video-call link sent %1").arg(sentTo)));
    record(m, tr("The video-call link goes to the resident %1").arg(sentTo));
    if (m_app) {
        m_app->syncNow(); // the resident is waiting for it
    }
}

void DeskActions::resolveConflict(const QString &caseId, const QString &residentId,
                                  const QString &field, const QString &seen,
                                  const QString &resolution)
{
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_CONFLICT);
    v1::Conflict &c = *m.mutable_append_case_event()->mutable_conflict();
    c.set_record_type("resident");
    c.set_record_id(trimmedUtf8(residentId));
    c.set_field(trimmedUtf8(field));
    c.set_resolved(true);
    c.set_server_value(seen.toStdString());
    c.set_resolution(trimmedUtf8(resolution));
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
    const std::string escaped = google::protobuf::CEscape(trimmedUtf8(value));
    resolveConflict(caseId, residentId, field, seen,
                    QString::fromStdString(trimmedUtf8(field) + ": \"" + escaped + "\""));
}

void DeskActions::recordFollowUpCall(const QString &visitId, const QString &caseId, int result,
                                     int score, const QString &comments)
{
    if (result < Reached || result > Unreachable) {
        emit done(false, tr("Choose what came of the call"));
        return;
    }
    const bool reached = result == Reached;
    if (reached && (score < 1 || score > 5)) {
        emit done(false, tr("Choose a score from 1 to 5"));
        return;
    }
    v1::Mutation m = caseEvent(caseId, v1::CASE_EVENT_KIND_FOLLOW_UP_CALL);
    v1::FollowUpCall &c = *m.mutable_append_case_event()->mutable_follow_up_call();
    c.set_visit_id(trimmedUtf8(visitId));
    c.set_result(static_cast<v1::FollowUpResult>(result));
    c.set_reached(reached);
    c.set_satisfaction_score(reached ? score : 0);
    c.set_comments(trimmedUtf8(comments));
    record(m, result == NoAnswer ? tr("No answer recorded; the call is due again next working day")
                                 : tr("Call recorded on the case"));
}

} // namespace doorstep::mobile
