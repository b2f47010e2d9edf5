#include "store/deskreader.h"

#include "kpi/kpis.h"
#include "visits/late.h"

#include "db/statement.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "records/quiettext.h"
#include "store/casereader.h"
#include "store/prototime.h"
#include "store/wording.h"

#include <algorithm>
#include <map>
#include <vector>

namespace doorstep::mobile {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
// A satisfaction call a month after the visit is no use to anyone: older tasks lapse.
constexpr std::int64_t kFollowUpWindowMs = 30 * kDayMs;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

Status unreadable(const char *what)
{
    return makeError(v1::ERROR_CODE_INTERNAL, std::string("A stored ") + what + " is unreadable");
}

// Runs `sql` with `bind`, handing each row to `row`.
Status eachRow(db::Database &db, const char *sql, const std::function<void(db::Statement &)> &bind,
               const std::function<Status(db::Statement &)> &row)
{
    auto q = db.prepare(sql);
    if (!q) {
        return q.error();
    }
    bind(*q);
    return q->forEach([&]() { return row(*q); });
}

QVariantList countsByLabel(const std::map<QString, int> &counts)
{
    std::vector<std::pair<QString, int>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    QVariantList out;
    for (const auto &[label, count] : sorted) {
        out.append(QVariantMap{{"label", label}, {"count", count}});
    }
    return out;
}

const v1::Answer *answer(const v1::FormSubmission &f, const char *questionId)
{
    for (const v1::Answer &a : f.answers()) {
        if (a.question_id() == questionId) {
            return &a;
        }
    }
    return nullptr;
}

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

std::int64_t DeskReader::addWorkingDays(std::int64_t ms, int n) const
{
    return m_days.addWorkingDaysMs(ms, n);
}

Result<std::vector<v1::User>> DeskReader::users(const char *sql)
{
    std::vector<v1::User> out;
    auto s = eachRow(
        m_db, sql, [](db::Statement &) {},
        [&](db::Statement &q) -> Status {
            v1::User u;
            if (!u.ParseFromString(q.blob(0))) {
                return unreadable("user");
            }
            out.push_back(std::move(u));
            return {};
        });
    if (!s) {
        return s.error();
    }
    return out;
}

Result<QVariantMap> DeskReader::userNames()
{
    auto all = users("SELECT body FROM users");
    if (!all) {
        return all.error();
    }
    QVariantMap names;
    for (const v1::User &u : *all) {
        names.insert(qs(u.id()), qs(u.display_name()));
    }
    return names;
}

Result<QVariantList> DeskReader::referralInbox(std::int64_t nowMs, int targetWorkingDays)
{
    auto names = userNames();
    if (!names) {
        return names.error();
    }
    struct Row
    {
        v1::Referral referral;
        v1::Resident resident;
        std::string caseNumber;
        std::string duplicateId;
        std::string duplicateNumber;
    };
    std::vector<Row> rows;
    auto s = eachRow(
        m_db,
        "SELECT f.body, r.body, c.case_number, d.id, d.case_number"
        " FROM referrals f LEFT JOIN residents r ON r.id = f.resident_id"
        " LEFT JOIN cases c ON c.id = f.case_id"
        // The resident's open case (cases_by_resident), a possible duplicate.
        " LEFT JOIN cases d ON d.id = (SELECT o.id FROM cases o WHERE o.resident_id ="
        "  f.resident_id AND o.status = 1 ORDER BY o.id DESC LIMIT 1)"
        " WHERE f.status IN (1, 2)",
        [](db::Statement &) {},
        [&](db::Statement &q) -> Status {
            Row row;
            if (!row.referral.ParseFromString(q.blob(0)) ||
                (!q.isNull(1) && !row.resident.ParseFromString(q.blob(1)))) {
                return unreadable("referral");
            }
            row.caseNumber = q.isNull(2) ? std::string() : q.text(2);
            if (!q.isNull(3) && q.text(3) != row.referral.case_id()) {
                row.duplicateId = q.text(3);
                row.duplicateNumber = q.text(4);
            }
            rows.push_back(std::move(row));
            return {};
        });
    if (!s) {
        return s.error();
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        // A referrer's word that the resident is at immediate risk leads the inbox.
        if (a.referral.immediate_risk() != b.referral.immediate_risk()) {
            return a.referral.immediate_risk();
        }
        if (a.referral.status() != b.referral.status()) {
            return a.referral.status() < b.referral.status();
        }
        if (a.referral.urgency() != b.referral.urgency()) {
            return a.referral.urgency() > b.referral.urgency();
        }
        return unixMs(a.referral.received_at()) < unixMs(b.referral.received_at());
    });
    QVariantList out;
    for (const Row &row : rows) {
        const v1::Referral &f = row.referral;
        const std::int64_t received = unixMs(f.received_at());
        const std::int64_t dueBy = addWorkingDays(received, targetWorkingDays);
        const QString referrer = f.referrer_user_id().empty()
                                     ? qs(f.referrer_name())
                                     : names->value(qs(f.referrer_user_id())).toString();
        out.append(QVariantMap{
            {"referralId", qs(f.id())},
            {"reference", qs(f.reference())},
            {"version", qint64(f.version())},
            {"residentId", qs(f.resident_id())},
            {"residentName", wording::residentName(row.resident)},
            {"address", wording::addressLine(row.resident.address())},
            {"postcode", qs(row.resident.address().postcode())},
            {"wardId", qs(row.resident.ward_id())},
            {"contactNeeds", wording::contactNeeds(row.resident.contact_needs()).join(", ")},
            {"immediateRisk", f.immediate_risk()},
            {"source", int(f.source())},
            {"sourceText", wording::referralSourceLabel(f.source())},
            {"referrer", referrer},
            {"concern", qs(f.concern())},
            {"urgency", int(f.urgency())},
            {"urgencyText", wording::urgency(f.urgency())},
            {"status", int(f.status())},
            {"statusText", wording::referralStatus(f.status())},
            {"receivedAt", msToDateTime(received)},
            {"dueBy", msToDateTime(dueBy)},
            {"overdue", f.status() == v1::REFERRAL_STATUS_RECEIVED && nowMs > dueBy},
            {"caseId", qs(f.case_id())},
            {"caseNumber", qs(row.caseNumber)},
            {"duplicateCaseId", qs(row.duplicateId)},
            {"duplicateCaseNumber", qs(row.duplicateNumber)},
            {"consentToShareOutcome", f.consent_to_share_outcome()}});
    }
    return out;
}

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

