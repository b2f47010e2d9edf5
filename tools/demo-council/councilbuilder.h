#pragma once

// The demo council's builder: one object that makes the council phase by phase (council and
// staff, residents, the plan of cases, the week's schedule, case stories, the inbox), its
// member functions defined in one file per concern:
//   generator.cpp  the phases in order, case numbers, and generateCouncil()
//   forms.cpp      the standard forms read for the stories, and ward variants
//   council.cpp    the council, wards and staff
//   residents.cpp  residents, their homes, phones and vulnerabilities
//   schedule.cpp   which cases are at which stage, and the week of scheduled visits
//   cases.cpp      referrals, each case's story from referral to close, and the inbox
//   history.cpp    case events, contacts, notes, past visits and today's worked visits
//   outcomes.cpp   a visit's outcome, checklist and consent
// Private to tools/demo-council; random draws happen in the same order as when it was one file,
// which tests/demo-council/tst_generator.cpp holds to the byte.

#include "calendar/councilcalendar.h"
#include "demo-council/builderparts.h"
#include "demo-council/generator.h"

namespace doorstep::demo::detail {

class CouncilBuilder
{
public:
    CouncilBuilder(const GeneratorOptions &options, calendar::CouncilCalendar days,
                   std::vector<v1::FormDefinition> forms);
    v1::CouncilSnapshot build();

private:
    // --- the council's calendar: days in its zone, working days without bank holidays ---------
    std::int64_t dayOf(std::int64_t t) const { return m_days.dayOf(t * 1000); }

    std::int64_t momentOnBaseDay(std::int64_t momentMs) const
    {
        return momentMs > 0 && m_days.dayOf(momentMs) == m_baseDay ? momentMs / 1000 : 0;
    }
    bool isWorkingDay(std::int64_t day) const { return m_days.isWorkingDay(day); }
    std::int64_t addWorkingDays(std::int64_t day, int n) const
    {
        return m_days.addWorkingDays(day, n);
    }
    std::int64_t workingDayOnOrBefore(std::int64_t day) const
    {
        while (!isWorkingDay(day)) {
            --day;
        }
        return day;
    }
    std::int64_t workingDayOnOrAfter(std::int64_t day) const
    {
        while (!isWorkingDay(day)) {
            ++day;
        }
        return day;
    }
    // The instant the council's clocks read `minute` (of the day) on `day`, in Unix seconds.
    std::int64_t at(std::int64_t day, std::int64_t minute) const
    {
        return m_days.at(day, static_cast<int>(minute)) / 1000;
    }
    // A time in office hours on the given day, on a five-minute grid as people write times down.
    std::int64_t officeTime(Random &rng, std::int64_t day, int fromMinute = 8 * 60 + 30,
                            int toMinute = 17 * 60 + 30) const
    {
        return at(day, std::int64_t{rng.uniformInt(fromMinute / 5, toMinute / 5)} * 5);
    }
    // "Tuesday 24 November" and "14:05", as the service writes them to residents.
    std::string longDate(std::int64_t t) const { return m_days.formatWeekdayDate(t * 1000); }
    std::string clockTime(std::int64_t t) const { return m_days.formatTime(t * 1000); }

    void addWardVariants();
    void readForms();
    void indexTemplates();
    void makeCouncil();
    void makeWards();
    int addUser(std::string id, std::string username, std::string displayName, v1::Role role,
                int ward, std::string_view emailLocal, Random &rng);
    struct PersonName
    {
        std::string given;
        std::string family;
    };

