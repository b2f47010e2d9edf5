#include "store/casereader.h"

#include "db/statement.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "kpi/kpis.h"
#include "store/contactoptions.h"
#include "store/prototime.h"
#include "store/qtext.h"
#include "store/syncstate.h"
#include "store/wording.h"

#include <QDateTime>

namespace doorstep::mobile {

namespace {

QVariantMap visitMap(const v1::Visit &v, const std::string &caseNumber, const v1::Resident &r)
{
    const auto &loc = r.address().location();
    return {{"visitId", qs(v.id())},
            {"caseId", qs(v.case_id())},
            {"caseNumber", qs(caseNumber)},
            {"residentId", qs(r.id())},
            {"residentName", wording::residentName(r)},
            {"address", wording::addressLine(r.address())},
            {"postcode", qs(r.address().postcode())},
            {"hasLocation", loc.has_fix()},
            {"latitude", loc.latitude()},
            {"longitude", loc.longitude()},
            {"windowStart", toDateTime(v.window().start())},
            {"windowEnd", toDateTime(v.window().end())},
            {"status", int(v.status())},
            {"statusText", wording::visitStatus(v.status())},
            {"purpose", qs(v.purpose())},
            {"needs", wording::contactNeeds(r.contact_needs())},
            {"vulnerabilities", wording::vulnerabilities(r)},
            {"risks", wording::risks(r)},
            {"loneWorkerDeadline", toDateTime(v.lone_worker_deadline())},
            {"checkedIn", v.has_checked_in_at()}};
}

// A visit under way: checked in and not checked out (in progress, overdue or in alert). Binds
// the three statuses of an "IN (?, ?, ?)" from parameter `first`.
void bindUnderWay(db::Statement &q, int first)
{
    q.bind(first, std::int64_t(v1::VISIT_STATUS_IN_PROGRESS))
        .bind(first + 1, std::int64_t(v1::VISIT_STATUS_OVERDUE))
        .bind(first + 2, std::int64_t(v1::VISIT_STATUS_ALERT));
}

template <typename T> bool parse(T &out, const std::string &bytes)
{
    return out.ParseFromString(bytes);
}

} // namespace

Result<QVariantList> CaseReader::visitRows(const char *sql,
                                           const std::function<void(db::Statement &)> &bind)
{
    auto q = m_db.prepare(sql);
    if (!q) {
        return q.error();
    }
    bind(*q);
    QVariantList out;
    auto each = q->forEach([&]() -> Status {
        v1::Visit v;
        v1::Resident r;
        if (!parse(v, q->blob(0)) || (!q->isNull(2) && !parse(r, q->blob(2)))) {
            return makeError(v1::ERROR_CODE_INTERNAL, "A stored visit or resident is unreadable");
        }
        out.append(visitMap(v, q->text(1), r));
        return {};
    });
    if (!each) {
        return each.error();
    }
    return out;
}

Result<QVariantList> CaseReader::visits(std::int64_t fromMs, std::int64_t toMs)
{
    return visitRows("SELECT v.body, c.case_number, r.body FROM visits v"
                     " JOIN cases c ON c.id = v.case_id"
                     " LEFT JOIN residents r ON r.id = c.resident_id"
                     " WHERE (v.window_end > ? AND v.window_start < ?) OR v.status IN (?, ?, ?)"
                     " ORDER BY v.window_start, v.id",
                     [&](db::Statement &q) {
                         q.bind(1, fromMs).bind(2, toMs);
                         bindUnderWay(q, 3);
                     });
}

Result<QVariantMap> CaseReader::visit(const std::string &visitId)
{
    auto rows = visitRows("SELECT v.body, c.case_number, r.body FROM visits v"
                          " JOIN cases c ON c.id = v.case_id"
                          " LEFT JOIN residents r ON r.id = c.resident_id WHERE v.id = ?",
                          [&](db::Statement &q) { q.bind(1, visitId); });
    if (!rows) {
        return rows.error();
    }
    return rows->isEmpty() ? QVariantMap() : rows->first().toMap();
}

Result<QVariantMap> CaseReader::visitInProgress(const std::string &officerUserId)
{
    auto rows = visitRows("SELECT v.body, c.case_number, r.body FROM visits v"
                          " JOIN cases c ON c.id = v.case_id"
                          " LEFT JOIN residents r ON r.id = c.resident_id"
                          " WHERE v.officer_user_id = ? AND v.status IN (?, ?, ?)"
                          " ORDER BY v.window_start DESC, v.id LIMIT 1",
                          [&](db::Statement &q) {
                              q.bind(1, officerUserId);
                              bindUnderWay(q, 2);
                          });
    if (!rows) {
        return rows.error();
    }
    return rows->isEmpty() ? QVariantMap() : rows->first().toMap();
}

Result<QVariantMap> CaseReader::caseDetail(const std::string &caseId, std::int64_t nowMs)
{
    auto q = m_db.prepare("SELECT c.body, r.body FROM cases c"
                          " LEFT JOIN residents r ON r.id = c.resident_id WHERE c.id = ?");
    if (!q) {
        return q.error();
    }
    q->bind(1, caseId);
    auto row = q->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return QVariantMap();
    }
    v1::Case c;
    v1::Resident r;
    if (!parse(c, q->blob(0)) || (!q->isNull(1) && !parse(r, q->blob(1)))) {
        return makeError(v1::ERROR_CODE_INTERNAL, "A stored case or resident is unreadable");
    }
    QVariantMap out{{"caseId", qs(c.id())},
                    {"caseNumber", qs(c.case_number())},
                    {"caseStatus", wording::caseStatus(c.status())},
                    {"closeReason", qs(c.close_reason())},
                    {"openedAt", toDateTime(c.opened_at())},
                    {"residentId", qs(r.id())},
                    {"residentVersion", qint64(r.version())},
                    {"residentName", wording::residentName(r)},
                    {"dateOfBirth", wording::dateOfBirth(r)},
                    {"address", wording::addressLine(r.address())},
                    {"postcode", qs(r.address().postcode())},
                    {"phone", qs(r.phone())},
                    {"email", qs(r.email())},
                    {"needs", wording::contactNeeds(r.contact_needs())},
                    {"needsNote", qs(r.contact_needs().notes())},
                    {"vulnerabilities", wording::vulnerabilities(r)},
                    {"risks", wording::risks(r)}};
    auto council = SyncState(m_db).council();
    if (!council) {
        return council.error();
    }
    out.insert("contactOptions",
               contactOptions(r, council->value_or(v1::Council()), c.case_number()));

