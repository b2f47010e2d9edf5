// The skip-logic language's lexer and parser: text to a tree of nodes, with errors that say where.

#include "forms/expression.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace doorstep::forms {

namespace {

enum class Tok { End, Name, String, Number, LParen, RParen, LBracket, RBracket, Comma, Compare };

struct Token
{
    Tok kind = Tok::End;
    std::string text;
    double number = 0;
    std::size_t pos = 0; // 0-based
};

Error parseError(std::size_t pos, const std::string &what)
{
    return {v1::ERROR_CODE_VALIDATION_FAILED, "at " + std::to_string(pos + 1) + ": " + what};
}

bool nameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool nameChar(char c)
{
    return nameStart(c) || (c >= '0' && c <= '9') || c == '.';
}

Result<std::vector<Token>> lex(std::string_view s)
{
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        Token t;
        t.pos = i;
        if (nameStart(c)) {
            std::size_t j = i;
            while (j < s.size() && nameChar(s[j])) {
                ++j;
            }
            t.kind = Tok::Name;
            t.text = std::string(s.substr(i, j - i));
            i = j;
        } else if ((c >= '0' && c <= '9') ||
                   (c == '-' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9')) {
            std::size_t j = i + 1;
            bool dot = false;
            while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || (s[j] == '.' && !dot))) {
                dot = dot || s[j] == '.';
                ++j;
            }
            if (s[j - 1] == '.') {
                return parseError(j - 1, "a number cannot end with \".\"");
            }
            t.kind = Tok::Number;
            t.text = std::string(s.substr(i, j - i));
            t.number = std::strtod(t.text.c_str(), nullptr);
            i = j;
        } else if (c == '"') {
            std::string value;
            std::size_t j = i + 1;
            for (;; ++j) {
                if (j >= s.size()) {
                    return parseError(i, "a string is never closed: add the closing \"");
                }
                if (s[j] == '\\') {
                    if (j + 1 >= s.size() || (s[j + 1] != '"' && s[j + 1] != '\\')) {
                        return parseError(j, "only \\\" and \\\\ may follow a backslash");
                    }
                    value += s[++j];
                } else if (s[j] == '"') {
                    break;
                } else {
                    value += s[j];
                }
            }
            t.kind = Tok::String;
            t.text = std::move(value);
            i = j + 1;
        } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
            t.kind = c == '('   ? Tok::LParen
                     : c == ')' ? Tok::RParen
                     : c == '[' ? Tok::LBracket
                     : c == ']' ? Tok::RBracket
                                : Tok::Comma;
            t.text = std::string(1, c);
            ++i;
        } else if (c == '=' || c == '!' || c == '<' || c == '>') {
            const bool eq = i + 1 < s.size() && s[i + 1] == '=';
            if (c == '=' && !eq) {
                return parseError(i, "use \"==\" to compare, not \"=\"");
            }
            if (c == '!' && !eq) {
                return parseError(i, "use \"not\", not \"!\"");
            }
            t.kind = Tok::Compare;
            t.text = eq ? std::string{c, '='} : std::string(1, c);
            i += eq ? 2 : 1;
        } else if (c == '&' || c == '|') {
            return parseError(i, std::string("use \"") + (c == '&' ? "and" : "or") + "\", not \"" +
                                     c + c + "\"");
        } else {
            return parseError(i, std::string("unexpected character \"") + c + "\"");
        }
        out.push_back(std::move(t));
    }
    Token end;
    end.pos = s.size();
    out.push_back(end);
    return out;
}

constexpr std::string_view kStates[] = {"discussed", "referred", "declined", "not_relevant"};

} // namespace

std::span<const std::string_view> checklistStateNames()
{
    return kStates;
}

// --- parser ------------------------------------------------------------------------------

class Parser
{
public:
    Parser(Expression &e, std::vector<Token> tokens) : m_e(e), m_t(std::move(tokens)) {}

    Result<int> parseAll()
    {
        auto root = orExpr();
        if (!root) {
            return root;
        }
        if (peek().kind != Tok::End) {
            return parseError(peek().pos, "unexpected " + describe(peek()) +
                                              " (is an \"and\" or \"or\" missing?)");
        }
        return root;
    }

private:
    using Op = Expression::Op;

