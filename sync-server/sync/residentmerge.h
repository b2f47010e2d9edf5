#pragma once

#include "doorstep/v1/resident.pb.h"
#include "error/result.h"

#include <string>
#include <vector>

namespace doorstep::server {

// Field-by-field merge of a device's change to a resident. A field is in conflict only when
// the server changed that same field since the device's base version and the device wants a
// different value; every other named field is taken from the device.
class ResidentMerge
{
public:
    struct FieldConflict
    {
        std::string field;
        std::string serverValue;
        std::string deviceValue;
    };
    struct Outcome
    {
        v1::Resident merged;
        int appliedFields = 0;
        std::vector<FieldConflict> conflicts;
    };

    // The fields only the server sets: id, version, updated_at, updated_by_user_id.
    static bool serverOwned(const std::string &field);
    // Fails with INVALID_ARGUMENT for an unknown field name or one the server owns.
    static Result<Outcome> merge(const v1::Resident &base, const v1::Resident &current,
                                 const v1::Resident &deviceValues,
                                 const std::vector<std::string> &fields);
    // One field of the resident as a conflict shows it (protobuf text format of that field
    // alone, "" when unset); "" also for an unknown field.
    static std::string fieldText(const v1::Resident &r, const std::string &field);
};

} // namespace doorstep::server
