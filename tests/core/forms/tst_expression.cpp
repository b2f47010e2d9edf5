// The skip-logic language: grammar, precedence, the "nothing" rules, functions, and errors
// with a position and plain-English words.

#include "forms/expression.h"

#include <QtTest>

#include <map>

using doorstep::forms::Environment;
using doorstep::forms::Expression;
using doorstep::forms::Value;

namespace {

class MapEnv final : public Environment
{
public:
    std::map<std::string, Value, std::less<>> values;
    std::map<std::string, int, std::less<>> states;

    Value value(std::string_view name) const override
    {
        auto it = values.find(name);
        return it == values.end() ? Value() : it->second;
    }
    int countState(std::string_view state) const override
    {
        auto it = states.find(state);
        return it == states.end() ? 0 : it->second;
    }
};

} // namespace

class TestExpression : public QObject
{
    Q_OBJECT

private slots:
    void evaluates_data();
    void evaluates();
    void failsOpenOnTypeMistakes();
    void reportsNames();
    void parseErrors_data();
    void parseErrors();
    void boundsLengthAndDepth();

private:
    MapEnv env() const
    {
        MapEnv e;
        e.values["hearing_loss"] = Value::string("yes");
        e.values["age"] = Value::number(82);
        e.values["visit_date"] = Value::string("2026-11-23");
        e.values["actions"] = Value::list({"advice_given", "other"});
        e.values["channel"] = Value::string("video_call");
        e.values["name"] = Value::string("say \"hi\" \\ there");
        e.states["referred"] = 2;
        return e;
    }
};

void TestExpression::evaluates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("expected");
    QTest::newRow("equal") << R"e(hearing_loss == "yes")e" << true;
    QTest::newRow("not equal") << R"e(hearing_loss != "yes")e" << false;
    QTest::newRow("number compare") << "age >= 80" << true;
    QTest::newRow("negative and decimal") << "age > -1.5" << true;
    QTest::newRow("dates compare as strings") << R"e(visit_date < "2027-01-01")e" << true;
    QTest::newRow("in list") << R"e(channel in ["text", "video_call"])e" << true;
    QTest::newRow("not in list") << R"e(channel in ["phone"])e" << false;
    QTest::newRow("contains") << R"e(contains(actions, "other"))e" << true;
    QTest::newRow("contains missing value") << R"e(contains(actions, "letter"))e" << false;
    QTest::newRow("count") << "count(actions) == 2" << true;
    QTest::newRow("count of nothing is 0") << "count(unanswered) == 0" << true;
    QTest::newRow("count_state") << R"e(count_state("referred") > 1)e" << true;
    QTest::newRow("answered") << "answered(age) and not answered(unanswered)" << true;
    // "not" binds tighter than "and", and "and" tighter than "or".
    QTest::newRow("and before or") << "true or false and false" << true;
    QTest::newRow("parentheses") << "(true or false) and false" << false;
    QTest::newRow("not binds to the comparison") << R"e(not hearing_loss == "no")e" << true;
    QTest::newRow("not not") << "not not true" << true;
    // Nothing: == false, != true, ordering and in false; no error.
    QTest::newRow("nothing == x") << R"e(unanswered == "yes")e" << false;
    QTest::newRow("nothing != x") << R"e(unanswered != "yes")e" << true;
    QTest::newRow("nothing < x") << "unanswered < 3" << false;
    QTest::newRow("nothing in") << R"e(unanswered in ["a"])e" << false;
    QTest::newRow("nothing == nothing") << "unanswered == other_unanswered" << false;
    QTest::newRow("string vs number") << R"e(age == "82")e" << false;
    QTest::newRow("escapes") << R"e(name == "say \"hi\" \\ there")e" << true;
    QTest::newRow("short-circuit") << "answered(unanswered) and unanswered > 3" << false;
}

void TestExpression::evaluates()
{
    QFETCH(QString, text);
    QFETCH(bool, expected);
    auto e = Expression::parse(text.toStdString());
    QVERIFY2(e.ok(), e.ok() ? "" : e.error().message.c_str());
    const MapEnv environment = env();
    auto v = e->evaluate(environment);
    QVERIFY(v.ok());
    QCOMPARE(v->kind(), Value::Kind::Bool);
    QCOMPARE(v->asBool(), expected);
    QCOMPARE(e->relevant(environment), expected);
}

