#pragma once

// Small builders for MutationResult, shared by the MutationApplier sources.

#include "doorstep/v1/sync.pb.h"

#include <cstdint>
#include <string>

namespace doorstep::server::mutation {

inline v1::MutationResult status(v1::MutationStatus s, std::int64_t seq = 0)
{
    v1::MutationResult r;
    r.set_status(s);
    r.set_seq(seq);
    return r;
}

inline v1::MutationResult reject(v1::ErrorCode code, std::string message)
{
    v1::MutationResult r = status(v1::MUTATION_STATUS_REJECTED);
    r.mutable_error()->set_code(code);
    r.mutable_error()->set_message(std::move(message));
    return r;
}

// The same answer whether the record is missing or out of scope: a device learns nothing
// about records it may not see.
inline v1::MutationResult outOfScope(const char *what)
{
    return reject(v1::ERROR_CODE_FORBIDDEN,
                  std::string("No ") + what + " with that id is in this device's scope");
}

inline v1::MutationResult conflict(const v1::Record &current)
{
    v1::MutationResult r = status(v1::MUTATION_STATUS_CONFLICT);
    *r.mutable_current() = current;
    r.mutable_error()->set_code(v1::ERROR_CODE_CONFLICT);
    r.mutable_error()->set_message("The record changed on the server since the device read it");
    return r;
}

inline bool validId(const std::string &id)
{
    return !id.empty() && id.size() <= 100;
}

} // namespace doorstep::server::mutation
