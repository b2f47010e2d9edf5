// Texts and email through GOV.UK Notify, against a server on loopback that answers as Notify's
// REST API documents (notifycompatibleserver.cpp), over TLS with a certificate the test made.
// Each case runs the real sender and dispatcher on a real store, with the test's clock given
// to both processes: success and the delivery receipt read back; 400 and 403; 429 with
// back-off; 5xx with retry; a permanent failure listed by `doorstep-server notifications
// --failed`; a temporary failure sent again; a number that is not a UK mobile refused before
// anything is sent. End to end, `serve` sends a visit reminder with the video-call link in
// the council's reminder template, and an officer's video call sends the resident the link.

#include "contact/ukmobile.h"
#include "environment/sequentialidsource.h"
#include "notify/dispatcher.h"
#include "notify/notifysender.h"
#include "teststore.h"

#include "fixedclock.h"
#include "serverprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace doorstep;
using namespace doorstep::server;
using doorstep::server::test::FixedClock;

namespace {

const QString kServiceId = "26785a09-ab16-4eb0-8407-a37497a57506";
const QString kSecret = "3d844edf-8d35-48ac-975b-e847b4f122b0";
const QString kKey = "doorstep_test-" + kServiceId + "-" + kSecret;
const QString kReminderSms = "4f1c3b0e-5a4d-4a47-9b1c-2d9e6e0c7a11";
const QString kVideoLinkSms = "9a0e8c2d-3b1f-4c5e-8d7a-6f2b1e0c9d33";
const QString kAnySms = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f";
const QString kAnyEmail = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

// One line of the Notify server's journal.
struct Request
{
    QString method;
    QString path;
    int status = 0;
    QJsonObject request;
    QJsonObject answer;
};

} // namespace

