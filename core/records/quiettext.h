#pragma once

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <string>

namespace doorstep {

// Parses protobuf text format that came from a device or the server (a conflict's values and
// resolutions) without protobuf printing its parse errors to stderr: untrusted text is
// refused in the caller's own words, not logged.
inline bool parseTextQuietly(const std::string &text, google::protobuf::Message *out)
{
    class Silent : public google::protobuf::io::ErrorCollector
    {
    public:
        void AddError(int, google::protobuf::io::ColumnNumber, const std::string &) override {}
    } silent;
    google::protobuf::TextFormat::Parser parser;
    parser.RecordErrorsTo(&silent);
    return parser.ParseFromString(text, out);
}

} // namespace doorstep
