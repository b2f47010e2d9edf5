#pragma once

// What every store implementation does the same way with records, whatever its SQL: the
// table a type lives in, the body's encoding, a record's log key, and how a set of ids
// reaches one statement.

#include "doorstep/v1/sync.pb.h"
#include "error/result.h"

#include <set>
#include <string>
#include <string_view>

namespace doorstep::server {

// A stored body that does not decode: the store is damaged.
Error corrupt(std::string_view what);

std::string serialize(const google::protobuf::MessageLite &m);

// The table holding records of `type`, or nullptr for a type kept nowhere.
const char *tableOf(v1::RecordType type);

// Decodes `body` into the member of `rec` for `type`; false when it does not decode.
bool parseInto(v1::Record &rec, v1::RecordType type, const std::string &body);

// A record's type and its id in the change log ("<id>@<version>" for a form definition).
struct RecordKey
{
    v1::RecordType type = v1::RECORD_TYPE_UNSPECIFIED;
    std::string id;
};
RecordKey recordKey(const v1::Record &record);

// A JSON string, quoted and escaped.
std::string jsonString(std::string_view text);
// A JSON array of strings: how a set of ids reaches one statement (SQLite's json_each,
// PostgreSQL's jsonb_array_elements_text).
std::string jsonArray(const std::set<std::string> &ids);

} // namespace doorstep::server
