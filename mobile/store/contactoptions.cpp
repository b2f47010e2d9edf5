#include "store/contactoptions.h"

#include "contact/ukmobile.h"
#include "contact/videolink.h"

#include <QVariantMap>

#include <algorithm>

namespace doorstep::mobile {

namespace {

// A number as a global tel: URI: "+44" for a UK number written from 0, else its digits as
// written (with a leading +).
QString globalNumber(const std::string &phone)
{
    if (auto mobile = contact::ukMobile(phone)) {
        return QString::fromStdString(*mobile);
    }
    std::string digits;
    for (const char c : phone) {
        if (c >= '0' && c <= '9') {
            digits += c;
        }
    }
    const bool international = phone.find('+') != std::string::npos;
    if (digits.empty()) {
        return {};
    }
    if (!international && digits[0] == '0') {
        return QStringLiteral("+44") + QString::fromStdString(digits.substr(1));
    }
    return (international ? QStringLiteral("+") : QString()) + QString::fromStdString(digits);
}

} // namespace

QVariantList contactOptions(const v1::Resident &resident, const v1::Council &council,
                            const std::string &caseNumber)
{
    const v1::ContactChannel preferred = resident.contact_needs().preferred_channel();
    const QString phone = QString::fromStdString(resident.phone());
    const QString number = globalNumber(resident.phone());
    const bool mobile = contact::ukMobile(resident.phone()).ok();
    const bool email = resident.email().find('@') != std::string::npos;
    QVariantList out;
    if (!number.isEmpty()) {
        out.append(QVariantMap{{"kind", "call"},
                               {"label", QObject::tr("Call %1").arg(phone)},
                               {"url", "tel:" + number},
                               {"contactKind", int(v1::CONTACT_KIND_PHONE)},
                               {"preferred", preferred == v1::CONTACT_CHANNEL_PHONE}});
    }
    if (mobile) {
        out.append(QVariantMap{{"kind", "text"},
                               {"label", QObject::tr("Text %1").arg(phone)},
                               {"url", "sms:" + number},
                               {"contactKind", int(v1::CONTACT_KIND_TEXT)},
                               {"preferred", preferred == v1::CONTACT_CHANNEL_TEXT}});
    }
    const std::string link = contact::videoCallLink(council, caseNumber);
    if (!link.empty()) {
        // Where the server sends the link (MutationApplier::sendVideoLink decides the same).
        // Goes into the case's timeline: the number's last digits only.
        const QString ending =
            mobile ? number.right(3) : QString(); // number is +447..., from ukMobile
        const QString to = email && preferred == v1::CONTACT_CHANNEL_EMAIL ? QObject::tr("by email")
                           : mobile ? QObject::tr("by text to the mobile ending %1").arg(ending)
                           : email  ? QObject::tr("by email")
                                    : QString();
        out.append(QVariantMap{{"kind", "video"},
                               {"label", QObject::tr("Video call")},
                               {"url", QString::fromStdString(link)},
                               {"contactKind", int(v1::CONTACT_KIND_VIDEO_CALL)},
                               {"preferred", preferred == v1::CONTACT_CHANNEL_VIDEO_CALL},
                               {"sendLinkTo", to}});
    }
    std::stable_sort(out.begin(), out.end(), [](const QVariant &a, const QVariant &b) {
        return a.toMap().value("preferred").toBool() && !b.toMap().value("preferred").toBool();
    });
    return out;
}

} // namespace doorstep::mobile
