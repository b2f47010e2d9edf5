// What every desk tab looks up: working days, users and their names, the wards and the staff.

#include "store/deskreader.h"

#include "db/statement.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "store/casereader.h"
#include "store/deskquery.h"
#include "store/qtext.h"

#include <algorithm>
#include <vector>

namespace doorstep::mobile {

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

} // namespace doorstep::mobile
