// The workload table: each officer's visits per day.

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

} // namespace doorstep::mobile
