// The board: the week's visits by officer and column, with alerts and late visits first.

#include "store/deskreader.h"

#include "db/statement.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "store/deskquery.h"
#include "store/prototime.h"
#include "store/qtext.h"
#include "store/wording.h"
#include "visits/late.h"

#include <algorithm>
#include <map>
#include <vector>

namespace doorstep::mobile {

namespace {

// The column of a visit that is neither in alert nor overdue (or whose overdue was closed).
QString ordinaryColumn(const v1::Visit &v, std::int64_t nowMs, std::int64_t graceMs)
{
    switch (v.status()) {
    case v1::VISIT_STATUS_EN_ROUTE:
        return QStringLiteral("en_route");
    case v1::VISIT_STATUS_IN_PROGRESS:
    case v1::VISIT_STATUS_OVERDUE:
        return QStringLiteral("in_progress");
    case v1::VISIT_STATUS_COMPLETED:
        return QStringLiteral("completed");
    case v1::VISIT_STATUS_NO_ACCESS:
        return QStringLiteral("no_access");
    case v1::VISIT_STATUS_CANCELLED:
        return QStringLiteral("cancelled");
    case v1::VISIT_STATUS_SCHEDULED:
        if (visits::isLate(v.status(), unixMs(v.window().start()), nowMs, graceMs)) {
            return QStringLiteral("late");
        }
        [[fallthrough]];
    default:
        return QStringLiteral("scheduled");
    }
}

QString boardColumn(const v1::Visit &v, std::int64_t nowMs, std::int64_t graceMs,
                    std::int64_t &overdueSince)
{
    // An open lone-working alert outranks everything, whatever the visit's own progress.
    if (v.status() == v1::VISIT_STATUS_ALERT || (v.has_alert() && !v.alert().has_closed_at())) {
        overdueSince = 0;
        return QStringLiteral("alert");
    }
    overdueSince = visits::overdueSince(v, nowMs);
    return overdueSince > 0 ? QStringLiteral("overdue") : ordinaryColumn(v, nowMs, graceMs);
}

} // namespace

Result<QVariantList> DeskReader::board(std::int64_t fromMs, std::int64_t toMs, std::int64_t nowMs,
                                       std::int64_t lateGraceMs)
{
    auto names = userNames();
    auto staff = users("SELECT body FROM users");
    if (!names || !staff) {
        return !names ? names.error() : staff.error();
    }
    QVariantMap phones;
    for (const v1::User &u : *staff) {
        phones.insert(qs(u.id()), qs(u.phone()));
    }
    QVariantList out;
    auto s = eachRow(
        m_db,
        "SELECT v.body, c.case_number, r.body FROM visits v JOIN cases c ON c.id = v.case_id"
        " LEFT JOIN residents r ON r.id = c.resident_id"
        " WHERE (v.window_end > ? AND v.window_start < ?) OR v.status IN (2, 3, 4, 8)"
        " ORDER BY v.window_start, v.id",
        [&](db::Statement &q) { q.bind(1, fromMs).bind(2, toMs); },
        [&](db::Statement &q) -> Status {
            v1::Visit v;
            v1::Resident r;
            if (!v.ParseFromString(q.blob(0)) || (!q.isNull(2) && !r.ParseFromString(q.blob(2)))) {
                return unreadable("visit");
            }
            std::int64_t overdueSince = 0;
            const QString column = boardColumn(v, nowMs, lateGraceMs, overdueSince);
            const bool inWindow =
                unixMs(v.window().end()) > fromMs && unixMs(v.window().start()) < toMs;
            if (!inWindow && column != QLatin1String("overdue") &&
                column != QLatin1String("alert")) {
                return {};
            }
            QVariantMap m{{"visitId", qs(v.id())},
                          {"version", qint64(v.version())},
                          {"caseId", qs(v.case_id())},
                          {"caseNumber", qs(q.text(1))},
                          {"residentId", qs(r.id())},
                          {"residentName", wording::residentName(r)},
                          {"address", wording::addressLine(r.address())},
                          {"postcode", qs(r.address().postcode())},
                          {"wardId", qs(r.ward_id())},
                          {"contactNeeds", wording::contactNeeds(r.contact_needs()).join(", ")},
                          {"officerId", qs(v.officer_user_id())},
                          {"officerName", names->value(qs(v.officer_user_id())).toString()},
                          {"windowStart", toDateTime(v.window().start())},
                          {"windowEnd", toDateTime(v.window().end())},
                          {"purpose", qs(v.purpose())},
                          {"status", int(v.status())},
                          {"statusText", wording::visitStatus(v.status())},
                          {"column", column},
                          {"overdueSince", msToDateTime(overdueSince)},
                          {"acknowledged", false},
                          {"hasLastPosition", false}};
            if (v.check_in_position().has_fix()) {
                m["hasLastPosition"] = true;
                m["lastLatitude"] = v.check_in_position().latitude();
                m["lastLongitude"] = v.check_in_position().longitude();
                m["lastSeenAt"] = toDateTime(v.checked_in_at());
            }
            if (v.status() == v1::VISIT_STATUS_NO_ACCESS ||
                v.status() == v1::VISIT_STATUS_CANCELLED) {
                m["endReason"] = qs(v.end_reason());
                m["cardLeft"] = v.card_left();
                m["rebookNeeded"] = v.rebook_needed();
            }
            // An overdue card's ordinary column is where it goes once a coordinator confirms
            // the officer is safe (off the board when only being overdue kept it there).
            const QString ordinary =
                column == QLatin1String("overdue") ? ordinaryColumn(v, nowMs, lateGraceMs) : column;
            if (column == QLatin1String("overdue")) {
                m["columnOnceSafe"] = inWindow ? ordinary : QString();
            }
            if (ordinary == QLatin1String("late")) {
                m["lateSince"] =
                    msToDateTime(visits::lateSince(unixMs(v.window().start()), lateGraceMs));
            }
            // The lone-working timer, for the cards of visits out in the field.
            m["deadline"] = toDateTime(v.lone_worker_deadline());
            m["officerPhone"] = phones.value(qs(v.officer_user_id())).toString();
            if (column == QLatin1String("alert")) {
                const v1::VisitAlert &a = v.alert();
                m["alertRaisedAt"] = toDateTime(a.raised_at());
                m["alertReceivedAt"] = toDateTime(a.received_at());
                m["acknowledged"] = a.has_acknowledged_at();
                m["acknowledgedBy"] = names->value(qs(a.acknowledged_by_user_id())).toString();
                m["acknowledgedAt"] = toDateTime(a.acknowledged_at());
                m["acknowledgement"] =
                    wording::alertResolution(a.resolution(), qs(a.escalated_to()));
                m["alertEscalatedAt"] = toDateTime(a.escalated_at());
                if (a.position().has_fix()) {
                    m["hasLastPosition"] = true;
                    m["lastLatitude"] = a.position().latitude();
                    m["lastLongitude"] = a.position().longitude();
                    m["lastSeenAt"] = toDateTime(a.raised_at());
                }
            }
            out.append(m);
            return {};
        });
    if (!s) {
        return s.error();
    }
    // The overdue ones: where and when the officer was last seen, and who acknowledged it.
    for (QVariant &item : out) {
        QVariantMap m = item.toMap();
        if (m.value("column") != QLatin1String("overdue")) {
            continue;
        }
        const std::string visitId = m.value("visitId").toString().toStdString();
        const std::int64_t since = m.value("overdueSince").toDateTime().toMSecsSinceEpoch();
        auto e = eachRow(
            m_db,
            "SELECT body FROM case_events WHERE case_id = ? AND kind IN (3, 12)"
            " ORDER BY occurred_at",
            [&](db::Statement &q) { q.bind(1, m.value("caseId").toString().toStdString()); },
            [&](db::Statement &q) -> Status {
                v1::CaseEvent ev;
                if (!ev.ParseFromString(q.blob(0))) {
                    return unreadable("case event");
                }
                if (ev.has_visit() && ev.visit().visit_id() == visitId &&
                    ev.visit().position().has_fix()) {
                    m["hasLastPosition"] = true;
                    m["lastLatitude"] = ev.visit().position().latitude();
                    m["lastLongitude"] = ev.visit().position().longitude();
                    m["lastSeenAt"] = toDateTime(ev.occurred_at());
                } else if (ev.has_overdue_acknowledgement() &&
                           ev.overdue_acknowledgement().visit_id() == visitId &&
                           unixMs(ev.occurred_at()) >= since) {
                    const v1::OverdueAcknowledgement &a = ev.overdue_acknowledgement();
                    const QString who = names->value(qs(ev.actor_user_id())).toString();
                    if (!m.value("acknowledged").toBool()) {
                        m["acknowledged"] = true;
                        m["acknowledgedBy"] = who;
                        m["acknowledgedAt"] = toDateTime(ev.occurred_at());
                    }
                    m["acknowledgement"] =
                        a.resolution() == v1::ALERT_RESOLUTION_UNSPECIFIED
                            ? qs(a.action())
                            : wording::alertResolution(a.resolution(), qs(a.escalated_to()));
                    if (a.resolution() == v1::ALERT_RESOLUTION_OFFICER_SAFE) {
                        // Closed: the card leaves the overdue column and says who closed it.
                        m["overdueClosed"] = true;
                        m["closedBy"] = who;
                        m["closedAt"] = toDateTime(ev.occurred_at());
                    }
                }
                return {};
            });
        if (!e) {
            return e.error();
        }
        if (m.value("overdueClosed").toBool()) {
            m["column"] = m.value("columnOnceSafe");
        }
        m.remove("columnOnceSafe");
        item = m;
    }
    // A closed overdue card from another day leaves the board.
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](const QVariant &row) {
                                 return row.toMap().value("column").toString().isEmpty();
                             }),
              out.end());
    return out;
}

} // namespace doorstep::mobile