Result<QVariantList> DeskReader::conflicts()
{
    auto names = userNames();
    if (!names) {
        return names.error();
    }
    // Per resident field, the latest conflict and the latest resolution: it is open while
    // no resolution is as recent as the conflict (a resolution made on a clock that reads the
    // same time still closes it).
    std::map<std::pair<std::string, std::string>, QVariantMap> open;
    std::map<std::pair<std::string, std::string>, std::int64_t> resolvedAt;
    auto s = eachRow(
        m_db,
        "SELECT e.body, c.case_number, r.body FROM case_events e"
        " JOIN cases c ON c.id = e.case_id LEFT JOIN residents r ON r.id = c.resident_id"
        " WHERE e.kind = ? ORDER BY e.occurred_at, e.id",
        [&](db::Statement &q) { q.bind(1, int(v1::CASE_EVENT_KIND_CONFLICT)); },
        [&](db::Statement &q) -> Status {
            v1::CaseEvent e;
            v1::Resident r;
            if (!e.ParseFromString(q.blob(0)) || (!q.isNull(2) && !r.ParseFromString(q.blob(2)))) {
                return unreadable("case event");
            }
            const v1::Conflict &c = e.conflict();
            const auto key = std::make_pair(c.record_id(), c.field());
            if (c.resolved()) {
                resolvedAt[key] = std::max(resolvedAt[key], unixMs(e.occurred_at()));
                return {};
            }
            const auto *field = v1::Resident::descriptor()->FindFieldByName(c.field());
            open[key] = QVariantMap{
                {"eventId", qs(e.id())},
                {"caseId", qs(e.case_id())},
                {"caseNumber", qs(q.text(1))},
                {"residentId", qs(c.record_id())},
                {"residentName", wording::residentName(r)},
                {"field", qs(c.field())},
                {"fieldLabel", wording::fieldLabel(c.field())},
                {"serverValue", wording::residentFieldValue(c.field(), c.server_value())},
                {"deviceValue", wording::residentFieldValue(c.field(), c.device_value())},
                {"serverText", qs(c.server_value())},
                {"deviceText", qs(c.device_value())},
                {"typable", field &&
                                field->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
                                !field->is_repeated()},
                {"deviceUser", names->value(qs(e.actor_user_id())).toString()},
                {"serverUser", names->value(qs(c.server_value_set_by_user_id())).toString()},
                {"serverSetAt", toDateTime(c.server_value_set_at())},
                {"receivedAt", toDateTime(e.occurred_at())},
                {"residentUpdatedAt", toDateTime(r.updated_at())}};
            return {};
        });
    if (!s) {
        return s.error();
    }
    QVariantList out;
    for (const auto &[key, row] : open) {
        const auto r = resolvedAt.find(key);
        if (r == resolvedAt.end() ||
            r->second < row.value("receivedAt").toDateTime().toMSecsSinceEpoch()) {
            out.append(row);
        }
    }
    std::sort(out.begin(), out.end(), [](const QVariant &a, const QVariant &b) {
        return a.toMap().value("receivedAt").toDateTime() >
               b.toMap().value("receivedAt").toDateTime();
    });
    return out;
}

