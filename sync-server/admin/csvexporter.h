#pragma once

#include "error/result.h"
#include "store/store.h"

#include <ostream>

namespace doorstep::server {

// Exports outcomes or the whole case timeline as CSV, oldest first. Cells that a spreadsheet
// would run as a formula (starting with = + - @) are prefixed with a quote mark.
class CsvExporter
{
public:
    enum class Kind { Outcomes, CaseEvents };
    // Returns the number of rows written.
    static Result<int> write(Store &store, Kind kind, std::ostream &out);
};

} // namespace doorstep::server
