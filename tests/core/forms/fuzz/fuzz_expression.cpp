// Any text from a synced form definition reaches Expression::parse, and every expression that
// parses is evaluated against answers the officer typed. Neither may crash, hang or read out
// of bounds. Run: build-fuzz/tests/core/forms/fuzz/fuzz_expression
//   tests/core/forms/fuzz/corpus -max_total_time=60

#include "forms/compiledform.h"
#include "forms/expression.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace doorstep;
using namespace doorstep::forms;

namespace {

class FixedEnv final : public Environment
{
public:
    Value value(std::string_view name) const override
    {
        switch (name.size() % 5) {
        case 0:
            return {};
        case 1:
            return Value::string("yes");
        case 2:
            return Value::number(3);
        case 3:
            return Value::list({"dog", "other"});
        default:
            return Value::boolean(true);
        }
    }
    int countState(std::string_view state) const override { return static_cast<int>(state.size()); }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    auto e = Expression::parse(text);
    if (e) {
        FixedEnv env;
        (void)e->evaluate(env);
        (void)e->relevant(env);
    }
    // The same text as skip logic in a definition: compile must refuse or accept cleanly.
    v1::FormDefinition def;
    def.set_id("fuzz_form");
    def.set_version(1);
    def.set_kind(v1::FORM_KIND_FORM);
    def.set_title("Fuzz");
    v1::Section *s = def.add_sections();
    s->set_id("only");
    s->set_title("Only");
    v1::Question *a = s->add_questions();
    a->set_id("first");
    a->set_type(v1::QUESTION_TYPE_YES_NO);
    a->set_label("First");
    v1::Question *b = s->add_questions();
    b->set_id("second");
    b->set_type(v1::QUESTION_TYPE_TEXT);
    b->set_label("Second");
    b->set_relevant_if(text);
    auto compiled = CompiledForm::compile(def);
    if (compiled) {
        Answers answers;
        answers["first"].set_question_id("first");
        answers["first"].set_yes_no(true);
        (void)(*compiled)->validate(answers, {});
    }
    return 0;
}
