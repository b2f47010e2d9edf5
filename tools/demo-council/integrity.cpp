#include "demo-council/integrity.h"

#include "forms/formdefinitioncheck.h"
#include "records/eventdetail.h"

#include <cctype>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace doorstep::demo {

namespace {

// Index of record ids, pointing into the snapshot's own strings.
using IdIndex = std::unordered_map<std::string_view, int>;

class Checker
{
public:
    explicit Checker(const v1::CouncilSnapshot &s) : m_s(s) {}

    std::vector<std::string> run()
    {
        checkCouncil();
        indexWards();
        checkUsers();
        checkResidents();
        checkCases();
        checkReferrals();
        checkVisits();
        checkCaseEvents();
        checkForms();
        return std::move(m_problems);
    }

private:
    void problem(std::string text) { m_problems.push_back(std::move(text)); }

    static std::string q(std::string_view id) { return id.empty() ? "(no id)" : std::string(id); }

    // Records each id once; reports the record type's duplicates and empty ids.
    void index(IdIndex &ids, std::string_view id, int i, std::string_view what)
    {
        if (id.empty()) {
            problem("A " + std::string(what) + " (number " + std::to_string(i + 1) +
                    " in the list) has no id.");
            return;
        }
        if (!ids.emplace(id, i).second) {
            problem("There is more than one " + std::string(what) + " with id " + q(id) + ".");
        }
    }

    void checkCouncil()
    {
        const auto &c = m_s.council();
        if (c.id().empty()) {
            problem("The council has no id.");
        }
        const std::string &prefix = c.case_number_prefix();
        bool ok = prefix.size() >= 2 && prefix.size() <= 4;
        for (char ch : prefix) {
            ok = ok && ch >= 'A' && ch <= 'Z';
        }
        if (!ok) {
            problem("The council's case number prefix \"" + prefix +
                    "\" must be 2 to 4 capital letters.");
        }
    }

    void indexWards()
    {
        for (int i = 0; i < m_s.wards_size(); ++i) {
            index(m_wards, m_s.wards(i).id(), i, "ward");
        }
    }

    void checkUsers()
    {
        std::unordered_set<std::string_view> usernames;
        for (int i = 0; i < m_s.users_size(); ++i) {
            const auto &u = m_s.users(i);
            index(m_users, u.id(), i, "user");
            if (u.username().empty()) {
                problem("User " + q(u.id()) + " has no username.");
            } else if (!usernames.insert(u.username()).second) {
                problem("More than one user has the username \"" + u.username() + "\".");
            }
            if (u.role() == v1::ROLE_UNSPECIFIED) {
                problem("User " + q(u.id()) + " has no role.");
            }
            if (!u.ward_id().empty() && !m_wards.contains(u.ward_id())) {
                problem("User " + q(u.id()) + " is linked to ward " + u.ward_id() +
                        ", which does not exist.");
            }
            if (u.role() == v1::ROLE_WARD_MEMBER && u.ward_id().empty()) {
                problem("Ward member " + q(u.id()) + " does not represent any ward.");
            }
        }
    }

    v1::Role roleOf(std::string_view userId) const
    {
        const auto it = m_users.find(userId);
        return it == m_users.end() ? v1::ROLE_UNSPECIFIED : m_s.users(it->second).role();
    }

    void checkResidents()
    {
        for (int i = 0; i < m_s.residents_size(); ++i) {
            const auto &r = m_s.residents(i);
            index(m_residents, r.id(), i, "resident");
            if (r.ward_id().empty()) {
                problem("Resident " + q(r.id()) + " is not in any ward.");
            } else if (!m_wards.contains(r.ward_id())) {
                problem("Resident " + q(r.id()) + " is in ward " + r.ward_id() +
                        ", which does not exist.");
            }
            if (r.contact_needs().hearing_loss() &&
                r.contact_needs().preferred_channel() == v1::CONTACT_CHANNEL_UNSPECIFIED) {
                problem("Resident " + q(r.id()) +
                        " has hearing loss but no preferred way to be contacted.");
            }
            if (r.contact_needs().interpreter_needed() &&
                r.contact_needs().interpreter_language().empty()) {
                problem("Resident " + q(r.id()) +
                        " needs an interpreter but no language is recorded.");
            }
            for (const auto &m : r.risk_markers()) {
                if (m.kind() == v1::RISK_KIND_UNSPECIFIED) {
                    problem("Resident " + q(r.id()) + " has a risk marker of no kind.");
                }
            }
            for (int f : r.vulnerability_flags()) {
                if (f == v1::VULNERABILITY_FLAG_UNSPECIFIED) {
                    problem("Resident " + q(r.id()) + " has an unspecified vulnerability flag.");
                }
            }
        }
    }

