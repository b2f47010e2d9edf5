// Which case is at which stage on the demo's day, and the week of scheduled visits.

#include "demo-council/councilbuilder.h"

namespace doorstep::demo::detail {

// --- case plans and the week's schedule --------------------------------------------

void CouncilBuilder::planCases()
{
    Random rng = Random::stream(m_options.seed, 4);
    const int n = m_options.residents;
    m_plans.resize(static_cast<std::size_t>(n));
    const double e = m_options.eventsPerCase;
    for (int i = 0; i < n; ++i) {
        CasePlan &plan = m_plans[static_cast<std::size_t>(i)];
        const double p = rng.uniformReal();
        plan.stage =
            p < 0.30 ? Stage::Closed : (p < 0.30 + 0.70 * 0.35 ? Stage::Awaiting : Stage::Visited);
        plan.open = plan.stage != Stage::Closed;
        // Each coordinator owns a group of wards.
        const int ward = m_residents[static_cast<std::size_t>(i)].ward;
        plan.coordinator = m_coordinators[static_cast<std::size_t>(ward) % m_coordinators.size()];
        // New cases have short timelines, closed ones long: the factors average about 1.
        const double factor = plan.stage == Stage::Awaiting  ? 0.5
                              : plan.stage == Stage::Visited ? 1.1
                                                             : 1.25;
        plan.budget =
            std::max(1, static_cast<int>(std::floor(e * factor * rng.uniformReal(0.6, 1.4) + 0.5)));
    }
}

std::vector<std::int64_t> CouncilBuilder::scheduleDays() const
{
    // The base day has visits even at a weekend, so the demo always has a "today"; no day
    // has visits on a bank holiday.
    std::vector<std::int64_t> days;
    if (!m_days.isBankHoliday(m_baseDay)) {
        days.push_back(m_baseDay);
    }
    for (int d = 1; d < m_options.visitDays; ++d) {
        if (isWorkingDay(m_baseDay + d)) {
            days.push_back(m_baseDay + d);
        }
    }
    return days;
}

int CouncilBuilder::visitMinutes(const ResidentState &r) const
{
    // Interpreted and captioned conversations take longer; two-person visits need a
    // handover on the doorstep.
    if (r.interpreter || r.hearing) {
        return 90;
    }
    return r.twoPerson ? 75 : 60;
}

void CouncilBuilder::scheduleWeek()
{
    Random rng = Random::stream(m_options.seed, 5);
    // One pool of open cases per patch, mostly new cases waiting for a first visit.
    std::vector<std::vector<int>> awaiting(m_wards.size());
    std::vector<std::vector<int>> visited(m_wards.size());
    for (int i = 0; i < static_cast<int>(m_plans.size()); ++i) {
        const CasePlan &plan = m_plans[static_cast<std::size_t>(i)];
        const int patch =
            m_wards[static_cast<std::size_t>(m_residents[static_cast<std::size_t>(i)].ward)].patch;
        if (plan.stage == Stage::Awaiting) {
            awaiting[static_cast<std::size_t>(patch)].push_back(i);
        } else if (plan.stage == Stage::Visited) {
            visited[static_cast<std::size_t>(patch)].push_back(i);
        }
    }
    std::vector<std::vector<int>> pools(m_wards.size());
    std::vector<std::size_t> cursor(m_wards.size(), 0);
    for (std::size_t p = 0; p < m_wards.size(); ++p) {
        rng.shuffle(awaiting[p].begin(), awaiting[p].end());
        rng.shuffle(visited[p].begin(), visited[p].end());
        std::size_t a = 0;
        std::size_t v = 0;
        while (a < awaiting[p].size() || v < visited[p].size()) {
            const bool takeAwaiting =
                v == visited[p].size() || (a < awaiting[p].size() && rng.bernoulli(0.7));
            pools[p].push_back(takeAwaiting ? awaiting[p][a++] : visited[p][v++]);
        }
    }

    const std::vector<std::int64_t> days = scheduleDays();
    for (const std::int64_t day : days) {
        for (std::size_t o = 0; o < m_officers.size(); ++o) {
            const int officer = m_officers[o];
            const int base = m_wards[static_cast<std::size_t>(o % m_wards.size())].patch;
            const int count = rng.uniformInt(3, 5);
            std::vector<int> slots = {0, 1, 2, 3, 4};
            rng.shuffle(slots.begin(), slots.end());
            slots.resize(static_cast<std::size_t>(count));
            std::sort(slots.begin(), slots.end());
            const bool showcase = o == 0 && day == m_baseDay;
            for (int k = 0; k < count; ++k) {
                const int c = takeCase(pools, cursor, base, showcase ? k : -1);
                if (c < 0) {
                    return; // every open case already has a visit this week
                }
                const ResidentState &r = m_residents[static_cast<std::size_t>(c)];
                const int minutes = visitMinutes(r);
                const int jitter = minutes <= 75 ? rng.pick(std::array{0, 0, 15}) : 0;
                const std::int64_t start =
                    at(day, kSlotStarts[slots[static_cast<std::size_t>(k)]] + jitter);
                m_plans[static_cast<std::size_t>(c)].scheduled =
                    static_cast<int>(m_schedule.size());
                m_schedule.push_back({c, officer, start, start + minutes * kMinute});
            }
        }
    }
}

// The next unscheduled case from the officer's patch, or the nearest patch with any left.
// `showcase` >= 0 asks for a resident who shows off contact needs and risk markers, so
// demo.officer's first day always has them.
int CouncilBuilder::takeCase(std::vector<std::vector<int>> &pools, std::vector<std::size_t> &cursor,
                             int base, int showcase)
{
    for (const int p : m_wards[static_cast<std::size_t>(base)].nearbyPatches) {
        auto &pool = pools[static_cast<std::size_t>(p)];
        std::size_t &at = cursor[static_cast<std::size_t>(p)];
        if (at >= pool.size()) {
            continue;
        }
        if (showcase >= 0 && showcase < 3) {
            const auto wanted = [&](int c) {
                const ResidentState &r = m_residents[static_cast<std::size_t>(c)];
                return showcase == 0 ? r.hearing : showcase == 1 ? r.risk : r.interpreter;
            };
            const std::size_t end = std::min(pool.size(), at + 2000);
            for (std::size_t j = at; j < end; ++j) {
                if (wanted(pool[j])) {
                    std::swap(pool[j], pool[at]);
                    break;
                }
            }
        }
        return pool[at++];
    }
    return -1;
}

void CouncilBuilder::writeScheduledVisits()
{
    // A case with a visit booked has its triaged referrals at "visit booked", as the
    // server moves them when a coordinator books one.
    std::unordered_map<std::string, std::vector<int>> referralsByCase;
    for (int i = 0; i < m_snapshot.referrals_size(); ++i) {
        referralsByCase[m_snapshot.referrals(i).case_id()].push_back(i);
    }
    for (const ScheduledVisit &s : m_schedule) {
        for (int i : referralsByCase[m_snapshot.cases(s.caseIndex).id()]) {
            v1::Referral &ref = *m_snapshot.mutable_referrals(i);
            if (ref.status() == v1::REFERRAL_STATUS_TRIAGED) {
                ref.set_status(v1::REFERRAL_STATUS_VISIT_SCHEDULED);
                ref.set_version(3);
            }
        }
        if (s.written) {
            continue;
        }
        const CasePlan &plan = m_plans[static_cast<std::size_t>(s.caseIndex)];
        auto *v = m_snapshot.add_visits();
        v->set_id(numbered("visit", static_cast<std::uint64_t>(++m_visitCount), 6));
        v->set_case_id(m_snapshot.cases(s.caseIndex).id());
        v->set_officer_user_id(userId(s.officer));
        setTime(v->mutable_window()->mutable_start(), s.start);
        setTime(v->mutable_window()->mutable_end(), s.end);
        v->set_status(v1::VISIT_STATUS_SCHEDULED);
        v->set_purpose(
            std::string(plan.stage == Stage::Awaiting ? "First visit: " : "Follow-up visit: ") +
            std::string(plan.topic));
        v->set_version(1);
    }
}

} // namespace doorstep::demo::detail
