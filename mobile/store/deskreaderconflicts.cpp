// Conflicts the server kept for a person to resolve, with both values in words.

#include "store/deskreader.h"

#include "db/statement.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "records/quiettext.h"
#include "store/deskquery.h"
#include "store/prototime.h"
#include "store/qtext.h"
#include "store/wording.h"

#include <algorithm>
#include <map>
#include <vector>

namespace doorstep::mobile {

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

} // namespace doorstep::mobile
