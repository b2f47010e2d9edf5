#include "admin/csvreader.h"

namespace doorstep::server {

bool CsvReader::next(std::vector<std::string> &fields)
{
    fields.clear();
    m_unterminated = false;
    std::string line;
    if (!std::getline(m_in, line)) {
        return false;
    }
    m_recordLine = ++m_line;
    std::string field;
    bool quoted = false;
    for (;;) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (quoted) {
                if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field += c;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.push_back(std::move(field));
                field.clear();
            } else {
                field += c;
            }
        }
        if (!quoted) {
            break;
        }
        // A quoted field goes on over the line break.
        if (!std::getline(m_in, line)) {
            m_unterminated = true;
            break;
        }
        ++m_line;
        field += '\n';
    }
    fields.push_back(std::move(field));
    return true;
}

} // namespace doorstep::server