Result<int> DeskReader::unfinishedVisits(const std::string &caseId)
{
    int open = 0;
    auto s = eachRow(
        m_db, "SELECT count(*) FROM visits WHERE case_id = ? AND status NOT IN (5, 6, 7)",
        [&](db::Statement &q) { q.bind(1, caseId); },
        [&](db::Statement &q) -> Status {
            open = static_cast<int>(q.int64(0));
            return {};
        });
    if (!s) {
        return s.error();
    }
    return open;
}

Result<QVariantList> DeskReader::wards()
{
    QVariantList out;
    auto s = eachRow(
        m_db, "SELECT body FROM wards", [](db::Statement &) {},
        [&](db::Statement &q) -> Status {
            v1::Ward w;
            if (!w.ParseFromString(q.blob(0))) {
                return unreadable("ward");
            }
            out.append(QVariantMap{{"id", qs(w.id())}, {"name", qs(w.name())}});
            return {};
        });
    if (!s) {
        return s.error();
    }
    std::stable_sort(out.begin(), out.end(), [](const QVariant &a, const QVariant &b) {
        return a.toMap().value("name").toString() < b.toMap().value("name").toString();
    });
    return out;
}

Result<QVariantList> DeskReader::staff()
{
    auto found = users("SELECT body FROM users WHERE role IN (1, 2)");
    if (!found) {
        return found.error();
    }
    QVariantList out;
    for (const v1::User &u : *found) {
        if (!u.disabled()) {
            out.append(QVariantMap{{"id", qs(u.id())},
                                   {"name", qs(u.display_name())},
                                   {"coordinator", u.role() == v1::ROLE_COORDINATOR}});
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const QVariant &a, const QVariant &b) {
        return a.toMap().value("name").toString() < b.toMap().value("name").toString();
    });
    return out;
}

Result<QVariantList> DeskReader::officers()
{
    auto all = staff();
    if (!all) {
        return all.error();
    }
    return officersOf(*all);
}

QVariantList DeskReader::officersOf(const QVariantList &staff)
{
    QVariantList out;
    for (const QVariant &row : staff) {
        if (!row.toMap().value("coordinator").toBool()) {
            out.append(
                QVariantMap{{"id", row.toMap().value("id")}, {"name", row.toMap().value("name")}});
        }
    }
    return out;
}

