#pragma once

#include "error/result.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep::calendar {

struct BankHoliday
{
    std::int64_t day = 0; // days since 1970-01-01
    std::string title;
    std::string notes;
};

// Bank holidays by GOV.UK division ("england-and-wales", "scotland", "northern-ireland"),
// each list sorted by day.
using BankHolidayDivisions = std::map<std::string, std::vector<BankHoliday>>;

// Reads a file in the format GOV.UK publishes at https://www.gov.uk/bank-holidays.json:
//   {"england-and-wales": {"division": "england-and-wales",
//                          "events": [{"title": "...", "date": "2026-12-25",
//                                      "notes": "", "bunting": true}, ...]}, ...}
// A malformed file is refused whole, with the line and the reason.
Result<BankHolidayDivisions> parseBankHolidays(std::string_view json);

// The lists shipped with Doorstep (schema/content/bank-holidays.json).
const BankHolidayDivisions &shippedBankHolidays();

constexpr std::string_view kDefaultDivision = "england-and-wales";

} // namespace doorstep::calendar