    void checkCases()
    {
        const std::string &prefix = m_s.council().case_number_prefix();
        std::unordered_map<std::string_view, std::string_view> numbers;
        for (int i = 0; i < m_s.cases_size(); ++i) {
            const auto &c = m_s.cases(i);
            index(m_cases, c.id(), i, "case");
            const std::string who = "Case " + q(c.id());
            if (!m_residents.contains(c.resident_id())) {
                problem(who + " is for resident " + q(c.resident_id()) + ", who does not exist.");
            }
            if (!isWellFormedCaseNumber(c.case_number())) {
                problem(who + " has case number \"" + c.case_number() +
                        "\", which is not of the form HV-2026-000123.");
            } else if (!prefix.empty() &&
                       c.case_number().compare(0, prefix.size() + 1, prefix + "-") != 0) {
                problem(who + " has case number " + c.case_number() +
                        ", which does not start with the council's prefix " + prefix + ".");
            }
            if (!c.case_number().empty()) {
                const auto [it, fresh] = numbers.emplace(c.case_number(), c.id());
                if (!fresh) {
                    problem("Cases " + q(it->second) + " and " + q(c.id()) +
                            " have the same case number " + c.case_number() + ".");
                }
            }
            if (c.status() == v1::CASE_STATUS_UNSPECIFIED) {
                problem(who + " has no status.");
            }
            if (!c.has_opened_at()) {
                problem(who + " has no opening time.");
            }
            if (c.status() == v1::CASE_STATUS_CLOSED) {
                if (!c.has_closed_at()) {
                    problem(who + " is closed but has no closing time.");
                } else if (c.closed_at().seconds() < c.opened_at().seconds()) {
                    problem(who + " was closed before it was opened.");
                }
            }
            if (!c.coordinator_user_id().empty() && !m_users.contains(c.coordinator_user_id())) {
                problem(who + " is owned by user " + c.coordinator_user_id() +
                        ", who does not exist.");
            }
        }
    }

    void checkReferrals()
    {
        IdIndex ids;
        for (int i = 0; i < m_s.referrals_size(); ++i) {
            const auto &r = m_s.referrals(i);
            index(ids, r.id(), i, "referral");
            const std::string who = "Referral " + q(r.id());
            if (!m_residents.contains(r.resident_id())) {
                problem(who + " is about resident " + q(r.resident_id()) + ", who does not exist.");
            }
            if (!r.case_id().empty()) {
                const auto it = m_cases.find(r.case_id());
                if (it == m_cases.end()) {
                    problem(who + " is linked to case " + r.case_id() + ", which does not exist.");
                } else if (m_s.cases(it->second).resident_id() != r.resident_id()) {
                    problem(who + " is about resident " + q(r.resident_id()) +
                            " but is linked to case " + r.case_id() + ", which is for resident " +
                            q(m_s.cases(it->second).resident_id()) + ".");
                }
            }
            if (r.source() == v1::REFERRAL_SOURCE_UNSPECIFIED) {
                problem(who + " has no source.");
            }
            if (r.urgency() == v1::URGENCY_UNSPECIFIED) {
                problem(who + " has no urgency.");
            }
            if (r.status() == v1::REFERRAL_STATUS_UNSPECIFIED) {
                problem(who + " has no status.");
            }
            if (r.source() == v1::REFERRAL_SOURCE_WARD_MEMBER &&
                roleOf(r.referrer_user_id()) != v1::ROLE_WARD_MEMBER) {
                problem(who + " is from a ward member, but " + q(r.referrer_user_id()) +
                        " is not an existing ward member.");
            } else if (!r.referrer_user_id().empty() && !m_users.contains(r.referrer_user_id())) {
                problem(who + " names referrer " + r.referrer_user_id() + ", who is not a user.");
            }
            if (!r.has_received_at()) {
                problem(who + " has no time received.");
            }
        }
    }

