#pragma once

#include "doorstep/v1/admin.pb.h"
#include "error/result.h"
#include "store/store.h"

#include <cstdint>
#include <filesystem>

namespace doorstep::server {

// Loads a whole council (the demo generator's output, or a snapshot file) into the store in
// one transaction, parents before children. Loading the same snapshot again changes nothing:
// mutable records are replaced and existing case events are kept.
class SnapshotLoader
{
public:
    static Status load(Store &store, const v1::CouncilSnapshot &snapshot, std::int64_t nowMs);
    // A binary CouncilSnapshot, or text format when the name ends in .textproto or .txtpb.
    static Result<v1::CouncilSnapshot> readFile(const std::filesystem::path &file);
};

} // namespace doorstep::server