    // The timeline covers every case of the resident: a contact is a contact, whichever case
    // it was logged to, and the repeat-contact rule counts them all.
    auto ev = m_db.prepare("SELECT e.body, c.case_number FROM case_events e"
                           " JOIN cases c ON c.id = e.case_id WHERE c.resident_id = ?"
                           " ORDER BY e.occurred_at DESC, e.id");
    if (!ev) {
        return ev.error();
    }
    ev->bind(1, c.resident_id());
    QVariantList timeline;
    int recent = 0;
    auto each = ev->forEach([&]() -> Status {
        v1::CaseEvent e;
        if (!parse(e, ev->blob(0))) {
            return makeError(v1::ERROR_CODE_INTERNAL, "A stored case event is unreadable");
        }
        const auto text = wording::event(e);
        if (kpi::isContact(e) && unixMs(e.occurred_at()) > nowMs - kpi::kRepeatWindowMs) {
            ++recent;
        }
        timeline.append(QVariantMap{{"eventId", qs(e.id())},
                                    {"when", toDateTime(e.occurred_at())},
                                    {"kind", int(e.kind())},
                                    {"title", text.title},
                                    {"detail", text.detail},
                                    {"caseNumber", qs(ev->text(1))}});
        return {};
    });
    if (!each) {
        return each.error();
    }
    out.insert("timeline", timeline);
    out.insert("recentContacts", recent);
    if (recent >= kpi::kRepeatContacts) {
        out.insert("repeatContactNotice",
                   QStringLiteral("Repeat contact: %1 contacts in the last 30 days. Check "
                                  "whether the resident's needs are being met.")
                       .arg(recent));
    }
    auto visits = visitRows("SELECT v.body, c.case_number, r.body FROM visits v"
                            " JOIN cases c ON c.id = v.case_id"
                            " LEFT JOIN residents r ON r.id = c.resident_id WHERE v.case_id = ?"
                            " ORDER BY v.window_start DESC",
                            [&](db::Statement &s) { s.bind(1, caseId); });
    if (!visits) {
        return visits.error();
    }
    out.insert("visits", *visits);
    return out;
}

Result<std::string> CaseReader::caseOfResident(const std::string &residentId)
{
    auto q = m_db.prepare("SELECT id FROM cases WHERE resident_id = ?"
                          " ORDER BY status = 1 DESC, rowid DESC LIMIT 1");
    if (!q) {
        return q.error();
    }
    q->bind(1, residentId);
    auto row = q->step();
    if (!row) {
        return row.error();
    }
    return *row ? q->text(0) : std::string();
}

Result<QVariantList> CaseReader::formDefinitions()
{
    auto q = m_db.prepare("SELECT body FROM form_definitions ORDER BY id, version");
    if (!q) {
        return q.error();
    }
    // The stored bytes as they are: the visit flow parses each once.
    QVariantList out;
    auto each = q->forEach([&]() -> Status {
        out.append(QByteArray::fromStdString(q->blob(0)));
        return {};
    });
    if (!each) {
        return each.error();
    }
    return out;
}

Result<QVariantMap> CaseReader::flowContext(const std::string &visitId)
{
    auto q = m_db.prepare("SELECT v.body, v.case_id, r.body, c.case_number FROM visits v"
                          " JOIN cases c ON c.id = v.case_id"
                          " LEFT JOIN residents r ON r.id = c.resident_id WHERE v.id = ?");
    if (!q) {
        return q.error();
    }
    q->bind(1, visitId);
    auto row = q->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return QVariantMap();
    }
    const std::string caseId = q->text(1);
    QVariantMap out{
        {"visit", QByteArray::fromStdString(q->blob(0))},
        {"caseId", qs(caseId)},
        {"caseNumber", qs(q->text(3))},
        {"resident", q->isNull(2) ? QByteArray() : QByteArray::fromStdString(q->blob(2))}};
    // The referral that opened the case: the earliest one linked to it.
    auto ref = m_db.prepare("SELECT body FROM referrals WHERE case_id = ?"
                            " ORDER BY received_at, id LIMIT 1");
    if (!ref) {
        return ref.error();
    }
    ref->bind(1, caseId);
    auto refRow = ref->step();
    if (!refRow) {
        return refRow.error();
    }
    int source = v1::REFERRAL_SOURCE_UNSPECIFIED;
    if (*refRow) {
        v1::Referral referral;
        if (parse(referral, ref->blob(0))) {
            source = referral.source();
        }
    }
    out.insert("referralSource", source);
    auto forms = formDefinitions();
    if (!forms) {
        return forms.error();
    }
    out.insert("forms", *forms);
    return out;
}

} // namespace doorstep::mobile
