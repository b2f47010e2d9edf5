// The SMTP sender against a mail relay on loopback that follows RFC 5321 far enough to take
// a message: the whole conversation (EHLO, STARTTLS with a certificate the test made, AUTH
// PLAIN, MAIL, RCPT, DATA with dot-stuffing, QUIT), a recipient the relay refuses, a relay
// that offers no TLS, a relay that is not there, and header injection refused before
// connecting. The relay records what it was told; nothing leaves the machine.

#include "notify/dispatcher.h"
#include "notify/smtpsender.h"

#include "smtprelay.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace doorstep;
using namespace doorstep::server;
using doorstep::server::test::Relay;

namespace {

Notification outcomeReady()
{
    Notification n;
    n.id = "ntf-1";
    n.kind = "outcome_ready";
    n.aboutId = "ref-1";
    n.address = "asha.patel@councillors.example.gov.uk";
    n.subject = "Home Visiting Service: the outcome of your referral of 18 November 2026";
    n.body = "Dear Cllr Asha Patel,\n\nWe helped.\n.\n.hidden line\nYours, Zoë\n";
    return n;
}

} // namespace

class TestSmtp : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cert = m_dir.filePath("relay.pem").toStdString();
        m_key = m_dir.filePath("relay.key").toStdString();
        QProcess openssl;
        openssl.start("openssl",
                      {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                       "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout",
                       QString::fromStdString(m_key), "-out", QString::fromStdString(m_cert)});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);
    }

    void wholeConversationOverStartTls()
    {
        Relay relay({true, m_cert, m_key, 250});
        SmtpOptions o = options(relay.port());
        o.user = "doorstep";
        o.password = "s3cret-relay-password";
        SmtpSender sender(o);
        const SendAnswer sent = sender.send(outcomeReady());
        QVERIFY2(sent.ok(), sent.ok() ? "" : sent.error().message.c_str());
        const std::string t = relay.transcript();
        // In the clear only EHLO and STARTTLS; the password goes after TLS.
        const auto tlsAt = t.find("-- TLS --");
        QVERIFY2(tlsAt != std::string::npos, t.c_str());
        QVERIFY(t.find("STARTTLS") < tlsAt);
        const auto authAt = t.find("AUTH PLAIN ");
        QVERIFY(authAt > tlsAt && authAt != std::string::npos);
        // base64("\0doorstep\0s3cret-relay-password")
        QVERIFY(t.find("AUTH PLAIN AGRvb3JzdGVwAHMzY3JldC1yZWxheS1wYXNzd29yZA==") !=
                std::string::npos);
        QVERIFY(t.find("MAIL FROM:<home-visiting@eastmoor.example>") != std::string::npos);
        QVERIFY(t.find("RCPT TO:<asha.patel@councillors.example.gov.uk>") != std::string::npos);
        QVERIFY(t.find("QUIT") != std::string::npos);

        const std::string m = relay.message();
        QVERIFY(m.find("Subject: Home Visiting Service: the outcome of your referral of 18 "
                       "November 2026\r\n") != std::string::npos);
        QVERIFY(m.find("From: Home Visiting Service <home-visiting@eastmoor.example>\r\n") !=
                std::string::npos);
        QVERIFY(m.find("Content-Type: text/plain; charset=UTF-8\r\n") != std::string::npos);
        // Lines starting with a dot are doubled, so the message does not end early.
        QVERIFY(m.find("\r\n..\r\n..hidden line\r\n") != std::string::npos);
        QVERIFY(m.find("Yours, Zoë\r\n") != std::string::npos);
    }

    void refusesToSendInTheClearWhenTlsIsNotOffered()
    {
        Relay relay({false, m_cert, m_key, 250});
        SmtpSender sender(options(relay.port()));
        const SendAnswer sent = sender.send(outcomeReady());
        QVERIFY(!sent.ok());
        QVERIFY(sent.error().message.find("does not offer STARTTLS") != std::string::npos);
        QVERIFY(relay.transcript().find("MAIL FROM") == std::string::npos);
    }

    void refusedRecipientIsAnErrorWithTheRelaysWords()
    {
        Relay relay({true, m_cert, m_key, 550});
        SmtpOptions o = options(relay.port());
        o.tls = SmtpOptions::Tls::None; // a relay on the council's own network
        SmtpSender sender(o);
        const SendAnswer sent = sender.send(outcomeReady());
        QVERIFY(!sent.ok());
        QVERIFY2(sent.error().message.find("550 5.1.1") != std::string::npos,
                 sent.error().message.c_str());
        QVERIFY(relay.message().empty());
    }

    // Every step in time, the whole far too long: given up after three steps' time, so a send
    // never outlasts the outbox's claim on its notification (another server would send it
    // again).
    void aRelaySlowAtEveryStepIsGivenUpOnAsAWhole()
    {
        Relay::Script slow{true, m_cert, m_key, 250};
        slow.replyDelay = std::chrono::milliseconds(600);
        Relay relay(slow);
        SmtpOptions o = options(relay.port());
        o.timeout = std::chrono::seconds(1);
        SmtpSender sender(o);
        const SendAnswer sent = sender.send(outcomeReady());
        QVERIFY2(!sent.ok(), "a relay slow at every step held the send for as long as it liked");
        QVERIFY2(sent.error().message.find("in all") != std::string::npos,
                 sent.error().message.c_str());
        QVERIFY(relay.message().empty());
    }

    void missingRelayIsAnError()
    {
        quint16 port = 0;
        {
            Relay gone({true, m_cert, m_key, 250}); // bind a port, then free it
            port = gone.port();
        }
        SmtpOptions o = options(port);
        o.timeout = std::chrono::seconds(5);
        SmtpSender sender(o);
        const SendAnswer sent = sender.send(outcomeReady());
        QVERIFY(!sent.ok());
        QVERIFY2(sent.error().message.find("cannot connect") != std::string::npos,
                 sent.error().message.c_str());
    }

    void headerInjectionIsRefusedBeforeConnecting()
    {
        SmtpSender sender(options(1)); // nothing listens on port 1
        Notification n = outcomeReady();
        n.subject = "Outcome\r\nBcc: everyone@example.com";
        QVERIFY(sender.send(n).error().message.find("not allowed") != std::string::npos);
        n = outcomeReady();
        n.address = "a@example.com>\r\nRCPT TO:<b@example.com";
        QVERIFY(sender.send(n).error().message.find("not allowed") != std::string::npos);
        n = outcomeReady();
        n.address = "07700 900123";
        QVERIFY(sender.send(n).error().message.find("no email address") != std::string::npos);
    }

    void textsGoElsewhereWhenRouted()
    {
        struct Counter final : NotificationSender
        {
            int sent = 0;
            SendAnswer send(const Notification &) override
            {
                ++sent;
                return SendAnswer::accepted();
            }
        } email, texts;
        RoutingSender router(email, texts);
        Notification n = outcomeReady();
        QVERIFY(router.send(n).ok());
        n.address = "07700 900123";
        QVERIFY(router.send(n).ok());
        QCOMPARE(email.sent, 1);
        QCOMPARE(texts.sent, 1);
    }

    void headersAndBodiesAreEncoded()
    {
        QCOMPARE(SmtpSender::encodeHeader("Plain subject"), std::string("Plain subject"));
        QCOMPARE(SmtpSender::encodeHeader("Zoë"), std::string("=?UTF-8?B?Wm/Dqw==?="));
        QCOMPARE(SmtpSender::dotStuff(".a\nb\r\n.\nc"), std::string("..a\r\nb\r\n..\r\nc\r\n"));
    }

private:
    SmtpOptions options(unsigned short port) const
    {
        SmtpOptions o;
        o.host = "localhost";
        o.port = port;
        o.from = "home-visiting@eastmoor.example";
        o.caFile = m_cert;
        o.timeout = std::chrono::seconds(10);
        return o;
    }

    QTemporaryDir m_dir;
    std::string m_cert;
    std::string m_key;
};

QTEST_APPLESS_MAIN(TestSmtp)
#include "tst_smtp.moc"