Result<QVariantList> DeskReader::workload(std::int64_t fromMs, int days)
{
    auto names = userNames();
    if (!names) {
        return names.error();
    }
    const std::int64_t firstDay = m_days.dayOf(fromMs);
    std::map<QString, std::vector<int>> counts;
    auto s = eachRow(
        m_db,
        "SELECT officer_user_id, window_start FROM visits"
        " WHERE window_start >= ? AND window_start < ? AND status != 7",
        [&](db::Statement &q) {
            q.bind(1, m_days.startOfDay(firstDay)).bind(2, m_days.startOfDay(firstDay + days));
        },
        [&](db::Statement &q) -> Status {
            auto &row = counts[qs(q.text(0))];
            row.resize(static_cast<std::size_t>(days));
            const std::int64_t day = m_days.dayOf(q.int64(1)) - firstDay;
            if (day >= 0 && day < days) {
                ++row[static_cast<std::size_t>(day)];
            }
            return {};
        });
    if (!s) {
        return s.error();
    }
    // Every active officer appears, so an idle one is plain to see.
    auto officers = users("SELECT body FROM users WHERE role = 1");
    if (!officers) {
        return officers.error();
    }
    for (const v1::User &u : *officers) {
        if (!u.disabled()) {
            counts[qs(u.id())].resize(static_cast<std::size_t>(days));
        }
    }
    QVariantList out;
    for (const auto &[officer, perDay] : counts) {
        QVariantList dayCounts;
        int total = 0;
        for (int c : perDay) {
            dayCounts.append(c);
            total += c;
        }
        out.append(QVariantMap{{"officerId", officer},
                               {"officerName", names->value(officer).toString()},
                               {"days", dayCounts},
                               {"total", total}});
    }
    std::stable_sort(out.begin(), out.end(), [](const QVariant &a, const QVariant &b) {
        return a.toMap().value("officerName").toString() <
               b.toMap().value("officerName").toString();
    });
    return out;
}

