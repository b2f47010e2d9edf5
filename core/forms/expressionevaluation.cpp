// Evaluating a parsed expression against the answers and context of one form.

#include "forms/expression.h"

#include <algorithm>
#include <cmath>

namespace doorstep::forms {

// --- evaluation --------------------------------------------------------------------------

namespace {

Error cannot(const std::string &what)
{
    return {v1::ERROR_CODE_VALIDATION_FAILED, what};
}

} // namespace

Result<Value> Expression::eval(int index, const Environment &env) const
{
    const Node &n = m_nodes[static_cast<std::size_t>(index)];
    switch (n.op) {
    case Op::String:
        return Value::string(n.text);
    case Op::Number:
        return Value::number(n.number);
    case Op::Bool:
        return Value::boolean(n.flag);
    case Op::Name:
        return env.value(n.text);
    case Op::Answered:
        return Value::boolean(!env.value(n.text).isNothing());
    case Op::Contains: {
        const Value v = env.value(n.text);
        const std::string &want = n.listValues.front().asString();
        if (v.kind() == Value::Kind::List) {
            const auto &l = v.asList();
            return Value::boolean(std::find(l.begin(), l.end(), want) != l.end());
        }
        return Value::boolean(v.kind() == Value::Kind::String && v.asString() == want);
    }
    case Op::Count: {
        const Value v = env.value(n.text);
        if (v.kind() == Value::Kind::List) {
            return Value::number(static_cast<double>(v.asList().size()));
        }
        return Value::number(v.isNothing() ? 0 : 1);
    }
    case Op::CountState:
        return Value::number(env.countState(n.text));
    case Op::Not: {
        auto v = eval(n.children[0], env);
        if (!v) {
            return v;
        }
        if (v->kind() != Value::Kind::Bool) {
            return cannot("\"not\" needs a true or false value");
        }
        return Value::boolean(!v->asBool());
    }
    case Op::And:
    case Op::Or: {
        auto l = eval(n.children[0], env);
        if (!l) {
            return l;
        }
        if (l->kind() != Value::Kind::Bool) {
            return cannot("\"and\" and \"or\" need true or false values");
        }
        // Short-circuit: the right side of `answered(x) and x > 3` is read only when needed.
        if (n.op == Op::And && !l->asBool()) {
            return Value::boolean(false);
        }
        if (n.op == Op::Or && l->asBool()) {
            return Value::boolean(true);
        }
        auto r = eval(n.children[1], env);
        if (!r) {
            return r;
        }
        if (r->kind() != Value::Kind::Bool) {
            return cannot("\"and\" and \"or\" need true or false values");
        }
        return Value::boolean(r->asBool());
    }
    case Op::Equal:
    case Op::NotEqual: {
        auto l = eval(n.children[0], env);
        auto r = eval(n.children[1], env);
        if (!l || !r) {
            return !l ? l : r;
        }
        const bool eq = l->equals(*r);
        return Value::boolean(n.op == Op::Equal ? eq : !eq);
    }
    case Op::Less:
    case Op::LessEqual:
    case Op::Greater:
    case Op::GreaterEqual: {
        auto l = eval(n.children[0], env);
        auto r = eval(n.children[1], env);
        if (!l || !r) {
            return !l ? l : r;
        }
        int cmp = 0;
        if (l->kind() == Value::Kind::Number && r->kind() == Value::Kind::Number) {
            cmp = l->asNumber() < r->asNumber() ? -1 : (l->asNumber() > r->asNumber() ? 1 : 0);
        } else if (l->kind() == Value::Kind::String && r->kind() == Value::Kind::String) {
            cmp = l->asString().compare(r->asString());
        } else {
            return Value::boolean(false); // nothing, or different kinds
        }
        const bool out = n.op == Op::Less        ? cmp < 0
                         : n.op == Op::LessEqual ? cmp <= 0
                         : n.op == Op::Greater   ? cmp > 0
                                                 : cmp >= 0;
        return Value::boolean(out);
    }
    case Op::In: {
        auto l = eval(n.children[0], env);
        if (!l) {
            return l;
        }
        for (const Value &v : n.listValues) {
            if (l->equals(v)) {
                return Value::boolean(true);
            }
        }
        return Value::boolean(false);
    }
    }
    return cannot("unknown operation");
}

Result<Value> Expression::evaluate(const Environment &env) const
{
    if (m_nodes.empty()) {
        return Value();
    }
    return eval(static_cast<int>(m_nodes.size()) - 1, env);
}

bool Expression::relevant(const Environment &env) const
{
    if (m_nodes.empty()) {
        return true;
    }
    auto v = evaluate(env);
    if (!v || v->kind() != Value::Kind::Bool) {
        return true;
    }
    return v->asBool();
}

} // namespace doorstep::forms
