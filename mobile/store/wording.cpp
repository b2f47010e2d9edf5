#include "store/wording.h"

#include "calendar/civildate.h"
#include "doorstep/v1/resident.pb.h"
#include "records/quiettext.h"

#include <algorithm>
#include <cmath>

namespace doorstep::mobile::wording {

QString visitStatus(v1::VisitStatus status)
{
    switch (status) {
    case v1::VISIT_STATUS_SCHEDULED:
        return QStringLiteral("Scheduled");
    case v1::VISIT_STATUS_EN_ROUTE:
        return QStringLiteral("En route");
    case v1::VISIT_STATUS_IN_PROGRESS:
        return QStringLiteral("In progress");
    case v1::VISIT_STATUS_OVERDUE:
        return QStringLiteral("Overdue");
    case v1::VISIT_STATUS_COMPLETED:
        return QStringLiteral("Completed");
    case v1::VISIT_STATUS_NO_ACCESS:
        return QStringLiteral("No access");
    case v1::VISIT_STATUS_CANCELLED:
        return QStringLiteral("Cancelled");
    case v1::VISIT_STATUS_ALERT:
        return QStringLiteral("Alert");
    default:
        return QStringLiteral("Unknown");
    }
}

QString alertResolution(v1::AlertResolution resolution, const QString &escalatedTo)
{
    switch (resolution) {
    case v1::ALERT_RESOLUTION_OFFICER_SAFE:
        return QStringLiteral("Officer safe, closed");
    case v1::ALERT_RESOLUTION_ESCALATED:
        return escalatedTo.isEmpty() ? QStringLiteral("Escalated")
                                     : QStringLiteral("Escalated to %1").arg(escalatedTo);
    case v1::ALERT_RESOLUTION_ACKNOWLEDGED:
        return QStringLiteral("Acknowledged");
    default:
        return QString();
    }
}

QString caseStatus(v1::CaseStatus status)
{
    return status == v1::CASE_STATUS_CLOSED ? QStringLiteral("Closed") : QStringLiteral("Open");
}

QString referralSource(v1::ReferralSource source)
{
    switch (source) {
    case v1::REFERRAL_SOURCE_CONTACT_CENTRE:
        return QStringLiteral("the contact centre");
    case v1::REFERRAL_SOURCE_WARD_MEMBER:
        return QStringLiteral("a ward member");
    case v1::REFERRAL_SOURCE_PARTNER:
        return QStringLiteral("a partner");
    case v1::REFERRAL_SOURCE_SELF:
        return QStringLiteral("the resident");
    default:
        return QStringLiteral("an unknown source");
    }
}

QString referralSourceLabel(v1::ReferralSource source)
{
    switch (source) {
    case v1::REFERRAL_SOURCE_CONTACT_CENTRE:
        return QStringLiteral("Contact centre");
    case v1::REFERRAL_SOURCE_WARD_MEMBER:
        return QStringLiteral("Ward member");
    case v1::REFERRAL_SOURCE_PARTNER:
        return QStringLiteral("Partner");
    case v1::REFERRAL_SOURCE_SELF:
        return QStringLiteral("Self-referral");
    default:
        return QStringLiteral("Unknown");
    }
}

QString urgency(v1::Urgency urgency)
{
    switch (urgency) {
    case v1::URGENCY_URGENT:
        return QStringLiteral("Urgent");
    case v1::URGENCY_SOON:
        return QStringLiteral("Soon");
    case v1::URGENCY_ROUTINE:
        return QStringLiteral("Routine");
    default:
        return QStringLiteral("Not triaged");
    }
}

QString referralStatus(v1::ReferralStatus status)
{
    switch (status) {
    case v1::REFERRAL_STATUS_RECEIVED:
        return QStringLiteral("Received");
    case v1::REFERRAL_STATUS_TRIAGED:
        return QStringLiteral("Triaged");
    case v1::REFERRAL_STATUS_VISIT_SCHEDULED:
        return QStringLiteral("Visit booked");
    case v1::REFERRAL_STATUS_CLOSED:
        return QStringLiteral("Closed");
    case v1::REFERRAL_STATUS_DECLINED:
        return QStringLiteral("Declined");
    default:
        return QStringLiteral("Sent");
    }
}

QString partner(v1::Partner partner)
{
    switch (partner) {
    case v1::PARTNER_CITIZENS_ADVICE:
        return QStringLiteral("Citizens Advice");
    case v1::PARTNER_COMMUNITY_VOLUNTARY_SERVICE:
        return QStringLiteral("Community Voluntary Service");
    case v1::PARTNER_AGE_UK:
        return QStringLiteral("Age UK");
    case v1::PARTNER_HOUSING_OPTIONS:
        return QStringLiteral("Housing Options");
    case v1::PARTNER_COUNCIL_TAX_SUPPORT:
        return QStringLiteral("Council Tax Support");
    case v1::PARTNER_ADULT_SOCIAL_CARE:
        return QStringLiteral("Adult Social Care");
    case v1::PARTNER_HEARING_LOSS_SUPPORT:
        return QStringLiteral("Hearing loss support");
    case v1::PARTNER_DIGITAL_INCLUSION:
        return QStringLiteral("Digital inclusion");
    case v1::PARTNER_FIRE_AND_RESCUE_SAFE_AND_WELL:
        return QStringLiteral("Fire and Rescue Safe and Well");
    case v1::PARTNER_FOOD_BANK:
        return QStringLiteral("Food bank");
    case v1::PARTNER_BEFRIENDING:
        return QStringLiteral("Befriending");
    case v1::PARTNER_ASSISTED_WASTE_COLLECTION:
        return QStringLiteral("Assisted waste collection");
    default:
        return QStringLiteral("A partner");
    }
}

QString channel(v1::ContactChannel channel)
{
    switch (channel) {
    case v1::CONTACT_CHANNEL_TEXT:
        return QStringLiteral("text message");
    case v1::CONTACT_CHANNEL_VIDEO_CALL:
        return QStringLiteral("video call");
    case v1::CONTACT_CHANNEL_PHONE:
        return QStringLiteral("phone");
    case v1::CONTACT_CHANNEL_LETTER:
        return QStringLiteral("letter");
    case v1::CONTACT_CHANNEL_EMAIL:
        return QStringLiteral("email");
    default:
        return {};
    }
}

QString vulnerability(v1::VulnerabilityFlag flag)
{
    switch (flag) {
    case v1::VULNERABILITY_FLAG_LIVES_ALONE:
        return QStringLiteral("Lives alone");
    case v1::VULNERABILITY_FLAG_LIMITED_MOBILITY:
        return QStringLiteral("Limited mobility");
    case v1::VULNERABILITY_FLAG_DEMENTIA_OR_MEMORY_LOSS:
        return QStringLiteral("Dementia or memory loss");
    case v1::VULNERABILITY_FLAG_MENTAL_HEALTH:
        return QStringLiteral("Mental health");
    case v1::VULNERABILITY_FLAG_FINANCIAL_HARDSHIP:
        return QStringLiteral("Financial hardship");
    case v1::VULNERABILITY_FLAG_RECENT_BEREAVEMENT:
        return QStringLiteral("Recent bereavement");
    case v1::VULNERABILITY_FLAG_UNPAID_CARER:
        return QStringLiteral("Unpaid carer");
    case v1::VULNERABILITY_FLAG_LONG_TERM_CONDITION:
        return QStringLiteral("Long-term condition");
    case v1::VULNERABILITY_FLAG_SOCIAL_ISOLATION:
        return QStringLiteral("Socially isolated");
    case v1::VULNERABILITY_FLAG_FRAILTY:
        return QStringLiteral("Frailty");
    default:
        return QStringLiteral("Other vulnerability");
    }
}

QString risk(const v1::RiskMarker &marker)
{
    QString text;
    switch (marker.kind()) {
    case v1::RISK_KIND_DOG_AT_PROPERTY:
        text = QStringLiteral("Dog at property");
        break;
    case v1::RISK_KIND_TWO_PERSON_VISIT:
        text = QStringLiteral("Two-person visit");
        break;
    case v1::RISK_KIND_VERBAL_AGGRESSION:
        text = QStringLiteral("Verbal aggression reported");
        break;
    case v1::RISK_KIND_HOARDING:
        text = QStringLiteral("Hoarding");
        break;
    case v1::RISK_KIND_SMOKER:
        text = QStringLiteral("Smoker");
        break;
    case v1::RISK_KIND_ACCESS_DIFFICULT:
        text = QStringLiteral("Access difficult");
        break;
    default:
        text = QStringLiteral("Risk marker");
    }
    if (!marker.note().empty()) {
        text += QStringLiteral(": ") + QString::fromStdString(marker.note());
    }
    return text;
}

QStringList vulnerabilities(const v1::Resident &resident)
{
    QStringList out;
    for (int f : resident.vulnerability_flags()) {
        out << vulnerability(static_cast<v1::VulnerabilityFlag>(f));
    }
    return out;
}

QStringList risks(const v1::Resident &resident)
{
    QStringList out;
    for (const auto &m : resident.risk_markers()) {
        out << risk(m);
    }
    return out;
}

QStringList contactNeeds(const v1::ContactNeeds &needs)
{
    QStringList out;
    if (needs.hearing_loss()) {
        out << QStringLiteral("Hearing loss: offer a video call or text");
    }
    if (needs.interpreter_needed()) {
        out << (needs.interpreter_language().empty()
                    ? QStringLiteral("Interpreter needed")
                    : QStringLiteral("Interpreter: ") +
                          QString::fromStdString(needs.interpreter_language()));
    }
    if (needs.large_print()) {
        out << QStringLiteral("Large print");
    }
    if (needs.sight_loss()) {
        out << QStringLiteral("Sight loss");
    }
    if (needs.digitally_excluded()) {
        out << QStringLiteral("No internet access");
    }
    if (const QString c = channel(needs.preferred_channel()); !c.isEmpty()) {
        out << QStringLiteral("Prefers ") + c;
    }
    return out;
}

QString dateOfBirth(const v1::Resident &resident)
{
    const auto day = calendar::parseIsoDate(resident.date_of_birth());
    return QString::fromStdString(day ? calendar::longDate(*day) : resident.date_of_birth());
}

QString residentName(const v1::Resident &resident)
{
    return (QString::fromStdString(resident.given_name()) + QLatin1Char(' ') +
            QString::fromStdString(resident.family_name()))
        .trimmed();
}

QString addressLine(const v1::PostalAddress &address)
{
    QStringList parts;
    for (const std::string *p : {&address.line1(), &address.line2(), &address.town()}) {
        if (!p->empty()) {
            parts << QString::fromStdString(*p);
        }
    }
    return parts.join(QStringLiteral(", "));
}

QString position(const v1::GeoPosition &p)
{
    if (!p.has_fix()) {
        return QStringLiteral("No position fix");
    }
    if (p.accuracy_m() <= 0) {
        return QStringLiteral("Position recorded (accuracy not reported)");
    }
    return QStringLiteral("Position recorded (within %1 m)")
        .arg(std::max(1L, std::lround(p.accuracy_m())));
}

namespace {

QString contactKind(v1::ContactKind kind)
{
    switch (kind) {
    case v1::CONTACT_KIND_PHONE:
        return QStringLiteral("Phone call");
    case v1::CONTACT_KIND_TEXT:
        return QStringLiteral("Text message");
    case v1::CONTACT_KIND_VIDEO_CALL:
        return QStringLiteral("Video call");
    case v1::CONTACT_KIND_LETTER:
        return QStringLiteral("Letter");
    case v1::CONTACT_KIND_EMAIL:
        return QStringLiteral("Email");
    case v1::CONTACT_KIND_IN_PERSON:
        return QStringLiteral("In person");
    default:
        return QStringLiteral("Contact");
    }
}

QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

QString fieldLabel(const std::string &field)
{
    return fromStd(field).replace(u'_', u' ');
}

QString residentFieldValue(const std::string &field, const std::string &text)
{
    if (text.empty()) {
        return QStringLiteral("(empty)");
    }
    const auto *f = v1::Resident::descriptor()->FindFieldByName(field);
    v1::Resident r;
    if (f && f->type() == google::protobuf::FieldDescriptor::TYPE_STRING && !f->is_repeated() &&
        parseTextQuietly(text, &r)) {
        const std::string value = r.GetReflection()->GetString(r, f);
        return value.empty() ? QStringLiteral("(empty)") : fromStd(value);
    }
    const auto colon = text.find(':');
    return fromStd(colon == std::string::npos ? text : text.substr(colon + 1)).trimmed();
}

EventText event(const v1::CaseEvent &e)
{
    if (e.kind() == v1::CASE_EVENT_KIND_LONE_WORKER_ALERT) {
        return {QStringLiteral("Lone-working alert raised"),
                e.has_visit() ? position(e.visit().position()) : QString()};
    }
    switch (e.detail_case()) {
    case v1::CaseEvent::kContact: {
        // What came of it, then what was said: "No answer", "Answered · Arranged the visit".
        QStringList detail;
        switch (e.contact().outcome()) {
        case v1::CONTACT_OUTCOME_ANSWERED:
            detail << QStringLiteral("Answered");
            break;
        case v1::CONTACT_OUTCOME_NO_ANSWER:
            detail << QStringLiteral("No answer");
            break;
        case v1::CONTACT_OUTCOME_LEFT_MESSAGE:
            detail << QStringLiteral("Left a message");
            break;
        case v1::CONTACT_OUTCOME_SENT:
            // "Video-call link sent ..." says it already.
            if (!e.contact().send_video_link()) {
                detail << QStringLiteral("Sent");
            }
            break;
        default:
            break;
        }
        if (!e.contact().summary().empty()) {
            detail << fromStd(e.contact().summary());
        }
        return {contactKind(e.contact().kind()) + (e.contact().inbound()
                                                       ? QStringLiteral(" from the resident")
                                                       : QStringLiteral(" to the resident")),
                detail.join(QStringLiteral(" · "))};
    }
    case v1::CaseEvent::kNote:
        return {QStringLiteral("Note"), fromStd(e.note().text())};
    case v1::CaseEvent::kVisit: {
        // No access or cancelled: the officer's reason, the card and the rebooking come first.
        const v1::VisitEvent &v = e.visit();
        QStringList detail;
        if (!v.reason().empty()) {
            detail << fromStd(v.reason());
        }
        if (v.card_left()) {
            detail << QStringLiteral("Card left");
        }
        if (v.rebook_needed()) {
            detail << QStringLiteral("Rebook needed");
        }
        const QString where = position(v.position());
        if (!where.isEmpty()) {
            detail << where;
        }
        return {QStringLiteral("Visit: ") + visitStatus(v.to_status()),
                detail.join(QStringLiteral(" · "))};
    }
    case v1::CaseEvent::kOutcome:
        return {QStringLiteral("Outcome recorded"), fromStd(e.outcome().summary())};
    case v1::CaseEvent::kReferral:
        return {QStringLiteral("Referral from ") + referralSource(e.referral().source()),
                fromStd(e.referral().concern())};
    case v1::CaseEvent::kPartnerReferral:
        return {QStringLiteral("Referred to ") + partner(e.partner_referral().partner()),
                fromStd(e.partner_referral().reason()) +
                    (e.partner_referral().resident_consented_to_share()
                         ? QString()
                         : QStringLiteral(" (the resident did not consent to sharing)"))};
    case v1::CaseEvent::kFormSubmission:
        return {
            QStringLiteral("Form completed: ") +
                fromStd(e.form_submission().form_id()).replace(QLatin1Char('_'), QLatin1Char(' ')),
            QStringLiteral("%1 answers, version %2")
                .arg(e.form_submission().answers_size())
                .arg(e.form_submission().form_version())};
    case v1::CaseEvent::kSafeguarding:
        return {QStringLiteral("Safeguarding concern raised"), fromStd(e.safeguarding().details())};
    case v1::CaseEvent::kFollowUpCall: {
        const v1::FollowUpCall &call = e.follow_up_call();
        QString said;
        switch (call.result()) {
        case v1::FOLLOW_UP_RESULT_NO_ANSWER:
            said = QStringLiteral("No answer. ");
            break;
        case v1::FOLLOW_UP_RESULT_DECLINED_SURVEY:
            said = QStringLiteral("The resident did not want to answer the survey. ");
            break;
        case v1::FOLLOW_UP_RESULT_UNREACHABLE:
            said = QStringLiteral("The resident could not be reached in their channel. ");
            break;
        default:
            said = call.reached()
                       ? QStringLiteral("Satisfaction %1 out of 5. ").arg(call.satisfaction_score())
                       : QStringLiteral("The resident was not reached. ");
            break;
        }
        return {QStringLiteral("Follow-up call"), (said + fromStd(call.comments())).trimmed()};
    }
    case v1::CaseEvent::kCaseClosure:
        return {QStringLiteral("Case closed"), fromStd(e.case_closure().reason())};
    case v1::CaseEvent::kSafeguardingAction: {
        const v1::SafeguardingAction &a = e.safeguarding_action();
        if (a.step() == v1::SAFEGUARDING_STEP_ASSIGNED) {
            return {QStringLiteral("Safeguarding concern assigned"), {}};
        }
        return {a.step() == v1::SAFEGUARDING_STEP_CLOSED
                    ? QStringLiteral("Safeguarding concern closed")
                    : QStringLiteral("Safeguarding action"),
                fromStd(a.text())};
    }
    case v1::CaseEvent::kConflict: {
        const v1::Conflict &c = e.conflict();
        const QString field = fieldLabel(c.field());
        if (c.resolved()) {
            return {QStringLiteral("Conflict resolved"),
                    QStringLiteral("The %1 is now %2")
                        .arg(field, residentFieldValue(c.field(), c.resolution()))};
        }
        return {QStringLiteral("Two changes to the %1 disagreed").arg(field),
                QStringLiteral("Kept: %1. Not applied: %2. A coordinator decides which is right.")
                    .arg(residentFieldValue(c.field(), c.server_value()),
                         residentFieldValue(c.field(), c.device_value()))};
    }
    case v1::CaseEvent::kOverdueAcknowledgement:
        return {QStringLiteral("Overdue visit acknowledged"),
                fromStd(e.overdue_acknowledgement().action())};
    case v1::CaseEvent::DETAIL_NOT_SET:
        break;
    }
    return {QStringLiteral("Case event"), {}};
}

QString pullProgress(qint64 records, double done, int pages, double elapsedSeconds)
{
    QString text = QStringLiteral("Syncing: %L1 records so far, %2% done")
                       .arg(records)
                       .arg(static_cast<int>(done * 100));
    if (pages >= 2 && done >= 0.05 && done < 1.0 && elapsedSeconds > 0) {
        const int left = std::max(1, static_cast<int>(elapsedSeconds * (1.0 - done) / done + 0.5));
        const int minutes = (left + 30) / 60;
        text += left < 60
                    ? QStringLiteral(", about %1 second%2 left").arg(left).arg(left == 1 ? "" : "s")
                : minutes == 1 ? QStringLiteral(", about a minute left")
                               : QStringLiteral(", about %1 minutes left").arg(minutes);
    }
    return text;
}

} // namespace doorstep::mobile::wording