class TestNotify : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess openssl;
        openssl.start("openssl",
                      {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                       "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout",
                       path("notify.key"), "-out", path("notify.pem")});
        QVERIFY2(openssl.waitForFinished(30000), "openssl did not finish within 30 s");
        QCOMPARE(openssl.exitCode(), 0);
        write("api.key", kKey + "\n");
        // Notify's templates as GET /v2/templates lists them: the council's reminder, its
        // video link, and plain ((body)) ones for the rest.
        write("templates.json", QString(R"json({"templates": [
          {"id": "%1", "name": "Visit reminder", "type": "sms", "version": 3,
           "body": "((service)): we visit you on ((date)), ((start_time)) to ((end_time)). Video: ((video_link))"},
          {"id": "%2", "name": "Video call link", "type": "sms", "version": 1,
           "body": "((service)): join your video call at ((video_link))"},
          {"id": "%3", "name": "Any text", "type": "sms", "version": 1, "body": "((body))"},
          {"id": "%4", "name": "Any email", "type": "email", "version": 1,
           "subject": "((subject))", "body": "((body))"}]})json")
                                    .arg(kReminderSms, kVideoLinkSms, kAnySms, kAnyEmail));
        QString kinds;
        for (const std::string &k : notificationKinds()) {
            const QString kind = QString::fromStdString(k);
            kinds += kind + " email " + kAnyEmail + "\n";
            kinds += kind + " sms " +
                     (kind == "visit_reminder" ? kReminderSms
                      : kind == "video_link"   ? kVideoLinkSms
                                               : kAnySms) +
                     "\n";
        }
        write("doorstep-templates.txt", "# kind channel template\n" + kinds);
    }

    void init()
    {
        m_clock = FixedClock();
        setClock(m_clock.now);
        m_location = testStoreLocation(path("store-" + QString::number(++m_run)).toStdString());
        auto store = doorstep::server::openStore({m_location}, true);
        QVERIFY(store.ok());
        m_store = std::move(*store);
        QFile::remove(path("journal"));
    }

    void cleanup()
    {
        stopNotify();
        m_sender.reset();
        m_store.reset();
    }

    void keyAndTemplatesAreReadAsNotifyShowsThem()
    {
        auto key = NotifyKey::parse(kKey.toStdString() + "\n");
        QVERIFY(key.ok());
        QCOMPARE(QString::fromStdString(key->serviceId), kServiceId);
        QCOMPARE(QString::fromStdString(key->secret), kSecret);
        QVERIFY(!NotifyKey::parse("not-a-key").ok());
        QVERIFY(!NotifyKey::parse(kServiceId.toStdString()).ok());

        QVERIFY(!NotifyTemplates::parse("visit_reminder sms not-a-uuid\n", "t").ok());
        QVERIFY(!NotifyTemplates::parse("no_such_kind sms " + kAnySms.toStdString(), "t").ok());
        QVERIFY(!NotifyTemplates::parse("alert fax " + kAnySms.toStdString(), "t").ok());
        auto t = NotifyTemplates::parse("alert sms " + kAnySms.toStdString() + " # texts\n", "t");
        QVERIFY(t.ok());
        QCOMPARE(QString::fromStdString(t->find("alert", "sms")), kAnySms);
        QVERIFY(t->find("alert", "email").empty());

        // Only https: the key signs every request.
        NotifyOptions o;
        o.baseUrl = "http://localhost:1";
        QVERIFY(!NotifySender::create(o, m_clock).ok());
    }

    void textAndEmailAreSentAndTheirDeliveryReadBack()
    {
        QVERIFY(startNotify());
        enqueue("ntf-text", "visit_reminder", "07700 900123",
                R"({"service":"Home Visiting Service","date":"Tuesday 24 November 2026",)"
                R"("start_time":"10:00","end_time":"12:00","video_call":"no","video_link":""})");
        enqueue("ntf-mail", "outcome_ready", "asha.patel@councillors.example.gov.uk");
        NotificationDispatcher dispatcher(*m_store, m_clock, *m_sender);
        auto round = dispatcher.deliverDue();
        QVERIFY2(round.ok(), round.ok() ? "" : round.error().message.c_str());
        QCOMPARE(round->delivered, 2);

        const auto sent = journal();
        QCOMPARE(sent.size(), 2);
        const Request text = sent[0].path.endsWith("/sms") ? sent[0] : sent[1];
        const Request mail = sent[0].path.endsWith("/sms") ? sent[1] : sent[0];
        QCOMPARE(text.status, 201);
        QCOMPARE(text.request["template_id"].toString(), kReminderSms);
        QCOMPARE(text.request["phone_number"].toString(), QString("+447700900123"));
        QCOMPARE(text.request["reference"].toString(), QString("ntf-text"));
        QCOMPARE(text.answer["content"].toObject()["body"].toString(),
                 QString("Home Visiting Service: we visit you on Tuesday 24 November 2026, "
                         "10:00 to 12:00. Video: "));
        QCOMPARE(mail.status, 201);
        QCOMPARE(mail.request["template_id"].toString(), kAnyEmail);
        QCOMPARE(mail.answer["content"].toObject()["subject"].toString(),
                 QString("Subject of ntf-mail"));

        // Notify first says "sending", then "delivered"; each is asked at most once a minute.
        auto first = dispatcher.confirmDelivered();
        QVERIFY(first.ok());
        QCOMPARE(first->pending, 2);
        QCOMPARE(dispatcher.confirmDelivered()->pending, 0);
        advance(NotificationDispatcher::kRecheckMs + 1);
        auto second = dispatcher.confirmDelivered();
        QCOMPARE(second->delivered, 2);
        for (const Notification &n : listed(false)) {
            QCOMPARE(QString::fromStdString(n.providerStatus), QString("delivered"));
            QVERIFY(n.deliveredAtMs.has_value());
            QCOMPARE(n.attempts, 1);
        }
        advance(NotificationDispatcher::kRecheckMs + 1);
        QCOMPARE(dispatcher.confirmDelivered()->delivered, 0); // final: never asked again
        QCOMPARE(journal().size(), 6);
    }

    void badRequestIsGivenUpAtOnceWithNotifysWords()
    {
        QVERIFY(startNotify());
        // The reminder template needs ((service)) and more; this one carries none.
        enqueue("ntf-bare", "visit_reminder", "07700 900123", "{}");
        NotificationDispatcher dispatcher(*m_store, m_clock, *m_sender);
        auto round = dispatcher.deliverDue();
        QCOMPARE(round->gaveUp, 1);
        const auto failed = listed(true);
        QCOMPARE(failed.size(), std::size_t(1));
        QVERIFY2(failed[0].lastError.find("400 BadRequestError: Missing personalisation: "
                                          "date, end_time, service, start_time, video_link") !=
                     std::string::npos,
                 failed[0].lastError.c_str());
    }

    void refusedKeyHoldsTextsAndIsRetried()
    {
        QVERIFY(startNotify());
        // The right service, the wrong secret: Notify answers 403 AuthError.
        NotifyOptions o = options();
        o.key.secret = "00000000-0000-4000-8000-000000000000";
        m_sender = NotifySender::create(o, m_clock).value();
        enqueue("ntf-a", "alert", "07700 900111");
        enqueue("ntf-b", "alert", "07700 900222");
        NotificationDispatcher dispatcher(*m_store, m_clock, *m_sender);
        auto round = dispatcher.deliverDue();
        QCOMPARE(round->failed, 1);
        QVERIFY(round->held);
        QCOMPARE(journal().size(), 1); // the second text was not tried against a refused key
        QCOMPARE(journal()[0].status, 403);
        const auto all = listed(false);
        const auto a =
            std::find_if(all.begin(), all.end(), [](auto &n) { return n.id == "ntf-a"; });
        QVERIFY(a->lastError.find("refused the API key (403 AuthError: Invalid token: API key "
                                  "not found)") != std::string::npos);
        QCOMPARE(*a->nextAttemptAtMs, m_clock.now + NotificationDispatcher::retryDelayMs(1));
        // An iat more than 30 s off Notify's clock is refused too.
        m_sender = NotifySender::create(options(), m_clock).value();
        write("clock", QString::number(m_clock.now + 31 * 1000)); // Notify's clock only
        NotificationDispatcher again(*m_store, m_clock, *m_sender);
        QCOMPARE(again.deliverDue()->failed, 1);
        QVERIFY(journal().last().answer["errors"].toArray()[0].toObject()["message"].toString() ==
                "Error: Your system clock must be accurate to within 30 seconds");
    }

    void rateLimitHoldsTextsForAMinuteWithoutCountingAnAttempt()
    {
        QVERIFY(startNotify({"--answers", "201,429"})); // the email first, then a text
        enqueue("ntf-a", "alert", "07700 900111");
        enqueue("ntf-b", "alert", "07700 900222");
        enqueue("ntf-mail", "alert", "coordinator@eastmoor-dc.example");
        NotificationDispatcher dispatcher(*m_store, m_clock, *m_sender);
        auto round = dispatcher.deliverDue();
        QVERIFY(round->held);
        QCOMPARE(round->delivered, 1); // the email: another channel is not held
        auto sent = journal();
        QCOMPARE(sent.size(), 2);
        // Email goes first: alerts by email never wait behind texts.
        QCOMPARE(sent[0].path, QString("/v2/notifications/email"));
        QCOMPARE(sent[0].status, 201);
        QCOMPARE(sent[1].status, 429);
        QCOMPARE(sent[1].answer["errors"].toArray()[0].toObject()["error"].toString(),
                 QString("RateLimitError"));
        for (const Notification &n : listed(false)) {
            if (n.id != "ntf-mail") {
                QCOMPARE(n.attempts, 0); // asked to wait is not a failed attempt
                QVERIFY(!n.deliveredAtMs);
            }
        }
        advance(NotificationDispatcher::kThrottleMs - 1);
        QCOMPARE(dispatcher.deliverDue()->delivered, 0);
        QCOMPARE(journal().size(), 2); // nothing sent while waiting
        advance(1);
        QCOMPARE(dispatcher.deliverDue()->delivered, 2);
    }

    void serverErrorIsRetriedAfterTheBackOff()
    {
        QVERIFY(startNotify({"--answers", "500"}));
        enqueue("ntf-a", "alert", "07700 900111");
        NotificationDispatcher dispatcher(*m_store, m_clock, *m_sender);
        QCOMPARE(dispatcher.deliverDue()->failed, 1);
        QCOMPARE(journal()[0].status, 500);
        QVERIFY(listed(false)[0].lastError.find("500 Exception: Internal server error") !=
                std::string::npos);
        advance(NotificationDispatcher::retryDelayMs(1) - 1);
        QCOMPARE(dispatcher.deliverDue()->delivered, 0);
        advance(1);
        QCOMPARE(dispatcher.deliverDue()->delivered, 1);
        QCOMPARE(listed(false)[0].attempts, 2);
        QVERIFY(listed(false)[0].lastError.empty());
    }

    void lostAnswerIsAskedAboutNotSentTwice()
    {
        QVERIFY(startNotify({"--answers", "0"}));
        enqueue("ntf-lost", "alert", "07700 900111");
        NotificationDispatcher dispatcher(*m_store, m_clock, *m_sender);
        QCOMPARE(dispatcher.deliverDue()->failed, 1); // no answer came back
        const QString id = journal()[0].answer["id"].toString();
        QVERIFY(!id.isEmpty());
        advance(NotificationDispatcher::retryDelayMs(1));
        QCOMPARE(dispatcher.deliverDue()->delivered, 1);
        const auto requests = journal();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests[1].method, QString("GET"));
        QCOMPARE(requests[1].path, QString("/v2/notifications?reference=ntf-lost"));
        QCOMPARE(QString::fromStdString(listed(false)[0].providerId), id); // Notify's first one
    }

    void unexpectedAnswerIsRetriedNeverDropped()
    {
        QVERIFY(startNotify());
        // A wrong --notify-url: Notify's own 404 for a path it does not serve.
        NotifyOptions o = options();
        o.baseUrl += "/v2";
        m_sender = NotifySender::create(o, m_clock).value();
        enqueue("ntf-a", "alert", "07700 900111");
        NotificationDispatcher dispatcher(*m_store, m_clock, *m_sender);
        QCOMPARE(dispatcher.deliverDue()->failed, 1);
        QCOMPARE(journal()[0].status, 404);
        QVERIFY(listed(false)[0].nextAttemptAtMs.has_value());
        QVERIFY(listed(false)[0].lastError.find("check --notify-url") != std::string::npos);
    }

    void permanentFailureIsListedAsFailed()
    {
        QVERIFY(startNotify());
        // Notify's documented test number for a permanent failure.
        enqueue("ntf-perm", "alert", "07700 900002");
        NotificationDispatcher dispatcher(*m_store, m_clock, *m_sender);
        QCOMPARE(dispatcher.deliverDue()->delivered, 1);
        QCOMPARE(dispatcher.confirmDelivered()->pending, 1);
        advance(NotificationDispatcher::kRecheckMs + 1);
        QCOMPARE(dispatcher.confirmDelivered()->failed, 1);
        m_store.reset();

        ServerProcess admin(path("store-" + QString::number(m_run)),
                            doorstep::server::StoreLocation{m_location}.postgres()
                                ? QString::fromStdString(m_location)
                                : QString());
        const auto run = admin.admin({"notifications", "--failed"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("ntf-perm") || run.out.contains("07700 900002"),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains("FAILED") &&
                     run.out.contains("permanent-failure: the phone network says the number "
                                      "does not exist"),
                 qPrintable(run.out));
    }

    void temporaryFailureIsSentAgain()
    {
        QVERIFY(startNotify());
        enqueue("ntf-temp", "alert", "07700 900003"); // Notify's temporary-failure number
        NotificationDispatcher dispatcher(*m_store, m_clock, *m_sender);
        QCOMPARE(dispatcher.deliverDue()->delivered, 1);
        QCOMPARE(dispatcher.confirmDelivered()->pending, 1);
        advance(NotificationDispatcher::kRecheckMs + 1);
        QCOMPARE(dispatcher.confirmDelivered()->retried, 1);
        const Notification n = listed(false)[0];
        QVERIFY(!n.deliveredAtMs);
        QCOMPARE(QString::fromStdString(n.providerStatus), QString("temporary-failure"));
        QVERIFY(n.lastError.find("temporary-failure") != std::string::npos);
        advance(NotificationDispatcher::retryDelayMs(1));
        QCOMPARE(dispatcher.deliverDue()->delivered, 1);
        QCOMPARE(listed(false)[0].attempts, 2);
        const auto requests = journal();
        const auto posts = std::count_if(requests.begin(), requests.end(),
                                         [](const Request &r) { return r.method == "POST"; });
        QCOMPARE(posts, 2);
    }

    void numberThatIsNotAUkMobileIsRefusedBeforeSending()
    {
        QVERIFY(startNotify());
        enqueue("ntf-landline", "alert", "01632 960123");
        NotificationDispatcher dispatcher(*m_store, m_clock, *m_sender);
        QCOMPARE(dispatcher.deliverDue()->gaveUp, 1);
        QCOMPARE(journal().size(), 0);
        const auto failed = listed(true);
        QCOMPARE(failed.size(), std::size_t(1));
        QVERIFY2(failed[0].lastError.find("***123 is not a UK mobile number (Not a UK mobile "
                                          "number)") != std::string::npos,
                 failed[0].lastError.c_str());
    }

    // End to end: `serve` on a demo council, its clock at 07:00 on the base day, sends
    // tomorrow's reminders through Notify; a resident who asked for video calls gets the
    // council's link, in the reminder template's ((video_link)).
    void serveSendsRemindersWithTheVideoLinkThroughNotify()
    {
        QVERIFY(startNotify());
        setClock(1795392000000 + 7 * 3600 * 1000); // 23 November 2026, 07:00 UTC
        ServerProcess s(path("serve-data"));
        QCOMPARE(s.admin({"demo", "--seed", "7", "--residents", "300", "--base-day", "2026-11-23"})
                     .exitCode,
                 0);
        QVERIFY(s.start({"--clock-file", path("clock"), "--notify-every", "1", "--notify-key-file",
                         path("api.key"), "--notify-templates", path("doorstep-templates.txt"),
                         "--notify-url", "https://localhost:" + QString::number(m_port),
                         "--notify-ca", path("notify.pem")}));
        Request video;
        const bool arrived = QTest::qWaitFor(
            [&] {
                for (const Request &r : journal()) {
                    if (r.path == "/v2/notifications/sms" && r.status == 201 &&
                        r.request["template_id"].toString() == kReminderSms &&
                        r.request["personalisation"].toObject()["video_call"].toString() == "yes") {
                        video = r;
                        return true;
                    }
                }
                return false;
            },
            30000);
        QVERIFY2(arrived, qPrintable("no reminder with a video link reached Notify within 30 s; "
                                     "server log:\n" +
                                     QString::fromUtf8(s.log())));
        const QJsonObject fields = video.request["personalisation"].toObject();
        const QString link = fields["video_link"].toString();
        QVERIFY2(
            QRegularExpression("^https://meet\\.eastmoor-dc\\.example/home-visiting/hv2026\\d{6}$")
                .match(link)
                .hasMatch(),
            qPrintable(link));
        QCOMPARE(video.answer["content"].toObject()["body"].toString(),
                 "Home Visiting Service: we visit you on " + fields["date"].toString() + ", " +
                     fields["start_time"].toString() + " to " + fields["end_time"].toString() +
                     ". Video: " + link);
        // Within the next 24 hours, in the council's words.
        QVERIFY2(QRegularExpression("^(Monday 23|Tuesday 24) November$")
                     .match(fields["date"].toString())
                     .hasMatch(),
                 qPrintable(fields["date"].toString()));
        // Texts carry no names: the reminder's fields are the service, the time and the link.
        QCOMPARE(fields.keys(), QStringList({"body", "date", "end_time", "service", "start_time",
                                             "subject", "video_call", "video_link"}));
        // `notifications` shows it with Notify, then delivered once Notify says so.
        const QString ref = video.request["reference"].toString();
        QString line;
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (const QString &l : s.admin({"notifications"}).out.split('\n')) {
                    if (l.endsWith("\t" + ref)) {
                        line = l;
                    }
                }
                return line.contains("visit_reminder") && line.contains("(GOV.UK Notify: sending)");
            },
            10000));
        setClock(m_clock.now + NotificationDispatcher::kRecheckMs + 1000);
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         for (const QString &l : s.admin({"notifications"}).out.split('\n')) {
                             if (l.endsWith("\t" + ref)) {
                                 line = l;
                             }
                         }
                         return line.contains("delivered") &&
                                line.contains("(GOV.UK Notify: delivered)");
                     },
                     10000),
                 qPrintable(line));
    }

    // End to end: an officer's video call on a case asks for the link to be sent; `serve`
    // sends it through Notify in the video_link template, to the resident's mobile.
    void officersVideoCallSendsTheLinkThroughNotify()
    {
        QVERIFY(startNotify());
        ServerProcess s(path("serve-video"));
        QVERIFY(startServe(s));
        TestClient client(s.port());
        const auto device = enrolDevice(s, client, "demo.officer");
        QVERIFY(!device.deviceId.isEmpty());
        // One of the officer's cases whose resident has a mobile.
        std::map<std::string, v1::Resident> residents;
        std::vector<v1::Case> cases;
        v1::PullRequest pull;
        for (bool more = true; more;) {
            const auto reply = client.call("/v1/pull", pull, device.token);
            QCOMPARE(reply.status, 200);
            const auto page = parseAs<v1::PullResponse>(reply.body);
            for (const v1::Change &c : page.changes()) {
                if (c.upsert().has_resident()) {
                    residents[c.upsert().resident().id()] = c.upsert().resident();
                } else if (c.upsert().has_case_()) {
                    cases.push_back(c.upsert().case_());
                }
            }
            pull.set_cursor(page.next_cursor());
            more = page.has_more();
        }
        const auto kase = std::find_if(cases.begin(), cases.end(), [&](const v1::Case &c) {
            const auto &r = residents[c.resident_id()];
            return contact::ukMobile(r.phone()).ok() &&
                   r.contact_needs().preferred_channel() != v1::CONTACT_CHANNEL_EMAIL;
        });
        QVERIFY2(kase != cases.end(), "the demo officer has a resident with a mobile");

        v1::PushRequest push;
        v1::Mutation &m = *push.add_mutations();
        m.set_mutation_id("mut-video-link");
        v1::CaseEvent &e = *m.mutable_append_case_event();
        e.set_id("evt-video-link");
        e.set_case_id(kase->id());
        e.set_kind(v1::CASE_EVENT_KIND_CONTACT);
        e.mutable_contact()->set_kind(v1::CONTACT_KIND_VIDEO_CALL);
        e.mutable_contact()->set_outcome(v1::CONTACT_OUTCOME_SENT);
        e.mutable_contact()->set_send_video_link(true);
        const auto pushed = client.call("/v1/push", push, device.token);
        QCOMPARE(pushed.status, 200);
        QCOMPARE(parseAs<v1::PushResponse>(pushed.body).results(0).status(),
                 v1::MUTATION_STATUS_APPLIED);

        Request sent;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         for (const Request &r : journal()) {
                             if (r.request["template_id"].toString() == kVideoLinkSms) {
                                 sent = r;
                                 return true;
                             }
                         }
                         return false;
                     },
                     30000),
                 "the video-call link did not reach Notify within 30 s");
        QCOMPARE(sent.status, 201);
        QString room = QString::fromStdString(kase->case_number()).toLower();
        room.remove('-');
        const QString link = "https://meet.eastmoor-dc.example/home-visiting/" + room;
        QCOMPARE(
            sent.request["phone_number"].toString(),
            QString::fromStdString(*contact::ukMobile(residents[kase->resident_id()].phone())));
        QCOMPARE(sent.request["personalisation"].toObject()["video_link"].toString(), link);
        QCOMPARE(sent.answer["content"].toObject()["body"].toString(),
                 "Home Visiting Service: join your video call at " + link);

        // The same again is refused with words: not a video call.
        v1::PushRequest wrong = push;
        wrong.mutable_mutations(0)->set_mutation_id("mut-video-link-2");
        wrong.mutable_mutations(0)->mutable_append_case_event()->set_id("evt-video-link-2");
        wrong.mutable_mutations(0)->mutable_append_case_event()->mutable_contact()->set_kind(
            v1::CONTACT_KIND_PHONE);
        const auto refused =
            parseAs<v1::PushResponse>(client.call("/v1/push", wrong, device.token).body);
        QCOMPARE(refused.results(0).status(), v1::MUTATION_STATUS_REJECTED);
        QVERIFY(refused.results(0).error().message().find("video call") != std::string::npos);
    }

