#pragma once

// The structural rules of a form definition, checked before a form is compiled (CompiledForm),
// loaded as standard content, or put in the demo council.

#include "doorstep/v1/forms.pb.h"
#include "error/result.h"

#include <span>
#include <string_view>

namespace doorstep {

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
