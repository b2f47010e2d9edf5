#pragma once

// The schema's rules for a whole council's records: what must hold between records for the
// snapshot to make sense (every visit's case exists, case numbers are unique, ...), beyond what
// protobuf itself can say. The demo generator's output must pass; import runs the same check
// on real data before loading it.

#include "doorstep/v1/admin.pb.h"

#include <string>
#include <string_view>
#include <vector>

namespace doorstep::demo {

// Plain-English descriptions of every problem found, naming the records involved; empty when
// the snapshot keeps all the rules. Runs in time linear in the snapshot's size.
std::vector<std::string> checkIntegrity(const v1::CouncilSnapshot &snapshot);

// True for case numbers of the form PREFIX-YYYY-NNNNNN, with a prefix of 2 to 4 capital
// letters, for example HV-2026-000123.
bool isWellFormedCaseNumber(std::string_view caseNumber);

} // namespace doorstep::demo