private:
    // `serve` on a demo council (base day 23 November 2026), its clock at 07:00 UTC that day,
    // sending through the Notify-compatible server.
    bool startServe(ServerProcess &s)
    {
        setClock(1795392000000 + 7 * 3600 * 1000);
        if (s.admin({"demo", "--seed", "7", "--residents", "300", "--base-day", "2026-11-23"})
                .exitCode != 0) {
            return false;
        }
        return s.start({"--clock-file", path("clock"), "--notify-every", "1", "--notify-key-file",
                        path("api.key"), "--notify-templates", path("doorstep-templates.txt"),
                        "--notify-url", "https://localhost:" + QString::number(m_port),
                        "--notify-ca", path("notify.pem")});
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }

    void write(const QString &name, const QString &text)
    {
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text.toUtf8());
    }

    void setClock(std::int64_t ms)
    {
        m_clock.now = ms;
        write("clock", QString::number(ms));
    }
    void advance(std::int64_t ms) { setClock(m_clock.now + ms); }

    NotifyOptions options() const
    {
        NotifyOptions o;
        o.baseUrl = "https://localhost:" + std::to_string(m_port);
        o.key = *NotifyKey::parse(kKey.toStdString());
        o.templates = *NotifyTemplates::read(path("doorstep-templates.txt").toStdString());
        o.caFile = path("notify.pem").toStdString();
        o.timeout = std::chrono::seconds(10);
        return o;
    }

    bool startNotify(const QStringList &extra = {})
    {
        QFile::remove(path("notify.port"));
        endWithParent(m_notify);
        m_notify.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_notify.start(DOORSTEP_NOTIFY_SERVER,
                       QStringList{"--cert", path("notify.pem"), "--key", path("notify.key"),
                                   "--api-key-file", path("api.key"), "--templates",
                                   path("templates.json"), "--port-file", path("notify.port"),
                                   "--journal", path("journal"), "--clock-file", path("clock")} +
                           extra);
        const bool up = QTest::qWaitFor([&] { return QFile::exists(path("notify.port")); }, 10000);
        if (!up) {
            qWarning("the Notify-compatible server did not start within 10 s");
            return false;
        }
        QFile f(path("notify.port"));
        f.open(QIODevice::ReadOnly);
        m_port = static_cast<quint16>(f.readAll().trimmed().toUInt());
        auto sender = NotifySender::create(options(), m_clock);
        m_sender = std::move(*sender);
        return m_port != 0;
    }

    void stopNotify()
    {
        if (m_notify.state() != QProcess::NotRunning) {
            m_notify.kill();
            m_notify.waitForFinished(5000);
        }
    }

    void enqueue(const std::string &id, const std::string &kind, const std::string &address,
                 const std::string &personalisation = "{}")
    {
        Notification n;
        n.id = id;
        n.kind = kind;
        n.aboutId = "about-" + id;
        n.address = address;
        n.subject = "Subject of " + id;
        n.body = "Body of " + id;
        n.createdAtMs = m_clock.now;
        n.personalisation = personalisation;
        QVERIFY(m_store->write([&](StoreSession &s) { return s.enqueueNotification(n); }).ok());
    }

    std::vector<Notification> listed(bool failedOnly)
    {
        std::vector<Notification> out;
        (void)m_store->read([&](StoreSession &s) -> Status {
            auto l = s.listNotifications(failedOnly);
            if (l) {
                out = std::move(*l);
            }
            return {};
        });
        return out;
    }

    QList<Request> journal() const
    {
        QList<Request> out;
        QFile f(path("journal"));
        if (!f.open(QIODevice::ReadOnly)) {
            return out;
        }
        for (const QByteArray &line : f.readAll().split('\n')) {
            const auto parts = line.split('\t');
            if (parts.size() != 3) {
                continue;
            }
            const auto head = QString::fromUtf8(parts[0]).split(' ');
            Request r;
            r.method = head.value(0);
            r.path = head.value(1);
            r.status = head.value(2).toInt();
            r.request = QJsonDocument::fromJson(parts[1]).object();
            r.answer = QJsonDocument::fromJson(parts[2]).object();
            out.push_back(r);
        }
        return out;
    }

    QTemporaryDir m_dir;
    FixedClock m_clock;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<NotifySender> m_sender;
    QProcess m_notify;
    quint16 m_port = 0;
    int m_run = 0;
    std::string m_location;
};

QTEST_GUILESS_MAIN(TestNotify)
#include "tst_notify.moc"