    const Token &peek() const { return m_t[m_i]; }
    bool isWord(const char *w) const { return peek().kind == Tok::Name && peek().text == w; }

    static std::string describe(const Token &t)
    {
        switch (t.kind) {
        case Tok::End:
            return "end of the expression";
        case Tok::String:
            return "\"" + t.text + "\"";
        default:
            return "\"" + t.text + "\"";
        }
    }

    int add(Expression::Node n)
    {
        m_e.m_nodes.push_back(std::move(n));
        return static_cast<int>(m_e.m_nodes.size()) - 1;
    }

    Result<int> enter()
    {
        if (++m_depth > Expression::maxDepth) {
            return parseError(peek().pos, "the expression is nested too deeply (at most " +
                                              std::to_string(Expression::maxDepth) + " levels)");
        }
        return 0;
    }

    Result<int> binary(Op op, const char *word, Result<int> (Parser::*next)())
    {
        auto left = (this->*next)();
        if (!left) {
            return left;
        }
        int node = *left;
        while (isWord(word)) {
            ++m_i;
            auto right = (this->*next)();
            if (!right) {
                return right;
            }
            Expression::Node n;
            n.op = op;
            n.children = {node, *right};
            node = add(std::move(n));
        }
        return node;
    }

    Result<int> orExpr()
    {
        if (auto d = enter(); !d) {
            return d;
        }
        auto r = binary(Op::Or, "or", &Parser::andExpr);
        --m_depth;
        return r;
    }

    Result<int> andExpr() { return binary(Op::And, "and", &Parser::notExpr); }

    Result<int> notExpr()
    {
        if (isWord("not")) {
            ++m_i;
            if (auto d = enter(); !d) {
                return d;
            }
            auto inner = notExpr();
            --m_depth;
            if (!inner) {
                return inner;
            }
            Expression::Node n;
            n.op = Op::Not;
            n.children = {*inner};
            return add(std::move(n));
        }
        return compare();
    }

    Result<int> compare()
    {
        auto left = operand();
        if (!left) {
            return left;
        }
        if (peek().kind == Tok::Compare) {
            const std::string &c = peek().text;
            const Op op = c == "=="   ? Op::Equal
                          : c == "!=" ? Op::NotEqual
                          : c == "<"  ? Op::Less
                          : c == "<=" ? Op::LessEqual
                          : c == ">"  ? Op::Greater
                                      : Op::GreaterEqual;
            ++m_i;
            auto right = operand();
            if (!right) {
                return right;
            }
            Expression::Node n;
            n.op = op;
            n.children = {*left, *right};
            return add(std::move(n));
        }
        if (isWord("in")) {
            ++m_i;
            Expression::Node n;
            n.op = Op::In;
            n.children = {*left};
            if (peek().kind != Tok::LBracket) {
                return parseError(peek().pos, "expected \"[\" after \"in\"");
            }
            ++m_i;
            for (;;) {
                auto lit = literal();
                if (!lit) {
                    return lit.error();
                }
                n.listValues.push_back(*lit);
                if (n.listValues.size() > 100) {
                    return parseError(peek().pos, "a list holds at most 100 values");
                }
                if (peek().kind == Tok::Comma) {
                    ++m_i;
                    continue;
                }
                if (peek().kind == Tok::RBracket) {
                    ++m_i;
                    break;
                }
                return parseError(peek().pos,
                                  "expected \",\" or \"]\" in the list, found " + describe(peek()));
            }
            return add(std::move(n));
        }
        return left;
    }

    Result<Value> literal()
    {
        const Token &t = peek();
        if (t.kind == Tok::String) {
            ++m_i;
            return Value::string(t.text);
        }
        if (t.kind == Tok::Number) {
            ++m_i;
            return Value::number(t.number);
        }
        if (t.kind == Tok::Name && (t.text == "true" || t.text == "false")) {
            ++m_i;
            return Value::boolean(t.text == "true");
        }
        return parseError(t.pos, "expected a string, number, true or false, found " + describe(t));
    }

    static bool reserved(const std::string &w)
    {
        return w == "and" || w == "or" || w == "not" || w == "in";
    }

