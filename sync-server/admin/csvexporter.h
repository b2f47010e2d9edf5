#pragma once

#include "error/result.h"
#include "store/store.h"

#include <ostream>

namespace doorstep::server {

// Exports outcomes or the whole case timeline as CSV, oldest first, and the KPIs for a
// period. Cells are written by csv::cell (formulas defused).
class CsvExporter
{
public:
    enum class Kind { Outcomes, CaseEvents };
    // Returns the number of rows written.
    static Result<int> write(Store &store, Kind kind, std::ostream &out);
    // The KPIs for the council days `from` to `to` ("2026-07-01", both included), in the
    // council's time zone: the same file the coordinator's desk saves. Returns the rows.
    static Result<int> writeKpis(Store &store, std::string_view from, std::string_view to,
                                 std::ostream &out);
};

} // namespace doorstep::server
