#include "demo-council/generator.h"

#include "calendar/bankholidays.h"
#include "calendar/civildate.h"
#include "calendar/councilcalendar.h"
#include "content/standardcontent.h"
#include "demo-council/names.h"
#include "demo-council/random.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace doorstep::demo {

namespace {

constexpr std::int64_t kMinute = 60;
// From check-out to the last of the write-up (outcome, checklist, onward referrals).
constexpr std::int64_t kWriteUpTime = 40 * kMinute;
// An in-progress visit's timer runs this long past its window.
constexpr std::int64_t kInProgressTimerMargin = 60 * kMinute;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

using calendar::civilFromDays;
using calendar::daysFromCivil;
using calendar::isoDate;

std::string numbered(std::string_view prefix, std::uint64_t n, int width)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "-%0*llu", width, static_cast<unsigned long long>(n));
    std::string out(prefix);
    out += buf;
    return out;
}

void setTime(google::protobuf::Timestamp *ts, std::int64_t t)
{
    ts->set_seconds(t);
    ts->set_nanos(0);
}

// ---------------------------------------------------------------------------------------------
// Geography. The district sits in a made-up patch around 52.6 N, 1.1 W. Only + - * / and sqrt
// are used (exactly rounded in IEEE 754) so positions are identical on every platform.

constexpr double kAnchorLatitude = 52.60;
constexpr double kAnchorLongitude = -1.10;
constexpr double kKmPerDegreeLatitude = 111.32;
// 111.32 * cos(52.6 degrees), written out so no libm call is involved.
constexpr double kKmPerDegreeLongitude = 67.61;

double roundMicro(double v)
{
    return std::round(v * 1e6) / 1e6;
}

struct Offset
{
    double eastKm = 0;
    double northKm = 0;
};

Offset randomDirection(Random &rng)
{
    for (;;) {
        const double x = rng.uniformReal(-1, 1);
        const double y = rng.uniformReal(-1, 1);
        const double len2 = x * x + y * y;
        if (len2 > 0.04 && len2 <= 1) {
            const double len = std::sqrt(len2);
            return {x / len, y / len};
        }
    }
}

Offset randomInDisc(Random &rng, double radiusKm)
{
    for (;;) {
        const double x = rng.uniformReal(-1, 1);
        const double y = rng.uniformReal(-1, 1);
        if (x * x + y * y <= 1) {
            return {x * radiusKm, y * radiusKm};
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text templates.

struct TextVars
{
    std::string_view title;
    std::string_view given;
    std::string_view pronoun;
    std::string_view pronounCap;
    std::string_view possessive;
    std::string_view possessiveCap;
    std::string_view object;
    std::string_view spouse;
    std::string_view language;
    std::string_view partner;
    std::string date;
    std::string time;
    int neighbour = 0;
};

std::string fill(std::string_view text, const TextVars &v)
{
    std::string out;
    out.reserve(text.size() + 24);
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '{') {
            const std::size_t close = text.find('}', i);
            if (close != std::string_view::npos) {
                const std::string_view key = text.substr(i + 1, close - i - 1);
                bool known = true;
                if (key == "title") {
                    out += v.title;
                } else if (key == "given") {
                    out += v.given;
                } else if (key == "pronoun") {
                    out += v.pronoun;
                } else if (key == "Pronoun") {
                    out += v.pronounCap;
                } else if (key == "possessive") {
                    out += v.possessive;
                } else if (key == "Possessive") {
                    out += v.possessiveCap;
                } else if (key == "object") {
                    out += v.object;
                } else if (key == "spouse") {
                    out += v.spouse;
                } else if (key == "language") {
                    out += v.language;
                } else if (key == "partner") {
                    out += v.partner;
                } else if (key == "date") {
                    out += v.date;
                } else if (key == "time") {
                    out += v.time;
                } else if (key == "neighbour") {
                    out += std::to_string(v.neighbour);
                } else {
                    known = false;
                }
                if (known) {
                    i = close + 1;
                    continue;
                }
            }
        }
        out.push_back(text[i]);
        ++i;
    }
    return out;
}

std::string joinList(const std::vector<std::string> &items)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += (i + 1 == items.size()) ? " and " : ", ";
        }
        out += items[i];
    }
    return out;
}

// A checklist label inside a sentence: "Behind with council tax" -> "behind with council tax",
// but names stay as they are ("Pension Credit", "Age UK services").
std::string inSentence(std::string_view label)
{
    std::string out(label);
    const std::size_t space = out.find(' ');
    const bool nameLike = (out.size() > 1 && std::isupper(static_cast<unsigned char>(out[1]))) ||
                          (space != std::string::npos && space + 1 < out.size() &&
                           std::isupper(static_cast<unsigned char>(out[space + 1])));
    if (!out.empty() && !nameLike) {
        out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
    }
    return out;
}

std::string joinWith(const std::vector<std::string> &items, std::string_view separator)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        out += items[i];
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Name pools by community, sex and cohort, built once per run from the lists in names.cpp.

constexpr int kCommunityCount = 10;

class NamePools
{
public:
    NamePools()
    {
        const auto given = givenNames();
        for (std::size_t i = 0; i < given.size(); ++i) {
            const auto &g = given[i];
            m_given[idx(g.community)][static_cast<int>(g.sex)][static_cast<int>(g.cohort)]
                .push_back(i);
        }
        const auto family = surnames();
        for (std::size_t i = 0; i < family.size(); ++i) {
            const auto &s = family[i];
            if (s.fit != SexFit::Male) {
                m_family[idx(s.community)][static_cast<int>(Sex::Female)].push_back(i);
            }
            if (s.fit != SexFit::Female) {
                m_family[idx(s.community)][static_cast<int>(Sex::Male)].push_back(i);
            }
        }
    }

    std::string_view given(Random &rng, Community c, Sex sex, Cohort cohort) const
    {
        // Nearest cohort first, then the British lists, so every combination has names.
        static constexpr int kOrder[3][3] = {{0, 1, 2}, {1, 0, 2}, {2, 1, 0}};
        for (Community community : {c, Community::British}) {
            for (int k : kOrder[static_cast<int>(cohort)]) {
                const auto &pool = m_given[idx(community)][static_cast<int>(sex)][k];
                if (!pool.empty()) {
                    return givenNames()[rng.pick(pool)].name;
                }
            }
        }
        return "Sam";
    }

    std::string_view family(Random &rng, Community c, Sex sex) const
    {
        const auto &pool = m_family[idx(c)][static_cast<int>(sex)];
        const auto &use =
            pool.empty() ? m_family[idx(Community::British)][static_cast<int>(sex)] : pool;
        return surnames()[rng.pick(use)].name;
    }

private:
    static int idx(Community c) { return static_cast<int>(c); }

    std::vector<std::size_t> m_given[kCommunityCount][2][3];
    std::vector<std::size_t> m_family[kCommunityCount][2];
};

Community pickCommunity(Random &rng, const double (&weights)[kCommunityCount])
{
    return static_cast<Community>(rng.weightedIndex(weights));
}

// Councils' staff come from the district's younger population.
constexpr double kStaffCommunities[kCommunityCount] = {0.72, 0.03, 0.04, 0.05, 0.06,
                                                       0.02, 0.04, 0.02, 0.01, 0.01};

// ---------------------------------------------------------------------------------------------
// Working state.

struct WardState
{
    std::string id;
    std::string name;
    const WardPlace *place = nullptr;
    int placeIndex = 0;
    Offset centre;
    double radiusKm = 1;
    std::vector<int> streets;
    std::vector<Offset> streetStart;
    std::vector<Offset> streetDirection;
    // The ward whose officers cover this one: itself when an officer is based here.
    int patch = -1;
    std::vector<int> officers;      // user indices of officers based here
    std::vector<int> members;       // user indices of ward members
    std::vector<int> nearbyPatches; // patches by distance, nearest first (for patches only)
};

struct ResidentState
{
    int ward = 0;
    Sex sex = Sex::Female;
    std::string title; // "Mrs Patel"
    std::string given;
    std::string family;
    std::string language;
    double latitude = 0;
    double longitude = 0;
    bool hearing = false;
    bool interpreter = false;
    bool risk = false;
    bool twoPerson = false;
    bool mobile = false;
    bool landline = false;
    bool email = false;
    bool digitallyExcluded = false;
    bool sightLoss = false;
    bool sheltered = false;
    bool financialHardship = false;
    bool isolated = false;
    v1::ContactChannel channel = v1::CONTACT_CHANNEL_UNSPECIFIED;
};

enum class Stage : std::uint8_t { Awaiting, Visited, Closed };

struct CasePlan
{
    Stage stage = Stage::Awaiting;
    int coordinator = 0; // user index
    int budget = 0;
    int scheduled = -1; // index into the week's schedule
    bool open = true;
    std::string_view topic;
};

struct ScheduledVisit
{
    int caseIndex;
    int officer; // user index
    std::int64_t start;
    std::int64_t end;
    bool written = false; // worked on the base day before the demo's moment, with its case
};

struct ChecklistItem
{
    std::string id;
    std::string label;
    std::string area;
    v1::Partner partner = v1::PARTNER_UNSPECIFIED;
};

struct PendingEvent
{
    std::int64_t at;
    v1::CaseEvent event;
};

constexpr int kSlotStarts[] = {9 * 60, 10 * 60 + 30, 12 * 60 + 30, 14 * 60, 15 * 60 + 30};

// ---------------------------------------------------------------------------------------------

class CouncilBuilder
{
public:
    CouncilBuilder(const GeneratorOptions &options, calendar::CouncilCalendar days,
                   std::vector<v1::FormDefinition> forms)
        : m_options(options), m_days(std::move(days)), m_baseDay(options.baseDayUnixSeconds / kDay),
          m_now(m_days.startOfDay(m_baseDay) / 1000),
          m_moment(momentOnBaseDay(options.momentUnixMs)), m_forms(std::move(forms))
    {
        readForms();
        indexTemplates();
    }

    v1::CouncilSnapshot build()
    {
        makeCouncil();
        makeWards();
        makeUsers();
        makeResidents();
        planCases();
        scheduleWeek();
        writeCases();
        writeScheduledVisits();
        makeInbox();
        numberCases();
        for (auto &form : m_forms) {
            *m_snapshot.add_form_definitions() = std::move(form);
        }
        addWardVariants();
        setTime(m_snapshot.mutable_generated_at(), m_now);
        m_snapshot.set_seed(m_options.seed);
        return std::move(m_snapshot);
    }

private:
    // --- the council's calendar: days in its zone, working days without bank holidays ---------
    std::int64_t dayOf(std::int64_t t) const { return m_days.dayOf(t * 1000); }

