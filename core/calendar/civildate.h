#pragma once

// Calendar arithmetic on day numbers (days since 1970-01-01), using Howard Hinnant's
// civil-date algorithms: no host time zone, no locale.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace doorstep::calendar {

struct CivilDate
{
    std::int64_t year = 1970;
    unsigned month = 1;
    unsigned day = 1;
};

constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;
constexpr std::int64_t kMsPerDay = kSecondsPerDay * 1000;

constexpr std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr CivilDate civilFromDays(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), m, d};
}

// ISO weekday: Monday 1 ... Sunday 7. Day 0 (1970-01-01) was a Thursday.
constexpr int isoWeekday(std::int64_t day)
{
    return static_cast<int>(((day % 7) + 7 + 3) % 7) + 1;
}

constexpr unsigned daysInMonth(std::int64_t year, unsigned month)
{
    constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : lengths[month - 1];
}

// Floor division, so that instants before 1970 fall on the right day.
constexpr std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// "2026-11-23" to its day number; nothing when it is not a real date written that way.
std::optional<std::int64_t> parseIsoDate(std::string_view text);
// The day number as "2026-11-23".
std::string isoDate(std::int64_t day);
// The day number as people read it: "2 December 1959", day without a leading zero, the month
// in full, no comma (GOV.UK style guide, A to Z, "Dates":
// https://www.gov.uk/guidance/style-guide/a-to-z-of-gov-uk-style).
std::string longDate(std::int64_t day);

} // namespace doorstep::calendar
