#include "crypto/pinpolicy.h"

#include <QtTest>

using doorstep::mobile::PinPolicy;
using Verdict = PinPolicy::Verdict;
Q_DECLARE_METATYPE(PinPolicy::Verdict)

class TestPinPolicy : public QObject
{
    Q_OBJECT

private slots:
    void evaluate_data()
    {
        QTest::addColumn<QString>("pin");
        QTest::addColumn<Verdict>("verdict");
        QTest::newRow("good") << "274915" << Verdict::Accepted;
        QTest::newRow("good long") << "80417356" << Verdict::Accepted;
        QTest::newRow("three distinct digits") << "112113" << Verdict::Accepted;
        QTest::newRow("empty") << "" << Verdict::TooShort;
        QTest::newRow("five digits") << "27491" << Verdict::TooShort;
        QTest::newRow("seventeen digits") << "27491527491527491" << Verdict::TooLong;
        QTest::newRow("letters") << "27491a" << Verdict::NotDigits;
        QTest::newRow("space") << "274 915" << Verdict::NotDigits;
        QTest::newRow("all zeros") << "000000" << Verdict::SameDigit;
        QTest::newRow("all ones") << "111111" << Verdict::SameDigit;
        QTest::newRow("ascending") << "123456" << Verdict::Sequence;
        QTest::newRow("descending") << "654321" << Verdict::Sequence;
        QTest::newRow("ascending wraps") << "890123" << Verdict::Sequence;
        QTest::newRow("ascending long") << "0123456789" << Verdict::Sequence;
        QTest::newRow("pair repeated") << "121212" << Verdict::RepeatedBlock;
        QTest::newRow("triple repeated") << "123123" << Verdict::RepeatedBlock;
        QTest::newRow("odd repeat") << "2525252" << Verdict::RepeatedBlock;
        QTest::newRow("doubled run") << "112233" << Verdict::DoubledSequence;
        QTest::newRow("doubled run down") << "998877" << Verdict::DoubledSequence;
        QTest::newRow("two digits") << "111222" << Verdict::TooFewDistinctDigits;
        QTest::newRow("two digits mirrored") << "100001" << Verdict::TooFewDistinctDigits;
        QTest::newRow("keypad cross") << "159753" << Verdict::Common;
        QTest::newRow("keypad columns") << "147258" << Verdict::Common;
        QTest::newRow("tens") << "102030" << Verdict::Common;
        QTest::newRow("mirror") << "123321" << Verdict::Common;
    }

    void evaluate()
    {
        QFETCH(QString, pin);
        QFETCH(Verdict, verdict);
        const std::string text = pin.toStdString();
        QCOMPARE(PinPolicy::evaluate(text), verdict);
        const auto status = PinPolicy::check(text);
        QCOMPARE(status.ok(), verdict == Verdict::Accepted);
        if (!status.ok()) {
            QCOMPARE(status.error().code, doorstep::v1::ERROR_CODE_INVALID_ARGUMENT);
            QVERIFY(!status.error().message.empty());
        }
    }
};

QTEST_GUILESS_MAIN(TestPinPolicy)
#include "tst_pinpolicy.moc"