    Result<int> operand()
    {
        const Token t = peek();
        if (t.kind == Tok::LParen) {
            ++m_i;
            auto inner = orExpr();
            if (!inner) {
                return inner;
            }
            if (peek().kind != Tok::RParen) {
                return parseError(peek().pos, "expected \")\", found " + describe(peek()));
            }
            ++m_i;
            return inner;
        }
        if (t.kind == Tok::String || t.kind == Tok::Number ||
            (t.kind == Tok::Name && (t.text == "true" || t.text == "false"))) {
            auto v = literal();
            if (!v) {
                return v.error();
            }
            Expression::Node n;
            n.op = v->kind() == Value::Kind::String   ? Op::String
                   : v->kind() == Value::Kind::Number ? Op::Number
                                                      : Op::Bool;
            n.text = v->kind() == Value::Kind::String ? v->asString() : std::string();
            n.number = v->kind() == Value::Kind::Number ? v->asNumber() : 0;
            n.flag = v->kind() == Value::Kind::Bool && v->asBool();
            return add(std::move(n));
        }
        if (t.kind != Tok::Name || reserved(t.text)) {
            return parseError(t.pos,
                              "expected a question id, a value or \"(\", found " + describe(t));
        }
        ++m_i;
        if (peek().kind != Tok::LParen) {
            m_e.m_names.push_back(t.text);
            Expression::Node n;
            n.op = Op::Name;
            n.text = t.text;
            return add(std::move(n));
        }
        return call(t);
    }

    Result<int> call(const Token &fn)
    {
        ++m_i; // "("
        Expression::Node n;
        n.op = fn.text == "answered"      ? Op::Answered
               : fn.text == "contains"    ? Op::Contains
               : fn.text == "count"       ? Op::Count
               : fn.text == "count_state" ? Op::CountState
                                          : Op::Bool;
        if (n.op == Op::Bool) {
            return parseError(fn.pos, "\"" + fn.text +
                                          "\" is not a function: use answered, contains, count "
                                          "or count_state");
        }
        if (n.op == Op::CountState) {
            if (peek().kind != Tok::String || std::find(std::begin(kStates), std::end(kStates),
                                                        peek().text) == std::end(kStates)) {
                return parseError(peek().pos, "count_state needs one of \"discussed\", "
                                              "\"referred\", \"declined\" or \"not_relevant\"");
            }
            n.text = peek().text;
            ++m_i;
        } else {
            if (peek().kind != Tok::Name || reserved(peek().text)) {
                return parseError(peek().pos,
                                  fn.text + " needs a question id, found " + describe(peek()));
            }
            n.text = peek().text;
            m_e.m_names.push_back(n.text);
            ++m_i;
            if (n.op == Op::Contains) {
                if (peek().kind != Tok::Comma) {
                    return parseError(peek().pos, "contains needs a question id and a value, like "
                                                  "contains(actions_taken, \"other\")");
                }
                ++m_i;
                if (peek().kind != Tok::String) {
                    return parseError(peek().pos, "the value contains looks for must be a "
                                                  "string in quotes");
                }
                n.listValues.push_back(Value::string(peek().text));
                ++m_i;
            }
        }
        if (peek().kind != Tok::RParen) {
            return parseError(peek().pos, "expected \")\" after the arguments of " + fn.text);
        }
        ++m_i;
        return add(std::move(n));
    }

    Expression &m_e;
    std::vector<Token> m_t;
    std::size_t m_i = 0;
    int m_depth = 0;
};

Result<Expression> Expression::parse(std::string_view text)
{
    Expression e;
    e.m_text = std::string(text);
    if (text.size() > maxLength) {
        return Error{v1::ERROR_CODE_VALIDATION_FAILED,
                     "the expression is longer than " + std::to_string(maxLength) + " characters"};
    }
    auto tokens = lex(text);
    if (!tokens) {
        return tokens.error();
    }
    if (tokens->size() == 1) {
        return e; // empty: always relevant, no value
    }
    Parser p(e, std::move(*tokens));
    auto root = p.parseAll();
    if (!root) {
        return root.error();
    }
    return e;
}

} // namespace doorstep::forms
