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
// breaks a structural rule (see checkFormDefinition).
Result<std::vector<v1::FormDefinition>> loadStandardContent();

// What loadStandardContent does, over any set of files: parse each one, check it, and check
// that no two files define the same form id. Errors name the file.
Result<std::vector<v1::FormDefinition>> loadFormDefinitions(std::span<const EmbeddedFile> files);

// Parses one FormDefinition from protobuf text format, without checking it. `name` (the file
// name) goes into the error message with the line and column of the first syntax error.
Result<v1::FormDefinition> parseFormDefinition(std::string_view name, std::string_view text);

// Structural rules every form definition obeys: non-empty id and title, version >= 1, a
// known kind; unique section and question ids; a known question type; choices present for
// choice questions and only for them; min <= max; checklist items only in checklists,
// and every checklist item has an area. Returns the first problem found.
// Also: ids and choice values are lower_snake_case; a checklist holds only checklist items;
// a checklist item's partner, when set, names a Partner (casework.proto) in lower snake case;
// bounds, patterns and safeguarding escalation only on question types they make sense for;
// and skip logic (relevant_if) refers only to context variables and to questions earlier in
// the form (docs/forms.md).
Status checkFormDefinition(const v1::FormDefinition &form);

// The context variables expressions may name besides question ids (docs/forms.md).
std::span<const std::string_view> formContextVariables();

} // namespace doorstep
