#include "calendar/councilcalendar.h"

#include "calendar/bankholidays.h"
#include "calendar/civildate.h"

#include <algorithm>
#include <cstdio>

namespace doorstep::calendar {

namespace {

constexpr const char *kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
constexpr const char *kWeekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                     "Friday", "Saturday", "Sunday"};

std::int64_t floorSeconds(std::int64_t ms)
{
    return floorDiv(ms, 1000);
}

} // namespace

std::optional<std::int64_t> parseIsoDate(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    auto number = [&](std::size_t from, std::size_t n) -> int {
        int v = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            if (text[i] < '0' || text[i] > '9') {
                return -1;
            }
            v = v * 10 + (text[i] - '0');
        }
        return v;
    };
    const int y = number(0, 4);
    const int m = number(5, 2);
    const int d = number(8, 2);
    if (y < 1900 || m < 1 || m > 12 || d < 1 ||
        d > static_cast<int>(daysInMonth(y, static_cast<unsigned>(m)))) {
        return std::nullopt;
    }
    return daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string isoDate(std::int64_t day)
{
    const CivilDate c = civilFromDays(day);
    char out[48];
    std::snprintf(out, sizeof out, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                  c.day);
    return out;
}

std::string longDate(std::int64_t day)
{
    const CivilDate c = civilFromDays(day);
    return std::to_string(c.day) + " " + kMonths[c.month - 1] + " " + std::to_string(c.year);
}

CouncilCalendar::CouncilCalendar() : m_zone(TimeZone::utc()) {}

CouncilCalendar::CouncilCalendar(TimeZone zone, std::vector<std::int64_t> holidays)
    : m_zone(std::move(zone)), m_holidays(std::move(holidays))
{
    std::sort(m_holidays.begin(), m_holidays.end());
}

Result<CouncilCalendar> CouncilCalendar::of(const v1::Council &council)
{
    auto zone = TimeZone::load(council.time_zone().empty() ? kDefaultTimeZone
                                                           : std::string_view(council.time_zone()));
    if (!zone) {
        return zone.error();
    }
    std::vector<std::int64_t> days;
    if (council.bank_holiday_division().empty() && council.bank_holidays().empty()) {
        // A council record from before councils had a division: England and Wales.
        const auto &shipped = shippedBankHolidays();
        if (const auto it = shipped.find(std::string(kDefaultDivision)); it != shipped.end()) {
            for (const BankHoliday &h : it->second) {
                days.push_back(h.day);
            }
        }
    }
    for (const std::string &d : council.bank_holidays()) {
        if (const auto day = parseIsoDate(d)) {
            days.push_back(*day);
        }
    }
    return CouncilCalendar(std::move(*zone), std::move(days));
}

std::int64_t CouncilCalendar::dayOf(std::int64_t utcMs) const
{
    const std::int64_t s = floorSeconds(utcMs);
    return floorDiv(s + m_zone.offsetAt(s), kSecondsPerDay);
}

LocalTime CouncilCalendar::local(std::int64_t utcMs) const
{
    const std::int64_t s = floorSeconds(utcMs);
    const std::int64_t wall = s + m_zone.offsetAt(s);
    const std::int64_t day = floorDiv(wall, kSecondsPerDay);
    const auto secondOfDay = static_cast<int>(wall - day * kSecondsPerDay);
    return {day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60};
}

std::int64_t CouncilCalendar::at(std::int64_t day, int minuteOfDay) const
{
    const std::int64_t wall = day * kSecondsPerDay + std::int64_t{minuteOfDay} * 60;
    // The offsets in force a day either side cover every zone's single change in a day.
    const int before = m_zone.offsetAt(wall - kSecondsPerDay);
    const int after = m_zone.offsetAt(wall + kSecondsPerDay);
    const bool beforeFits = m_zone.offsetAt(wall - before) == before;
    const bool afterFits = m_zone.offsetAt(wall - after) == after;
    std::int64_t s = 0;
    if (beforeFits && afterFits) {
        s = std::min(wall - before, wall - after);
    } else if (beforeFits) {
        s = wall - before;
    } else if (afterFits) {
        s = wall - after;
    } else {
        s = wall - before; // skipped by the clocks: read with the offset before the change
    }
    return s * 1000;
}

std::int64_t CouncilCalendar::startOfDay(std::int64_t day) const
{
    return at(day, 0);
}

bool CouncilCalendar::isBankHoliday(std::int64_t day) const
{
    return std::binary_search(m_holidays.begin(), m_holidays.end(), day);
}

bool CouncilCalendar::isWorkingDay(std::int64_t day) const
{
    return isoWeekday(day) <= 5 && !isBankHoliday(day);
}

std::int64_t CouncilCalendar::addWorkingDays(std::int64_t day, int n) const
{
    while (n > 0) {
        ++day;
        if (isWorkingDay(day)) {
            --n;
        }
    }
    return day;
}

std::int64_t CouncilCalendar::addWorkingDaysMs(std::int64_t utcMs, int n) const
{
    const LocalTime t = local(utcMs);
    const std::int64_t day = addWorkingDays(t.day, n);
    return at(day, t.hour * 60 + t.minute) + (t.second * 1000LL) + (utcMs % 1000 + 1000) % 1000;
}

std::string CouncilCalendar::formatDate(std::int64_t utcMs) const
{
    return longDate(dayOf(utcMs));
}

std::string CouncilCalendar::formatTime(std::int64_t utcMs) const
{
    const LocalTime t = local(utcMs);
    char out[16];
    std::snprintf(out, sizeof out, "%02d:%02d", t.hour, t.minute);
    return out;
}

std::string CouncilCalendar::formatWeekdayDate(std::int64_t utcMs) const
{
    const std::int64_t day = dayOf(utcMs);
    const CivilDate c = civilFromDays(day);
    return std::string(kWeekdays[isoWeekday(day) - 1]) + " " + std::to_string(c.day) + " " +
           kMonths[c.month - 1];
}

std::string CouncilCalendar::zoneAbbreviation(std::int64_t utcMs) const
{
    return m_zone.abbreviationAt(floorSeconds(utcMs));
}

Status setCouncilCalendar(v1::Council &council, std::string_view timeZone,
                          std::string_view division, const BankHolidayDivisions &lists)
{
    const std::string_view zoneName = timeZone.empty() ? kDefaultTimeZone : timeZone;
    if (auto zone = TimeZone::load(zoneName); !zone) {
        return zone.error();
    }
    const std::string_view divisionName = division.empty() ? kDefaultDivision : division;
    const auto it = lists.find(std::string(divisionName));
    if (it == lists.end()) {
        std::string known;
        for (const auto &[name, days] : lists) {
            known += (known.empty() ? "" : ", ") + name;
        }
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "\"" + std::string(divisionName) +
                             "\" is not a bank-holiday division; use one of " + known);
    }
    council.set_time_zone(std::string(zoneName));
    council.set_bank_holiday_division(std::string(divisionName));
    council.clear_bank_holidays();
    for (const BankHoliday &h : it->second) {
        council.add_bank_holidays(isoDate(h.day));
    }
    return {};
}

} // namespace doorstep::calendar