    PersonName staffName(Random &rng, Cohort cohort);
    std::string uniqueUsername(std::string_view prefix, const PersonName &name);
    void makeUsers();
    static double distance2(const Offset &a, const Offset &b);
    void assignPatches();
    static std::string mobileNumber(Random &rng);
    static std::string landlineNumber(Random &rng);
    static std::string postcode(std::string_view district, int sector, int unit);
    void makeResidents();
    static v1::ContactChannel preferredChannel(Random &rng, const ResidentState &st,
                                               bool digitallyExcluded);
    static void addVulnerabilityFlags(Random &rng, v1::Resident &r, int age);
    static TextVars varsFor(const ResidentState &st);
    void planCases();
    std::vector<std::int64_t> scheduleDays() const;
    int visitMinutes(const ResidentState &r) const;
    void scheduleWeek();
    int takeCase(std::vector<std::vector<int>> &pools, std::vector<std::size_t> &cursor, int base,
                 int showcase);
    const std::string &userId(int user) const { return m_snapshot.users(user).id(); }

    v1::CaseEvent &addEvent(std::int64_t at, v1::CaseEventKind kind, int actor);
    v1::ContactKind contactKind(const ResidentState &r);
    void addContact(std::int64_t at, int actor, const ResidentState &r, ContactPurpose purpose,
                    const TextVars &vars);
    void addNote(std::int64_t at, int actor, std::string text);
    // A template this case has not used yet, if a few tries find one: a timeline that says
    // the same thing twice reads as machine-made.
    // Only texts that fit the case: one about the food bank needs a food bank referral.
    template <typename T> const T *pickFresh(const std::vector<const T *> &pool)
    {
        std::vector<const T *> &fitting = scratch<T>();
        fitting.clear();
        for (const T *t : pool) {
            const bool fits = t->text.find("{partner}") != std::string_view::npos
                                  ? !m_casePartners.empty()
                                  : t->partner == v1::PARTNER_UNSPECIFIED ||
                                        std::find(m_casePartners.begin(), m_casePartners.end(),
                                                  t->partner) != m_casePartners.end();
            if (fits) {
                fitting.push_back(t);
            }
        }
        if (fitting.empty()) {
            return nullptr;
        }
        // Start at a random place and take the first text not used yet; repeat only when
        // every fitting text has been used.
        const std::size_t start = m_rng.index(fitting.size());
        const T *t = fitting[start];
        for (std::size_t k = 0; k < fitting.size(); ++k) {
            const T *candidate = fitting[(start + k) % fitting.size()];
            if (std::find(m_usedTexts.begin(), m_usedTexts.end(),
                          static_cast<const void *>(candidate)) == m_usedTexts.end()) {
                t = candidate;
                break;
            }
        }
        m_usedTexts.push_back(t);
        return t;
    }

    template <typename T> std::vector<const T *> &scratch()
    {
        if constexpr (std::is_same_v<T, ContactTemplate>) {
            return m_contactScratch;
        } else {
            return m_noteScratch;
        }
    }

    TextVars withPartner(const TextVars &vars, std::string_view text);
    v1::GeoPosition positionNear(const ResidentState &r, std::int64_t at);
    int coveringOfficer(const ResidentState &r);
    struct ReferralDraft
    {
        v1::Referral referral;
        const Concern *concern = nullptr;
    };

    const Concern &pickConcern(const ResidentState &r);
    ReferralDraft draftReferral(const ResidentState &r, std::int64_t receivedAt,
                                const Concern *concern);
    void addReferralEvent(const ReferralDraft &d, int coordinator);
    std::int64_t receivedTime(std::int64_t day, v1::ReferralSource source);
    std::int64_t triageTime(std::int64_t received, v1::Urgency urgency);
    struct Outcome
    {
        std::vector<std::string> areaLabels;
        std::vector<std::string> partnerNames;
        std::int64_t lastAt = 0;
    };

    Outcome recordVisitOutcome(const ResidentState &r, const TextVars &vars,
                               const std::string &visitId, int officer, std::int64_t checkIn,
                               std::int64_t checkOut, bool followUpNeeded);
    struct VisitAttempt
    {
        v1::VisitStatus status = v1::VISIT_STATUS_UNSPECIFIED;
        std::int64_t checkOut = 0;
        std::int64_t lastAt = 0;
    };