    std::int64_t momentOnBaseDay(std::int64_t momentMs) const
    {
        return momentMs > 0 && m_days.dayOf(momentMs) == m_baseDay ? momentMs / 1000 : 0;
    }
    bool isWorkingDay(std::int64_t day) const { return m_days.isWorkingDay(day); }
    std::int64_t addWorkingDays(std::int64_t day, int n) const
    {
        return m_days.addWorkingDays(day, n);
    }
    std::int64_t workingDayOnOrBefore(std::int64_t day) const
    {
        while (!isWorkingDay(day)) {
            --day;
        }
        return day;
    }
    std::int64_t workingDayOnOrAfter(std::int64_t day) const
    {
        while (!isWorkingDay(day)) {
            ++day;
        }
        return day;
    }
    // The instant the council's clocks read `minute` (of the day) on `day`, in Unix seconds.
    std::int64_t at(std::int64_t day, std::int64_t minute) const
    {
        return m_days.at(day, static_cast<int>(minute)) / 1000;
    }
    // A time in office hours on the given day, on a five-minute grid as people write times down.
    std::int64_t officeTime(Random &rng, std::int64_t day, int fromMinute = 8 * 60 + 30,
                            int toMinute = 17 * 60 + 30) const
    {
        return at(day, std::int64_t{rng.uniformInt(fromMinute / 5, toMinute / 5)} * 5);
    }
    // "Tuesday 24 November" and "14:05", as the service writes them to residents.
    std::string longDate(std::int64_t t) const { return m_days.formatWeekdayDate(t * 1000); }
    std::string clockTime(std::int64_t t) const { return m_days.formatTime(t * 1000); }

    void addWardVariants()
    {
        const int standard = m_snapshot.form_definitions_size();
        for (int i = 0; m_snapshot.form_definitions_size() < m_options.formDefinitions; ++i) {
            const v1::Ward &ward = m_snapshot.wards(i / standard % m_snapshot.wards_size());
            v1::FormDefinition variant = m_snapshot.form_definitions(i % standard);
            std::string suffix = ward.id();
            std::replace(suffix.begin(), suffix.end(), '-', '_');
            variant.set_id(variant.id() + "_" + suffix); // form ids are lower_snake_case
            variant.set_title(variant.title() + " (" + ward.name() + ")");
            *m_snapshot.add_form_definitions() = std::move(variant);
        }
    }

    // --- setup ---------------------------------------------------------------------------

    void readForms()
    {
        const v1::FormDefinition *checklist = nullptr;
        for (const auto &form : m_forms) {
            if (form.kind() == v1::FORM_KIND_CHECKLIST &&
                (checklist == nullptr || form.id() == "signposting_checklist")) {
                checklist = &form;
            }
            for (const auto &section : form.sections()) {
                for (const auto &q : section.questions()) {
                    if (q.escalates_to_safeguarding()) {
                        m_safeguardingQuestions.push_back(q.id());
                    }
                }
            }
        }
        for (const auto &form : m_forms) {
            if (form.id() == "consent") {
                m_consentVersion = form.version();
            }
        }
        if (checklist == nullptr) {
            return;
        }
        m_checklistId = checklist->id();
        m_checklistVersion = checklist->version();
        for (const auto &section : checklist->sections()) {
            for (const auto &q : section.questions()) {
                if (q.type() != v1::QUESTION_TYPE_CHECKLIST_ITEM) {
                    continue;
                }
                ChecklistItem item{q.id(), q.label(), q.area(), v1::PARTNER_UNSPECIFIED};
                std::string name = q.partner();
                for (char &c : name) {
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                }
                if (!name.empty() && !v1::Partner_Parse(name, &item.partner)) {
                    v1::Partner_Parse("PARTNER_" + name, &item.partner);
                }
                m_checklist.push_back(std::move(item));
            }
        }
    }

    void indexTemplates()
    {
        for (const auto &t : contactTemplates()) {
            // What can be said at any time goes in both the before- and after-visit pools.
            if (t.purpose == ContactPurpose::AnyTime) {
                m_contacts[t.kind][static_cast<int>(ContactPurpose::BeforeVisit)].push_back(&t);
                m_contacts[t.kind][static_cast<int>(ContactPurpose::AfterVisit)].push_back(&t);
            } else {
                m_contacts[t.kind][static_cast<int>(t.purpose)].push_back(&t);
            }
        }
        for (const auto &n : closingReasons()) {
            if (n.afterVisit) {
                m_closingAfterVisit.push_back(&n);
            } else {
                m_closingDeclined = &n;
            }
        }
        for (const auto &n : noteTemplates()) {
            (n.afterVisit ? m_notesAfterVisit : m_notesAnyTime).push_back(&n);
        }
    }

    void makeCouncil()
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

