#pragma once

// The forms' skip-logic and summary language (docs/forms.md): a small, safe expression
// language parsed and evaluated here. No script engine: the grammar has no loops, no
// assignment and no calls beyond four built-in functions, and parsing is bounded in length
// and depth, so any text from a synced definition is safe to load.

#include "error/result.h"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace doorstep::forms {

// What an expression computes. `Nothing` is an unanswered, skipped or unknown name.
class Value
{
public:
    enum class Kind { Nothing, Bool, Number, String, List };

    Value() = default;
    static Value boolean(bool b);
    static Value number(double n);
    static Value string(std::string s);
    static Value list(std::vector<std::string> items);

    Kind kind() const { return m_kind; }
    bool isNothing() const { return m_kind == Kind::Nothing; }
    bool asBool() const { return m_bool; }
    double asNumber() const { return m_number; }
    const std::string &asString() const { return m_string; }
    const std::vector<std::string> &asList() const { return m_list; }

    // Equal kinds and values; Nothing equals nothing, not even Nothing.
    bool equals(const Value &other) const;
    // For summaries and "check your answers": true/false, 3, 2.5, text, "a, b".
    std::string display() const;

private:
    Kind m_kind = Kind::Nothing;
    bool m_bool = false;
    double m_number = 0;
    std::string m_string;
    std::vector<std::string> m_list;
};

// Where names and functions get their values.
class Environment
{
public:
    virtual ~Environment() = default;
    // A question's answer when it is answered and relevant, a context variable, or Nothing.
    virtual Value value(std::string_view name) const = 0;
    // The number of checklist items in `state` ("discussed", "referred", ...).
    virtual int countState(std::string_view state) const = 0;
};

// The names skip logic gives a checklist item's states, in ChecklistItemState's order from
// CHECKLIST_ITEM_STATE_DISCUSSED (1): "discussed", "referred", "declined", "not_relevant".
std::span<const std::string_view> checklistStateNames();

class Expression
{
public:
    static constexpr std::size_t maxLength = 2000;
    static constexpr int maxDepth = 32;

    // Parses `text`. An error says where (1-based character position) and what, in plain
    // English, for example: `at 12: expected ")" after the arguments of contains`.
    static Result<Expression> parse(std::string_view text);

    // Every question id or context variable the expression reads, including the first
    // argument of answered, contains and count; in order of appearance.
    const std::vector<std::string> &names() const { return m_names; }
    const std::string &text() const { return m_text; }
    bool empty() const { return m_nodes.empty(); }

    // The value, or an error when the expression cannot be evaluated (a type mistake such
    // as `not "yes"`): callers decide how to fail. Never throws.
    Result<Value> evaluate(const Environment &env) const;
    // For relevant_if: true when the expression is empty or evaluates to true. When it
    // cannot be evaluated, true as well: failing open never hides a question.
    bool relevant(const Environment &env) const;

    enum class Op {
        Or,
        And,
        Not,
        Equal,
        NotEqual,
        Less,
        LessEqual,
        Greater,
        GreaterEqual,
        In,
        String,
        Number,
        Bool,
        Name,
        Answered,
        Contains,
        Count,
        CountState,
    };
    struct Node
    {
        Op op = Op::Bool;
        std::string text;              // string literal, name, or the function's name argument
        double number = 0;             // number literal
        bool flag = false;             // bool literal
        std::vector<int> children;     // operands, by index into m_nodes
        std::vector<Value> listValues; // the literal list of `in`
    };

private:
    friend class Parser;
    Result<Value> eval(int node, const Environment &env) const;

    std::string m_text;
    std::vector<Node> m_nodes; // the root is the last node
    std::vector<std::string> m_names;
};

} // namespace doorstep::forms
