#include "sync/residentmerge.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

#include <set>

namespace doorstep::server {

namespace {

using google::protobuf::FieldDescriptor;

// The resident with only one field kept: compared as deterministic bytes, shown as text.
v1::Resident only(const v1::Resident &r, const FieldDescriptor *field)
{
    v1::Resident out;
    v1::Resident copy = r;
    std::vector<const FieldDescriptor *> one{field};
    copy.GetReflection()->SwapFields(&copy, &out, one);
    return out;
}

std::string bytesOf(const v1::Resident &r)
{
    std::string out;
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    r.SerializeToCodedStream(&coded);
    coded.Trim();
    return out;
}

std::string textOf(const v1::Resident &r)
{
    std::string out;
    google::protobuf::TextFormat::Printer printer;
    printer.SetSingleLineMode(true);
    printer.PrintToString(r, &out);
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

} // namespace

bool ResidentMerge::serverOwned(const std::string &field)
{
    static const std::set<std::string> owned{"id", "version", "updated_at", "updated_by_user_id"};
    return owned.contains(field);
}

Result<ResidentMerge::Outcome> ResidentMerge::merge(const v1::Resident &base,
                                                    const v1::Resident &current,
                                                    const v1::Resident &deviceValues,
                                                    const std::vector<std::string> &fields)
{
    const auto *descriptor = v1::Resident::descriptor();
    Outcome out;
    out.merged = current;
    std::set<std::string> seen;
    for (const std::string &name : fields) {
        const FieldDescriptor *field = descriptor->FindFieldByName(name);
        if (!field || serverOwned(name)) {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                             "'" + name.substr(0, 64) + "' is not a field a device may change");
        }
        if (!seen.insert(name).second) {
            continue;
        }
        const v1::Resident baseField = only(base, field);
        const v1::Resident currentField = only(current, field);
        const v1::Resident deviceField = only(deviceValues, field);
        const std::string currentBytes = bytesOf(currentField);
        const std::string deviceBytes = bytesOf(deviceField);
        if (deviceBytes == currentBytes) {
            continue; // already so: both sides made the same change, or none
        }
        if (bytesOf(baseField) != currentBytes) {
            out.conflicts.push_back({name, textOf(currentField), textOf(deviceField)});
            continue;
        }
        v1::Resident take = deviceField;
        std::vector<const FieldDescriptor *> one{field};
        out.merged.GetReflection()->SwapFields(&out.merged, &take, one);
        ++out.appliedFields;
    }
    return out;
}

std::string ResidentMerge::fieldText(const v1::Resident &r, const std::string &field)
{
    const FieldDescriptor *f = v1::Resident::descriptor()->FindFieldByName(field);
    return f ? textOf(only(r, f)) : std::string();
}

} // namespace doorstep::server
