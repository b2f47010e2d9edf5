#include "calendar/timezone.h"

#include "calendar/civildate.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace doorstep::calendar {

namespace {

Error bad(const std::string &what)
{
    return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, what);
}

// Zone names are paths below the tz directory: letters, digits and "/_+-", no "..".
bool plausibleZoneName(std::string_view name)
{
    if (name.empty() || name.size() > 64 || name.front() == '/' ||
        name.find("..") != std::string_view::npos) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '/' || c == '_' || c == '+' || c == '-';
    });
}

class Reader
{
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
    bool has(std::size_t n) const { return m_pos + n <= m_bytes.size(); }
    std::uint32_t u32()
    {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            v = (v << 8) | static_cast<unsigned char>(m_bytes[m_pos++]);
        }
        return v;
    }
    std::int64_t i64()
    {
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) {
            v = (v << 8) | static_cast<unsigned char>(m_bytes[m_pos++]);
        }
        return static_cast<std::int64_t>(v);
    }
    unsigned char u8() { return static_cast<unsigned char>(m_bytes[m_pos++]); }
    std::string_view take(std::size_t n)
    {
        const std::string_view s = m_bytes.substr(m_pos, n);
        m_pos += n;
        return s;
    }
    void skip(std::size_t n) { m_pos += n; }
    std::string_view rest() const { return m_bytes.substr(m_pos); }

private:
    std::string_view m_bytes;
    std::size_t m_pos = 0;
};

struct Header
{
    char version = 0;
    std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

bool readHeader(Reader &r, Header &h)
{
    if (!r.has(44) || r.take(4) != "TZif") {
        return false;
    }
    h.version = r.take(1)[0];
    r.skip(15);
    h.isutcnt = r.u32();
    h.isstdcnt = r.u32();
    h.leapcnt = r.u32();
    h.timecnt = r.u32();
    h.typecnt = r.u32();
    h.charcnt = r.u32();
    return h.typecnt > 0 && h.typecnt < 256 && h.timecnt < 100000 && h.charcnt < 4096 &&
           h.leapcnt < 1000;
}

// A POSIX offset "[+-]hh[:mm[:ss]]" in seconds, as written (west of Greenwich positive).
bool parseHms(std::string_view &s, int &seconds)
{
    int sign = 1;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        sign = s.front() == '-' ? -1 : 1;
        s.remove_prefix(1);
    }
    int parts[3] = {0, 0, 0};
    for (int i = 0; i < 3; ++i) {
        if (i > 0) {
            if (s.empty() || s.front() != ':') {
                break;
            }
            s.remove_prefix(1);
        }
        if (s.empty() || s.front() < '0' || s.front() > '9') {
            return false;
        }
        int v = 0;
        while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
            v = v * 10 + (s.front() - '0');
            s.remove_prefix(1);
            if (v > 200) {
                return false;
            }
        }
        parts[i] = v;
    }
    seconds = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    return true;
}

bool parseAbbreviation(std::string_view &s, std::string &out)
{
    if (!s.empty() && s.front() == '<') {
        const auto close = s.find('>');
        if (close == std::string_view::npos) {
            return false;
        }
        out = std::string(s.substr(1, close - 1));
        s.remove_prefix(close + 1);
        return true;
    }
    std::size_t n = 0;
    while (n < s.size() && ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z'))) {
        ++n;
    }
    if (n < 3) {
        return false;
    }
    out = std::string(s.substr(0, n));
    s.remove_prefix(n);
    return true;
}

// The day number of the rule's date "Mm.w.d" in `year`.
std::int64_t ruleDay(std::int64_t year, unsigned month, unsigned week, unsigned weekday)
{
    const std::int64_t first = daysFromCivil(year, month, 1);
    // isoWeekday: Monday 1 .. Sunday 7; the rule's weekday: Sunday 0 .. Saturday 6.
    const unsigned firstWeekday = static_cast<unsigned>(isoWeekday(first) % 7);
    std::int64_t day = first + static_cast<std::int64_t>((weekday + 7 - firstWeekday) % 7) +
                       static_cast<std::int64_t>(week - 1) * 7;
    const std::int64_t last = first + daysInMonth(year, month) - 1;
    while (day > last) {
        day -= 7;
    }
    return day;
}

} // namespace