    void makeWards()
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
            ward->set_code(
                numbered("E05", static_cast<std::uint64_t>(900000 + i + 1), 6).erase(3, 1));
        }
    }

    // --- users ---------------------------------------------------------------------------

    int addUser(std::string id, std::string username, std::string displayName, v1::Role role,
                int ward, std::string_view emailLocal, Random &rng)
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

    struct PersonName
    {
        std::string given;
        std::string family;
    };

    PersonName staffName(Random &rng, Cohort cohort)
    {
        const Community c = pickCommunity(rng, kStaffCommunities);
        const Sex sex = rng.bernoulli(0.6) ? Sex::Female : Sex::Male;
        return {std::string(m_names.given(rng, c, sex, cohort)),
                std::string(m_names.family(rng, c, sex))};
    }

    std::string uniqueUsername(std::string_view prefix, const PersonName &name)
    {
        const std::string given = asciiLetters(name.given);
        std::string base =
            std::string(prefix) + "." + given.substr(0, 1) + asciiLetters(name.family);
        std::string candidate = base;
        for (int n = 2; !m_usernames.insert(candidate).second; ++n) {
            candidate = base + std::to_string(n);
        }
        return candidate;
    }

    void makeUsers()
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
                user = addUser(id, "demo.officer", "Sam Taylor", v1::ROLE_OFFICER, ward,
                               "sam.taylor", rng);
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
            m_coordinators.push_back(
                addUser(id, uniqueUsername("coord", name), name.given + " " + name.family,
                        v1::ROLE_COORDINATOR, -1,
                        asciiLetters(name.given) + "." + asciiLetters(name.family), rng));
        }
        int member = 0;
        for (int w = 0; w < wards; ++w) {
            for (int k = 0; k < m_options.wardMembersPerWard; ++k) {
                ++member;
                const std::string id = numbered("usr-cllr", static_cast<std::uint64_t>(member), 3);
                int user = 0;
                if (member == 1) {
                    user = addUser(id, "demo.councillor", "Cllr Pat Hughes", v1::ROLE_WARD_MEMBER,
                                   w, "cllr.pat.hughes", rng);
                } else {
                    const double r = rng.uniformReal();
                    const Cohort cohort =
                        r < 0.25 ? Cohort::Older : (r < 0.8 ? Cohort::Middle : Cohort::Younger);
                    const PersonName name = staffName(rng, cohort);
                    user = addUser(
                        id, uniqueUsername("cllr", name), "Cllr " + name.given + " " + name.family,
                        v1::ROLE_WARD_MEMBER, w,
                        "cllr." + asciiLetters(name.given) + "." + asciiLetters(name.family), rng);
                }
                m_wards[static_cast<std::size_t>(w)].members.push_back(user);
            }
        }
        addUser("usr-adm-001", "demo.admin", "Jo Bennett", v1::ROLE_ADMIN, -1, "jo.bennett", rng);

        assignPatches();
    }

    static double distance2(const Offset &a, const Offset &b)
    {
        const double dx = a.eastKm - b.eastKm;
        const double dy = a.northKm - b.northKm;
        return dx * dx + dy * dy;
    }

    // Wards with no officer based in them are covered by the officers of the nearest ward
    // that has some.
    void assignPatches()
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
    static std::string mobileNumber(Random &rng)
    {
        char buf[16];
        std::snprintf(buf, sizeof buf, "07700 900%03d", rng.uniformInt(0, 999));
        return buf;
    }

    static std::string landlineNumber(Random &rng)
    {
        char buf[16];
        std::snprintf(buf, sizeof buf, "01632 960%03d", rng.uniformInt(0, 999));
        return buf;
    }

    // --- residents -----------------------------------------------------------------------

    static std::string postcode(std::string_view district, int sector, int unit)
    {
        // Inward codes never use C, I, K, M, O or V.
        static constexpr char kUnitLetters[] = "ABDEFGHJLNPQRSTUWXYZ";
        std::string out(district);
        out += ' ';
        out += static_cast<char>('0' + sector);
        out += kUnitLetters[(unit / 20) % 20];
        out += kUnitLetters[unit % 20];
        return out;
    }

    void makeResidents()
    {
        Random rng = Random::stream(m_options.seed, 3);
        const int n = m_options.residents;
        const auto streetList = streets();
        const auto needs = needNotes();
        const auto risks = riskNotes();
        const auto languages = interpreterLanguages();
        const calendar::CivilDate base = civilFromDays(m_baseDay);

        std::vector<double> wardWeights;
        for (const auto &w : m_wards) {
            wardWeights.push_back(w.place->weight);
        }
        double communityWeights[kCommunityCount] = {};
        double interpreterRate[kCommunityCount] = {};
        for (const auto &c : communityShares()) {
            communityWeights[static_cast<int>(c.community)] = c.share;
            interpreterRate[static_cast<int>(c.community)] = c.interpreterRate;
        }
        // House numbers run up each street, odd and even sides mixed, so addresses never repeat.
        std::vector<int> nextNumber(streetList.size());
        for (auto &number : nextNumber) {
            number = rng.uniformInt(1, 12);
        }
        std::vector<int> nextFlat(wardPlaces().size(), 1);

        m_residents.resize(static_cast<std::size_t>(n));
        m_snapshot.mutable_residents()->Reserve(n);
        for (int i = 0; i < n; ++i) {
            ResidentState &st = m_residents[static_cast<std::size_t>(i)];
            auto *r = m_snapshot.add_residents();
            r->set_id(numbered("res", static_cast<std::uint64_t>(i + 1), 6));

            st.ward = static_cast<int>(rng.weightedIndex(wardWeights));
            const WardState &ward = m_wards[static_cast<std::size_t>(st.ward)];
            r->set_ward_id(ward.id);

            // Age at the base day: the service mostly sees people over 65.
            static constexpr double kAgeBands[] = {0.18, 0.27, 0.35, 0.20};
            static constexpr int kAgeFrom[] = {51, 65, 75, 85};
            static constexpr int kAgeTo[] = {64, 74, 84, 95};
            const std::size_t band = rng.weightedIndex(kAgeBands);
            const int age = rng.uniformInt(kAgeFrom[band], kAgeTo[band]);
            const std::int64_t birthDay =
                daysFromCivil(base.year - age, base.month, std::min(base.day, 28u)) -
                rng.uniformInt(0, 364);
            r->set_date_of_birth(isoDate(birthDay));
            const Cohort cohort =
                civilFromDays(birthDay).year < 1950 ? Cohort::Older : Cohort::Middle;

            const Community community = pickCommunity(rng, communityWeights);
            st.sex = rng.bernoulli(0.58) ? Sex::Female : Sex::Male;
            st.given = std::string(m_names.given(rng, community, st.sex, cohort));
            st.family = std::string(m_names.family(rng, community, st.sex));
            r->set_given_name(st.given);
            r->set_family_name(st.family);
            std::string_view title = "Mr";
            if (st.sex == Sex::Female) {
                const double t = rng.uniformReal();
                title = t < 0.72 ? "Mrs" : (t < 0.86 ? "Miss" : "Ms");
            }
            st.title = std::string(title) + " " + st.family;

            // Address: some of the oldest live in the ward's sheltered scheme.
            auto *address = r->mutable_address();
            const std::size_t si = rng.index(ward.streets.size());
            const int street = ward.streets[si];
            Offset at;
            st.sheltered = age >= 75 && rng.bernoulli(0.12);
            if (st.sheltered) {
                const int flat = nextFlat[static_cast<std::size_t>(ward.placeIndex)]++;
                address->set_line1("Flat " + std::to_string(flat) + ", " +
                                   std::string(ward.place->shelteredScheme));
                address->set_line2(
                    std::string(streetList[static_cast<std::size_t>(ward.streets[0])].name));
                address->set_postcode(postcode(ward.place->postcodeDistrict,
                                               1 + ward.placeIndex % 9, ward.placeIndex * 7 + 3));
                at = ward.streetStart[0];
                const Offset jitter = randomInDisc(rng, 0.015);
                at.eastKm += jitter.eastKm;
                at.northKm += jitter.northKm;
            } else {
                const int number = nextNumber[static_cast<std::size_t>(street)];
                nextNumber[static_cast<std::size_t>(street)] += rng.bernoulli(0.6) ? 2 : 1;
                address->set_line1(std::to_string(number) + " " +
                                   std::string(streetList[static_cast<std::size_t>(street)].name));
                // Neighbouring houses share a postcode, about a dozen to a unit.
                address->set_postcode(postcode(ward.place->postcodeDistrict, 1 + street % 9,
                                               (street * 37 + number / 12) % 400));
                const Offset dir = ward.streetDirection[si];
                const double along = 0.006 * number;
                const Offset jitter = randomInDisc(rng, 0.012);
                at = {ward.streetStart[si].eastKm + dir.eastKm * along + jitter.eastKm,
                      ward.streetStart[si].northKm + dir.northKm * along + jitter.northKm};
            }
            address->set_town(std::string(ward.place->town));
            char uprn[24];
            std::snprintf(uprn, sizeof uprn, "%012lld",
                          100012000000LL + 37LL * i + rng.uniformInt(0, 36));
            address->set_uprn(uprn);
            st.latitude = roundMicro(kAnchorLatitude + at.northKm / kKmPerDegreeLatitude);
            st.longitude = roundMicro(kAnchorLongitude + at.eastKm / kKmPerDegreeLongitude);
            auto *location = address->mutable_location();
            location->set_has_fix(true);
            location->set_latitude(st.latitude);
            location->set_longitude(st.longitude);
            location->set_accuracy_m(1.0);

            // Contact needs. Rates rise with age.
            auto *needsMsg = r->mutable_contact_needs();
            st.hearing = rng.bernoulli(age >= 85 ? 0.20 : 0.10);
            const double excluded = age >= 85 ? 0.50 : age >= 75 ? 0.35 : age >= 65 ? 0.25 : 0.12;
            const bool digitallyExcluded = rng.bernoulli(excluded);
            const bool sightLoss = rng.bernoulli(age >= 85 ? 0.10 : 0.0375);
            const bool largePrint = sightLoss ? rng.bernoulli(0.7) : rng.bernoulli(0.025);
            if (rng.bernoulli(interpreterRate[static_cast<int>(community)])) {
                std::vector<double> weights;
                std::vector<std::string_view> names;
                for (const auto &l : languages) {
                    if (l.community == community) {
                        weights.push_back(l.weight);
                        names.push_back(l.language);
                    }
                }
                if (!names.empty()) {
                    st.interpreter = true;
                    st.language = std::string(names[rng.weightedIndex(weights)]);
                }
            } else if (st.hearing && rng.bernoulli(0.06)) {
                st.interpreter = true;
                st.language = "British Sign Language";
            }

            // Phones: people who prefer texts have a mobile by definition.
            const double p = rng.uniformReal();
            if (st.hearing || p < (age >= 75 ? 0.45 : 0.70)) {
                st.mobile = true;
                r->set_phone(mobileNumber(rng));
            } else if (p < 0.93) {
                st.landline = true;
                r->set_phone(landlineNumber(rng));
            }
            if (!digitallyExcluded && rng.bernoulli(0.3)) {
                static constexpr std::string_view kDomains[] = {"example.com", "example.org",
                                                                "example.net"};
                char digits[8];
                std::snprintf(digits, sizeof digits, "%02d", rng.uniformInt(1, 99));
                r->set_email(asciiLetters(st.given) + "." + asciiLetters(st.family) + digits + "@" +
                             std::string(rng.pick(kDomains)));
                st.email = true;
            }
            st.channel = preferredChannel(rng, st, digitallyExcluded);

            needsMsg->set_hearing_loss(st.hearing);
            needsMsg->set_preferred_channel(st.channel);
            needsMsg->set_interpreter_needed(st.interpreter);
            needsMsg->set_interpreter_language(st.language);
            needsMsg->set_large_print(largePrint);
            needsMsg->set_digitally_excluded(digitallyExcluded);
            needsMsg->set_sight_loss(sightLoss);
            const NeedNoteKind noteKind = st.hearing && rng.bernoulli(0.6)  ? NeedNoteKind::Hearing
                                          : sightLoss && rng.bernoulli(0.6) ? NeedNoteKind::Sight
                                          : st.interpreter && rng.bernoulli(0.7)
                                              ? NeedNoteKind::Interpreter
                                          : rng.bernoulli(0.08) ? NeedNoteKind::General
                                                                : NeedNoteKind{255};
            std::vector<const NeedNote *> notes;
            for (const auto &note : needs) {
                if (note.kind == noteKind) {
                    notes.push_back(&note);
                }
            }
            if (!notes.empty()) {
                needsMsg->set_notes(fill(rng.pick(notes)->text, varsFor(st)));
            }

            addVulnerabilityFlags(rng, *r, age);
            st.digitallyExcluded = digitallyExcluded;
            st.sightLoss = sightLoss;
            for (int f : r->vulnerability_flags()) {
                st.financialHardship =
                    st.financialHardship || f == v1::VULNERABILITY_FLAG_FINANCIAL_HARDSHIP;
                st.isolated = st.isolated || f == v1::VULNERABILITY_FLAG_LIVES_ALONE ||
                              f == v1::VULNERABILITY_FLAG_SOCIAL_ISOLATION;
            }

            if (rng.bernoulli(0.08)) {
                st.risk = true;
                const int count = rng.bernoulli(0.15) ? 2 : 1;
                v1::RiskKind first = v1::RISK_KIND_UNSPECIFIED;
                for (int k = 0; k < count; ++k) {
                    const RiskNote &note = rng.pick(risks);
                    if (note.kind == first) {
                        continue;
                    }
                    first = note.kind;
                    auto *marker = r->add_risk_markers();
                    marker->set_kind(note.kind);
                    marker->set_note(std::string(note.text));
                    st.twoPerson = st.twoPerson || note.kind == v1::RISK_KIND_TWO_PERSON_VISIT;
                }
            }
            r->set_version(rng.uniformInt(1, 3));
            setTime(r->mutable_updated_at(), officeTime(rng, m_baseDay - rng.uniformInt(1, 500)));
        }
    }

    static v1::ContactChannel preferredChannel(Random &rng, const ResidentState &st,
                                               bool digitallyExcluded)
    {
        const double p = rng.uniformReal();
        if (st.hearing) {
            if (p < 0.50) {
                return v1::CONTACT_CHANNEL_TEXT;
            }
            if (p < 0.85 && !digitallyExcluded) {
                return v1::CONTACT_CHANNEL_VIDEO_CALL;
            }
            if (p < 0.92 && st.email) {
                return v1::CONTACT_CHANNEL_EMAIL;
            }
            return p < 0.92 ? v1::CONTACT_CHANNEL_TEXT : v1::CONTACT_CHANNEL_LETTER;
        }
        if (!st.mobile && !st.landline) {
            return st.email ? v1::CONTACT_CHANNEL_EMAIL : v1::CONTACT_CHANNEL_LETTER;
        }
        if (digitallyExcluded) {
            return p < 0.75 ? v1::CONTACT_CHANNEL_PHONE : v1::CONTACT_CHANNEL_LETTER;
        }
        if (p < 0.55) {
            return v1::CONTACT_CHANNEL_PHONE;
        }
        if (p < 0.70 && st.mobile) {
            return v1::CONTACT_CHANNEL_TEXT;
        }
        if (p < 0.80 && st.email) {
            return v1::CONTACT_CHANNEL_EMAIL;
        }
        if (p < 0.85) {
            return v1::CONTACT_CHANNEL_LETTER;
        }
        // No preference recorded yet.
        return v1::CONTACT_CHANNEL_UNSPECIFIED;
    }

    static void addVulnerabilityFlags(Random &rng, v1::Resident &r, int age)
    {
        static constexpr double kCounts[] = {0.25, 0.35, 0.25, 0.15};
        const std::size_t count = rng.weightedIndex(kCounts);
        // Weights indexed by VulnerabilityFlag value; frailty and memory loss rise with age.
        double weights[11] = {0,   3.0, 2.5, age >= 80 ? 2.0 : 0.8, 1.0, 2.0, 1.0,
                              0.8, 2.0, 1.5, age >= 85 ? 3.0 : 0.8};
        std::vector<int> flags;
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t f = rng.weightedIndex(weights);
            weights[f] = 0;
            flags.push_back(static_cast<int>(f));
        }
        std::sort(flags.begin(), flags.end());
        for (int f : flags) {
            r.add_vulnerability_flags(static_cast<v1::VulnerabilityFlag>(f));
        }
    }

    static TextVars varsFor(const ResidentState &st)
    {
        TextVars v;
        v.title = st.title;
        v.given = st.given;
        const bool f = st.sex == Sex::Female;
        v.pronoun = f ? "she" : "he";
        v.pronounCap = f ? "She" : "He";
        v.possessive = f ? "her" : "his";
        v.possessiveCap = f ? "Her" : "His";
        v.object = f ? "her" : "him";
        v.spouse = f ? "husband" : "wife";
        v.language = st.language;
        return v;
    }

    // --- case plans and the week's schedule --------------------------------------------

    void planCases()
    {
        Random rng = Random::stream(m_options.seed, 4);
        const int n = m_options.residents;
        m_plans.resize(static_cast<std::size_t>(n));
        const double e = m_options.eventsPerCase;
        for (int i = 0; i < n; ++i) {
            CasePlan &plan = m_plans[static_cast<std::size_t>(i)];
            const double p = rng.uniformReal();
            plan.stage = p < 0.30 ? Stage::Closed
                                  : (p < 0.30 + 0.70 * 0.35 ? Stage::Awaiting : Stage::Visited);
            plan.open = plan.stage != Stage::Closed;
            // Each coordinator owns a group of wards.
            const int ward = m_residents[static_cast<std::size_t>(i)].ward;
            plan.coordinator =
                m_coordinators[static_cast<std::size_t>(ward) % m_coordinators.size()];
            // New cases have short timelines, closed ones long: the factors average about 1.
            const double factor = plan.stage == Stage::Awaiting  ? 0.5
                                  : plan.stage == Stage::Visited ? 1.1
                                                                 : 1.25;
            plan.budget = std::max(
                1, static_cast<int>(std::floor(e * factor * rng.uniformReal(0.6, 1.4) + 0.5)));
        }
    }

    std::vector<std::int64_t> scheduleDays() const
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

    int visitMinutes(const ResidentState &r) const
    {
        // Interpreted and captioned conversations take longer; two-person visits need a
        // handover on the doorstep.
        if (r.interpreter || r.hearing) {
            return 90;
        }
        return r.twoPerson ? 75 : 60;
    }

    void scheduleWeek()
    {
        Random rng = Random::stream(m_options.seed, 5);
        // One pool of open cases per patch, mostly new cases waiting for a first visit.
        std::vector<std::vector<int>> awaiting(m_wards.size());
        std::vector<std::vector<int>> visited(m_wards.size());
        for (int i = 0; i < static_cast<int>(m_plans.size()); ++i) {
            const CasePlan &plan = m_plans[static_cast<std::size_t>(i)];
            const int patch =
                m_wards[static_cast<std::size_t>(m_residents[static_cast<std::size_t>(i)].ward)]
                    .patch;
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
    int takeCase(std::vector<std::vector<int>> &pools, std::vector<std::size_t> &cursor, int base,
                 int showcase)
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

    // --- case stories --------------------------------------------------------------------

    const std::string &userId(int user) const { return m_snapshot.users(user).id(); }

    v1::CaseEvent &addEvent(std::int64_t at, v1::CaseEventKind kind, int actor)
    {
        m_events.push_back({at, v1::CaseEvent{}});
        v1::CaseEvent &e = m_events.back().event;
        e.set_case_id(m_caseId);
        e.set_kind(kind);
        setTime(e.mutable_occurred_at(), at);
        e.set_actor_user_id(userId(actor));
        return e;
    }

    v1::ContactKind contactKind(const ResidentState &r)
    {
        Random &rng = m_rng;
        const double p = rng.uniformReal();
        switch (r.channel) {
        case v1::CONTACT_CHANNEL_TEXT:
            if (r.hearing) {
                return p < 0.75 ? v1::CONTACT_KIND_TEXT
                                : (p < 0.9 ? v1::CONTACT_KIND_LETTER : v1::CONTACT_KIND_VIDEO_CALL);
            }
            return p < 0.7 ? v1::CONTACT_KIND_TEXT : v1::CONTACT_KIND_PHONE;
        case v1::CONTACT_CHANNEL_VIDEO_CALL:
            return p < 0.65 ? v1::CONTACT_KIND_VIDEO_CALL
                            : (p < 0.9 ? v1::CONTACT_KIND_TEXT : v1::CONTACT_KIND_LETTER);
        case v1::CONTACT_CHANNEL_LETTER:
            return p < 0.8 || !(r.mobile || r.landline) || r.hearing ? v1::CONTACT_KIND_LETTER
                                                                     : v1::CONTACT_KIND_PHONE;
        case v1::CONTACT_CHANNEL_EMAIL:
            return p < 0.7 ? v1::CONTACT_KIND_EMAIL
                           : (r.hearing ? v1::CONTACT_KIND_TEXT : v1::CONTACT_KIND_PHONE);
        case v1::CONTACT_CHANNEL_PHONE:
            return p < 0.8 ? v1::CONTACT_KIND_PHONE : v1::CONTACT_KIND_LETTER;
        default:
            break;
        }
        if (r.mobile || r.landline) {
            return p < 0.85 ? v1::CONTACT_KIND_PHONE : v1::CONTACT_KIND_LETTER;
        }
        return v1::CONTACT_KIND_LETTER;
    }

    void addContact(std::int64_t at, int actor, const ResidentState &r, ContactPurpose purpose,
                    const TextVars &vars)
    {
        const v1::ContactKind kind = contactKind(r);
        const ContactTemplate *t = pickFresh(m_contacts[kind][static_cast<int>(purpose)]);
        if (t == nullptr) {
            // The preferred kind has nothing to say here: a letter always works, whatever the
            // resident's needs.
            t = pickFresh(m_contacts[v1::CONTACT_KIND_LETTER][static_cast<int>(purpose)]);
        }
        if (t == nullptr) {
            t = pickFresh(
                m_contacts[v1::CONTACT_KIND_LETTER][static_cast<int>(ContactPurpose::BeforeVisit)]);
        }
        auto &e = addEvent(at, v1::CASE_EVENT_KIND_CONTACT, actor);
        auto *c = e.mutable_contact();
        c->set_kind(t->kind);
        c->set_inbound(t->inbound);
        c->set_summary(fill(t->text, withPartner(vars, t->text)));
    }

    void addNote(std::int64_t at, int actor, std::string text)
    {
        addEvent(at, v1::CASE_EVENT_KIND_NOTE, actor).mutable_note()->set_text(std::move(text));
    }

    // A template this case has not used yet, if a few tries find one: a timeline that says
    // the same thing twice reads as machine-made.
    // Only texts that fit the case: one about the food bank needs a food bank referral.
    template <typename T> const T *pickFresh(const std::vector<const T *> &pool)
    {
        std::vector<const T *> &fitting = scratch<T>();
        fitting.clear();
        for (const T *t : pool) {
            const bool fits = t->text.find("{partner}") != std::string_view::npos
                                  ? !m_casePartners.empty()
                                  : t->partner == v1::PARTNER_UNSPECIFIED ||
                                        std::find(m_casePartners.begin(), m_casePartners.end(),
                                                  t->partner) != m_casePartners.end();
            if (fits) {
                fitting.push_back(t);
            }
        }
        if (fitting.empty()) {
            return nullptr;
        }
        // Start at a random place and take the first text not used yet; repeat only when
        // every fitting text has been used.
        const std::size_t start = m_rng.index(fitting.size());
        const T *t = fitting[start];
        for (std::size_t k = 0; k < fitting.size(); ++k) {
            const T *candidate = fitting[(start + k) % fitting.size()];
            if (std::find(m_usedTexts.begin(), m_usedTexts.end(),
                          static_cast<const void *>(candidate)) == m_usedTexts.end()) {
                t = candidate;
                break;
            }
        }
        m_usedTexts.push_back(t);
        return t;
    }

    template <typename T> std::vector<const T *> &scratch()
    {
        if constexpr (std::is_same_v<T, ContactTemplate>) {
            return m_contactScratch;
        } else {
            return m_noteScratch;
        }
    }

    // {partner} in a text: one of the partners this case was referred to.
    TextVars withPartner(const TextVars &vars, std::string_view text)
    {
        TextVars v = vars;
        if (text.find("{partner}") != std::string_view::npos && !m_casePartnerNames.empty()) {
            v.partner = m_rng.pick(m_casePartnerNames);
        }
        return v;
    }

    v1::GeoPosition positionNear(const ResidentState &r, std::int64_t at)
    {
        v1::GeoPosition pos;
        setTime(pos.mutable_fixed_at(), at);
        // Indoors, tablets sometimes have no fix; that is recorded, not left out.
        if (m_rng.bernoulli(0.08)) {
            pos.set_has_fix(false);
            return pos;
        }
        const Offset off = randomInDisc(m_rng, 0.02);
        pos.set_has_fix(true);
        pos.set_latitude(roundMicro(r.latitude + off.northKm / kKmPerDegreeLatitude));
        pos.set_longitude(roundMicro(r.longitude + off.eastKm / kKmPerDegreeLongitude));
        pos.set_accuracy_m(static_cast<double>(m_rng.uniformInt(4, 35)));
        return pos;
    }

    int coveringOfficer(const ResidentState &r)
    {
        const auto &patch =
            m_wards[static_cast<std::size_t>(m_wards[static_cast<std::size_t>(r.ward)].patch)];
        return m_rng.pick(patch.officers);
    }

    struct ReferralDraft
    {
        v1::Referral referral;
        const Concern *concern = nullptr;
    };

    const Concern &pickConcern(const ResidentState &r)
    {
        const auto concerns = referralConcerns();
        for (;;) {
            const Concern &c = m_rng.pick(concerns);
            const bool fits = c.fit == ConcernFit::Anyone ||
                              (c.fit == ConcernFit::HearingLoss && r.hearing) ||
                              (c.fit == ConcernFit::SightLoss && r.sightLoss) ||
                              (c.fit == ConcernFit::Interpreter && r.interpreter) ||
                              (c.fit == ConcernFit::Sheltered && r.sheltered);
            if (fits) {
                return c;
            }
        }
    }

    ReferralDraft draftReferral(const ResidentState &r, std::int64_t receivedAt,
                                const Concern *concern)
    {
        Random &rng = m_rng;
        ReferralDraft d;
        d.concern = concern != nullptr ? concern : &pickConcern(r);
        v1::Referral &ref = d.referral;
        ref.set_id(numbered("ref", static_cast<std::uint64_t>(++m_referralCount), 6));
        ref.set_resident_id(m_residentId);
        const auto &members = m_wards[static_cast<std::size_t>(r.ward)].members;
        double sources[] = {0.5, members.empty() ? 0.0 : 0.2, 0.2, 0.1};
        const auto source = static_cast<v1::ReferralSource>(rng.weightedIndex(sources) + 1);
        ref.set_source(source);
        bool consentToShare = false;
        bool consented = rng.bernoulli(0.92);
        switch (source) {
        case v1::REFERRAL_SOURCE_WARD_MEMBER:
            ref.set_referrer_user_id(userId(rng.pick(members)));
            // Ward members refer only with the resident's agreement.
            consented = true;
            consentToShare = rng.bernoulli(0.8);
            break;
        case v1::REFERRAL_SOURCE_PARTNER:
            ref.set_referrer_name(std::string(rng.pick(referringPartners()).name));
            consentToShare = rng.bernoulli(0.6);
            break;
        case v1::REFERRAL_SOURCE_SELF:
            consented = true;
            if (rng.bernoulli(0.6)) {
                ref.set_referrer_name(r.given + " " + r.family);
            } else {
                static constexpr std::string_view kRelations[] = {"daughter", "son", "neighbour",
                                                                  "niece", "friend"};
                const std::string_view relation = rng.pick(kRelations);
                const Sex sex = relation == "son" ? Sex::Male
                                : relation == "daughter" || relation == "niece"
                                    ? Sex::Female
                                    : (rng.bernoulli(0.5) ? Sex::Female : Sex::Male);
                const std::string_view given =
                    m_names.given(rng, Community::British, sex, Cohort::Younger);
                ref.set_referrer_name(std::string(given) + " " + r.family + " (" +
                                      std::string(relation) + ")");
            }
            break;
        default:
            break;
        }
        ref.set_concern(fill(d.concern->text, varsFor(r)));
        static constexpr double kUrgency[] = {0.6, 0.3, 0.1};
        const auto drawn = static_cast<v1::Urgency>(rng.weightedIndex(kUrgency) + 1);
        ref.set_urgency(std::max(drawn, d.concern->leastUrgency));
        ref.set_resident_consented_to_referral(consented);
        ref.set_consent_to_share_outcome(consentToShare);
        ref.set_status(v1::REFERRAL_STATUS_RECEIVED);
        setTime(ref.mutable_received_at(), receivedAt);
        ref.set_version(1);
        return d;
    }

    // The REFERRAL event records the referral as it arrived.
    void addReferralEvent(const ReferralDraft &d, int coordinator)
    {
        const v1::Referral &ref = d.referral;
        int actor = coordinator;
        if (ref.source() == v1::REFERRAL_SOURCE_WARD_MEMBER) {
            actor = m_userIndex.at(ref.referrer_user_id());
        }
        auto &e = addEvent(ref.received_at().seconds(), v1::CASE_EVENT_KIND_REFERRAL, actor);
        *e.mutable_referral() = ref;
        e.mutable_referral()->set_case_id(m_caseId);
    }

    std::int64_t receivedTime(std::int64_t day, v1::ReferralSource source)
    {
        // The contact centre works office hours; councillors, partners and families write any
        // day. Moving a date earlier never pushes a referral past the base day.
        if (source == v1::REFERRAL_SOURCE_CONTACT_CENTRE) {
            return officeTime(m_rng, workingDayOnOrBefore(day), 8 * 60, 18 * 60);
        }
        return officeTime(m_rng, day, 8 * 60, 20 * 60);
    }

    std::int64_t triageTime(std::int64_t received, v1::Urgency urgency)
    {
        if (urgency == v1::URGENCY_URGENT) {
            // Same day if the office is open, first thing next working day if not.
            const std::int64_t t = received + m_rng.uniformInt(4, 36) * 5 * kMinute;
            const calendar::LocalTime local = m_days.local(t * 1000);
            const std::int64_t minute = local.hour * 60 + local.minute;
            if (isWorkingDay(dayOf(t)) && minute >= 8 * 60 + 30 && minute <= 17 * 60 + 30) {
                return t;
            }
            const std::int64_t day = minute < 8 * 60 + 30 && isWorkingDay(dayOf(t))
                                         ? dayOf(t)
                                         : addWorkingDays(dayOf(t), 1);
            return std::max(officeTime(m_rng, day, 8 * 60 + 30, 10 * 60), received + 20 * kMinute);
        }
        const int days =
            urgency == v1::URGENCY_SOON ? m_rng.uniformInt(0, 1) : m_rng.uniformInt(1, 4);
        std::int64_t day = days == 0 ? workingDayOnOrAfter(dayOf(received))
                                     : addWorkingDays(dayOf(received), days);
        const std::int64_t t = officeTime(m_rng, day, 9 * 60, 16 * 60 + 30);
        return std::max(t, received + 20 * kMinute);
    }

    struct Outcome
    {
        std::vector<std::string> areaLabels;
        std::vector<std::string> partnerNames;
        std::int64_t lastAt = 0;
    };

    // Records what a completed visit found and did: checklist, outcome, onward referrals.
    Outcome recordVisitOutcome(const ResidentState &r, const TextVars &vars,
                               const std::string &visitId, int officer, std::int64_t checkIn,
                               std::int64_t checkOut, bool followUpNeeded)
    {
        Random &rng = m_rng;
        Outcome result;
        std::int64_t at = checkOut + rng.uniformInt(1, 5) * kMinute;

        // Signposting: 2-4 checklist items discussed, some referred to their partner. What
        // comes up follows the referral's concern and the resident's needs.
        std::vector<std::size_t> chosen;
        if (!m_checklist.empty()) {
            std::vector<double> weights(m_checklist.size(), 1.0);
            for (std::size_t k = 0; k < m_checklist.size(); ++k) {
                const std::string &area = m_checklist[k].area;
                double &w = weights[k];
                w *= area == m_concernArea ? 8.0 : 1.0;
                if (area == "hearing_loss") {
                    w *= r.hearing ? 6.0 : 0.05;
                } else if (area == "digital_inclusion") {
                    w *= r.digitallyExcluded ? 3.0 : 0.4;
                } else if (area == "benefits_and_money" || area == "council_tax") {
                    w *= r.financialHardship ? 2.5 : 1.0;
                } else if (area == "health_and_wellbeing") {
                    w *= r.isolated ? 1.5 : 1.0;
                } else if (area == "ward_member") {
                    w *= 0.3;
                }
            }
            const int want =
                std::min<int>(rng.uniformInt(2, 4), static_cast<int>(m_checklist.size()));
            // The first item is always one from the concern the resident was referred with.
            std::vector<double> concernOnly(weights.size(), 0.0);
            for (std::size_t k = 0; k < m_checklist.size(); ++k) {
                concernOnly[k] = m_checklist[k].area == m_concernArea ? weights[k] : 0.0;
            }
            if (std::any_of(concernOnly.begin(), concernOnly.end(),
                            [](double w) { return w > 0; })) {
                const std::size_t k = rng.weightedIndex(concernOnly);
                weights[k] = 0;
                chosen.push_back(k);
            }
            for (int n = static_cast<int>(chosen.size()); n < want; ++n) {
                const std::size_t k = rng.weightedIndex(weights);
                weights[k] = 0;
                chosen.push_back(k);
            }
            std::sort(chosen.begin(), chosen.end());
        }
        std::vector<std::pair<v1::Partner, std::size_t>> referrals;
        for (std::size_t k : chosen) {
            const ChecklistItem &item = m_checklist[k];
            result.areaLabels.push_back(inSentence(item.label));
            const bool alreadyReferred =
                std::any_of(referrals.begin(), referrals.end(),
                            [&](const auto &pr) { return pr.first == item.partner; });
            if (item.partner != v1::PARTNER_UNSPECIFIED && !alreadyReferred &&
                rng.bernoulli(0.35)) {
                referrals.emplace_back(item.partner, k);
            }
        }
        if (m_checklist.empty() && rng.bernoulli(0.4)) {
            const auto &service = rng.pick(partnerServices());
            referrals.emplace_back(service.partner, 0);
        }

        // Visits of the week before the base day carry the consent form, so their follow-up
        // calls are due (some late) on the coordinator's desk. Its answers follow the
        // submission count, not the random stream, so the rest of the council stays as it was.
        if (m_consentVersion > 0 && dayOf(checkOut) < m_baseDay &&
            dayOf(checkOut) >= m_baseDay - 7) {
            addConsentForm(visitId, officer, at);
        }
        if (!m_checklist.empty()) {
            auto &e = addEvent(at, v1::CASE_EVENT_KIND_FORM_SUBMISSION, officer);
            auto *s = e.mutable_form_submission();
            s->set_id(numbered("sub", static_cast<std::uint64_t>(++m_submissionCount), 6));
            s->set_form_id(m_checklistId);
            s->set_form_version(m_checklistVersion);
            s->set_case_id(m_caseId);
            s->set_visit_id(visitId);
            s->set_submitted_by_user_id(userId(officer));
            setTime(s->mutable_submitted_at(), at);
            for (std::size_t k = 0; k < m_checklist.size(); ++k) {
                auto *a = s->add_answers();
                a->set_question_id(m_checklist[k].id);
                v1::ChecklistItemState state = v1::CHECKLIST_ITEM_STATE_NOT_RELEVANT;
                if (std::find(chosen.begin(), chosen.end(), k) != chosen.end()) {
                    const bool referred =
                        std::any_of(referrals.begin(), referrals.end(),
                                    [&](const auto &pr) { return pr.second == k; });
                    state = referred ? v1::CHECKLIST_ITEM_STATE_REFERRED
                                     : v1::CHECKLIST_ITEM_STATE_DISCUSSED;
                } else if (rng.bernoulli(0.04)) {
                    state = v1::CHECKLIST_ITEM_STATE_DECLINED;
                }
                a->set_checklist_state(state);
            }
            at += rng.uniformInt(1, 10) * kMinute;
        }

        std::vector<std::string> actions;
        const auto actionPool = outcomeActions();
        const int actionCount = rng.uniformInt(1, 3);
        for (int k = 0; k < actionCount; ++k) {
            std::string action = fill(rng.pick(actionPool), vars);
            if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
                actions.push_back(std::move(action));
            }
        }
        for (const auto &[partner, item] : referrals) {
            for (const auto &service : partnerServices()) {
                if (service.partner == partner) {
                    result.partnerNames.emplace_back(service.name);
                    actions.push_back("Referred to " + std::string(service.name));
                    if (std::find(m_casePartners.begin(), m_casePartners.end(), partner) ==
                        m_casePartners.end()) {
                        m_casePartners.push_back(partner);
                        m_casePartnerNames.push_back(service.name);
                    }
                }
            }
        }

        const std::string areas =
            result.areaLabels.empty() ? std::string(m_topic) : joinWith(result.areaLabels, "; ");
        auto &e = addEvent(at, v1::CASE_EVENT_KIND_OUTCOME, officer);
        auto *o = e.mutable_outcome();
        o->set_id(numbered("out", static_cast<std::uint64_t>(++m_outcomeCount), 6));
        o->set_case_id(m_caseId);
        o->set_visit_id(visitId);
        std::string summary = fill("Visited {title} at home. {Pronoun} is ", vars);
        summary += fill(rng.pick(residentSituations()), vars);
        summary += ". Went through the signposting checklist: " + areas + ".";
        if (!result.partnerNames.empty()) {
            summary += " Referred to " + joinList(result.partnerNames) + " with consent.";
        }
        o->set_summary(std::move(summary));
        for (auto &action : actions) {
            o->add_actions_taken(std::move(action));
        }
        o->set_follow_up_needed(followUpNeeded);
        if (followUpNeeded) {
            o->set_follow_up_notes(result.partnerNames.empty()
                                       ? fill(rng.pick(followUpNotes()), vars)
                                       : "Check in two weeks that " + result.partnerNames.front() +
                                             " has been in touch.");
        }
        std::string shareable =
            "Home visit completed on " + longDate(checkIn) + ". Topics covered: " + areas + ".";
        if (!result.partnerNames.empty()) {
            shareable += " Referrals made to " + joinList(result.partnerNames) + ".";
        }
        shareable += followUpNeeded ? " We are following this up with the resident."
                                    : " No further visits are planned.";
        o->set_shareable_summary(std::move(shareable));
        o->set_recorded_by_user_id(userId(officer));
        setTime(o->mutable_recorded_at(), at);
        for (std::size_t k : chosen) {
            o->add_signposting_areas(m_checklist[k].id);
        }

        for (const auto &[partner, item] : referrals) {
            at += rng.uniformInt(1, 6) * kMinute;
            const PartnerService *service = nullptr;
            for (const auto &s : partnerServices()) {
                if (s.partner == partner) {
                    service = &s;
                }
            }
            auto &pe = addEvent(at, v1::CASE_EVENT_KIND_PARTNER_REFERRAL, officer);
            auto *pr = pe.mutable_partner_referral();
            pr->set_id(numbered("pref", static_cast<std::uint64_t>(++m_partnerReferralCount), 6));
            pr->set_case_id(m_caseId);
            pr->set_visit_id(visitId);
            pr->set_partner(partner);
            // A referral from the checklist says which item it came from; without a checklist,
            // a typical reason for that partner.
            pr->set_reason(!m_checklist.empty() ? m_checklist[item].label
                           : service != nullptr ? std::string(rng.pick(service->reasons))
                                                : std::string(m_topic));
            pr->set_resident_consented_to_share(true);
            pr->set_made_by_user_id(userId(officer));
            setTime(pr->mutable_made_at(), at);
        }

        if (rng.bernoulli(0.02)) {
            const std::int64_t raised = checkIn + rng.uniformInt(15, 40) * kMinute;
            auto &se = addEvent(raised, v1::CASE_EVENT_KIND_SAFEGUARDING, officer);
            auto *s = se.mutable_safeguarding();
            s->set_visit_id(visitId);
            s->set_concern_id(m_safeguardingQuestions.empty()
                                  ? std::string("safeguarding")
                                  : m_rng.pick(m_safeguardingQuestions));
            s->set_details(fill(rng.pick(safeguardingDetails()), vars));
            // A concern of more than two weeks ago was handled: the case's coordinator closed
            // it two days later (not from the random stream, so the council stays as it was).
            const std::int64_t closed = raised + 2 * kDay;
            if (closed < m_now - 12 * kDay) {
                const std::size_t concern = m_events.size() - 1;
                auto &step =
                    addEvent(closed, v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION, m_caseCoordinator);
                auto *a = step.mutable_safeguarding_action();
                a->set_concern_event_id("#" + std::to_string(concern));
                a->set_step(v1::SAFEGUARDING_STEP_CLOSED);
                a->set_text("Passed to the council's safeguarding lead, who has taken it on.");
            }
        }
        result.lastAt = at;
        return result;
    }

    struct VisitAttempt
    {
        v1::VisitStatus status = v1::VISIT_STATUS_UNSPECIFIED;
        std::int64_t checkOut = 0;
        std::int64_t lastAt = 0;
    };

    // A visit of the case being written, with its window and status.
    v1::Visit *addVisit(int officer, std::int64_t start, std::int64_t end, v1::VisitStatus status,
                        bool followUpVisit)
    {
        auto *visit = m_snapshot.add_visits();
        visit->set_id(numbered("visit", static_cast<std::uint64_t>(++m_visitCount), 6));
        visit->set_case_id(m_caseId);
        visit->set_officer_user_id(userId(officer));
        setTime(visit->mutable_window()->mutable_start(), start);
        setTime(visit->mutable_window()->mutable_end(), end);
        visit->set_status(status);
        visit->set_purpose(std::string(followUpVisit ? "Follow-up visit: " : "First visit: ") +
                           std::string(m_topic));
        visit->set_version(1);
        return visit;
    }

    // The officer at the door: checked in, checked out and written up (COMPLETED), or nobody
    // answered (NO_ACCESS). An in-progress visit (IN_PROGRESS) is checked in with its
    // lone-working timer running.
    VisitAttempt workVisit(v1::Visit &visit, const ResidentState &r, const TextVars &vars,
                           int officer, v1::VisitStatus status, bool moreToCome,
                           std::int64_t checkIn = 0, std::int64_t checkOut = 0)
    {
        Random &rng = m_rng;
        VisitAttempt result;
        result.status = status;
        const std::int64_t start = visit.window().start().seconds();
        if (status == v1::VISIT_STATUS_NO_ACCESS) {
            const std::int64_t at = start + rng.uniformInt(2, 4) * 5 * kMinute;
            visit.set_version(2);
            auto &ev = addEvent(at, v1::CASE_EVENT_KIND_VISIT, officer);
            ev.mutable_visit()->set_visit_id(visit.id());
            ev.mutable_visit()->set_from_status(v1::VISIT_STATUS_SCHEDULED);
            ev.mutable_visit()->set_to_status(v1::VISIT_STATUS_NO_ACCESS);
            *ev.mutable_visit()->mutable_position() = positionNear(r, at);
            addNote(at + 3 * kMinute, officer, fill(rng.pick(noAccessNotes()), vars));
            result.lastAt = at + 3 * kMinute;
            return result;
        }
        if (checkIn == 0) {
            checkIn = start + rng.uniformInt(-2, 3) * 5 * kMinute;
            checkOut = checkIn + rng.uniformInt(7, 17) * 5 * kMinute;
        }
        setTime(visit.mutable_checked_in_at(), checkIn);
        *visit.mutable_check_in_position() = positionNear(r, checkIn);
        auto &in = addEvent(checkIn, v1::CASE_EVENT_KIND_VISIT, officer);
        in.mutable_visit()->set_visit_id(visit.id());
        in.mutable_visit()->set_from_status(v1::VISIT_STATUS_SCHEDULED);
        in.mutable_visit()->set_to_status(v1::VISIT_STATUS_IN_PROGRESS);
        *in.mutable_visit()->mutable_position() = visit.check_in_position();
        result.lastAt = checkIn;
        if (status == v1::VISIT_STATUS_IN_PROGRESS) {
            // The timer the officer set at the door (`checkOut` is the window's end), with room
            // for a long conversation.
            setTime(visit.mutable_lone_worker_deadline(), checkOut + kInProgressTimerMargin);
            visit.set_version(2);
            return result;
        }
        setTime(visit.mutable_lone_worker_deadline(), checkIn + 90 * kMinute);
        setTime(visit.mutable_checked_out_at(), checkOut);
        *visit.mutable_check_out_position() = positionNear(r, checkOut);
        visit.set_version(4);
        auto &out = addEvent(checkOut, v1::CASE_EVENT_KIND_VISIT, officer);
        out.mutable_visit()->set_visit_id(visit.id());
        out.mutable_visit()->set_from_status(v1::VISIT_STATUS_IN_PROGRESS);
        out.mutable_visit()->set_to_status(v1::VISIT_STATUS_COMPLETED);
        *out.mutable_visit()->mutable_position() = visit.check_out_position();
        const Outcome outcome =
            recordVisitOutcome(r, vars, visit.id(), officer, checkIn, checkOut, moreToCome);
        result.checkOut = checkOut;
        result.lastAt = outcome.lastAt;
        return result;
    }

    // A visit of the base day that started by the demo's moment. One whose window has closed
    // was worked: nobody answered, or it is done and written up. One whose window is open is
    // under way, its timer set to an hour past the window.
    void workToday(const ResidentState &r, const TextVars &vars, ScheduledVisit &s, bool followUp)
    {
        Random &rng = m_rng;
        v1::Visit *visit =
            addVisit(s.officer, s.start, s.end, v1::VISIT_STATUS_SCHEDULED, followUp);
        s.written = true;
        std::int64_t checkIn = s.start + rng.uniformInt(-2, 3) * 5 * kMinute;
        if (s.end > m_moment) {
            visit->set_status(v1::VISIT_STATUS_IN_PROGRESS);
            workVisit(*visit, r, vars, s.officer, v1::VISIT_STATUS_IN_PROGRESS, true,
                      std::min(checkIn, m_moment - kMinute), s.end);
            return;
        }
        if (rng.bernoulli(0.08)) {
            visit->set_status(v1::VISIT_STATUS_NO_ACCESS);
            workVisit(*visit, r, vars, s.officer, v1::VISIT_STATUS_NO_ACCESS, true);
            return;
        }
        // Checked out in time to be written up by the moment.
        const std::int64_t checkOut =
            std::min(checkIn + rng.uniformInt(7, 17) * 5 * kMinute, m_moment - kWriteUpTime);
        checkIn = std::min(checkIn, checkOut - 20 * kMinute);
        visit->set_status(v1::VISIT_STATUS_COMPLETED);
        workVisit(*visit, r, vars, s.officer, v1::VISIT_STATUS_COMPLETED, rng.bernoulli(0.5),
                  checkIn, checkOut);
    }

    // A past visit: arranged with the resident, then completed, missed or cancelled. Returns
    // UNSPECIFIED if it would not have happened before the base day.
    VisitAttempt pastVisit(const ResidentState &r, const TextVars &baseVars, int coordinator,
                           std::int64_t after, v1::VisitStatus status, bool followUpVisit,
                           bool moreToCome, bool urgent)
    {
        Random &rng = m_rng;
        VisitAttempt result;
        const std::int64_t arrangeDay = addWorkingDays(dayOf(after), rng.uniformInt(0, 2));
        std::int64_t arrangeAt = officeTime(rng, arrangeDay);
        if (arrangeAt <= after) {
            arrangeAt = after + rng.uniformInt(2, 18) * 5 * kMinute;
        }
        const std::int64_t visitDay =
            addWorkingDays(dayOf(arrangeAt), urgent ? rng.uniformInt(1, 2) : rng.uniformInt(2, 8));
        if (visitDay >= m_baseDay) {
            return result;
        }
        const int minutes = visitMinutes(r);
        int officer = coveringOfficer(r);
        int slot = rng.uniformInt(0, 4);
        // An officer is never booked twice in one slot.
        for (int tries = 0; tries < 8; ++tries) {
            const std::uint64_t key = (static_cast<std::uint64_t>(officer) << 40) ^
                                      (static_cast<std::uint64_t>(visitDay) << 3) ^
                                      static_cast<std::uint64_t>(slot);
            if (m_busy.insert(key).second) {
                break;
            }
            if (tries % 2 == 0) {
                slot = (slot + 1) % 5;
            } else {
                officer = coveringOfficer(r);
            }
        }
        const std::int64_t start = at(visitDay, kSlotStarts[slot]);
        const std::int64_t end = start + minutes * kMinute;

        TextVars vars = baseVars;
        vars.date = longDate(start);
        vars.time = clockTime(start);
        addContact(arrangeAt, coordinator, r, ContactPurpose::ArrangeVisit, vars);
        if (r.interpreter) {
            addNote(arrangeAt + 5 * kMinute, coordinator,
                    "Booked a " + r.language + " interpreter for the visit on " + vars.date + ".");
        }

        v1::Visit *visit = addVisit(officer, start, end, status, followUpVisit);
        result.status = status;
        if (status == v1::VISIT_STATUS_COMPLETED || status == v1::VISIT_STATUS_NO_ACCESS) {
            const VisitAttempt worked = workVisit(*visit, r, baseVars, officer, status, moreToCome);
            result.checkOut = worked.checkOut;
            result.lastAt = worked.lastAt;
            const std::int64_t shareAt = status == v1::VISIT_STATUS_COMPLETED
                                             ? officeTime(rng, addWorkingDays(visitDay, 1))
                                             : m_now;
            if (m_shareWithMember >= 0 && shareAt < m_now) {
                addNote(shareAt, coordinator,
                        "Outcome summary shared with " +
                            m_snapshot.users(m_shareWithMember).display_name() +
                            ", with the resident's consent.");
                result.lastAt = std::max(result.lastAt, shareAt);
            }
        } else {
            // Cancelled from the office, after booking and before the day.
            std::int64_t at = officeTime(rng, visitDay) - kDay;
            at = std::clamp(at, arrangeAt + 30 * kMinute, start - 30 * kMinute);
            visit->set_version(2);
            auto &ev = addEvent(at, v1::CASE_EVENT_KIND_VISIT, coordinator);
            ev.mutable_visit()->set_visit_id(visit->id());
            ev.mutable_visit()->set_from_status(v1::VISIT_STATUS_SCHEDULED);
            ev.mutable_visit()->set_to_status(v1::VISIT_STATUS_CANCELLED);
            addNote(at + kMinute, coordinator, fill(rng.pick(cancellationReasons()), baseVars));
            result.lastAt = at + kMinute;
        }
        return result;
    }

    std::int64_t paddingTime(std::int64_t lo, std::int64_t hi)
    {
        if (hi <= lo) {
            return hi;
        }
        for (int tries = 0; tries < 12; ++tries) {
            const std::int64_t day = m_rng.uniformInt64(dayOf(lo), dayOf(hi));
            if (!isWorkingDay(day)) {
                continue;
            }
            const std::int64_t t = officeTime(m_rng, day);
            if (t >= lo && t <= hi) {
                return t;
            }
        }
        // No office hours in the window (a weekend): any time in it, to the minute.
        return lo + m_rng.uniformInt64(0, (hi - lo) / kMinute) * kMinute;
    }

    void writeCases()
    {
        const int n = m_options.residents;
        m_snapshot.mutable_cases()->Reserve(n);
        m_snapshot.mutable_referrals()->Reserve(n + n / 5 + 64);
        m_snapshot.mutable_visits()->Reserve(n + static_cast<int>(m_schedule.size()));
        m_snapshot.mutable_case_events()->Reserve(static_cast<int>(
            std::min<std::int64_t>(std::int64_t{n} * m_options.eventsPerCase + std::int64_t{n} * 2,
                                   std::int64_t{1} << 30)));
        for (int u = 0; u < m_snapshot.users_size(); ++u) {
            m_userIndex.emplace(m_snapshot.users(u).id(), u);
        }
        for (int i = 0; i < n; ++i) {
            writeCase(i);
        }
    }

    void writeCase(int i)
    {
        Random &rng = m_rng;
        const ResidentState &r = m_residents[static_cast<std::size_t>(i)];
        CasePlan &plan = m_plans[static_cast<std::size_t>(i)];
        const TextVars vars = varsFor(r);
        const int coordinator = plan.coordinator;
        const std::int64_t limit = m_now - 1;
        m_caseId = numbered("case", static_cast<std::uint64_t>(i + 1), 6);
        m_caseCoordinator = coordinator;
        m_residentId = m_snapshot.residents(i).id();
        m_events.clear();
        m_usedTexts.clear();
        m_casePartners.clear();
        m_casePartnerNames.clear();
        m_shareWithMember = -1;

        // First referral, triage, and the case opening.
        std::vector<ReferralDraft> referrals;
        referrals.push_back(draftReferral(r, 0, nullptr));
        const v1::Urgency urgency = referrals.front().referral.urgency();
        int ageDays = 0;
        switch (plan.stage) {
        case Stage::Awaiting:
            // Urgent referrals do not wait weeks for a first visit.
            ageDays = rng.uniformInt(1, urgency == v1::URGENCY_URGENT ? 3 : 21);
            break;
        case Stage::Visited:
            ageDays = rng.uniformInt(16, 240);
            break;
        case Stage::Closed:
            ageDays = rng.uniformInt(120, 730);
            break;
        }
        const std::int64_t received =
            receivedTime(m_baseDay - ageDays, referrals.front().referral.source());
        setTime(referrals.front().referral.mutable_received_at(), received);
        std::int64_t opened = triageTime(received, urgency);
        if (opened > limit - 30 * kMinute) {
            opened = std::max(received + 5 * kMinute, limit - rng.uniformInt(1, 24) * 5 * kMinute);
        }
        m_topic = referrals.front().concern->topic;
        m_concernArea = referrals.front().concern->area;
        plan.topic = m_topic;
        addReferralEvent(referrals.front(), coordinator);
        const auto &first = referrals.front().referral;
        if (first.source() == v1::REFERRAL_SOURCE_WARD_MEMBER && first.consent_to_share_outcome()) {
            m_shareWithMember = m_userIndex.at(first.referrer_user_id());
        }

        // The story of visits so far.
        std::int64_t cursor = opened;
        std::int64_t firstCheckOut = 0;
        std::int64_t closedAt = 0;
        bool anyVisit = false;
        if (plan.stage != Stage::Awaiting) {
            const bool urgent = urgency == v1::URGENCY_URGENT;
            const bool declined = plan.stage == Stage::Closed && rng.bernoulli(0.05);
            if (declined) {
                const std::int64_t at = officeTime(rng, addWorkingDays(dayOf(cursor), 1));
                addContact(at, coordinator, r, ContactPurpose::BeforeVisit, vars);
                cursor = at;
            } else {
                // Earlier attempts that did not get in.
                if (rng.bernoulli(0.04)) {
                    const VisitAttempt a =
                        pastVisit(r, vars, coordinator, cursor, v1::VISIT_STATUS_CANCELLED, false,
                                  true, urgent);
                    cursor = a.status != v1::VISIT_STATUS_UNSPECIFIED ? a.lastAt : cursor;
                    anyVisit = anyVisit || a.status != v1::VISIT_STATUS_UNSPECIFIED;
                }
                if (rng.bernoulli(0.12)) {
                    const VisitAttempt a =
                        pastVisit(r, vars, coordinator, cursor, v1::VISIT_STATUS_NO_ACCESS, false,
                                  true, urgent);
                    cursor = a.status != v1::VISIT_STATUS_UNSPECIFIED ? a.lastAt : cursor;
                    anyVisit = anyVisit || a.status != v1::VISIT_STATUS_UNSPECIFIED;
                }
                const bool secondVisit = rng.bernoulli(0.15);
                const bool moreToCome = plan.stage == Stage::Visited || secondVisit;
                const VisitAttempt a =
                    pastVisit(r, vars, coordinator, cursor, v1::VISIT_STATUS_COMPLETED, false,
                              moreToCome || rng.bernoulli(0.2), urgent);
                if (a.status != v1::VISIT_STATUS_UNSPECIFIED) {
                    anyVisit = true;
                    firstCheckOut = a.checkOut;
                    cursor = a.lastAt;
                    if (secondVisit) {
                        const std::int64_t after = cursor + rng.uniformInt(10, 40) * kDay;
                        const VisitAttempt b = pastVisit(
                            r, vars, coordinator, std::min(after, limit),
                            v1::VISIT_STATUS_COMPLETED, true, plan.stage == Stage::Visited, false);
                        cursor = b.status != v1::VISIT_STATUS_UNSPECIFIED ? b.lastAt : cursor;
                    }
                }
            }
            // The satisfaction call a few weeks later.
            if (firstCheckOut > 0 && (plan.stage == Stage::Closed || rng.bernoulli(0.5))) {
                const std::int64_t day =
                    workingDayOnOrAfter(dayOf(cursor) + rng.uniformInt(15, 40));
                const std::int64_t at = officeTime(rng, day);
                if (at <= limit && at > cursor) {
                    addFollowUpCall(at, coordinator, vars);
                    cursor = at;
                }
            }
            if (plan.stage == Stage::Closed) {
                const std::int64_t at =
                    officeTime(rng, workingDayOnOrAfter(dayOf(cursor) + rng.uniformInt(1, 14)));
                if (at <= limit && at > cursor) {
                    closedAt = at;
                    const NoteTemplate *reason =
                        firstCheckOut == 0 ? m_closingDeclined : pickFresh(m_closingAfterVisit);
                    addNote(at, coordinator, fill(reason->text, vars));
                } else {
                    plan.open = true; // its story ran into today: still open
                }
            }
        }
        const bool open = plan.open;

        // The visit booked for this week.
        if (plan.scheduled >= 0) {
            const ScheduledVisit &s = m_schedule[static_cast<std::size_t>(plan.scheduled)];
            const std::int64_t lo = std::max(cursor, opened) + 10 * kMinute;
            std::int64_t at =
                officeTime(rng, workingDayOnOrBefore(m_baseDay - 1 - rng.uniformInt(0, 3)));
            at = std::min(std::max(at, lo), limit);
            TextVars v = vars;
            v.date = longDate(s.start);
            v.time = clockTime(s.start);
            addContact(at, coordinator, r, ContactPurpose::ArrangeVisit, v);
            if (r.interpreter) {
                addNote(std::min(at + 5 * kMinute, limit), coordinator,
                        "Booked a " + r.language + " interpreter for the visit on " + v.date + ".");
            }
            anyVisit = true;
            if (m_moment > 0 && s.officer != m_officers.front() && s.start <= m_moment) {
                workToday(r, vars, m_schedule[static_cast<std::size_t>(plan.scheduled)],
                          plan.stage != Stage::Awaiting);
            }
        }

        // Further referrals about the same resident, linked to the open case.
        const std::int64_t storyEnd = closedAt > 0 ? closedAt - kMinute : limit;
        if (plan.stage != Stage::Awaiting && rng.bernoulli(0.15)) {
            const int extra = rng.bernoulli(0.2) ? 2 : 1;
            for (int k = 0; k < extra; ++k) {
                const std::int64_t lo = opened + 3 * kDay;
                if (lo >= storyEnd - kDay) {
                    break;
                }
                ReferralDraft d = draftReferral(r, 0, nullptr);
                const std::int64_t day = dayOf(rng.uniformInt64(lo, storyEnd - kDay));
                const std::int64_t at =
                    std::clamp(receivedTime(day, d.referral.source()), lo, storyEnd - kDay);
                setTime(d.referral.mutable_received_at(), at);
                referrals.push_back(std::move(d));
                addReferralEvent(referrals.back(), coordinator);
            }
        }

        // Notes and contacts fill the rest of the case's budget. Cases whose story alone
        // overran their budget are paid back from later cases, so the average holds.
        const auto story = static_cast<std::int64_t>(m_events.size());
        const std::int64_t padding = std::max<std::int64_t>(0, plan.budget - m_overrun - story);
        m_overrun = std::max<std::int64_t>(0, m_overrun + story + padding - plan.budget);
        const auto neighbour = rng.uniformInt(1, 60);
        for (int k = 0; k < padding; ++k) {
            const std::int64_t at = paddingTime(opened + 5 * kMinute, storyEnd);
            const bool afterVisit = firstCheckOut > 0 && at > firstCheckOut;
            if (rng.bernoulli(0.55)) {
                addContact(at, coordinator, r,
                           afterVisit ? ContactPurpose::AfterVisit : ContactPurpose::BeforeVisit,
                           vars);
            } else {
                const auto &pool =
                    afterVisit && rng.bernoulli(0.7) ? m_notesAfterVisit : m_notesAnyTime;
                TextVars v = vars;
                v.neighbour = neighbour;
                const NoteTemplate *note = pickFresh(pool);
                if (note == nullptr) {
                    note = pickFresh(m_notesAnyTime);
                }
                addNote(at, coordinator, fill(note->text, withPartner(v, note->text)));
            }
        }

        // The case record, and referrals as they stand now.
        auto *c = m_snapshot.add_cases();
        c->set_id(m_caseId);
        c->set_resident_id(m_residentId);
        c->set_status(open ? v1::CASE_STATUS_OPEN : v1::CASE_STATUS_CLOSED);
        setTime(c->mutable_opened_at(), opened);
        if (!open) {
            setTime(c->mutable_closed_at(), closedAt);
        }
        c->set_coordinator_user_id(userId(coordinator));
        c->set_version(open ? static_cast<int>(referrals.size()) : 2);

        for (std::size_t k = 0; k < referrals.size(); ++k) {
            v1::Referral &ref = referrals[k].referral;
            ref.set_case_id(m_caseId);
            const std::int64_t triaged =
                k == 0 ? opened : ref.received_at().seconds() + rng.uniformInt(1, 36) * 5 * kMinute;
            setTime(ref.mutable_triaged_at(), std::min(triaged, storyEnd));
            const v1::ReferralStatus status = !open      ? v1::REFERRAL_STATUS_CLOSED
                                              : anyVisit ? v1::REFERRAL_STATUS_VISIT_SCHEDULED
                                                         : v1::REFERRAL_STATUS_TRIAGED;
            ref.set_status(status);
            ref.set_version(status == v1::REFERRAL_STATUS_TRIAGED  ? 2
                            : status == v1::REFERRAL_STATUS_CLOSED ? 4
                                                                   : 3);
            *m_snapshot.add_referrals() = std::move(ref);
        }

        flushEvents();
    }

    void addConsentForm(const std::string &visitId, int officer, std::int64_t at)
    {
        const std::uint64_t n = static_cast<std::uint64_t>(++m_submissionCount);
        auto &e = addEvent(at, v1::CASE_EVENT_KIND_FORM_SUBMISSION, officer);
        auto *s = e.mutable_form_submission();
        s->set_id(numbered("sub", n, 6));
        s->set_form_id("consent");
        s->set_form_version(m_consentVersion);
        s->set_case_id(m_caseId);
        s->set_visit_id(visitId);
        s->set_submitted_by_user_id(userId(officer));
        setTime(s->mutable_submitted_at(), at);
        auto answer = [&](const char *id) {
            auto *a = s->add_answers();
            a->set_question_id(id);
            return a;
        };
        answer("share_with_partners")->set_consent_given(true);
        const bool call = n % 5 != 0;
        answer("follow_up_call_consent")->set_consent_given(call);
        if (call) {
            static constexpr const char *kChannels[] = {"phone", "phone", "text", "video_call"};
            const char *channel = kChannels[n % 4];
            answer("follow_up_channel")->set_choice(channel);
            if (std::string_view(channel) != "text") {
                answer("follow_up_best_time")->set_choice(n % 2 ? "morning" : "afternoon");
            }
        }
        answer("consent_given_by")->set_choice("resident");
        answer("can_sign")->set_yes_no(true);
        answer("resident_signature")->set_blob_ref(numbered("blob-sig", n, 6));
    }

    void addFollowUpCall(std::int64_t at, int coordinator, const TextVars &vars)
    {
        Random &rng = m_rng;
        auto &e = addEvent(at, v1::CASE_EVENT_KIND_FOLLOW_UP_CALL, coordinator);
        auto *call = e.mutable_follow_up_call();
        int score = 0;
        if (rng.bernoulli(0.85)) {
            static constexpr double kScores[] = {0.03, 0.05, 0.12, 0.30, 0.50};
            score = static_cast<int>(rng.weightedIndex(kScores)) + 1;
        }
        std::vector<std::string_view> comments;
        for (const auto &c : followUpComments()) {
            if (c.score == score) {
                comments.push_back(c.text);
            }
        }
        call->set_reached(score > 0);
        call->set_satisfaction_score(score);
        // A resident not reached is one of the three honest results, taken in turn (not from
        // the random stream, which the rest of the council depends on).
        static constexpr v1::FollowUpResult kNotReached[] = {v1::FOLLOW_UP_RESULT_NO_ANSWER,
                                                             v1::FOLLOW_UP_RESULT_DECLINED_SURVEY,
                                                             v1::FOLLOW_UP_RESULT_UNREACHABLE};
        call->set_result(score > 0 ? v1::FOLLOW_UP_RESULT_REACHED
                                   : kNotReached[m_notReachedCalls++ % 3]);
        if (!comments.empty()) {
            call->set_comments(fill(rng.pick(comments), vars));
        }
    }

    // Events go into the snapshot in time order, numbered as they go.
    void flushEvents()
    {
        m_order.resize(m_events.size());
        for (std::size_t k = 0; k < m_events.size(); ++k) {
            m_order[k] = k;
        }
        std::stable_sort(m_order.begin(), m_order.end(), [this](std::size_t a, std::size_t b) {
            return m_events[a].at < m_events[b].at;
        });
        for (std::size_t k : m_order) {
            m_events[k].event.set_id(
                numbered("evt", static_cast<std::uint64_t>(++m_eventCount), 7));
        }
        // A step on a concern named it by its place in m_events ("#k"): now it has its id.
        for (auto &pending : m_events) {
            if (pending.event.has_safeguarding_action()) {
                auto *a = pending.event.mutable_safeguarding_action();
                const std::size_t k = std::stoul(a->concern_event_id().substr(1));
                a->set_concern_event_id(m_events[k].event.id());
            }
        }
        auto *out = m_snapshot.mutable_case_events();
        for (std::size_t k : m_order) {
            *out->Add() = std::move(m_events[k].event);
        }
    }

    void writeScheduledVisits()
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

    // New referrals nobody has triaged yet: the coordinators' inbox. Some are older than the
    // five-working-day target, so the demo shows overdue ones.
    void makeInbox()
    {
        Random &rng = m_rng = Random::stream(m_options.seed, 7);
        const int n = m_options.residents;
        const int count = std::min(n, rng.uniformInt(20, 40) * std::max(1, n / 2000));
        std::unordered_set<int> used;
        for (int k = 0; k < count; ++k) {
            int i = static_cast<int>(rng.index(static_cast<std::size_t>(n)));
            // Mostly people whose earlier case has closed, referred again.
            for (int tries = 0;
                 tries < 4 && (m_plans[static_cast<std::size_t>(i)].open || used.count(i) > 0);
                 ++tries) {
                i = static_cast<int>(rng.index(static_cast<std::size_t>(n)));
            }
            if (!used.insert(i).second) {
                continue;
            }
            const ResidentState &r = m_residents[static_cast<std::size_t>(i)];
            m_residentId = m_snapshot.residents(i).id();
            const std::int64_t day = m_baseDay - rng.uniformInt(1, 10);
            ReferralDraft d = draftReferral(r, 0, nullptr);
            setTime(d.referral.mutable_received_at(), receivedTime(day, d.referral.source()));
            *m_snapshot.add_referrals() = std::move(d.referral);
        }
    }

    // Case numbers run in order of opening within each year: HV-2026-000001, ...
    void numberCases()
    {
        const int n = m_snapshot.cases_size();
        std::vector<int> order(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            order[static_cast<std::size_t>(i)] = i;
        }
        std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
            return m_snapshot.cases(a).opened_at().seconds() <
                   m_snapshot.cases(b).opened_at().seconds();
        });
        std::int64_t year = 0;
        int sequence = 0;
        const std::string prefix = m_snapshot.council().case_number_prefix();
        for (int i : order) {
            auto *c = m_snapshot.mutable_cases(i);
            const std::int64_t y = civilFromDays(dayOf(c->opened_at().seconds())).year;
            if (y != year) {
                year = y;
                sequence = 0;
            }
            char buf[32];
            std::snprintf(buf, sizeof buf, "-%04lld-%06d", static_cast<long long>(y), ++sequence);
            c->set_case_number(prefix + buf);
        }
    }

    const GeneratorOptions m_options;
    const calendar::CouncilCalendar m_days;
    const std::int64_t m_baseDay; // days since 1970-01-01
    const std::int64_t m_now;     // seconds
    // The demo's moment in seconds when it falls on the base day, else 0 (GeneratorOptions).
    const std::int64_t m_moment;
    std::vector<v1::FormDefinition> m_forms;
    v1::CouncilSnapshot m_snapshot;
    NamePools m_names;
    Random m_rng = Random::stream(m_options.seed, 6);

    std::vector<ChecklistItem> m_checklist;
    std::string m_checklistId;
    // The consent form's version; 0 when the council has none.
    int m_consentVersion = 0;
    int m_notReachedCalls = 0;
    int m_checklistVersion = 0;
    std::vector<std::string> m_safeguardingQuestions;
    std::vector<const ContactTemplate *> m_contacts[v1::ContactKind_ARRAYSIZE][4];
    std::vector<const NoteTemplate *> m_notesAnyTime;
    std::vector<const NoteTemplate *> m_closingAfterVisit;
    const NoteTemplate *m_closingDeclined = nullptr;
    std::vector<const NoteTemplate *> m_notesAfterVisit;

    std::vector<WardState> m_wards;
    std::vector<int> m_officers;
    std::vector<int> m_coordinators;
    std::unordered_set<std::string> m_usernames;
    std::unordered_map<std::string, int> m_emailsSeen;
    std::unordered_map<std::string, int> m_userIndex;
    std::vector<ResidentState> m_residents;
    std::vector<CasePlan> m_plans;
    std::vector<ScheduledVisit> m_schedule;
    std::unordered_set<std::uint64_t> m_busy;

    // The case being written.
    std::string m_caseId;
    int m_caseCoordinator = 0;
    std::string m_residentId;
    std::string_view m_topic;
    std::string_view m_concernArea;
    int m_shareWithMember = -1;
    std::vector<PendingEvent> m_events;
    std::vector<const void *> m_usedTexts;
    std::vector<v1::Partner> m_casePartners;
    std::vector<std::string_view> m_casePartnerNames;
    std::vector<const ContactTemplate *> m_contactScratch;
    std::vector<const NoteTemplate *> m_noteScratch;
    std::vector<std::size_t> m_order;

    std::int64_t m_overrun = 0; // events written beyond the cases' budgets so far
    std::uint64_t m_referralCount = 0;
    std::uint64_t m_visitCount = 0;
    std::uint64_t m_eventCount = 0;
    std::uint64_t m_outcomeCount = 0;
    std::uint64_t m_partnerReferralCount = 0;
    std::uint64_t m_submissionCount = 0;
};