Result<QVariantList> DeskReader::followUpCalls(std::int64_t nowMs, int maxAttempts)
{
    // Only recent visits can still owe a call: start from them (visits_by_window), not from
    // every consent form ever taken, since this runs after every sync.
    struct Candidate
    {
        v1::Visit visit;
        v1::Resident resident;
        std::string caseNumber;
    };
    std::vector<Candidate> candidates;
    auto s = eachRow(
        m_db,
        "SELECT v.body, c.case_number, r.body FROM visits v JOIN cases c ON c.id = v.case_id"
        " LEFT JOIN residents r ON r.id = c.resident_id"
        " WHERE v.window_start >= ? AND v.status = 5",
        [&](db::Statement &q) { q.bind(1, nowMs - kFollowUpWindowMs); },
        [&](db::Statement &q) -> Status {
            Candidate c;
            if (!c.visit.ParseFromString(q.blob(0)) ||
                (!q.isNull(2) && !c.resident.ParseFromString(q.blob(2)))) {
                return unreadable("visit");
            }
            c.caseNumber = q.text(1);
            candidates.push_back(std::move(c));
            return {};
        });
    if (!s) {
        return s.error();
    }
    QVariantList out;
    for (const Candidate &c : candidates) {
        const v1::Visit &visit = c.visit;
        const std::int64_t checkedOut = unixMs(visit.checked_out_at());
        // Due from the start of the first working day after the visit's day to the end of the
        // second, in the council's days.
        const std::int64_t day = m_days.dayOf(checkedOut);
        const std::int64_t dueFrom = m_days.startOfDay(m_days.addWorkingDays(day, 1));
        const std::int64_t dueBy = m_days.startOfDay(m_days.addWorkingDays(day, 2) + 1) - 1;
        if (nowMs < dueFrom) {
            continue;
        }
        std::int64_t lastTry = 0;
        int tries = 0;
        // The case's consent forms and calls: did the resident agree for this visit, and has
        // a call been made since (one naming this visit, or any after the check-out when the
        // call names none)?
        const v1::Answer *channel = nullptr;
        const v1::Answer *bestTime = nullptr;
        bool consented = false;
        bool called = false;
        std::vector<v1::CaseEvent> forms;
        auto e = eachRow(
            m_db, "SELECT body FROM case_events WHERE case_id = ? AND kind IN (7, 10)",
            [&](db::Statement &q) { q.bind(1, visit.case_id()); },
            [&](db::Statement &q) -> Status {
                v1::CaseEvent ev;
                if (!ev.ParseFromString(q.blob(0))) {
                    return unreadable("case event");
                }
                if (ev.has_follow_up_call()) {
                    const std::string &forVisit = ev.follow_up_call().visit_id();
                    if (forVisit == visit.id() ||
                        (forVisit.empty() && unixMs(ev.occurred_at()) >= checkedOut)) {
                        // No answer: tried again; anything else answers the call.
                        if (ev.follow_up_call().result() == v1::FOLLOW_UP_RESULT_NO_ANSWER) {
                            ++tries;
                            lastTry = std::max(lastTry, unixMs(ev.occurred_at()));
                        } else {
                            called = true;
                        }
                    }
                } else if (ev.form_submission().form_id() == "consent" &&
                           ev.form_submission().visit_id() == visit.id()) {
                    forms.push_back(std::move(ev));
                }
                return {};
            });
        if (!e) {
            return e.error();
        }
        for (const v1::CaseEvent &form : forms) {
            const v1::Answer *yes = answer(form.form_submission(), "follow_up_call_consent");
            if (yes && yes->consent_given()) {
                consented = true;
                channel = answer(form.form_submission(), "follow_up_channel");
                bestTime = answer(form.form_submission(), "follow_up_best_time");
            }
        }
        if (!consented || called || tries >= maxAttempts) {
            continue;
        }
        std::int64_t from = dueFrom;
        std::int64_t by = dueBy;
        if (tries > 0) {
            // Due again the next working day after the last try, that day.
            const std::int64_t next = m_days.addWorkingDays(m_days.dayOf(lastTry), 1);
            from = m_days.startOfDay(next);
            by = m_days.startOfDay(next + 1) - 1;
            if (nowMs < from) {
                continue;
            }
        }
        out.append(QVariantMap{{"visitId", qs(visit.id())},
                               {"attempt", tries + 1},
                               {"maxAttempts", maxAttempts},
                               {"caseId", qs(visit.case_id())},
                               {"caseNumber", qs(c.caseNumber)},
                               {"residentName", wording::residentName(c.resident)},
                               {"phone", qs(c.resident.phone())},
                               {"channel", channel ? qs(channel->choice()) : QString()},
                               {"bestTime", bestTime ? qs(bestTime->choice()) : QString()},
                               {"checkedOutAt", msToDateTime(checkedOut)},
                               {"dueFrom", msToDateTime(from)},
                               {"dueBy", msToDateTime(by)},
                               {"late", nowMs > by}});
    }
    std::stable_sort(out.begin(), out.end(), [](const QVariant &a, const QVariant &b) {
        return a.toMap().value("dueBy").toDateTime() < b.toMap().value("dueBy").toDateTime();
    });
    return out;
}

