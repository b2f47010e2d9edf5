// The safeguarding tab: concerns raised in visits, for a coordinator to act on.

#include "store/deskreader.h"

#include "db/statement.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "store/deskquery.h"
#include "store/prototime.h"
#include "store/qtext.h"
#include "store/wording.h"

#include <algorithm>
#include <map>
#include <vector>

namespace doorstep::mobile {

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

} // namespace doorstep::mobile
