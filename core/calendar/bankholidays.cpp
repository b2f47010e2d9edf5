#include "calendar/bankholidays.h"

#include "calendar/civildate.h"
#include "embedded/embeddedfile.h"

#include <algorithm>
#include <cstdlib>

namespace doorstep::calendar {

namespace {

// A JSON value and the line it starts on, so a refusal can point at the line.
struct Value
{
    enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
    int line = 1;
    bool boolean = false;
    std::string text;
    std::vector<Value> items;
    // An object's members: names[i] is the name of values[i]. (A vector of pairs holding the
    // type being defined does not compile with clang and libstdc++.)
    std::vector<std::string> names;
    std::vector<Value> values;

    const Value *member(std::string_view key) const
    {
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (names[i] == key) {
                return &values[i];
            }
        }
        return nullptr;
    }
};

class Parser
{
public:
    explicit Parser(std::string_view s) : m_s(s) {}

    Result<Value> document()
    {
        auto v = value(0);
        if (!v) {
            return v;
        }
        space();
        if (m_pos != m_s.size()) {
            return fail("unexpected text after the end of the document");
        }
        return v;
    }

private:
    Error fail(const std::string &why) const
    {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "line " + std::to_string(m_line) + ": " + why);
    }
    void space()
    {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' ||
                                      m_s[m_pos] == '\n' || m_s[m_pos] == '\r')) {
            m_line += m_s[m_pos] == '\n' ? 1 : 0;
            ++m_pos;
        }
    }
    bool literal(std::string_view word)
    {
        if (m_s.substr(m_pos, word.size()) == word) {
            m_pos += word.size();
            return true;
        }
        return false;
    }

    Result<Value> value(int depth)
    {
        if (depth > 16) {
            return fail("nested too deeply");
        }
        space();
        Value v;
        v.line = m_line;
        if (m_pos >= m_s.size()) {
            return fail("the file ends where a value was expected");
        }
        const char c = m_s[m_pos];
        if (c == '{') {
            ++m_pos;
            v.kind = Value::Kind::Object;
            space();
            if (m_pos < m_s.size() && m_s[m_pos] == '}') {
                ++m_pos;
                return v;
            }
            for (;;) {
                space();
                if (m_pos >= m_s.size() || m_s[m_pos] != '"') {
                    return fail("expected a quoted name");
                }
                auto key = string();
                if (!key) {
                    return key.error();
                }
                space();
                if (m_pos >= m_s.size() || m_s[m_pos] != ':') {
                    return fail("expected ':' after \"" + *key + "\"");
                }
                ++m_pos;
                auto member = value(depth + 1);
                if (!member) {
                    return member;
                }
                v.names.push_back(std::move(*key));
                v.values.push_back(std::move(*member));
                space();
                if (m_pos < m_s.size() && m_s[m_pos] == ',') {
                    ++m_pos;
                    continue;
                }
                if (m_pos < m_s.size() && m_s[m_pos] == '}') {
                    ++m_pos;
                    return v;
                }
                return fail("expected ',' or '}'");
            }
        }
        if (c == '[') {
            ++m_pos;
            v.kind = Value::Kind::Array;
            space();
            if (m_pos < m_s.size() && m_s[m_pos] == ']') {
                ++m_pos;
                return v;
            }
            for (;;) {
                auto item = value(depth + 1);
                if (!item) {
                    return item;
                }
                v.items.push_back(std::move(*item));
                space();
                if (m_pos < m_s.size() && m_s[m_pos] == ',') {
                    ++m_pos;
                    continue;
                }
                if (m_pos < m_s.size() && m_s[m_pos] == ']') {
                    ++m_pos;
                    return v;
                }
                return fail("expected ',' or ']'");
            }
        }
        if (c == '"') {
            auto s = string();
            if (!s) {
                return s.error();
            }
            v.kind = Value::Kind::String;
            v.text = std::move(*s);
            return v;
        }
        if (literal("true")) {
            v.kind = Value::Kind::Bool;
            v.boolean = true;
            return v;
        }
        if (literal("false")) {
            v.kind = Value::Kind::Bool;
            return v;
        }
        if (literal("null")) {
            return v;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            const std::size_t start = m_pos;
            while (m_pos < m_s.size() &&
                   std::string_view("+-.eE0123456789").find(m_s[m_pos]) != std::string_view::npos) {
                ++m_pos;
            }
            v.kind = Value::Kind::Number;
            v.text = std::string(m_s.substr(start, m_pos - start));
            return v;
        }
        return fail(std::string("unexpected character '") + c + "'");
    }

    Result<std::string> string()
    {
        ++m_pos; // the opening quote
        std::string out;
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos++];
            if (c == '"') {
                return out;
            }
            if (c == '\n' || static_cast<unsigned char>(c) < 0x20) {
                return fail("a string is not closed on its line");
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_s.size()) {
                break;
            }
            const char e = m_s[m_pos++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                if (m_pos + 4 > m_s.size()) {
                    return fail("a \\u escape needs four hex digits");
                }
                const std::string hex(m_s.substr(m_pos, 4));
                char *end = nullptr;
                const unsigned long cp = std::strtoul(hex.c_str(), &end, 16);
                if (end != hex.c_str() + 4) {
                    return fail("a \\u escape needs four hex digits");
                }
                m_pos += 4;
                // Titles are text for people: encode the code point as UTF-8.
                if (cp < 0x80) {
                    out += static_cast<char>(cp);
                } else if (cp < 0x800) {
                    out += static_cast<char>(0xC0 | (cp >> 6));
                    out += static_cast<char>(0x80 | (cp & 0x3F));
                } else {
                    out += static_cast<char>(0xE0 | (cp >> 12));
                    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                    out += static_cast<char>(0x80 | (cp & 0x3F));
                }
                break;
            }
            default:
                return fail(std::string("unknown escape \\") + e);
            }
        }
        return fail("a string is not closed before the end of the file");
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
    int m_line = 1;
};

