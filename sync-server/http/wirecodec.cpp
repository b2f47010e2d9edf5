#include "http/wirecodec.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>

namespace doorstep::server {

namespace {

// The media type without parameters, lower-cased: "Application/JSON; charset=utf-8" -> json.
std::string mediaType(std::string_view header)
{
    const auto semi = header.find(';');
    std::string_view t = header.substr(0, semi);
    while (!t.empty() && t.back() == ' ') {
        t.remove_suffix(1);
    }
    while (!t.empty() && t.front() == ' ') {
        t.remove_prefix(1);
    }
    std::string out(t);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

Result<WireCodec::Format> WireCodec::requestFormat(std::string_view contentType)
{
    const std::string type = mediaType(contentType);
    if (type == protobufType || type == "application/protobuf") {
        return Format::Protobuf;
    }
    if (type == jsonType) {
        return Format::Json;
    }
    return makeError(v1::ERROR_CODE_UNSUPPORTED_MEDIA_TYPE,
                     "Send the body as application/x-protobuf or application/json");
}

WireCodec::Format WireCodec::responseFormat(std::string_view accept, Format requestFormat)
{
    std::string lower(accept);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool json = lower.find(jsonType) != std::string::npos;
    const bool proto = lower.find(protobufType) != std::string::npos;
    if (json && !proto) {
        return Format::Json;
    }
    if (proto && !json) {
        return Format::Protobuf;
    }
    return requestFormat;
}

Status WireCodec::decode(std::string_view body, Format format, google::protobuf::Message &out)
{
    if (format == Format::Protobuf) {
        if (!out.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
            return makeError(v1::ERROR_CODE_MALFORMED_BODY,
                             "The body is not a valid " + out.GetTypeName() +
                                 " (malformed or truncated protobuf)");
        }
        return {};
    }
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    const auto status = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(body.data(), body.size()), &out, options);
    if (!status.ok()) {
        // The parser's message names the position, never echoes the value at length.
        return makeError(v1::ERROR_CODE_MALFORMED_BODY,
                         "The body is not a valid " + out.GetTypeName() +
                             " in JSON: " + std::string(status.message()).substr(0, 200));
    }
    return {};
}

HttpResponse WireCodec::encode(const google::protobuf::Message &message, Format format, int status)
{
    HttpResponse r;
    r.status = status;
    if (format == Format::Protobuf) {
        r.contentType = protobufType;
        message.SerializeToString(&r.body);
    } else {
        r.contentType = jsonType;
        google::protobuf::util::JsonPrintOptions options;
        options.preserve_proto_field_names = false;
        (void)google::protobuf::util::MessageToJsonString(message, &r.body, options);
        r.body += '\n';
    }
    return r;
}

int WireCodec::httpStatus(ErrorCode code)
{
    switch (code) {
    case v1::ERROR_CODE_MALFORMED_BODY:
    case v1::ERROR_CODE_INVALID_ARGUMENT:
        return 400;
    case v1::ERROR_CODE_UNAUTHENTICATED:
    case v1::ERROR_CODE_TOKEN_EXPIRED:
    case v1::ERROR_CODE_ENROLMENT_CODE_INVALID:
        return 401;
    case v1::ERROR_CODE_DEVICE_REVOKED:
    case v1::ERROR_CODE_FORBIDDEN:
        return 403;
    case v1::ERROR_CODE_NOT_FOUND:
        return 404;
    case v1::ERROR_CODE_DEADLINE_EXCEEDED:
        return 408;
    case v1::ERROR_CODE_CONFLICT:
        return 409;
    case v1::ERROR_CODE_BODY_TOO_LARGE:
        return 413;
    case v1::ERROR_CODE_UNSUPPORTED_MEDIA_TYPE:
        return 415;
    case v1::ERROR_CODE_VALIDATION_FAILED:
        return 422;
    case v1::ERROR_CODE_RATE_LIMITED:
        return 429;
    case v1::ERROR_CODE_UNAVAILABLE:
    case v1::ERROR_CODE_STORE_LOCKED:
        return 503;
    default:
        return 500;
    }
}

HttpResponse WireCodec::error(const Error &error, Format format, const std::string &requestId)
{
    v1::Error e = error.toProto();
    e.set_request_id(requestId);
    // Storage failures can carry SQL detail: the log has it, the client gets the code.
    if (httpStatus(error.code) >= 500) {
        e.set_message("The server could not complete the request; try again later");
    }
    HttpResponse r = encode(e, format, httpStatus(error.code));
    r.headers.emplace_back("X-Request-Id", requestId);
    return r;
}

} // namespace doorstep::server