Result<QVariantList> DeskReader::safeguarding(std::int64_t sinceMs)
{
    auto names = userNames();
    if (!names) {
        return names.error();
    }
    QVariantList out;
    std::map<std::string, int> byEvent;
    auto s = eachRow(
        m_db,
        "SELECT e.body, c.case_number, r.body FROM case_events e"
        " JOIN cases c ON c.id = e.case_id LEFT JOIN residents r ON r.id = c.resident_id"
        " WHERE e.kind = 8 ORDER BY e.occurred_at DESC, e.id",
        [](db::Statement &) {},
        [&](db::Statement &q) -> Status {
            v1::CaseEvent e;
            v1::Resident r;
            if (!e.ParseFromString(q.blob(0)) || (!q.isNull(2) && !r.ParseFromString(q.blob(2)))) {
                return unreadable("case event");
            }
            byEvent[e.id()] = int(out.size());
            out.append(QVariantMap{{"eventId", qs(e.id())},
                                   {"caseId", qs(e.case_id())},
                                   {"caseNumber", qs(q.text(1))},
                                   {"residentName", wording::residentName(r)},
                                   {"raisedBy", names->value(qs(e.actor_user_id())).toString()},
                                   {"raisedAt", toDateTime(e.occurred_at())},
                                   {"details", qs(e.safeguarding().details())},
                                   {"assigneeId", QString()},
                                   {"assignee", QString()},
                                   {"steps", QVariantList()},
                                   {"closed", false}});
            return {};
        });
    if (!s) {
        return s.error();
    }
    // Each concern's steps, in the order they were taken (append-only: the latest assignment
    // holds).
    s = eachRow(
        m_db,
        // In the order they were taken: by time, then as they arrived (rowid), since two steps
        // can share a second.
        "SELECT body FROM case_events WHERE kind = ? ORDER BY occurred_at, rowid",
        [&](db::Statement &q) { q.bind(1, int(v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION)); },
        [&](db::Statement &q) -> Status {
            v1::CaseEvent e;
            if (!e.ParseFromString(q.blob(0))) {
                return unreadable("case event");
            }
            const v1::SafeguardingAction &a = e.safeguarding_action();
            const auto at = byEvent.find(a.concern_event_id());
            if (at == byEvent.end()) {
                return {};
            }
            QVariantMap concern = out[at->second].toMap();
            const QString by = names->value(qs(e.actor_user_id())).toString();
            QString what = qs(a.text());
            if (a.step() == v1::SAFEGUARDING_STEP_ASSIGNED) {
                concern["assigneeId"] = qs(a.assignee_user_id());
                concern["assignee"] = names->value(qs(a.assignee_user_id())).toString();
                what = QStringLiteral("Assigned to ") + concern["assignee"].toString();
            } else if (a.step() == v1::SAFEGUARDING_STEP_CLOSED) {
                concern["closed"] = true;
                concern["closedBy"] = by;
                concern["closedAt"] = toDateTime(e.occurred_at());
                what = QStringLiteral("Closed: ") + what;
            }
            QVariantList steps = concern["steps"].toList();
            steps.append(QVariantMap{{"step", int(a.step())},
                                     {"text", what},
                                     {"by", by},
                                     {"at", toDateTime(e.occurred_at())}});
            concern["steps"] = steps;
            out[at->second] = concern;
            return {};
        });
    if (!s) {
        return s.error();
    }
    // An open concern stays however old; a closed one only while raised since `sinceMs`.
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const QVariant &v) {
                                 const QVariantMap m = v.toMap();
                                 return m.value("closed").toBool() &&
                                        m.value("raisedAt").toDateTime().toMSecsSinceEpoch() <
                                            sinceMs;
                             }),
              out.end());
    // Open concerns first, newest first within each.
    std::stable_sort(out.begin(), out.end(), [](const QVariant &a, const QVariant &b) {
        return !a.toMap().value("closed").toBool() && b.toMap().value("closed").toBool();
    });
    return out;
}

