// Residents: names, ages, homes in Eastmoor's wards, phones and preferred channels, and
// the vulnerabilities a home visiting service records.

#include "demo-council/councilbuilder.h"

namespace doorstep::demo::detail {

// --- residents -----------------------------------------------------------------------

std::string CouncilBuilder::postcode(std::string_view district, int sector, int unit)
{
    // Inward codes never use C, I, K, M, O or V.
    static constexpr char kUnitLetters[] = "ABDEFGHJLNPQRSTUWXYZ";
    std::string out(district);
    out += ' ';
    out += static_cast<char>('0' + sector);
    out += kUnitLetters[(unit / 20) % 20];
    out += kUnitLetters[unit % 20];
    return out;
}

void CouncilBuilder::makeResidents()
{
    Random rng = Random::stream(m_options.seed, 3);
    const int n = m_options.residents;
    const auto streetList = streets();
    const auto needs = needNotes();
    const auto risks = riskNotes();
    const auto languages = interpreterLanguages();
    const calendar::CivilDate base = civilFromDays(m_baseDay);

    std::vector<double> wardWeights;
    for (const auto &w : m_wards) {
        wardWeights.push_back(w.place->weight);
    }
    double communityWeights[kCommunityCount] = {};
    double interpreterRate[kCommunityCount] = {};
    for (const auto &c : communityShares()) {
        communityWeights[static_cast<int>(c.community)] = c.share;
        interpreterRate[static_cast<int>(c.community)] = c.interpreterRate;
    }
    // House numbers run up each street, odd and even sides mixed, so addresses never repeat.
    std::vector<int> nextNumber(streetList.size());
    for (auto &number : nextNumber) {
        number = rng.uniformInt(1, 12);
    }
    std::vector<int> nextFlat(wardPlaces().size(), 1);

    m_residents.resize(static_cast<std::size_t>(n));
    m_snapshot.mutable_residents()->Reserve(n);
    for (int i = 0; i < n; ++i) {
        ResidentState &st = m_residents[static_cast<std::size_t>(i)];
        auto *r = m_snapshot.add_residents();
        r->set_id(numbered("res", static_cast<std::uint64_t>(i + 1), 6));

        st.ward = static_cast<int>(rng.weightedIndex(wardWeights));
        const WardState &ward = m_wards[static_cast<std::size_t>(st.ward)];
        r->set_ward_id(ward.id);

        // Age at the base day: the service mostly sees people over 65.
        static constexpr double kAgeBands[] = {0.18, 0.27, 0.35, 0.20};
        static constexpr int kAgeFrom[] = {51, 65, 75, 85};
        static constexpr int kAgeTo[] = {64, 74, 84, 95};
        const std::size_t band = rng.weightedIndex(kAgeBands);
        const int age = rng.uniformInt(kAgeFrom[band], kAgeTo[band]);
        const std::int64_t birthDay =
            daysFromCivil(base.year - age, base.month, std::min(base.day, 28u)) -
            rng.uniformInt(0, 364);
        r->set_date_of_birth(isoDate(birthDay));
        const Cohort cohort = civilFromDays(birthDay).year < 1950 ? Cohort::Older : Cohort::Middle;

        const Community community = pickCommunity(rng, communityWeights);
        st.sex = rng.bernoulli(0.58) ? Sex::Female : Sex::Male;
        st.given = std::string(m_names.given(rng, community, st.sex, cohort));
        st.family = std::string(m_names.family(rng, community, st.sex));
        r->set_given_name(st.given);
        r->set_family_name(st.family);
        std::string_view title = "Mr";
        if (st.sex == Sex::Female) {
            const double t = rng.uniformReal();
            title = t < 0.72 ? "Mrs" : (t < 0.86 ? "Miss" : "Ms");
        }
        st.title = std::string(title) + " " + st.family;

        // Address: some of the oldest live in the ward's sheltered scheme.
        auto *address = r->mutable_address();
        const std::size_t si = rng.index(ward.streets.size());
        const int street = ward.streets[si];
        Offset at;
        st.sheltered = age >= 75 && rng.bernoulli(0.12);
        if (st.sheltered) {
            const int flat = nextFlat[static_cast<std::size_t>(ward.placeIndex)]++;
            address->set_line1("Flat " + std::to_string(flat) + ", " +
                               std::string(ward.place->shelteredScheme));
            address->set_line2(
                std::string(streetList[static_cast<std::size_t>(ward.streets[0])].name));
            address->set_postcode(postcode(ward.place->postcodeDistrict, 1 + ward.placeIndex % 9,
                                           ward.placeIndex * 7 + 3));
            at = ward.streetStart[0];
            const Offset jitter = randomInDisc(rng, 0.015);
            at.eastKm += jitter.eastKm;
            at.northKm += jitter.northKm;
        } else {
            const int number = nextNumber[static_cast<std::size_t>(street)];
            nextNumber[static_cast<std::size_t>(street)] += rng.bernoulli(0.6) ? 2 : 1;
            address->set_line1(std::to_string(number) + " " +
                               std::string(streetList[static_cast<std::size_t>(street)].name));
            // Neighbouring houses share a postcode, about a dozen to a unit.
            address->set_postcode(postcode(ward.place->postcodeDistrict, 1 + street % 9,
                                           (street * 37 + number / 12) % 400));
            const Offset dir = ward.streetDirection[si];
            const double along = 0.006 * number;
            const Offset jitter = randomInDisc(rng, 0.012);
            at = {ward.streetStart[si].eastKm + dir.eastKm * along + jitter.eastKm,
                  ward.streetStart[si].northKm + dir.northKm * along + jitter.northKm};
        }
        address->set_town(std::string(ward.place->town));
        char uprn[24];
        std::snprintf(uprn, sizeof uprn, "%012lld",
                      100012000000LL + 37LL * i + rng.uniformInt(0, 36));
        address->set_uprn(uprn);
        st.latitude = roundMicro(kAnchorLatitude + at.northKm / kKmPerDegreeLatitude);
        st.longitude = roundMicro(kAnchorLongitude + at.eastKm / kKmPerDegreeLongitude);
        auto *location = address->mutable_location();
        location->set_has_fix(true);
        location->set_latitude(st.latitude);
        location->set_longitude(st.longitude);
        location->set_accuracy_m(1.0);

        // Contact needs. Rates rise with age.
        auto *needsMsg = r->mutable_contact_needs();
        st.hearing = rng.bernoulli(age >= 85 ? 0.20 : 0.10);
        const double excluded = age >= 85 ? 0.50 : age >= 75 ? 0.35 : age >= 65 ? 0.25 : 0.12;
        const bool digitallyExcluded = rng.bernoulli(excluded);
        const bool sightLoss = rng.bernoulli(age >= 85 ? 0.10 : 0.0375);
        const bool largePrint = sightLoss ? rng.bernoulli(0.7) : rng.bernoulli(0.025);
        if (rng.bernoulli(interpreterRate[static_cast<int>(community)])) {
            std::vector<double> weights;
            std::vector<std::string_view> names;
            for (const auto &l : languages) {
                if (l.community == community) {
                    weights.push_back(l.weight);
                    names.push_back(l.language);
                }
            }
            if (!names.empty()) {
                st.interpreter = true;
                st.language = std::string(names[rng.weightedIndex(weights)]);
            }
        } else if (st.hearing && rng.bernoulli(0.06)) {
            st.interpreter = true;
            st.language = "British Sign Language";
        }

        // Phones: people who prefer texts have a mobile by definition.
        const double p = rng.uniformReal();
        if (st.hearing || p < (age >= 75 ? 0.45 : 0.70)) {
            st.mobile = true;
            r->set_phone(mobileNumber(rng));
        } else if (p < 0.93) {
            st.landline = true;
            r->set_phone(landlineNumber(rng));
        }
        if (!digitallyExcluded && rng.bernoulli(0.3)) {
            static constexpr std::string_view kDomains[] = {"example.com", "example.org",
                                                            "example.net"};
            char digits[8];
            std::snprintf(digits, sizeof digits, "%02d", rng.uniformInt(1, 99));
            r->set_email(asciiLetters(st.given) + "." + asciiLetters(st.family) + digits + "@" +
                         std::string(rng.pick(kDomains)));
            st.email = true;
        }
        st.channel = preferredChannel(rng, st, digitallyExcluded);

        needsMsg->set_hearing_loss(st.hearing);
        needsMsg->set_preferred_channel(st.channel);
        needsMsg->set_interpreter_needed(st.interpreter);
        needsMsg->set_interpreter_language(st.language);
        needsMsg->set_large_print(largePrint);
        needsMsg->set_digitally_excluded(digitallyExcluded);
        needsMsg->set_sight_loss(sightLoss);
        const NeedNoteKind noteKind = st.hearing && rng.bernoulli(0.6)  ? NeedNoteKind::Hearing
                                      : sightLoss && rng.bernoulli(0.6) ? NeedNoteKind::Sight
                                      : st.interpreter && rng.bernoulli(0.7)
                                          ? NeedNoteKind::Interpreter
                                      : rng.bernoulli(0.08) ? NeedNoteKind::General
                                                            : NeedNoteKind{255};
        std::vector<const NeedNote *> notes;
        for (const auto &note : needs) {
            if (note.kind == noteKind) {
                notes.push_back(&note);
            }
        }
        if (!notes.empty()) {
            needsMsg->set_notes(fill(rng.pick(notes)->text, varsFor(st)));
        }

        addVulnerabilityFlags(rng, *r, age);
        st.digitallyExcluded = digitallyExcluded;
        st.sightLoss = sightLoss;
        for (int f : r->vulnerability_flags()) {
            st.financialHardship =
                st.financialHardship || f == v1::VULNERABILITY_FLAG_FINANCIAL_HARDSHIP;
            st.isolated = st.isolated || f == v1::VULNERABILITY_FLAG_LIVES_ALONE ||
                          f == v1::VULNERABILITY_FLAG_SOCIAL_ISOLATION;
        }

        if (rng.bernoulli(0.08)) {
            st.risk = true;
            const int count = rng.bernoulli(0.15) ? 2 : 1;
            v1::RiskKind first = v1::RISK_KIND_UNSPECIFIED;
            for (int k = 0; k < count; ++k) {
                const RiskNote &note = rng.pick(risks);
                if (note.kind == first) {
                    continue;
                }
                first = note.kind;
                auto *marker = r->add_risk_markers();
                marker->set_kind(note.kind);
                marker->set_note(std::string(note.text));
                st.twoPerson = st.twoPerson || note.kind == v1::RISK_KIND_TWO_PERSON_VISIT;
            }
        }
        r->set_version(rng.uniformInt(1, 3));
        setTime(r->mutable_updated_at(), officeTime(rng, m_baseDay - rng.uniformInt(1, 500)));
    }
}

v1::ContactChannel CouncilBuilder::preferredChannel(Random &rng, const ResidentState &st,
                                                    bool digitallyExcluded)
{
    const double p = rng.uniformReal();
    if (st.hearing) {
        if (p < 0.50) {
            return v1::CONTACT_CHANNEL_TEXT;
        }
        if (p < 0.85 && !digitallyExcluded) {
            return v1::CONTACT_CHANNEL_VIDEO_CALL;
        }
        if (p < 0.92 && st.email) {
            return v1::CONTACT_CHANNEL_EMAIL;
        }
        return p < 0.92 ? v1::CONTACT_CHANNEL_TEXT : v1::CONTACT_CHANNEL_LETTER;
    }
    if (!st.mobile && !st.landline) {
        return st.email ? v1::CONTACT_CHANNEL_EMAIL : v1::CONTACT_CHANNEL_LETTER;
    }
    if (digitallyExcluded) {
        return p < 0.75 ? v1::CONTACT_CHANNEL_PHONE : v1::CONTACT_CHANNEL_LETTER;
    }
    if (p < 0.55) {
        return v1::CONTACT_CHANNEL_PHONE;
    }
    if (p < 0.70 && st.mobile) {
        return v1::CONTACT_CHANNEL_TEXT;
    }
    if (p < 0.80 && st.email) {
        return v1::CONTACT_CHANNEL_EMAIL;
    }
    if (p < 0.85) {
        return v1::CONTACT_CHANNEL_LETTER;
    }
    // No preference recorded yet.
    return v1::CONTACT_CHANNEL_UNSPECIFIED;
}

void CouncilBuilder::addVulnerabilityFlags(Random &rng, v1::Resident &r, int age)
{
    static constexpr double kCounts[] = {0.25, 0.35, 0.25, 0.15};
    const std::size_t count = rng.weightedIndex(kCounts);
    // Weights indexed by VulnerabilityFlag value; frailty and memory loss rise with age.
    double weights[11] = {0,   3.0, 2.5, age >= 80 ? 2.0 : 0.8, 1.0, 2.0, 1.0,
                          0.8, 2.0, 1.5, age >= 85 ? 3.0 : 0.8};
    std::vector<int> flags;
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t f = rng.weightedIndex(weights);
        weights[f] = 0;
        flags.push_back(static_cast<int>(f));
    }
    std::sort(flags.begin(), flags.end());
    for (int f : flags) {
        r.add_vulnerability_flags(static_cast<v1::VulnerabilityFlag>(f));
    }
}

TextVars CouncilBuilder::varsFor(const ResidentState &st)
{
    TextVars v;
    v.title = st.title;
    v.given = st.given;
    const bool f = st.sex == Sex::Female;
    v.pronoun = f ? "she" : "he";
    v.pronounCap = f ? "She" : "He";
    v.possessive = f ? "her" : "his";
    v.possessiveCap = f ? "Her" : "His";
    v.object = f ? "her" : "him";
    v.spouse = f ? "husband" : "wife";
    v.language = st.language;
    return v;
}

} // namespace doorstep::demo::detail