Error refuse(int line, const std::string &why)
{
    return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "line " + std::to_string(line) + ": " + why);
}

} // namespace

Result<BankHolidayDivisions> parseBankHolidays(std::string_view json)
{
    auto doc = Parser(json).document();
    if (!doc) {
        return doc.error();
    }
    if (doc->kind != Value::Kind::Object) {
        return refuse(doc->line, "the file must be an object of divisions, as GOV.UK publishes it");
    }
    BankHolidayDivisions out;
    for (std::size_t d = 0; d < doc->names.size(); ++d) {
        const std::string &name = doc->names[d];
        const Value &division = doc->values[d];
        if (division.kind != Value::Kind::Object) {
            return refuse(division.line, "the division \"" + name + "\" must be an object");
        }
        const Value *declared = division.member("division");
        if (declared != nullptr &&
            (declared->kind != Value::Kind::String || declared->text != name)) {
            return refuse(declared->line, "\"division\" must repeat its name, \"" + name + "\"");
        }
        const Value *events = division.member("events");
        if (events == nullptr || events->kind != Value::Kind::Array) {
            return refuse(division.line, "the division \"" + name + "\" has no \"events\" list");
        }
        std::vector<BankHoliday> days;
        for (const Value &e : events->items) {
            if (e.kind != Value::Kind::Object) {
                return refuse(e.line, "each event must be an object");
            }
            const Value *title = e.member("title");
            const Value *date = e.member("date");
            const Value *notes = e.member("notes");
            if (title == nullptr || title->kind != Value::Kind::String || title->text.empty()) {
                return refuse(e.line, "an event has no \"title\"");
            }
            if (date == nullptr || date->kind != Value::Kind::String) {
                return refuse(e.line, "the event \"" + title->text + "\" has no \"date\"");
            }
            const auto day = parseIsoDate(date->text);
            if (!day) {
                return refuse(date->line,
                              "\"" + date->text + "\" is not a date written as YYYY-MM-DD");
            }
            if (notes != nullptr && notes->kind != Value::Kind::String) {
                return refuse(notes->line, "\"notes\" must be text");
            }
            if (!days.empty() && days.back().day == *day) {
                continue; // the same day listed twice is one holiday
            }
            days.push_back({*day, title->text, notes != nullptr ? notes->text : std::string()});
        }
        std::sort(days.begin(), days.end(),
                  [](const BankHoliday &a, const BankHoliday &b) { return a.day < b.day; });
        days.erase(
            std::unique(days.begin(), days.end(),
                        [](const BankHoliday &a, const BankHoliday &b) { return a.day == b.day; }),
            days.end());
        out[name] = std::move(days);
    }
    if (out.empty()) {
        return refuse(doc->line, "the file lists no divisions");
    }
    return out;
}

const BankHolidayDivisions &shippedBankHolidays()
{
    static const BankHolidayDivisions shipped = [] {
        for (const EmbeddedFile &f : bankHolidayFiles()) {
            auto parsed = parseBankHolidays(f.content);
            if (parsed) {
                return std::move(*parsed);
            }
            std::abort(); // the shipped file is checked by tst_calendar: this cannot happen
        }
        return BankHolidayDivisions{};
    }();
    return shipped;
}

} // namespace doorstep::calendar
