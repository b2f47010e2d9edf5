#pragma once

// The words the app uses for the records' enums and events, in one place so every screen says
// the same thing the same way. Plain English, and always "resident", never "customer".

#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/common.pb.h"
#include "doorstep/v1/resident.pb.h"

#include <QString>
#include <QStringList>

namespace doorstep::mobile::wording {

QString visitStatus(v1::VisitStatus status);
// What a coordinator did about a lone-working alert: "Escalated to the police".
QString alertResolution(v1::AlertResolution resolution, const QString &escalatedTo);
QString caseStatus(v1::CaseStatus status);
QString referralSource(v1::ReferralSource source);
// As a column heading or chart label: "Ward member", "Self-referral".
QString referralSourceLabel(v1::ReferralSource source);
QString urgency(v1::Urgency urgency);
// "Sent" for a referral made on this device that the server has not answered yet.
QString referralStatus(v1::ReferralStatus status);
QString partner(v1::Partner partner);
QString channel(v1::ContactChannel channel);
QString vulnerability(v1::VulnerabilityFlag flag);
QString risk(const v1::RiskMarker &marker);
// The resident's vulnerabilities and address risks, each in words.
QStringList vulnerabilities(const v1::Resident &resident);
QStringList risks(const v1::Resident &resident);

// How to contact the resident, most important first: hearing loss (with the offer of a video
// call or text), interpreter, large print, sight loss, digital exclusion, preferred channel.
QStringList contactNeeds(const v1::ContactNeeds &needs);

QString residentName(const v1::Resident &resident);
// Their date of birth as people read it ("2 December 1959"), or as stored when it is not a
// date written the ISO way.
QString dateOfBirth(const v1::Resident &resident);
// "Position recorded (within 12 m)", or "No position fix".
QString position(const v1::GeoPosition &position);
// "12 Mill Lane, Eastmoor"; the postcode is shown on its own.
QString addressLine(const v1::PostalAddress &address);

// A resident's field as a person reads it ("preferred channel"), and a value of it as a
// conflict carries it (the server's text form, "phone: \"07700 900601\""): the text of a text
// field, else the value as written; "(empty)" for a field cleared.
QString fieldLabel(const std::string &field);
QString residentFieldValue(const std::string &field, const std::string &text);

// The sync status while a long pull runs: "Syncing: 12,000 records so far, 40% done, about
// 20 seconds left". The time left is the rest at the pace so far, said once there is a pace
// to go by (two pages and a twentieth of the way).
QString pullProgress(qint64 records, double done, int pages, double elapsedSeconds);

// A timeline entry as the officer reads it: a short title and a line of detail.
struct EventText
{
    QString title;
    QString detail;
};
EventText event(const v1::CaseEvent &event);

} // namespace doorstep::mobile::wording