TimeZone TimeZone::utc()
{
    TimeZone z;
    z.m_name = "UTC";
    z.m_types.push_back({0, false, "UTC"});
    return z;
}

Result<TimeZone> TimeZone::load(std::string_view name)
{
    if (name == "UTC" || name == "Etc/UTC") {
        return utc();
    }
    if (!plausibleZoneName(name)) {
        return bad("\"" + std::string(name) +
                   "\" is not a time zone name; use one such as Europe/London");
    }
    const char *env = std::getenv("TZDIR");
    const std::string dir = env != nullptr && *env != '\0' ? env : "/usr/share/zoneinfo";
    std::ifstream in(dir + "/" + std::string(name), std::ios::binary);
    if (!in) {
        return bad("The time zone \"" + std::string(name) + "\" is not known on this machine (" +
                   dir + "; Debian's tzdata package provides it)");
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return fromTzif(std::string(name), bytes.str());
}

Result<TimeZone> TimeZone::fromTzif(std::string name, std::string_view bytes)
{
    const Error malformed = bad("The time zone file for " + name + " is not a TZif file");
    Reader r(bytes);
    Header h;
    if (!readHeader(r, h)) {
        return malformed;
    }
    bool wide = false;
    if (h.version >= '2') {
        // Skip the 32-bit block; the 64-bit block after the second header supersedes it.
        const std::size_t v1 = h.timecnt * 5ULL + h.typecnt * 6ULL + h.charcnt + h.leapcnt * 8ULL +
                               h.isstdcnt + h.isutcnt;
        if (!r.has(v1)) {
            return malformed;
        }
        r.skip(v1);
        if (!readHeader(r, h)) {
            return malformed;
        }
        wide = true;
    }
    const std::size_t timeSize = wide ? 8 : 4;
    const std::size_t block = h.timecnt * (timeSize + 1) + h.typecnt * 6ULL + h.charcnt +
                              h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt;
    if (!r.has(block)) {
        return malformed;
    }
    TimeZone z;
    z.m_name = std::move(name);
    for (std::uint32_t i = 0; i < h.timecnt; ++i) {
        z.m_transitions.push_back(wide ? r.i64() : static_cast<std::int32_t>(r.u32()));
    }
    for (std::uint32_t i = 0; i < h.timecnt; ++i) {
        const unsigned t = r.u8();
        if (t >= h.typecnt) {
            return malformed;
        }
        z.m_transitionTypes.push_back(t);
    }
    struct Raw
    {
        int offset;
        bool dst;
        unsigned index;
    };
    std::vector<Raw> raw;
    for (std::uint32_t i = 0; i < h.typecnt; ++i) {
        const auto offset = static_cast<std::int32_t>(r.u32());
        const bool dst = r.u8() != 0;
        raw.push_back({offset, dst, r.u8()});
    }
    const std::string_view chars = r.take(h.charcnt);
    for (const Raw &t : raw) {
        if (t.index >= chars.size()) {
            return malformed;
        }
        const std::string_view tail = chars.substr(t.index);
        z.m_types.push_back({t.offset, t.dst, std::string(tail.substr(0, tail.find('\0')))});
    }
    if (!std::is_sorted(z.m_transitions.begin(), z.m_transitions.end())) {
        return malformed;
    }
    r.skip(h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt);
    if (wide) {
        std::string_view footer = r.rest();
        if (footer.size() >= 2 && footer.front() == '\n') {
            footer.remove_prefix(1);
            footer = footer.substr(0, footer.find('\n'));
            z.m_rule = parsePosix(footer);
        }
    }
    return z;
}

std::optional<TimeZone::PosixRule> TimeZone::parsePosix(std::string_view s)
{
    PosixRule rule;
    int west = 0;
    if (!parseAbbreviation(s, rule.standard.abbreviation) || !parseHms(s, west)) {
        return std::nullopt;
    }
    rule.standard.offset = -west;
    if (s.empty()) {
        return rule;
    }
    LocalType daylight;
    daylight.dst = true;
    if (!parseAbbreviation(s, daylight.abbreviation)) {
        return std::nullopt;
    }
    daylight.offset = rule.standard.offset + 3600;
    if (!s.empty() && s.front() != ',') {
        if (!parseHms(s, west)) {
            return std::nullopt;
        }
        daylight.offset = -west;
    }
    rule.daylight = daylight;
    // Only the Mm.w.d form is read: it is the one every current European and American zone
    // uses. A rule in another form leaves instants past the last transition on its type.
    for (PosixRule::Date *d : {&rule.start, &rule.end}) {
        if (s.size() < 2 || s.front() != ',' || s[1] != 'M') {
            return std::nullopt;
        }
        s.remove_prefix(2);
        unsigned values[3] = {0, 0, 0};
        for (int i = 0; i < 3; ++i) {
            if (i > 0) {
                if (s.empty() || s.front() != '.') {
                    return std::nullopt;
                }
                s.remove_prefix(1);
            }
            if (s.empty() || s.front() < '0' || s.front() > '9') {
                return std::nullopt;
            }
            while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
                values[i] = values[i] * 10 + static_cast<unsigned>(s.front() - '0');
                s.remove_prefix(1);
            }
        }
        if (values[0] < 1 || values[0] > 12 || values[1] < 1 || values[1] > 5 || values[2] > 6) {
            return std::nullopt;
        }
        d->month = values[0];
        d->week = values[1];
        d->weekday = values[2];
        if (!s.empty() && s.front() == '/') {
            s.remove_prefix(1);
            if (!parseHms(s, d->seconds)) {
                return std::nullopt;
            }
        }
    }
    return s.empty() ? std::optional<PosixRule>(rule) : std::nullopt;
}

