#pragma once

#include "calendar/bankholidays.h"
#include "calendar/timezone.h"
#include "doorstep/v1/identity.pb.h"
#include "error/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep::calendar {

constexpr std::string_view kDefaultTimeZone = "Europe/London";

// A wall-clock reading in the council's zone.
struct LocalTime
{
    std::int64_t day = 0; // days since 1970-01-01, as the council counts days
    int hour = 0;
    int minute = 0;
    int second = 0;
};

// The council's clock and calendar: its time zone and its bank holidays. This is the one home
// of day boundaries, working days and times written for people; the server, the app and the
// tests all use it. Instants are Unix milliseconds (UTC); days are day numbers.
class CouncilCalendar
{
public:
    // UTC with no holidays: only for code that has no council yet.
    CouncilCalendar();
    CouncilCalendar(TimeZone zone, std::vector<std::int64_t> holidays);
    // The council's zone (Europe/London when unset) and its holidays as the record carries them
    // (England and Wales' shipped list for a record that names no division).
    static Result<CouncilCalendar> of(const v1::Council &council);

    const TimeZone &zone() const { return m_zone; }

    // The day holding the instant, in the council's zone.
    std::int64_t dayOf(std::int64_t utcMs) const;
    // The first instant of the day (local midnight, or the first instant after it when a clock
    // change skips midnight).
    std::int64_t startOfDay(std::int64_t day) const;
    LocalTime local(std::int64_t utcMs) const;
    // The instant the council's clocks read `minuteOfDay` on `day`. A time the clocks skip
    // (spring forward) is read with the offset before the change, so it lands after it; a time
    // that happens twice (autumn) is the first of the two.
    std::int64_t at(std::int64_t day, int minuteOfDay) const;

    bool isBankHoliday(std::int64_t day) const;
    // Monday to Friday and not a bank holiday.
    bool isWorkingDay(std::int64_t day) const;
    // The `n`th working day after `day` (n = 0 is `day` itself).
    std::int64_t addWorkingDays(std::int64_t day, int n) const;
    // The same, for an instant: the same wall-clock time `n` working days later.
    std::int64_t addWorkingDaysMs(std::int64_t utcMs, int n) const;

    // For people, in the council's zone: "23 November 2026", "14:05", "Monday 23 November".
    std::string formatDate(std::int64_t utcMs) const;
    std::string formatTime(std::int64_t utcMs) const;
    std::string formatWeekdayDate(std::int64_t utcMs) const;
    // "GMT" or "BST" at that instant.
    std::string zoneAbbreviation(std::int64_t utcMs) const;

private:
    TimeZone m_zone;
    std::vector<std::int64_t> m_holidays; // sorted
};

// Fills the council's zone, division and that division's bank-holiday dates from `lists`,
// leaving the rest of the record. An unknown zone or a division `lists` lacks is refused.
// Empty names keep Europe/London and England and Wales.
Status setCouncilCalendar(v1::Council &council, std::string_view timeZone,
                          std::string_view division, const BankHolidayDivisions &lists);

} // namespace doorstep::calendar
