// The values expressions work on: booleans, numbers, strings and lists, compared and shown.

#include "forms/expression.h"

#include <cmath>
#include <cstdio>

namespace doorstep::forms {

Value Value::boolean(bool b)
{
    Value v;
    v.m_kind = Kind::Bool;
    v.m_bool = b;
    return v;
}

Value Value::number(double n)
{
    Value v;
    v.m_kind = Kind::Number;
    v.m_number = n;
    return v;
}

Value Value::string(std::string s)
{
    Value v;
    v.m_kind = Kind::String;
    v.m_string = std::move(s);
    return v;
}

Value Value::list(std::vector<std::string> items)
{
    Value v;
    v.m_kind = Kind::List;
    v.m_list = std::move(items);
    return v;
}

bool Value::equals(const Value &o) const
{
    if (m_kind != o.m_kind) {
        return false;
    }
    switch (m_kind) {
    case Kind::Nothing:
        return false;
    case Kind::Bool:
        return m_bool == o.m_bool;
    case Kind::Number:
        return m_number == o.m_number;
    case Kind::String:
        return m_string == o.m_string;
    case Kind::List:
        return m_list == o.m_list;
    }
    return false;
}

std::string Value::display() const
{
    switch (m_kind) {
    case Kind::Nothing:
        return {};
    case Kind::Bool:
        return m_bool ? "true" : "false";
    case Kind::Number: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", m_number);
        return buf;
    }
    case Kind::String:
        return m_string;
    case Kind::List: {
        std::string out;
        for (const auto &s : m_list) {
            out += (out.empty() ? "" : ", ") + s;
        }
        return out;
    }
    }
    return {};
}

// --- lexer -------------------------------------------------------------------------------

} // namespace doorstep::forms