Result<kpi::Figures> DeskReader::kpiFigures(std::int64_t fromMs, std::int64_t toMs)
{
    // The rows the tally needs, no more: it decides what counts.
    kpi::KpiTally tally(fromMs, toMs);
    auto s = eachRow(
        m_db, "SELECT body FROM referrals WHERE received_at >= ? AND received_at < ?",
        [&](db::Statement &q) { q.bind(1, fromMs).bind(2, toMs); },
        [&](db::Statement &q) -> Status {
            v1::Referral f;
            if (!f.ParseFromString(q.blob(0))) {
                return unreadable("referral");
            }
            tally.addReferral(f);
            return {};
        });
    if (!s) {
        return s.error();
    }
    // Attended visits in the period, and those of cases referred in it (their first visit
    // may come later).
    s = eachRow(
        m_db,
        "SELECT body FROM visits WHERE status IN (3, 4, 5, 6) AND ("
        " (window_start >= ?1 AND window_start < ?2) OR case_id IN"
        " (SELECT case_id FROM referrals WHERE received_at >= ?1 AND received_at < ?2))",
        [&](db::Statement &q) { q.bind(1, fromMs).bind(2, toMs); },
        [&](db::Statement &q) -> Status {
            v1::Visit v;
            if (!v.ParseFromString(q.blob(0))) {
                return unreadable("visit");
            }
            tally.addVisit(v);
            return {};
        });
    if (!s) {
        return s.error();
    }
    s = eachRow(
        m_db,
        "SELECT body FROM case_events WHERE occurred_at >= ? AND occurred_at < ?"
        " AND kind IN (1, 3, 4, 5, 6, 10)",
        [&](db::Statement &q) { q.bind(1, tally.eventsFromMs()).bind(2, toMs); },
        [&](db::Statement &q) -> Status {
            v1::CaseEvent e;
            if (!e.ParseFromString(q.blob(0))) {
                return unreadable("case event");
            }
            tally.addCaseEvent(e);
            return {};
        });
    if (!s) {
        return s.error();
    }
    for (const std::string &caseId : tally.casesWithContacts()) {
        s = eachRow(
            m_db, "SELECT resident_id FROM cases WHERE id = ?",
            [&](db::Statement &q) { q.bind(1, caseId); },
            [&](db::Statement &q) -> Status {
                tally.setResidentOf(caseId, q.text(0));
                return {};
            });
        if (!s) {
            return s.error();
        }
    }
    return tally.figures();
}

Result<QByteArray> DeskReader::kpiCsv(const calendar::CouncilCalendar &days, std::int64_t firstDay,
                                      std::int64_t lastDay)
{
    auto f = kpiFigures(days.startOfDay(firstDay), days.startOfDay(lastDay + 1));
    if (!f) {
        return f.error();
    }
    return QByteArray::fromStdString(kpi::csv(*f, firstDay, lastDay));
}

Result<QVariantMap> DeskReader::kpis(std::int64_t fromMs, std::int64_t toMs)
{
    auto f = kpiFigures(fromMs, toMs);
    if (!f) {
        return f.error();
    }
    QVariantMap k;
    std::map<QString, int> bySource;
    for (const auto &[source, n] : f->referralsBySource) {
        bySource[wording::referralSourceLabel(v1::ReferralSource(source))] += n;
    }
    k["referralsReceived"] = f->referralsReceived;
    k["referralsBySource"] = countsByLabel(bySource);
    k["firstVisitReferrals"] = f->firstVisitReferrals;
    k["meanDaysToFirstVisit"] = f->meanDaysToFirstVisit;
    k["medianDaysToFirstVisit"] = f->medianDaysToFirstVisit;
    k["visitsCompleted"] = f->visitsCompleted;
    k["visitsNoAccess"] = f->visitsNoAccess;
    std::map<QString, int> areas;
    for (const auto &[area, n] : f->outcomesByArea) {
        QString label = qs(area).replace(QLatin1Char('_'), QLatin1Char(' '));
        label[0] = label[0].toUpper();
        areas[label] += n;
    }
    k["outcomes"] = f->outcomes;
    k["outcomesByArea"] = countsByLabel(areas);
    std::map<QString, int> partners;
    for (const auto &[partner, n] : f->partnerReferralsByPartner) {
        partners[wording::partner(v1::Partner(partner))] += n;
    }
    k["partnerReferrals"] = f->partnerReferrals;
    k["partnerReferralsByPartner"] = countsByLabel(partners);
    k["followUpCalls"] = f->followUpCalls;
    k["followUpResidents"] = f->followUpResidents;
    k["callsReached"] = f->callsReached;
    k["callsDeclined"] = f->callsDeclined;
    k["callsUnreachable"] = f->callsUnreachable;
    k["callsNoAnswer"] = f->callsNoAnswer;
    k["responseRate"] = f->responseRate;
    k["meanSatisfaction"] = f->meanSatisfaction;
    QVariantList scores;
    for (int n : f->satisfactionCounts) {
        scores.append(n);
    }
    k["satisfactionCounts"] = scores;

    // Repeat contacts, with the names and case numbers this device holds.
    QVariantList repeats;
    for (const kpi::RepeatContact &r : f->repeatContacts) {
        v1::Resident resident;
        QString number;
        auto s = eachRow(
            m_db,
            "SELECT c.case_number, r.body FROM cases c"
            " LEFT JOIN residents r ON r.id = c.resident_id WHERE c.id = ?",
            [&](db::Statement &q) { q.bind(1, r.caseId); },
            [&](db::Statement &q) -> Status {
                number = qs(q.text(0));
                if (!q.isNull(1) && !resident.ParseFromString(q.blob(1))) {
                    return unreadable("resident");
                }
                return {};
            });
        if (!s) {
            return s.error();
        }
        repeats.append(QVariantMap{{"residentId", qs(r.residentId)},
                                   {"residentName", wording::residentName(resident)},
                                   {"caseNumber", number},
                                   {"contacts", r.contacts},
                                   {"firstContact", msToDateTime(r.firstMs)},
                                   {"lastContact", msToDateTime(r.lastMs)}});
    }
    k["repeatContacts"] = repeats;
    return k;
}

