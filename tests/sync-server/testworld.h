#pragma once

// A small council with known assignments, for scoping, eviction and push tests:
//   officers off-a, off-b; coordinator coo-1; ward members cllr-1, cllr-2
//   case-1 (res-1): visit-1 -> off-a; ref-1 by cllr-1, outcome may be shared; evt-1 outcome,
//                   evt-3 note
//   case-2 (res-2): visit-2 -> off-b; ref-2 by cllr-1, no consent to share; evt-2 outcome
//   case-3 (res-3): visit-3 -> off-a; ref-3 by cllr-2, may be shared

#include "doorstep/v1/admin.pb.h"

#include <QString>

namespace testworld {

doorstep::v1::CouncilSnapshot snapshot();
// Writes the snapshot as a binary file for `doorstep-server load-snapshot`.
bool writeSnapshot(const QString &path);

} // namespace testworld
