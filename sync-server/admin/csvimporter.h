#pragma once

#include "error/result.h"
#include "store/store.h"

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace doorstep::server {

// Imports residents or cases from CSV with a header row. Every row is checked first; any
// error means nothing is imported and every bad row is reported by its line number, so the
// administrator fixes the file and runs the import again.
//
//   residents: id,given_name,family_name,date_of_birth,address_line1,address_line2,town,
//              postcode,uprn,phone,email,ward_id,hearing_loss,preferred_channel
//   cases:     id,case_number,resident_id,status,opened_on,coordinator_user_id
class CsvImporter
{
public:
    enum class Kind { Residents, Cases };
    struct Report
    {
        int imported = 0;
        // "line 7: date_of_birth must be YYYY-MM-DD", in file order.
        std::vector<std::string> errors;
    };

    static Result<Report> import(Store &store, Kind kind, std::istream &csv, std::int64_t nowMs);
    static std::vector<std::string> header(Kind kind);
};

} // namespace doorstep::server