TimeZone::LocalType TimeZone::ruleTypeAt(std::int64_t t) const
{
    const PosixRule &rule = *m_rule;
    if (!rule.daylight) {
        return rule.standard;
    }
    const int standardOffset = rule.standard.offset;
    const int daylightOffset = rule.daylight->offset;
    const std::int64_t year = civilFromDays(floorDiv(t + standardOffset, kSecondsPerDay)).year;
    // The start is written in standard time, the end in daylight time.
    const std::int64_t start =
        ruleDay(year, rule.start.month, rule.start.week, rule.start.weekday) * kSecondsPerDay +
        rule.start.seconds - standardOffset;
    const std::int64_t end =
        ruleDay(year, rule.end.month, rule.end.week, rule.end.weekday) * kSecondsPerDay +
        rule.end.seconds - daylightOffset;
    const bool inDaylight = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return inDaylight ? *rule.daylight : rule.standard;
}

TimeZone::LocalType TimeZone::typeAt(std::int64_t t) const
{
    if (m_transitions.empty() || t < m_transitions.front()) {
        if (m_transitions.empty() && m_rule) {
            return ruleTypeAt(t);
        }
        // Before the first transition: the first standard-time type (RFC 8536 section 3.2).
        for (const LocalType &type : m_types) {
            if (!type.dst) {
                return type;
            }
        }
        return m_types.front();
    }
    if (t >= m_transitions.back() && m_rule) {
        return ruleTypeAt(t);
    }
    const auto it = std::upper_bound(m_transitions.begin(), m_transitions.end(), t);
    const auto index = static_cast<std::size_t>(std::distance(m_transitions.begin(), it)) - 1;
    return m_types[m_transitionTypes[index]];
}

int TimeZone::offsetAt(std::int64_t utcSeconds) const
{
    return typeAt(utcSeconds).offset;
}

std::string TimeZone::abbreviationAt(std::int64_t utcSeconds) const
{
    return typeAt(utcSeconds).abbreviation;
}

} // namespace doorstep::calendar
