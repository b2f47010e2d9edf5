#include "store/recordcodec.h"

#include <cstdio>

namespace doorstep::server {

Error corrupt(std::string_view what)
{
    return makeError(v1::ERROR_CODE_STORAGE, "A stored " + std::string(what) +
                                                 " could not be decoded; the store is damaged");
}

std::string serialize(const google::protobuf::MessageLite &m)
{
    std::string out;
    m.SerializeToString(&out);
    return out;
}

const char *tableOf(v1::RecordType type)
{
    switch (type) {
    case v1::RECORD_TYPE_RESIDENT:
        return "residents";
    case v1::RECORD_TYPE_CASE:
        return "cases";
    case v1::RECORD_TYPE_REFERRAL:
        return "referrals";
    case v1::RECORD_TYPE_VISIT:
        return "visits";
    case v1::RECORD_TYPE_CASE_EVENT:
        return "case_events";
    case v1::RECORD_TYPE_FORM_DEFINITION:
        return "form_definitions";
    case v1::RECORD_TYPE_USER:
        return "users";
    case v1::RECORD_TYPE_WARD:
        return "wards";
    default:
        return nullptr;
    }
}

bool parseInto(v1::Record &rec, v1::RecordType type, const std::string &body)
{
    switch (type) {
    case v1::RECORD_TYPE_RESIDENT:
        return rec.mutable_resident()->ParseFromString(body);
    case v1::RECORD_TYPE_CASE:
        return rec.mutable_case_()->ParseFromString(body);
    case v1::RECORD_TYPE_REFERRAL:
        return rec.mutable_referral()->ParseFromString(body);
    case v1::RECORD_TYPE_VISIT:
        return rec.mutable_visit()->ParseFromString(body);
    case v1::RECORD_TYPE_CASE_EVENT:
        return rec.mutable_case_event()->ParseFromString(body);
    case v1::RECORD_TYPE_FORM_DEFINITION:
        return rec.mutable_form_definition()->ParseFromString(body);
    case v1::RECORD_TYPE_USER:
        return rec.mutable_user()->ParseFromString(body);
    case v1::RECORD_TYPE_WARD:
        return rec.mutable_ward()->ParseFromString(body);
    default:
        return false;
    }
}

RecordKey recordKey(const v1::Record &record)
{
    switch (record.record_case()) {
    case v1::Record::kResident:
        return {v1::RECORD_TYPE_RESIDENT, record.resident().id()};
    case v1::Record::kCase:
        return {v1::RECORD_TYPE_CASE, record.case_().id()};
    case v1::Record::kReferral:
        return {v1::RECORD_TYPE_REFERRAL, record.referral().id()};
    case v1::Record::kVisit:
        return {v1::RECORD_TYPE_VISIT, record.visit().id()};
    case v1::Record::kCaseEvent:
        return {v1::RECORD_TYPE_CASE_EVENT, record.case_event().id()};
    case v1::Record::kFormDefinition:
        return {v1::RECORD_TYPE_FORM_DEFINITION,
                record.form_definition().id() + "@" +
                    std::to_string(record.form_definition().version())};
    case v1::Record::kUser:
        return {v1::RECORD_TYPE_USER, record.user().id()};
    case v1::Record::kWard:
        return {v1::RECORD_TYPE_WARD, record.ward().id()};
    case v1::Record::RECORD_NOT_SET:
        break;
    }
    return {};
}

std::string jsonString(std::string_view text)
{
    std::string out = "\"";
    for (const char ch : text) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (static_cast<unsigned char>(ch) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", ch);
            out += escaped;
        } else {
            out += ch;
        }
    }
    return out + '"';
}

std::string jsonArray(const std::set<std::string> &ids)
{
    std::string out = "[";
    for (const std::string &id : ids) {
        out += out.size() > 1 ? "," : "";
        out += jsonString(id);
    }
    return out + "]";
}

} // namespace doorstep::server