Status validate(const GeneratorOptions &o)
{
    const auto bad = [](std::string message) {
        return Status(makeError(v1::ERROR_CODE_INVALID_ARGUMENT, std::move(message)));
    };
    if (o.residents < 1 || o.residents > 2'000'000) {
        return bad("The number of residents must be between 1 and 2,000,000.");
    }
    if (o.eventsPerCase < 1 || o.eventsPerCase > 1000) {
        return bad("Events per case must be between 1 and 1,000.");
    }
    if (o.wards < 1 || o.wards > 999) {
        return bad("The number of wards must be between 1 and 999.");
    }
    if (o.officers < 0 || o.officers > 100'000 || o.coordinators < 0 || o.coordinators > 100'000) {
        return bad("Officer and coordinator counts must be between 0 (automatic) and 100,000.");
    }
    if (o.wardMembersPerWard < 0 || o.wardMembersPerWard > 10) {
        return bad("Ward members per ward must be between 0 and 10.");
    }
    if (o.formDefinitions < 0 || o.formDefinitions > 10'000) {
        return bad("Form definitions must be between 0 (the standard forms) and 10,000.");
    }
    if (o.visitDays < 1 || o.visitDays > 90) {
        return bad("Visit days must be between 1 and 90.");
    }
    if (o.baseDayUnixSeconds % kDay != 0) {
        return bad("The base day must be a whole day (a multiple of 86400 seconds).");
    }
    v1::Council council;
    if (auto c = calendar::setCouncilCalendar(council, o.timeZone, o.bankHolidayDivision,
                                              calendar::shippedBankHolidays());
        !c) {
        return c;
    }
    if (o.baseDayUnixSeconds < daysFromCivil(2005, 1, 1) * kDay ||
        o.baseDayUnixSeconds >= daysFromCivil(2100, 1, 1) * kDay) {
        return bad("The base day must be between 2005-01-01 and 2099-12-31.");
    }
    return {};
}

} // namespace

Result<v1::CouncilSnapshot> generateCouncil(const GeneratorOptions &options)
{
    if (Status s = validate(options); !s) {
        return s.error();
    }
    auto forms = loadStandardContent();
    if (!forms) {
        return forms.error();
    }
    v1::Council council;
    (void)calendar::setCouncilCalendar(council, options.timeZone, options.bankHolidayDivision,
                                       calendar::shippedBankHolidays());
    auto days = calendar::CouncilCalendar::of(council);
    if (!days) {
        return days.error();
    }
    CouncilBuilder builder(options, std::move(*days), std::move(forms).value());
    return builder.build();
}

} // namespace doorstep::demo