    void checkVisits()
    {
        IdIndex ids;
        for (int i = 0; i < m_s.visits_size(); ++i) {
            const auto &v = m_s.visits(i);
            index(ids, v.id(), i, "visit");
            const std::string who = "Visit " + q(v.id());
            const auto c = m_cases.find(v.case_id());
            if (c == m_cases.end()) {
                problem(who + " is for case " + q(v.case_id()) + ", which does not exist.");
            } else if (v.status() == v1::VISIT_STATUS_SCHEDULED &&
                       m_s.cases(c->second).status() != v1::CASE_STATUS_OPEN) {
                problem(who + " is scheduled, but its case " + v.case_id() + " is not open.");
            }
            const v1::Role role = roleOf(v.officer_user_id());
            if (!m_users.contains(v.officer_user_id())) {
                problem(who + " is assigned to " + q(v.officer_user_id()) + ", who is not a user.");
            } else if (role != v1::ROLE_OFFICER) {
                problem(who + " is assigned to " + v.officer_user_id() +
                        ", who is not a visiting officer.");
            }
            if (!v.has_window() || v.window().end().seconds() <= v.window().start().seconds()) {
                problem(who + " has a time window that does not end after it starts.");
            }
            if (v.status() == v1::VISIT_STATUS_UNSPECIFIED) {
                problem(who + " has no status.");
            }
        }
    }

    void checkCaseEvents()
    {
        IdIndex ids;
        for (int i = 0; i < m_s.case_events_size(); ++i) {
            const auto &e = m_s.case_events(i);
            index(ids, e.id(), i, "case event");
            const std::string who = "Case event " + q(e.id());
            if (!m_cases.contains(e.case_id())) {
                problem(who + " belongs to case " + q(e.case_id()) + ", which does not exist.");
            }
            if (!m_users.contains(e.actor_user_id())) {
                problem(who + " was recorded by " + q(e.actor_user_id()) + ", who is not a user.");
            }
            if (e.kind() == v1::CASE_EVENT_KIND_UNSPECIFIED) {
                problem(who + " has no kind.");
            } else if (e.kind() != v1::CASE_EVENT_KIND_LONE_WORKER_ALERT &&
                       e.detail_case() != detailOfKind(e.kind())) {
                problem(who + " is a " + v1::CaseEventKind_Name(e.kind()) +
                        " event but does not carry that kind of detail.");
            }
            if (!e.has_occurred_at()) {
                problem(who + " has no time.");
            }
        }
    }

    void checkForms()
    {
        std::set<std::pair<std::string_view, int>> seen;
        for (const auto &f : m_s.form_definitions()) {
            if (!seen.emplace(f.id(), f.version()).second) {
                problem("Form " + q(f.id()) + " version " + std::to_string(f.version()) +
                        " appears more than once.");
            }
            if (Status s = checkFormDefinition(f); !s) {
                problem("Form " + q(f.id()) + ": " + s.error().message);
            }
        }
    }

    const v1::CouncilSnapshot &m_s;
    IdIndex m_wards;
    IdIndex m_users;
    IdIndex m_residents;
    IdIndex m_cases;
    std::vector<std::string> m_problems;
};

} // namespace

bool isWellFormedCaseNumber(std::string_view n)
{
    const std::size_t dash = n.find('-');
    if (dash < 2 || dash > 4 || n.size() != dash + 1 + 4 + 1 + 6) {
        return false;
    }
    for (std::size_t i = 0; i < n.size(); ++i) {
        const char c = n[i];
        const bool ok = i < dash                     ? (c >= 'A' && c <= 'Z')
                        : i == dash || i == dash + 5 ? c == '-'
                                                     : (c >= '0' && c <= '9');
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::vector<std::string> checkIntegrity(const v1::CouncilSnapshot &snapshot)
{
    return Checker(snapshot).run();
}

} // namespace doorstep::demo