    v1::Visit *addVisit(int officer, std::int64_t start, std::int64_t end, v1::VisitStatus status,
                        bool followUpVisit);
    VisitAttempt workVisit(v1::Visit &visit, const ResidentState &r, const TextVars &vars,
                           int officer, v1::VisitStatus status, bool moreToCome,
                           std::int64_t checkIn = 0, std::int64_t checkOut = 0);
    void workToday(const ResidentState &r, const TextVars &vars, ScheduledVisit &s, bool followUp);
    VisitAttempt pastVisit(const ResidentState &r, const TextVars &baseVars, int coordinator,
                           std::int64_t after, v1::VisitStatus status, bool followUpVisit,
                           bool moreToCome, bool urgent);
    std::int64_t paddingTime(std::int64_t lo, std::int64_t hi);
    void writeCases();
    void writeCase(int i);
    void addConsentForm(const std::string &visitId, int officer, std::int64_t at);
    void addFollowUpCall(std::int64_t at, int coordinator, const TextVars &vars);
    void flushEvents();
    void writeScheduledVisits();
    void makeInbox();
    void numberCases();

    const GeneratorOptions m_options;
    const calendar::CouncilCalendar m_days;
    const std::int64_t m_baseDay; // days since 1970-01-01
    const std::int64_t m_now;     // seconds
    // The demo's moment in seconds when it falls on the base day, else 0 (GeneratorOptions).
    const std::int64_t m_moment;
    std::vector<v1::FormDefinition> m_forms;
    v1::CouncilSnapshot m_snapshot;
    NamePools m_names;
    Random m_rng = Random::stream(m_options.seed, 6);

    std::vector<ChecklistItem> m_checklist;
    std::string m_checklistId;
    // The consent form's version; 0 when the council has none.
    int m_consentVersion = 0;
    int m_notReachedCalls = 0;
    int m_checklistVersion = 0;
    std::vector<std::string> m_safeguardingQuestions;
    std::vector<const ContactTemplate *> m_contacts[v1::ContactKind_ARRAYSIZE][4];
    std::vector<const NoteTemplate *> m_notesAnyTime;
    std::vector<const NoteTemplate *> m_closingAfterVisit;
    const NoteTemplate *m_closingDeclined = nullptr;
    std::vector<const NoteTemplate *> m_notesAfterVisit;

    std::vector<WardState> m_wards;
    std::vector<int> m_officers;
    std::vector<int> m_coordinators;
    std::unordered_set<std::string> m_usernames;
    std::unordered_map<std::string, int> m_emailsSeen;
    std::unordered_map<std::string, int> m_userIndex;
    std::vector<ResidentState> m_residents;
    std::vector<CasePlan> m_plans;
    std::vector<ScheduledVisit> m_schedule;
    std::unordered_set<std::uint64_t> m_busy;

    // The case being written.
    std::string m_caseId;
    int m_caseCoordinator = 0;
    std::string m_residentId;
    std::string_view m_topic;
    std::string_view m_concernArea;
    int m_shareWithMember = -1;
    std::vector<PendingEvent> m_events;
    std::vector<const void *> m_usedTexts;
    std::vector<v1::Partner> m_casePartners;
    std::vector<std::string_view> m_casePartnerNames;
    std::vector<const ContactTemplate *> m_contactScratch;
    std::vector<const NoteTemplate *> m_noteScratch;
    std::vector<std::size_t> m_order;

    std::int64_t m_overrun = 0; // events written beyond the cases' budgets so far
    std::uint64_t m_referralCount = 0;
    std::uint64_t m_visitCount = 0;
    std::uint64_t m_eventCount = 0;
    std::uint64_t m_outcomeCount = 0;
    std::uint64_t m_partnerReferralCount = 0;
    std::uint64_t m_submissionCount = 0;
};

} // namespace doorstep::demo::detail
