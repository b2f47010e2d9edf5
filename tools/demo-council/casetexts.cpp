// The words of the demo council's cases: referral concerns, contacts, needs, risks and notes,
// outcomes, follow-up calls, safeguarding, closures, no-access visits and cancellations.

#include "demo-council/names.h"

namespace doorstep::demo {

namespace {

using C = Community;

constexpr v1::Urgency R = v1::URGENCY_ROUTINE;
constexpr v1::Urgency S = v1::URGENCY_SOON;
constexpr v1::Urgency U = v1::URGENCY_URGENT;

constexpr Concern kConcerns[] = {
    {"Struggling with council tax arrears since {possessive} {spouse} died",
     "council tax and benefits check", "council_tax", R},
    {"Lives alone, hard of hearing, missed the last three bin collections",
     "assisted bin collection and hearing support", "waste", R, ConcernFit::HearingLoss},
    {"Neighbour worried: curtains closed for days and post piling up behind the door",
     "welfare check", "health_and_wellbeing", U},
    {"Discharged from Royal Eastmoor Hospital after a fall; no one at home to help with shopping",
     "welfare check after hospital discharge", "health_and_wellbeing", S},
    {"Heating not on; says {pronoun} cannot afford to top up the meter", "heating and fuel costs",
     "benefits_and_money", U},
    {"Recently bereaved and not coping with the paperwork", "bereavement support and paperwork",
     "health_and_wellbeing", R},
    {"Daughter lives in Scotland and is worried {pronoun} is not eating properly",
     "welfare check and food support", "benefits_and_money", S},
    {"Has stopped going to the lunch club and sounds low on the phone",
     "loneliness and befriending", "health_and_wellbeing", R},
    {"Received a court summons for council tax and is very anxious about it", "council tax arrears",
     "council_tax", S},
    {"Caring for {possessive} {spouse}, who has dementia, and is exhausted", "carer support",
     "health_and_wellbeing", R},
    {"Smoke alarm not working; using candles since the electricity was cut off", "home fire safety",
     "health_and_wellbeing", U},
    {"Struggling with stairs; the bathroom is upstairs and {pronoun} has been washing at the "
     "kitchen sink",
     "adaptations and mobility", "housing", R},
    {"Cannot get to the GP and does not use the internet to book appointments",
     "getting online and health appointments", "digital_inclusion", R},
    {"Letters from the council not being opened; {possessive} sight is getting worse",
     "sight loss and post", "health_and_wellbeing", R, ConcernFit::SightLoss},
    {"Housing Benefit stopped after a change of circumstances; rent arrears building",
     "housing costs and benefits", "benefits_and_money", S},
    {"Garden badly overgrown and neighbours complaining; {pronoun} cannot manage it any more",
     "practical help at home", "health_and_wellbeing", R},
    {"Possible doorstep scam: a man offered roof repairs and took a £400 deposit", "scam awareness",
     "health_and_wellbeing", S},
    {"Damp and mould in the bedroom; landlord not responding", "damp and housing conditions",
     "housing", R},
    {"Hard of hearing and cannot use the phone; relies on neighbours to make calls",
     "hearing loss support", "hearing_loss", R, ConcernFit::HearingLoss},
    {"Memory getting worse; left the gas on twice, according to {possessive} son",
     "memory concerns and home safety", "health_and_wellbeing", S},
    {"Not claiming Attendance Allowance despite needing help with washing and dressing",
     "benefits check (Attendance Allowance)", "benefits_and_money", R},
    {"Thinks {possessive} Pension Credit has stopped and has lost the letter",
     "Pension Credit check", "benefits_and_money", R},
    {"Wants help to apply for a Blue Badge and a bus pass", "Blue Badge and travel",
     "health_and_wellbeing", R},
    {"Recently moved into sheltered housing and does not know anyone yet",
     "settling in and befriending", "health_and_wellbeing", R, ConcernFit::Sheltered},
    {"Food cupboards nearly empty; asked the contact centre about food banks", "food support",
     "benefits_and_money", S},
    {"Water bill has doubled and {pronoun} is worried about paying it", "household bills",
     "benefits_and_money", R},
    {"Speaks little English; a relative rang on {possessive} behalf about a benefits letter",
     "benefits letter, with interpreter", "benefits_and_money", R, ConcernFit::Interpreter},
    {"Small kitchen fire last month; fire service suggested a Safe and Well visit",
     "fire safety follow-up", "health_and_wellbeing", S},
    {"Unpaid carer for an adult son with learning disabilities; worried about what happens if "
     "{pronoun} falls ill",
     "carer support and planning ahead", "health_and_wellbeing", R},
    {"Fell in the garden and lay there for hours before being found; has no pendant alarm",
     "falls and telecare", "health_and_wellbeing", S},
    {"Confused by the online form for the council tax single person discount",
     "council tax discount", "council_tax", R},
    {"Bins not being put out; asked about an assisted collection", "assisted bin collection",
     "waste", R},
    {"Cannot afford repairs to the front steps, which are now unsafe", "home repairs and safety",
     "housing", R},
    {"Grandson has moved in and a neighbour says {pronoun} seems frightened of him",
     "welfare check (possible safeguarding)", "health_and_wellbeing", U},
    {"Would like to video-call family abroad but has no device", "getting online",
     "digital_inclusion", R},
    {"Struggling to read bills and letters after a stroke", "help with letters after a stroke",
     "health_and_wellbeing", R},
    {"Rang about a missed bin collection and mentioned {pronoun} had not spoken to anyone for a "
     "week",
     "loneliness check", "health_and_wellbeing", R},
    {"Boiler broken since October and the landlord is slow to repair it", "cold home and repairs",
     "housing", U},
    {"Recently widowed; {possessive} {spouse} used to deal with all the bills",
     "bereavement and managing bills", "benefits_and_money", R},
    {"Concessionary bus pass has expired and {pronoun} does not know how to renew it",
     "bus pass renewal", "health_and_wellbeing", R},
    {"Struggling to manage medication and missed two memory clinic appointments", "memory support",
     "health_and_wellbeing", S},
    {"Has not been out of the house since the winter", "isolation and mobility",
     "health_and_wellbeing", R},
    {"Mobility scooter kept in the hallway, blocking the way out", "home safety", "housing", R},
    {"Behind with energy bills on a prepayment meter", "energy bills and debt advice",
     "benefits_and_money", S},
    {"Worried by a letter about moving from Housing Benefit to Universal Credit",
     "Universal Credit move", "benefits_and_money", R},
    {"Sight loss: can no longer read the meter or the post; wants large print letters",
     "sight loss support", "health_and_wellbeing", R, ConcernFit::SightLoss},
    {"Mice in the kitchen and cannot afford pest control", "pest control and home conditions",
     "housing", R},
    {"Son abroad asked us to check in; {pronoun} has had several falls this year",
     "welfare check and falls", "health_and_wellbeing", S},
    {"Hoarding reported by the housing officer; neighbours worried about fire risk",
     "hoarding and fire risk", "health_and_wellbeing", S},
    {"Lost weight and seems confused, according to the pharmacist", "welfare check",
     "health_and_wellbeing", S},
};

using K = v1::ContactKind;
constexpr ContactPurpose Arrange = ContactPurpose::ArrangeVisit;
constexpr ContactPurpose Any = ContactPurpose::AnyTime;
constexpr ContactPurpose Before = ContactPurpose::BeforeVisit;
constexpr ContactPurpose After = ContactPurpose::AfterVisit;

constexpr v1::Partner kCitizensAdvice = v1::PARTNER_CITIZENS_ADVICE;
constexpr v1::Partner kCouncilTax = v1::PARTNER_COUNCIL_TAX_SUPPORT;
constexpr v1::Partner kFoodBank = v1::PARTNER_FOOD_BANK;

constexpr ContactTemplate kContactTemplates[] = {
    {K::CONTACT_KIND_PHONE, false, Arrange,
     "Rang {title} to arrange a visit; agreed {date} at {time}."},
    {K::CONTACT_KIND_PHONE, false, Arrange,
     "Phoned to book a visit for {date} at {time}. {Pronoun} asked us to knock loudly."},
    {K::CONTACT_KIND_PHONE, false, Arrange,
     "Spoke to {possessive} daughter, who will be there for the visit on {date} at {time}."},
    {K::CONTACT_KIND_PHONE, true, Arrange,
     "{title} rang back to accept a visit on {date} at {time}."},
    {K::CONTACT_KIND_TEXT, false, Arrange,
     "Text sent offering a visit on {date} at {time}; {title} replied to confirm."},
    {K::CONTACT_KIND_TEXT, false, Arrange,
     "Texted to confirm the visit on {date} at {time} and that the officer will knock and wait."},
    {K::CONTACT_KIND_VIDEO_CALL, false, Arrange,
     "Video call with {title}, captions on, to arrange a visit on {date} at {time}."},
    {K::CONTACT_KIND_LETTER, false, Arrange,
     "Letter sent confirming the visit on {date} at {time}."},
    {K::CONTACT_KIND_EMAIL, false, Arrange, "Emailed to confirm the visit on {date} at {time}."},

    {K::CONTACT_KIND_PHONE, true, Any,
     "{Possessive} son rang worried about a council tax letter. Explained the payment plan."},
    {K::CONTACT_KIND_PHONE, false, Any,
     "No answer. Left a voicemail with the service's direct number."},
    {K::CONTACT_KIND_TEXT, true, Any,
     "{title} texted asking if someone could help with a letter from the DWP."},
    {K::CONTACT_KIND_TEXT, false, Before,
     "Text sent introducing the Home Visiting Service and asking {title} to reply."},
    {K::CONTACT_KIND_VIDEO_CALL, false, Any,
     "Video call to go through the Blue Badge form together, captions on."},
    {K::CONTACT_KIND_VIDEO_CALL, false, Any,
     "Video call with {title}, captions on, to explain the new council tax bill."},
    {K::CONTACT_KIND_LETTER, false, Before,
     "Letter sent explaining the referral and asking {title} to ring or text us."},
    {K::CONTACT_KIND_LETTER, false, Before,
     "Letter sent with the service's contact details and what happens at a home visit."},
    {K::CONTACT_KIND_EMAIL, true, Any,
     "Email from {possessive} daughter asking for an update; replied with the resident's consent."},
    {K::CONTACT_KIND_IN_PERSON, true, Any,
     "{title} called in at the council offices in Eastmoor with a council tax letter."},

    {K::CONTACT_KIND_PHONE, false, After,
     "Rang to see how {pronoun} is getting on; all fine, no new concerns."},
    {K::CONTACT_KIND_PHONE, true, After, "{title} rang to say thank you for the visit."},
    {K::CONTACT_KIND_PHONE, true, After,
     "{title} rang to say {partner} had been in touch and it went well."},
    {K::CONTACT_KIND_TEXT, false, After,
     "Texted to check {partner} had been in touch; {title} replied that they had."},
    {K::CONTACT_KIND_LETTER, false, After, "Letter sent with a summary of the agreed actions."},
    {K::CONTACT_KIND_LETTER, true, After,
     "Letter from {title} thanking the officer and asking about the bus pass."},
    {K::CONTACT_KIND_VIDEO_CALL, false, After,
     "Video call with {title}, captions on, to see how things are since the visit."},
    {K::CONTACT_KIND_EMAIL, false, After,
     "Emailed {title} a copy of the agreed actions, as {pronoun} asked."},
    {K::CONTACT_KIND_PHONE, false, After,
     "Called {title} about the Attendance Allowance claim; still waiting for a decision.",
     kCitizensAdvice},
    {K::CONTACT_KIND_PHONE, true, After,
     "{title} rang asking for the Citizens Advice number again. Given, and sent by letter.",
     kCitizensAdvice},
    {K::CONTACT_KIND_LETTER, false, After,
     "Letter sent with the Pension Credit claim reference and what happens next.", kCitizensAdvice},
    {K::CONTACT_KIND_EMAIL, false, After,
     "Emailed the claim reference to {possessive} son, with the resident's consent.",
     kCitizensAdvice},
    {K::CONTACT_KIND_TEXT, false, After,
     "Text reminder sent about the new council tax payment dates.", kCouncilTax},
    {K::CONTACT_KIND_TEXT, true, After, "{title} texted to say the food parcel has arrived.",
     kFoodBank},
};

constexpr NeedNote kNeedNotes[] = {
    {NeedNoteKind::Hearing,
     "Wears hearing aids: face {object} and speak clearly; no need to shout."},
    {NeedNoteKind::Hearing, "Lip-reads: sit in good light and keep your face uncovered."},
    {NeedNoteKind::Hearing, "Cannot hear the doorbell; text when you arrive."},
    {NeedNoteKind::Hearing, "Uses a hearing loop at home and Relay UK for phone calls."},
    {NeedNoteKind::Sight, "Needs letters in 16pt or larger."},
    {NeedNoteKind::Sight, "Registered blind; read documents aloud and explain before signing."},
    {NeedNoteKind::Sight, "Macular degeneration: cannot read forms; prefers phone calls."},
    {NeedNoteKind::Interpreter,
     "Book a professional {language} interpreter; do not rely on family for money matters."},
    {NeedNoteKind::Interpreter,
     "Grandson speaks English and can help arrange visits; use a {language} interpreter at the "
     "visit."},
    {NeedNoteKind::General, "Ring and wait: takes a few minutes to reach the door."},
    {NeedNoteKind::General, "Prefers calls after 10am."},
    {NeedNoteKind::General, "Daughter helps with letters; happy for us to speak to her."},
    {NeedNoteKind::General, "Please use the back door; the front door sticks."},
};

using RK = v1::RiskKind;
constexpr RiskNote kRiskNotes[] = {
    {RK::RISK_KIND_DOG_AT_PROPERTY,
     "Large dog, friendly but jumps up; resident will shut it in the kitchen if asked."},
    {RK::RISK_KIND_DOG_AT_PROPERTY, "Two dogs: ring ahead so they can be put away."},
    {RK::RISK_KIND_TWO_PERSON_VISIT,
     "Two-person visit: a family member at the address has been aggressive to staff."},
    {RK::RISK_KIND_TWO_PERSON_VISIT, "Two-person visit only, on police advice."},
    {RK::RISK_KIND_VERBAL_AGGRESSION,
     "Son can be verbally aggressive in the afternoons; visit in the morning."},
    {RK::RISK_KIND_VERBAL_AGGRESSION,
     "Became verbally abusive at the last visit when money came up; stay calm and leave if "
     "needed."},
    {RK::RISK_KIND_HOARDING,
     "Hoarding: narrow paths through rooms and a fire risk. Do not go upstairs."},
    {RK::RISK_KIND_HOARDING, "Hoarding in the hallway; the side door is the usual way in."},
    {RK::RISK_KIND_SMOKER, "Heavy smoker; ask for a window to be opened."},
    {RK::RISK_KIND_SMOKER, "Smokes indoors; offer a doorstep visit if you have asthma."},
    {RK::RISK_KIND_ACCESS_DIFFICULT, "Steep front steps with no handrail; use the side gate."},
    {RK::RISK_KIND_ACCESS_DIFFICULT, "Third-floor flat and the lift is often out of order."},
    {RK::RISK_KIND_ACCESS_DIFFICULT,
     "Farm track, poor mobile signal: tell the office when you arrive and leave."},
};

constexpr NoteTemplate kNoteTemplates[] = {
    {"Neighbour at number {neighbour} holds a spare key.", false},
    {"GP surgery confirmed {title} is housebound.", false},
    {"Checked the council tax account: single person discount not applied. Passed to Council Tax "
     "Support.",
     false},
    {"In hospital (Royal Eastmoor, Ward 12), according to a neighbour. Contact on hold.", false},
    {"Home from hospital; district nurse visiting daily.", false},
    {"Tried to ring twice, no answer. Will try again tomorrow.", false},
    {"{Possessive} son asked for updates by email; consent confirmed with {title}.", false},
    {"Read the memory clinic appointment letter through with {title} over the phone.", false},

    {"{partner} confirmed they have been in touch with {title}.", true},
    {"Chased {partner} about the referral; they will ring {title} this week.", true},
    {"Blue Badge application submitted with the resident.", true},
    {"Warm Home Discount checked: already receiving it.", true},
    {"Helped {object} ask the DWP for more time on the Universal Credit move.", true},
    {"Household Support Fund application made.", true},
    {"{title} asked when the Attendance Allowance decision will come. Explained it can take up to "
     "eight weeks.",
     true, kCitizensAdvice},
    {"Pension Credit claim made by phone with {title} on speaker; reference on file.", true,
     kCitizensAdvice},
    {"Citizens Advice appointment booked for debt advice.", true, kCitizensAdvice},
    {"Age UK confirmed a befriending volunteer has been matched.", true, v1::PARTNER_AGE_UK},
    {"Handyperson booked to fit a rail by the front step.", true, v1::PARTNER_AGE_UK},
    {"Assisted bin collection set up from next week.", true, v1::PARTNER_ASSISTED_WASTE_COLLECTION},
    {"Food bank voucher issued; parcel delivered by volunteers.", true, kFoodBank},
    {"Large print set on the council tax account.", true, kCouncilTax},
    {"Council tax arrears: payment plan of £10 a week agreed.", true, kCouncilTax},
    {"Fire service Safe and Well visit booked.", true, v1::PARTNER_FIRE_AND_RESCUE_SAFE_AND_WELL},
    {"Safe and Well visit done by the fire service: two new smoke alarms fitted.", true,
     v1::PARTNER_FIRE_AND_RESCUE_SAFE_AND_WELL},
    {"Housing Options confirmed the damp inspection is booked.", true, v1::PARTNER_HOUSING_OPTIONS},
    {"Landlord contacted about the boiler; engineer booked for Thursday.", true,
     v1::PARTNER_HOUSING_OPTIONS},
    {"Library tablet loan arranged through the digital buddies scheme.", true,
     v1::PARTNER_DIGITAL_INCLUSION},
    {"Befriending calls now weekly on Tuesday mornings.", true, v1::PARTNER_BEFRIENDING},
    {"Occupational therapist visited; bath board and perching stool on order.", true,
     v1::PARTNER_ADULT_SOCIAL_CARE},
    {"Key safe fitted; code held by the care agency.", true, v1::PARTNER_ADULT_SOCIAL_CARE},
    {"Hearing Loss Support fitted a flashing doorbell and an amplified phone.", true,
     v1::PARTNER_HEARING_LOSS_SUPPORT},
    {"Volunteer driver booked for {possessive} hospital appointment.", true,
     v1::PARTNER_COMMUNITY_VOLUNTARY_SERVICE},
};

constexpr std::string_view kResidentSituations[] = {
    "managing day to day but finding money tight",
    "coping, with a lot of help from family",
    "lonely since {possessive} {spouse} died",
    "finding the stairs hard and worried about falling",
    "cheerful but struggling with letters and forms",
    "anxious about bills and not sleeping well",
    "keen to stay independent at home",
    "much better since coming home from hospital",
    "low in mood and not going out much",
    "well supported by neighbours but has no family nearby",
};

// Things an officer does at most visits, whatever was discussed; what is specific to the visit
// comes from the checklist and the referrals made.
constexpr std::string_view kOutcomeActions[] = {
    "Left the service's contact card and information pack",
    "Tested smoke alarms: both working",
    "Gave advice on doorstep scams and the trusted trader scheme",
    "Gave the warm spaces leaflet for the winter",
    "Agreed next steps with {title}",
    "Checked {title} knows how to contact the service",
    "Explained what each referral involves and how long it may take",
    "Gave information about local lunch clubs and community transport",
    "Updated contact details and contact preferences on the case",
};

constexpr std::string_view kFollowUpNotes[] = {
    "Ring in two weeks to see how things are going.",
    "Check in a month that the agreed actions have happened.",
    "Book a second visit in about six weeks.",
    "Call {title} after {possessive} hospital appointment next month.",
};

constexpr FollowUpComment kFollowUpComments[] = {
    {5, "Very happy: said the officer was lovely and sorted everything out."},
    {5, "Said the visit made a real difference and {pronoun} feels less on {possessive} own."},
    {5, "Delighted with the help; would recommend the service to friends."},
    {4, "Happy overall; still waiting to hear back from one of the referrals."},
    {4, "Pleased with the help, would have liked the visit sooner."},
    {3, "OK, but felt the visit was rushed."},
    {3, "Some things sorted; still worried about the bills."},
    {2, "Unhappy that nothing seemed to happen for three weeks after the visit."},
    {1, "Unhappy: nobody called back as promised."},
    {0, "No answer after three attempts; letter sent instead."},
    {0, "Number not recognised; letter sent asking the resident to call us."},
};

constexpr std::string_view kSafeguardingDetails[] = {
    "Resident said a family member takes {possessive} pension every week. Passed to the "
    "safeguarding lead the same day.",
    "Found {object} confused in a very cold house with no food in. Called the safeguarding lead "
    "and the adult social care duty team.",
    "Possible financial abuse: a new 'friend' has been taking {object} to the bank.",
    "Unexplained bruising on {possessive} arms; seemed frightened to talk while {possessive} "
    "grandson was in the room.",
    "Severe self-neglect: hoarding blocking the exits and no working toilet.",
    "Said {pronoun} no longer wanted to live; stayed until the crisis team rang back.",
};

constexpr NoteTemplate kClosingReasons[] = {
    {"Case closed: resident declined a visit and knows how to contact us if things change.", false},
    {"Case closed: all agreed actions done and the resident is happy with the support.", true},
    {"Case closed: resident declined further support and knows how to contact us again.", true},
    {"Case closed: resident has moved to live with family outside the district.", true},
    {"Case closed: resident has moved into a care home.", true},
    {"Case closed: now supported by Adult Social Care.", true, v1::PARTNER_ADULT_SOCIAL_CARE},
    {"Case closed: benefits in payment and bills under control.", true, kCitizensAdvice},
    {"Case closed: befriending in place, no further action.", true, v1::PARTNER_BEFRIENDING},
};

constexpr std::string_view kNoAccessNotes[] = {
    "No answer at the door; calling card left. Neighbour says {pronoun} is at the day centre "
    "on Thursdays.",
    "No answer; curtains open and the radio on. Rang from the doorstep, no reply. Will rebook.",
    "No access: {pronoun} was at a hospital appointment and had forgotten the visit.",
    "Could not get into the block; door entry broken. Card left with the warden.",
};

constexpr std::string_view kCancellationReasons[] = {
    "Cancelled: resident admitted to hospital.",
    "Cancelled at the resident's request; {pronoun} is unwell. Will rebook.",
    "Cancelled: officer off sick; resident told and visit rebooked.",
    "Cancelled: family visiting that day; resident asked to rebook.",
};

} // namespace

std::span<const Concern> referralConcerns()
{
    return kConcerns;
}
std::span<const ContactTemplate> contactTemplates()
{
    return kContactTemplates;
}
std::span<const NeedNote> needNotes()
{
    return kNeedNotes;
}
std::span<const RiskNote> riskNotes()
{
    return kRiskNotes;
}
std::span<const NoteTemplate> noteTemplates()
{
    return kNoteTemplates;
}
std::span<const std::string_view> residentSituations()
{
    return kResidentSituations;
}
std::span<const std::string_view> outcomeActions()
{
    return kOutcomeActions;
}
std::span<const std::string_view> followUpNotes()
{
    return kFollowUpNotes;
}
std::span<const FollowUpComment> followUpComments()
{
    return kFollowUpComments;
}
std::span<const std::string_view> safeguardingDetails()
{
    return kSafeguardingDetails;
}
std::span<const NoteTemplate> closingReasons()
{
    return kClosingReasons;
}
std::span<const std::string_view> noAccessNotes()
{
    return kNoAccessNotes;
}
std::span<const std::string_view> cancellationReasons()
{
    return kCancellationReasons;
}
} // namespace doorstep::demo
