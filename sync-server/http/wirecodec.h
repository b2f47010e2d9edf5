#pragma once

#include "error/result.h"
#include "http/httpmessage.h"

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

namespace doorstep::server {

// Content negotiation and the two encodings of the same messages: protobuf
// (application/x-protobuf, the default) and its canonical JSON mapping (application/json).
class WireCodec
{
public:
    enum class Format { Protobuf, Json };

    static constexpr std::string_view protobufType = "application/x-protobuf";
    static constexpr std::string_view jsonType = "application/json";

    // The format of a request body, from its Content-Type; an error for any other type.
    static Result<Format> requestFormat(std::string_view contentType);
    // The format to answer in: what Accept asks for, else the request's own format.
    static Format responseFormat(std::string_view accept, Format requestFormat);

    static Status decode(std::string_view body, Format format, google::protobuf::Message &out);
    static HttpResponse encode(const google::protobuf::Message &message, Format format,
                               int status = 200);
    // The HTTP status that goes with an error code.
    static int httpStatus(ErrorCode code);
    static HttpResponse error(const Error &error, Format format, const std::string &requestId);
};

} // namespace doorstep::server
