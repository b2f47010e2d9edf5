#pragma once

// The people, places and words of the demo council: a fictional "Eastmoor District Council"
// somewhere in the English East Midlands. Everything is invented; phone numbers and e-mail
// domains come from ranges reserved for drama and documentation so no demo record ever
// reaches a real person.
//
// Texts may hold placeholders the generator fills in: {title} ("Mrs Patel"), {given},
// {pronoun}/{Pronoun} (she, he), {possessive}/{Possessive} (her, his), {object} (her, him),
// {spouse} (husband, wife), {date} ("Tuesday 24 November"), {time} ("10:30"), {language},
// {partner}, {neighbour} (a house number).

#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/resident.pb.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace doorstep::demo {

enum class Sex : std::uint8_t { Female, Male };

// The birth cohort a given name belongs to, so that a resident born in 1938 is a Doreen and a
// visiting officer born in 1992 is a Chloe.
enum class Cohort : std::uint8_t { Older, Middle, Younger };

// Communities the district's older residents come from. Drives names, and the language an
// interpreter is booked for.
enum class Community : std::uint8_t {
    British,
    Irish,
    Caribbean,
    Pakistani,
    Indian,
    Bangladeshi,
    Polish,
    Romanian,
    Somali,
    Chinese,
};

enum class SexFit : std::uint8_t { Any, Female, Male };

struct GivenName
{
    std::string_view name;
    Sex sex;
    Cohort cohort;
    Community community;
};

struct Surname
{
    std::string_view name;
    Community community;
    // Polish -ska/-ski forms, Kaur/Singh, Begum: a surname that goes with one sex only.
    SexFit fit = SexFit::Any;
};

struct CommunityShare
{
    Community community;
    // Share of the district's residents aged over 50.
    double share;
    // Chance that a resident from this community needs an interpreter.
    double interpreterRate;
};

struct InterpreterLanguage
{
    Community community;
    std::string_view language;
    double weight;
};

struct Street
{
    std::string_view name;
    // The ward (WardPlace::name) the street is in, or empty for any ward.
    std::string_view ward;
};

struct WardPlace
{
    std::string_view name;
    std::string_view town;
    // Fictional but well-formed postcode outward code. "EM" is not a real postcode area.
    std::string_view postcodeDistrict;
    // Centre, in kilometres east and north of the district's centre.
    double eastKm;
    double northKm;
    // How far homes spread from the centre, in kilometres.
    double radiusKm;
    // Relative number of residents the service works with here.
    double weight;
    // The ward's sheltered housing scheme, where some of the oldest residents live.
    std::string_view shelteredScheme;
};

// Who referred a resident when the source is a partner organisation.
struct ReferringPartner
{
    std::string_view name;
};

// A partner the service refers residents on to, and why.
struct PartnerService
{
    v1::Partner partner;
    std::string_view name;
    std::string_view reasons[3];
};

// Who a concern can be about: "cannot use the phone, hard of hearing" only fits a resident
// with hearing loss.
enum class ConcernFit : std::uint8_t { Anyone, HearingLoss, SightLoss, Interpreter, Sheltered };

struct Concern
{
    std::string_view text;
    // What a visit for this concern is about, for the visit's purpose line.
    std::string_view topic;
    // The signposting checklist area (its KPI id) a visit most likely covers.
    std::string_view area;
    v1::Urgency leastUrgency;
    ConcernFit fit = ConcernFit::Anyone;
};

enum class ContactPurpose : std::uint8_t {
    // Arranging a visit: the text names {date} and {time}.
    ArrangeVisit,
    // Makes sense at any point of a case.
    AnyTime,
    // Only before the first visit, such as introducing the service.
    BeforeVisit,
    // Assumes a visit has already happened.
    AfterVisit,
};

// Texts tied to a partner make sense only on a case referred to that partner; {partner} names
// whichever partner the case was referred to.
struct ContactTemplate
{
    v1::ContactKind kind;
    bool inbound;
    ContactPurpose purpose;
    std::string_view text;
    v1::Partner partner = v1::PARTNER_UNSPECIFIED;
};

enum class NeedNoteKind : std::uint8_t { Hearing, Sight, Interpreter, General };

struct NoteTemplate
{
    std::string_view text;
    // Assumes a visit has already happened.
    bool afterVisit;
    v1::Partner partner = v1::PARTNER_UNSPECIFIED;
};

struct NeedNote
{
    NeedNoteKind kind;
    std::string_view text;
};

struct RiskNote
{
    v1::RiskKind kind;
    std::string_view text;
};

struct FollowUpComment
{
    // 1 to 5; 0 when the resident was not reached.
    int score;
    std::string_view text;
};

std::span<const GivenName> givenNames();
std::span<const Surname> surnames();
std::span<const CommunityShare> communityShares();
std::span<const InterpreterLanguage> interpreterLanguages();
std::span<const Street> streets();
std::span<const WardPlace> wardPlaces();
std::span<const ReferringPartner> referringPartners();
std::span<const PartnerService> partnerServices();
std::span<const Concern> referralConcerns();
std::span<const ContactTemplate> contactTemplates();
std::span<const NeedNote> needNotes();
std::span<const RiskNote> riskNotes();
std::span<const NoteTemplate> noteTemplates();
std::span<const std::string_view> residentSituations();
std::span<const std::string_view> outcomeActions();
std::span<const std::string_view> followUpNotes();
std::span<const FollowUpComment> followUpComments();
std::span<const std::string_view> safeguardingDetails();
// Notes that close a case. The one with afterVisit false is for residents who declined a visit.
std::span<const NoteTemplate> closingReasons();
std::span<const std::string_view> noAccessNotes();
std::span<const std::string_view> cancellationReasons();

// Lower-case ASCII letters only, for usernames and e-mail addresses: "Wiśniewska" ->
// "wisniewska", "O'Brien" -> "obrien".
std::string asciiLetters(std::string_view utf8);

} // namespace doorstep::demo