void TestExpression::failsOpenOnTypeMistakes()
{
    const MapEnv environment = env();
    auto e = Expression::parse(R"e(not hearing_loss)e");
    QVERIFY(e.ok());
    QVERIFY(!e->evaluate(environment).ok());
    // A broken condition never hides a question.
    QVERIFY(e->relevant(environment));
    auto n = Expression::parse("age and true");
    QVERIFY(!n->evaluate(environment).ok());
    QVERIFY(n->relevant(environment));
    // A summary is a number, not a condition.
    auto c = Expression::parse(R"e(count_state("referred"))e");
    QCOMPARE(c->evaluate(environment)->asNumber(), 2.0);
    // An empty expression: always relevant.
    QVERIFY(Expression::parse("  ")->relevant(environment));
}

void TestExpression::reportsNames()
{
    auto e = Expression::parse(
        R"e(a == "x" or (contains(b, "y") and count(c) > 1) or answered(resident.hearing_loss))e");
    QVERIFY(e.ok());
    const std::vector<std::string> expected{"a", "b", "c", "resident.hearing_loss"};
    QCOMPARE(e->names(), expected);
}

void TestExpression::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("single =") << R"e(a = "x")e"
                              << R"e(at 3: use "==" to compare, not "=")e";
    QTest::newRow("!") << "!a"
                       << R"e(at 1: use "not", not "!")e";
    QTest::newRow("&&") << "a && b"
                        << R"e(at 3: use "and", not "&&")e";
    QTest::newRow("unclosed string") << R"e(a == "x)e"
                                     << "at 6: a string is never closed";
    QTest::newRow("unclosed paren") << "(a == 1"
                                    << R"e(at 8: expected ")", found end)e";
    QTest::newRow("unknown function") << "size(a) > 1"
                                      << R"e(at 1: "size" is not a function)e";
    QTest::newRow("bad state") << R"e(count_state("maybe"))e"
                               << "at 13: count_state needs one of";
    QTest::newRow("contains arity") << "contains(a)"
                                    << "at 11: contains needs a question id";
    QTest::newRow("missing operator")
        << R"e(a == "x" b == "y")e"
        << R"e(at 10: unexpected "b" (is an "and" or "or" missing?))e";
    QTest::newRow("dangling and") << "a and"
                                  << "at 6: expected a question id";
    QTest::newRow("bad list") << R"e(a in ["x" "y"])e"
                              << R"e(at 11: expected "," or "]")e";
    QTest::newRow("in without list") << R"e(a in "x")e"
                                     << R"e(at 6: expected "[" after "in")e";
    QTest::newRow("odd character") << "a == #"
                                   << R"e(at 6: unexpected character "#")e";
    QTest::newRow("bad escape") << R"e(a == "\n")e"
                                << "at 7: only";
}

void TestExpression::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    auto e = Expression::parse(text.toStdString());
    QVERIFY(!e.ok());
    QVERIFY2(QString::fromStdString(e.error().message).startsWith(message),
             e.error().message.c_str());
}

void TestExpression::boundsLengthAndDepth()
{
    std::string deep(40, '(');
    deep += "true" + std::string(40, ')');
    auto e = Expression::parse(deep);
    QVERIFY(!e.ok());
    QVERIFY(QString::fromStdString(e.error().message).contains("nested too deeply"));
    std::string nots;
    for (int i = 0; i < 40; ++i) {
        nots += "not ";
    }
    QVERIFY(!Expression::parse(nots + "true").ok());
    QVERIFY(!Expression::parse(std::string(Expression::maxLength + 1, ' ')).ok());
    // A long flat chain is fine and evaluates without trouble.
    std::string chain = "false";
    for (int i = 0; i < 200; ++i) {
        chain += " or false";
    }
    auto flat = Expression::parse(chain);
    QVERIFY(flat.ok());
    QVERIFY(!flat->relevant(env()));
}

QTEST_GUILESS_MAIN(TestExpression)
#include "tst_expression.moc"
