#pragma once

#include "doorstep/v1/forms.pb.h"
#include "embedded/embeddedfile.h"
#include "error/result.h"

#include <span>
#include <string_view>
#include <vector>

namespace doorstep {

// The standard forms and signposting checklists the service uses, parsed from the
// protobuf text files in schema/content/ that are compiled into the binary.
// Fails with a message naming the file and the problem if any file does not parse or
// breaks a structural rule (checkFormDefinition, forms/formdefinitioncheck.h).
Result<std::vector<v1::FormDefinition>> loadStandardContent();

// What loadStandardContent does, over any set of files: parse each one, check it, and check
// that no two files define the same form id. Errors name the file.
Result<std::vector<v1::FormDefinition>> loadFormDefinitions(std::span<const EmbeddedFile> files);

// Parses one FormDefinition from protobuf text format, without checking it. `name` (the file
// name) goes into the error message with the line and column of the first syntax error.
Result<v1::FormDefinition> parseFormDefinition(std::string_view name, std::string_view text);

} // namespace doorstep
