#include "content/standardcontent.h"

#include "forms/formdefinitioncheck.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

#include <map>
#include <string>

namespace doorstep {
namespace {

Error invalid(std::string message)
{
    return makeError(v1::ERROR_CODE_VALIDATION_FAILED, std::move(message));
}

std::string quoted(std::string_view s)
{
    return "'" + std::string(s) + "'";
}

// Keeps the first error only: the parser's later errors are usually knock-on effects of it.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector
{
public:
    void AddError(int line, google::protobuf::io::ColumnNumber column,
                  const std::string &message) override
    {
        if (!error.empty())
            return;
        // protobuf counts from 0; editors count from 1.
        error = "line " + std::to_string(line + 1) + ", column " + std::to_string(column + 1) +
                ": " + message;
    }

    std::string error;
};

} // namespace

Result<v1::FormDefinition> parseFormDefinition(std::string_view name, std::string_view text)
{
    FirstErrorCollector errors;
    google::protobuf::TextFormat::Parser parser;
    parser.RecordErrorsTo(&errors);
    google::protobuf::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
    v1::FormDefinition form;
    if (!parser.Parse(&input, &form))
        return invalid(
            std::string(name) + ": " +
            (errors.error.empty() ? std::string("not a valid form definition") : errors.error));
    return form;
}

Result<std::vector<v1::FormDefinition>> loadFormDefinitions(std::span<const EmbeddedFile> files)
{
    std::vector<v1::FormDefinition> forms;
    std::map<std::string, std::string, std::less<>> fileById;
    for (const EmbeddedFile &file : files) {
        Result<v1::FormDefinition> parsed = parseFormDefinition(file.name, file.content);
        if (!parsed)
            return parsed.error();
        if (Status status = checkFormDefinition(*parsed); !status)
            return invalid(std::string(file.name) + ": " + status.error().message);
        const auto [it, inserted] = fileById.emplace(parsed->id(), file.name);
        if (!inserted)
            return invalid(std::string(file.name) + ": defines the form " + quoted(parsed->id()) +
                           ", which " + it->second + " already defines");
        forms.push_back(std::move(parsed).value());
    }
    return forms;
}

Result<std::vector<v1::FormDefinition>> loadStandardContent()
{
    return loadFormDefinitions(standardContentFiles());
}

} // namespace doorstep
