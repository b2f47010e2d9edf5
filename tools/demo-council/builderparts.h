#pragma once

// The pieces the demo-council builder shares across its files: time constants, geography,
// the text templates' variables, the name pools and the plans it makes before writing records.
// Private to tools/demo-council.

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

namespace doorstep::demo::detail {

inline constexpr std::int64_t kMinute = 60;
// From check-out to the last of the write-up (outcome, checklist, onward referrals).
inline constexpr std::int64_t kWriteUpTime = 40 * kMinute;
// An in-progress visit's timer runs this long past its window.
inline constexpr std::int64_t kInProgressTimerMargin = 60 * kMinute;
inline constexpr std::int64_t kHour = 60 * kMinute;
inline constexpr std::int64_t kDay = 24 * kHour;

using calendar::civilFromDays;
using calendar::daysFromCivil;
using calendar::isoDate;

inline std::string numbered(std::string_view prefix, std::uint64_t n, int width)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "-%0*llu", width, static_cast<unsigned long long>(n));
    std::string out(prefix);
    out += buf;
    return out;
}

inline void setTime(google::protobuf::Timestamp *ts, std::int64_t t)
{
    ts->set_seconds(t);
    ts->set_nanos(0);
}

// ---------------------------------------------------------------------------------------------
// Geography. The district sits in a made-up patch around 52.6 N, 1.1 W. Only + - * / and sqrt
// are used (exactly rounded in IEEE 754) so positions are identical on every platform.

inline constexpr double kAnchorLatitude = 52.60;
inline constexpr double kAnchorLongitude = -1.10;
inline constexpr double kKmPerDegreeLatitude = 111.32;
// 111.32 * cos(52.6 degrees), written out so no libm call is involved.
inline constexpr double kKmPerDegreeLongitude = 67.61;

inline double roundMicro(double v)
{
    return std::round(v * 1e6) / 1e6;
}

struct Offset
{
    double eastKm = 0;
    double northKm = 0;
};

inline Offset randomDirection(Random &rng)
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

inline Offset randomInDisc(Random &rng, double radiusKm)
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

inline std::string fill(std::string_view text, const TextVars &v)
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

// ---------------------------------------------------------------------------------------------
// Name pools by community, sex and cohort, built once per run from the lists in names.cpp.

inline constexpr int kCommunityCount = 10;

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

inline Community pickCommunity(Random &rng, const double (&weights)[kCommunityCount])
{
    return static_cast<Community>(rng.weightedIndex(weights));
}

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

inline constexpr int kSlotStarts[] = {9 * 60, 10 * 60 + 30, 12 * 60 + 30, 14 * 60, 15 * 60 + 30};

} // namespace doorstep::demo::detail
