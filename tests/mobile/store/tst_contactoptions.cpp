// How an officer can reach a resident (store/contactoptions.h): the resident's preferred way
// first, tel: and sms: as global numbers, texts only to UK mobiles, and the council's
// video-call link for the case with where the server will send it.

#include "store/contactoptions.h"

#include <QtTest>

using namespace doorstep;
using namespace doorstep::mobile;

namespace {

v1::Resident resident(const std::string &phone, v1::ContactChannel preferred,
                      const std::string &email = {})
{
    v1::Resident r;
    r.set_phone(phone);
    r.set_email(email);
    r.mutable_contact_needs()->set_preferred_channel(preferred);
    return r;
}

v1::Council council(const std::string &link)
{
    v1::Council c;
    c.set_video_call_link(link);
    return c;
}

QStringList kinds(const QVariantList &options)
{
    QStringList out;
    for (const QVariant &o : options) {
        out << o.toMap().value("kind").toString();
    }
    return out;
}

QVariantMap option(const QVariantList &options, const QString &kind)
{
    for (const QVariant &o : options) {
        if (o.toMap().value("kind") == kind) {
            return o.toMap();
        }
    }
    return {};
}

} // namespace

class TestContactOptions : public QObject
{
    Q_OBJECT

private slots:
    void preferredWayComesFirst()
    {
        const auto link = council("https://meet.example.gov.uk/hv/{case}");
        QCOMPARE(kinds(contactOptions(resident("07700 900123", v1::CONTACT_CHANNEL_PHONE), link,
                                      "HV-2026-000123")),
                 QStringList({"call", "text", "video"}));
        QCOMPARE(kinds(contactOptions(resident("07700 900123", v1::CONTACT_CHANNEL_TEXT), link,
                                      "HV-2026-000123")),
                 QStringList({"text", "call", "video"}));
        const auto video = contactOptions(resident("07700 900123", v1::CONTACT_CHANNEL_VIDEO_CALL),
                                          link, "HV-2026-000123");
        QCOMPARE(kinds(video), QStringList({"video", "call", "text"}));
        QVERIFY(video[0].toMap().value("preferred").toBool());
        QVERIFY(!video[1].toMap().value("preferred").toBool());
        // Letters: nothing is preferred, the order stays.
        QCOMPARE(kinds(contactOptions(resident("07700 900123", v1::CONTACT_CHANNEL_LETTER), link,
                                      "HV-2026-000123")),
                 QStringList({"call", "text", "video"}));
    }

    void urlsAreGlobalNumbersAndTheCasesLink()
    {
        const auto options =
            contactOptions(resident("(07700) 900-123", v1::CONTACT_CHANNEL_TEXT),
                           council("https://meet.example.gov.uk/hv/{case}"), "HV-2026-000123");
        QCOMPARE(option(options, "call").value("url").toString(), QString("tel:+447700900123"));
        QCOMPARE(option(options, "text").value("url").toString(), QString("sms:+447700900123"));
        QCOMPARE(option(options, "call").value("label").toString(),
                 QString("Call (07700) 900-123"));
        QCOMPARE(option(options, "video").value("url").toString(),
                 QString("https://meet.example.gov.uk/hv/hv2026000123"));
        QCOMPARE(option(options, "video").value("sendLinkTo").toString(),
                 QString("by text to the mobile ending 123")); // it goes into the timeline
        QCOMPARE(option(options, "call").value("contactKind").toInt(), int(v1::CONTACT_KIND_PHONE));
        QCOMPARE(option(options, "text").value("contactKind").toInt(), int(v1::CONTACT_KIND_TEXT));
        QCOMPARE(option(options, "video").value("contactKind").toInt(),
                 int(v1::CONTACT_KIND_VIDEO_CALL));
    }

    void landlineIsCalledNotTextedAndTheLinkGoesByEmail()
    {
        const auto options = contactOptions(
            resident("01632 960123", v1::CONTACT_CHANNEL_VIDEO_CALL, "j@example.org"),
            council("https://meet.example.gov.uk/{case}"), "HV-2026-000001");
        QCOMPARE(kinds(options), QStringList({"video", "call"}));
        QCOMPARE(option(options, "call").value("url").toString(), QString("tel:+441632960123"));
        QCOMPARE(option(options, "video").value("sendLinkTo").toString(), QString("by email"));
        // Neither a mobile nor an email: the link is offered, with nowhere to send it.
        const auto nowhere = contactOptions(resident("01632 960123", v1::CONTACT_CHANNEL_PHONE),
                                            council("https://meet.example.gov.uk/{case}"), "HV-1");
        QCOMPARE(option(nowhere, "video").value("sendLinkTo").toString(), QString());
    }

    void nothingWithoutANumberOrALink()
    {
        QVERIFY(
            contactOptions(resident("", v1::CONTACT_CHANNEL_PHONE), council(""), "HV-1").isEmpty());
        QCOMPARE(kinds(contactOptions(resident("+33 1 23 45 67 89", v1::CONTACT_CHANNEL_PHONE),
                                      council(""), "HV-1")),
                 QStringList({"call"}));
        QCOMPARE(option(contactOptions(resident("+33 1 23 45 67 89", v1::CONTACT_CHANNEL_PHONE),
                                       council(""), "HV-1"),
                        "call")
                     .value("url")
                     .toString(),
                 QString("tel:+33123456789"));
    }
};

QTEST_GUILESS_MAIN(TestContactOptions)
#include "tst_contactoptions.moc"
