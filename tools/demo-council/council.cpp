// The council, its wards and its staff: officers, coordinators, ward members and the
// administrator, with names, usernames, patches and phone numbers.

#include "demo-council/councilbuilder.h"

namespace doorstep::demo::detail {

namespace {

// Councils' staff come from the district's younger population.
constexpr double kStaffCommunities[kCommunityCount] = {0.72, 0.03, 0.04, 0.05, 0.06,
                                                       0.02, 0.04, 0.02, 0.01, 0.01};

} // namespace

void CouncilBuilder::makeCouncil()
{
    auto *c = m_snapshot.mutable_council();
    c->set_id("eastmoor");
    c->set_name("Eastmoor District Council");
    c->set_service_name("Home Visiting Service");
    c->set_referral_target_working_days(5);
    c->set_case_number_prefix("HV");
    c->set_closed_case_retention_days(28);
    // A placeholder: a real council gives its video platform's meeting link.
    c->set_video_call_link("https://meet.eastmoor-dc.example/home-visiting/{case}");
    // Who is told when a lone-working alert goes unanswered, and what coordinators do.
    c->set_alert_escalation_minutes(5);
    c->set_escalation_steps(
        "1. Call the officer. 2. No answer: call the team leader on 01632 960100. 3. Still "
        "no answer within 10 minutes, or any sign of danger: call 999 and give the visit's "
        "address.");
    v1::EscalationContact *leader = c->add_escalation_contacts();
    leader->set_name("Home Visiting team leader");
    leader->set_email("team.leader@eastmoor-dc.example");
    leader->set_phone("07700 900900");
    v1::EscalationContact *ooh = c->add_escalation_contacts();
    ooh->set_name("Out-of-hours duty manager");
    ooh->set_email("out.of.hours@eastmoor-dc.example");
    // validate() has checked the zone and the division.
    (void)calendar::setCouncilCalendar(*c, m_options.timeZone, m_options.bankHolidayDivision,
                                       calendar::shippedBankHolidays());
}

void CouncilBuilder::makeWards()
{
    Random rng = Random::stream(m_options.seed, 1);
    const auto places = wardPlaces();
    const auto streetList = streets();
    const int n = m_options.wards;
    const int named = std::min<int>(n, static_cast<int>(places.size()));
    // Streets by place: each in its home ward when that ward exists, the rest dealt out.
    std::vector<std::vector<int>> streetsOfPlace(static_cast<std::size_t>(named));
    int dealt = 0;
    for (int s = 0; s < static_cast<int>(streetList.size()); ++s) {
        int home = -1;
        for (int p = 0; p < named; ++p) {
            if (places[static_cast<std::size_t>(p)].name ==
                streetList[static_cast<std::size_t>(s)].ward) {
                home = p;
            }
        }
        if (home < 0) {
            home = dealt++ % named;
        }
        streetsOfPlace[static_cast<std::size_t>(home)].push_back(s);
    }
    m_wards.resize(static_cast<std::size_t>(n));
    m_snapshot.mutable_wards()->Reserve(n);
    for (int i = 0; i < n; ++i) {
        WardState &w = m_wards[static_cast<std::size_t>(i)];
        const int placeIndex = i % static_cast<int>(places.size());
        const int repeat = i / static_cast<int>(places.size());
        w.place = &places[static_cast<std::size_t>(placeIndex)];
        w.placeIndex = placeIndex;
        w.id = numbered("ward", static_cast<std::uint64_t>(i + 1), 2);
        w.name = std::string(w.place->name);
        if (repeat > 0) {
            w.name += ' ';
            w.name += std::to_string(repeat + 1);
        }
        // Repeated wards sit beside their namesake, like a split town ward.
        w.centre = {w.place->eastKm + 1.6 * repeat, w.place->northKm - 1.1 * repeat};
        w.radiusKm = w.place->radiusKm;
        for (const int s : streetsOfPlace[static_cast<std::size_t>(placeIndex)]) {
            w.streets.push_back(s);
            const Offset start = randomInDisc(rng, w.radiusKm * 0.8);
            w.streetStart.push_back(
                {w.centre.eastKm + start.eastKm, w.centre.northKm + start.northKm});
            w.streetDirection.push_back(randomDirection(rng));
        }
        auto *ward = m_snapshot.add_wards();
        ward->set_id(w.id);
        ward->set_name(w.name);
        // ONS ward codes are E05 and six digits; the 9xxxxx block is not used by real wards.
        ward->set_code(numbered("E05", static_cast<std::uint64_t>(900000 + i + 1), 6).erase(3, 1));
    }
}

// --- users ---------------------------------------------------------------------------

int CouncilBuilder::addUser(std::string id, std::string username, std::string displayName,
                            v1::Role role, int ward, std::string_view emailLocal, Random &rng)
{
    auto *u = m_snapshot.add_users();
    u->set_id(std::move(id));
    u->set_username(std::move(username));
    u->set_display_name(std::move(displayName));
    u->set_role(role);
    if (ward >= 0) {
        u->set_ward_id(m_wards[static_cast<std::size_t>(ward)].id);
    }
    setTime(u->mutable_created_at(), officeTime(rng, m_baseDay - rng.uniformInt(60, 1800)));
    std::string email(emailLocal);
    if (const int seen = ++m_emailsSeen[email]; seen > 1) {
        email += std::to_string(seen);
    }
    u->set_email(email + "@eastmoor-dc.example");
    u->set_phone(mobileNumber(rng));
    return m_snapshot.users_size() - 1;
}

CouncilBuilder::PersonName CouncilBuilder::staffName(Random &rng, Cohort cohort)
{
    const Community c = pickCommunity(rng, kStaffCommunities);
    const Sex sex = rng.bernoulli(0.6) ? Sex::Female : Sex::Male;
    return {std::string(m_names.given(rng, c, sex, cohort)),
            std::string(m_names.family(rng, c, sex))};
}

std::string CouncilBuilder::uniqueUsername(std::string_view prefix, const PersonName &name)
{
    const std::string given = asciiLetters(name.given);
    std::string base = std::string(prefix) + "." + given.substr(0, 1) + asciiLetters(name.family);
    std::string candidate = base;
    for (int n = 2; !m_usernames.insert(candidate).second; ++n) {
        candidate = base + std::to_string(n);
    }
    return candidate;
}

void CouncilBuilder::makeUsers()
{
    Random rng = Random::stream(m_options.seed, 2);
    const int residents = m_options.residents;
    const int officers =
        m_options.officers > 0 ? m_options.officers : std::max(4, (residents + 80) / 160);
    const int coordinators =
        m_options.coordinators > 0 ? m_options.coordinators : std::max(2, (officers + 2) / 4);
    const int wards = m_options.wards;
    m_snapshot.mutable_users()->Reserve(officers + coordinators +
                                        wards * m_options.wardMembersPerWard + 1);
    m_usernames = {"demo.officer", "demo.coordinator", "demo.councillor", "demo.admin"};

    for (int i = 0; i < officers; ++i) {
        const int ward = i % wards;
        const std::string id = numbered("usr-off", static_cast<std::uint64_t>(i + 1), 3);
        int user = 0;
        if (i == 0) {
            user = addUser(id, "demo.officer", "Sam Taylor", v1::ROLE_OFFICER, ward, "sam.taylor",
                           rng);
        } else {
            const PersonName name =
                staffName(rng, rng.bernoulli(0.7) ? Cohort::Younger : Cohort::Middle);
            user = addUser(id, uniqueUsername("officer", name), name.given + " " + name.family,
                           v1::ROLE_OFFICER, ward,
                           asciiLetters(name.given) + "." + asciiLetters(name.family), rng);
        }
        m_officers.push_back(user);
        m_wards[static_cast<std::size_t>(ward)].officers.push_back(user);
    }
    for (int i = 0; i < coordinators; ++i) {
        const std::string id = numbered("usr-coo", static_cast<std::uint64_t>(i + 1), 3);
        if (i == 0) {
            m_coordinators.push_back(addUser(id, "demo.coordinator", "Alex Morgan",
                                             v1::ROLE_COORDINATOR, -1, "alex.morgan", rng));
            continue;
        }
        const PersonName name =
            staffName(rng, rng.bernoulli(0.5) ? Cohort::Younger : Cohort::Middle);
        m_coordinators.push_back(addUser(
            id, uniqueUsername("coord", name), name.given + " " + name.family, v1::ROLE_COORDINATOR,
            -1, asciiLetters(name.given) + "." + asciiLetters(name.family), rng));
    }
    int member = 0;
    for (int w = 0; w < wards; ++w) {
        for (int k = 0; k < m_options.wardMembersPerWard; ++k) {
            ++member;
            const std::string id = numbered("usr-cllr", static_cast<std::uint64_t>(member), 3);
            int user = 0;
            if (member == 1) {
                user = addUser(id, "demo.councillor", "Cllr Pat Hughes", v1::ROLE_WARD_MEMBER, w,
                               "cllr.pat.hughes", rng);
            } else {
                const double r = rng.uniformReal();
                const Cohort cohort =
                    r < 0.25 ? Cohort::Older : (r < 0.8 ? Cohort::Middle : Cohort::Younger);
                const PersonName name = staffName(rng, cohort);
                user = addUser(id, uniqueUsername("cllr", name),
                               "Cllr " + name.given + " " + name.family, v1::ROLE_WARD_MEMBER, w,
                               "cllr." + asciiLetters(name.given) + "." + asciiLetters(name.family),
                               rng);
            }
            m_wards[static_cast<std::size_t>(w)].members.push_back(user);
        }
    }
    addUser("usr-adm-001", "demo.admin", "Jo Bennett", v1::ROLE_ADMIN, -1, "jo.bennett", rng);

    assignPatches();
}

double CouncilBuilder::distance2(const Offset &a, const Offset &b)
{
    const double dx = a.eastKm - b.eastKm;
    const double dy = a.northKm - b.northKm;
    return dx * dx + dy * dy;
}

// Wards with no officer based in them are covered by the officers of the nearest ward
// that has some.
void CouncilBuilder::assignPatches()
{
    std::vector<int> patches;
    for (int w = 0; w < static_cast<int>(m_wards.size()); ++w) {
        if (!m_wards[static_cast<std::size_t>(w)].officers.empty()) {
            patches.push_back(w);
        }
    }
    for (auto &w : m_wards) {
        int best = patches.front();
        for (int p : patches) {
            if (distance2(w.centre, m_wards[static_cast<std::size_t>(p)].centre) <
                distance2(w.centre, m_wards[static_cast<std::size_t>(best)].centre)) {
                best = p;
            }
        }
        w.patch = w.officers.empty() ? best : static_cast<int>(&w - m_wards.data());
    }
    for (int p : patches) {
        auto &w = m_wards[static_cast<std::size_t>(p)];
        w.nearbyPatches = patches;
        std::stable_sort(w.nearbyPatches.begin(), w.nearbyPatches.end(), [&](int a, int b) {
            return distance2(w.centre, m_wards[static_cast<std::size_t>(a)].centre) <
                   distance2(w.centre, m_wards[static_cast<std::size_t>(b)].centre);
        });
    }
}

// Ofcom's drama ranges: 07700 900000-900999 and 01632 960000-960999 are never assigned.
std::string CouncilBuilder::mobileNumber(Random &rng)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "07700 900%03d", rng.uniformInt(0, 999));
    return buf;
}

std::string CouncilBuilder::landlineNumber(Random &rng)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "01632 960%03d", rng.uniformInt(0, 999));
    return buf;
}

} // namespace doorstep::demo::detail