Result<QVariantList> DeskReader::myReferrals(std::int64_t nowMs, int targetWorkingDays)
{
    QVariantList out;
    auto s = eachRow(
        m_db,
        // The outcome shown is the latest one recorded since this referral was received: work
        // on the case before it answered someone else.
        "SELECT f.body, r.body, (SELECT e.body FROM case_events e WHERE e.case_id = f.case_id"
        "  AND e.kind = 4 AND e.occurred_at >= f.received_at ORDER BY e.occurred_at DESC"
        "  LIMIT 1)"
        " FROM referrals f LEFT JOIN residents r ON r.id = f.resident_id"
        " ORDER BY f.received_at DESC, f.id",
        [](db::Statement &) {},
        [&](db::Statement &q) -> Status {
            v1::Referral f;
            v1::Resident r;
            v1::CaseEvent outcome;
            if (!f.ParseFromString(q.blob(0)) || (!q.isNull(1) && !r.ParseFromString(q.blob(1))) ||
                (!q.isNull(2) && !outcome.ParseFromString(q.blob(2)))) {
                return unreadable("referral");
            }
            const std::int64_t received = unixMs(f.received_at());
            const std::int64_t dueBy = received ? addWorkingDays(received, targetWorkingDays) : 0;
            const bool waiting = f.status() == v1::REFERRAL_STATUS_RECEIVED;
            out.append(QVariantMap{{"referralId", qs(f.id())},
                                   {"reference", qs(f.reference())},
                                   {"residentName", wording::residentName(r)},
                                   {"concern", qs(f.concern())},
                                   {"immediateRisk", f.immediate_risk()},
                                   {"declineReason", qs(f.decline_reason())},
                                   {"receivedAt", msToDateTime(received)},
                                   {"status", int(f.status())},
                                   {"statusText", wording::referralStatus(f.status())},
                                   {"dueBy", msToDateTime(dueBy)},
                                   {"overdue", waiting && dueBy > 0 && nowMs > dueBy},
                                   {"consentToShareOutcome", f.consent_to_share_outcome()},
                                   {"outcomeSummary", qs(outcome.outcome().shareable_summary())},
                                   {"outcomeAt", toDateTime(outcome.occurred_at())},
                                   {"closed", f.status() == v1::REFERRAL_STATUS_CLOSED}});
            return {};
        });
    if (!s) {
        return s.error();
    }
    return out;
}

} // namespace doorstep::mobile
