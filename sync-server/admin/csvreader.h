#pragma once

#include <istream>
#include <string>
#include <vector>

namespace doorstep::server {

// RFC 4180 CSV: commas, double-quoted fields with "" for a quote, fields spanning lines.
// Tracks the line each record starts on, for error reports a person can find in the file.
class CsvReader
{
public:
    explicit CsvReader(std::istream &in) : m_in(in) {}

    // Reads the next record into `fields`. False at the end of input.
    bool next(std::vector<std::string> &fields);
    // The 1-based line the last record started on.
    int line() const { return m_recordLine; }
    // True when the last record ended inside an unclosed quote.
    bool unterminatedQuote() const { return m_unterminated; }

private:
    std::istream &m_in;
    int m_line = 0;
    int m_recordLine = 0;
    bool m_unterminated = false;
};

} // namespace doorstep::server
