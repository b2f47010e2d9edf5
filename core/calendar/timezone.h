#pragma once

#include "error/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep::calendar {

// An IANA time zone ("Europe/London") read from the system's compiled tz database (TZif files
// under $TZDIR, or /usr/share/zoneinfo as Debian's tzdata installs them): the transitions it
// lists, and the POSIX rule in its footer for instants after the last of them (RFC 8536).
// Pure and thread-safe once loaded: it never reads the TZ variable or calls localtime.
class TimeZone
{
public:
    static Result<TimeZone> load(std::string_view name);
    static TimeZone utc();

    const std::string &name() const { return m_name; }
    // Seconds to add to UTC to get the local wall clock at that instant.
    int offsetAt(std::int64_t utcSeconds) const;
    // "GMT", "BST", ...
    std::string abbreviationAt(std::int64_t utcSeconds) const;

    // Parses a TZif file's bytes; `name` is only recorded.
    static Result<TimeZone> fromTzif(std::string name, std::string_view bytes);

private:
    struct LocalType
    {
        int offset = 0;
        bool dst = false;
        std::string abbreviation;
    };
    // A POSIX TZ rule "STDoffset[DST[offset][,start[/time],end[/time]]]" with Mm.w.d dates.
    struct PosixRule
    {
        LocalType standard;
        std::optional<LocalType> daylight;
        struct Date
        {
            unsigned month = 0;
            unsigned week = 0;    // 1..5, 5 = last
            unsigned weekday = 0; // 0 = Sunday
            int seconds = 7200;
        };
        Date start;
        Date end;
    };
    static std::optional<PosixRule> parsePosix(std::string_view text);
    LocalType typeAt(std::int64_t utcSeconds) const;
    LocalType ruleTypeAt(std::int64_t utcSeconds) const;

    std::string m_name;
    std::vector<std::int64_t> m_transitions;
    std::vector<std::size_t> m_transitionTypes;
    std::vector<LocalType> m_types;
    std::optional<PosixRule> m_rule;
};

} // namespace doorstep::calendar
