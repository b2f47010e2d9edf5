#include "admin/csvimporter.h"

#include "admin/csvreader.h"
#include "environment/timestamps.h"

#include <ctime>
#include <map>
#include <regex>
#include <set>

namespace doorstep::server {

namespace {

bool isDate(const std::string &s, std::int64_t *ms = nullptr)
{
    static const std::regex form("^(\\d{4})-(\\d{2})-(\\d{2})$");
    std::smatch m;
    if (!std::regex_match(s, m, form)) {
        return false;
    }
    std::tm tm{};
    tm.tm_year = std::stoi(m[1]) - 1900;
    tm.tm_mon = std::stoi(m[2]) - 1;
    tm.tm_mday = std::stoi(m[3]);
    const std::tm asked = tm;
    const std::time_t t = timegm(&tm);
    // timegm normalises 2026-02-30 to March: a changed day means the date does not exist.
    if (tm.tm_mday != asked.tm_mday || tm.tm_mon != asked.tm_mon || tm.tm_year < 0) {
        return false;
    }
    if (ms) {
        *ms = static_cast<std::int64_t>(t) * 1000;
    }
    return true;
}

bool validId(const std::string &s)
{
    static const std::regex form("^[A-Za-z0-9._-]{1,100}$");
    return std::regex_match(s, form);
}

} // namespace

std::vector<std::string> CsvImporter::header(Kind kind)
{
    if (kind == Kind::Residents) {
        return {"id",
                "given_name",
                "family_name",
                "date_of_birth",
                "address_line1",
                "address_line2",
                "town",
                "postcode",
                "uprn",
                "phone",
                "email",
                "ward_id",
                "hearing_loss",
                "preferred_channel"};
    }
    return {"id", "case_number", "resident_id", "status", "opened_on", "coordinator_user_id"};
}

Result<CsvImporter::Report> CsvImporter::import(Store &store, Kind kind, std::istream &csv,
                                                std::int64_t nowMs)
{
    Report report;
    CsvReader reader(csv);
    std::vector<std::string> f;
    const auto expected = header(kind);
    if (!reader.next(f) || f != expected) {
        std::string names;
        for (const auto &h : expected) {
            names += (names.empty() ? "" : ",") + h;
        }
        report.errors.push_back("line 1: the header must be exactly: " + names);
        return report;
    }
    std::vector<v1::Record> records;
    std::set<std::string> seenIds;
    std::map<std::string, long long> caseNumberLines;
    Status s = store.write([&](StoreSession &session) -> Status {
        while (reader.next(f)) {
            const std::string at = "line " + std::to_string(reader.line()) + ": ";
            if (f.size() == 1 && f[0].empty()) {
                continue; // blank line
            }
            if (reader.unterminatedQuote()) {
                report.errors.push_back(at + "a quoted field is never closed");
                break;
            }
            if (f.size() != expected.size()) {
                report.errors.push_back(at + "expected " + std::to_string(expected.size()) +
                                        " fields, found " + std::to_string(f.size()));
                continue;
            }
            std::vector<std::string> problems;
            if (!validId(f[0])) {
                problems.push_back("id must be 1-100 letters, digits, '.', '_' or '-'");
            } else if (!seenIds.insert(f[0]).second) {
                problems.push_back("id " + f[0] + " appears earlier in the file");
            }
            v1::Record r;
            if (kind == Kind::Residents) {
                v1::Resident &x = *r.mutable_resident();
                x.set_id(f[0]);
                x.set_given_name(f[1]);
                x.set_family_name(f[2]);
                if (f[1].empty() || f[2].empty()) {
                    problems.push_back("given_name and family_name are required");
                }
                if (!f[3].empty() && !isDate(f[3])) {
                    problems.push_back("date_of_birth must be a real date, YYYY-MM-DD");
                }
                x.set_date_of_birth(f[3]);
                x.mutable_address()->set_line1(f[4]);
                x.mutable_address()->set_line2(f[5]);
                x.mutable_address()->set_town(f[6]);
                x.mutable_address()->set_postcode(f[7]);
                x.mutable_address()->set_uprn(f[8]);
                if (f[4].empty() || f[7].empty()) {
                    problems.push_back("address_line1 and postcode are required");
                }
                x.set_phone(f[9]);
                x.set_email(f[10]);
                x.set_ward_id(f[11]);
                if (!f[11].empty()) {
                    auto ward = session.getRecord(v1::RECORD_TYPE_WARD, f[11]);
                    if (!ward) {
                        return ward.error();
                    }
                    if (!ward->has_value()) {
                        problems.push_back("ward_id " + f[11] + " is not a known ward");
                    }
                }
                if (f[12] != "" && f[12] != "yes" && f[12] != "no") {
                    problems.push_back("hearing_loss must be yes, no or empty");
                }
                x.mutable_contact_needs()->set_hearing_loss(f[12] == "yes");
                v1::ContactChannel channel = v1::CONTACT_CHANNEL_UNSPECIFIED;
                if (!f[13].empty() &&
                    !v1::ContactChannel_Parse("CONTACT_CHANNEL_" + f[13], &channel)) {
                    problems.push_back("preferred_channel must be TEXT, VIDEO_CALL, PHONE, "
                                       "LETTER, EMAIL or empty");
                }
                x.mutable_contact_needs()->set_preferred_channel(channel);
                x.set_version(1);
                *x.mutable_updated_at() = fromMs(nowMs);
            } else {
                v1::Case &x = *r.mutable_case_();
                x.set_id(f[0]);
                x.set_case_number(f[1]);
                if (!std::regex_match(f[1], std::regex("^[A-Z]{1,8}-\\d{4}-\\d{6,}$"))) {
                    problems.push_back("case_number must look like HV-2026-000123");
                } else if (auto [earlier, fresh] = caseNumberLines.emplace(f[1], reader.line());
                           !fresh) {
                    problems.push_back("case_number " + f[1] + " is already used on line " +
                                       std::to_string(earlier->second));
                } else {
                    auto owner = session.caseIdByNumber(f[1]);
                    if (!owner) {
                        return owner.error();
                    }
                    if (owner->has_value() && **owner != f[0]) {
                        problems.push_back("case_number " + f[1] + " already belongs to case " +
                                           **owner);
                    }
                }
                x.set_resident_id(f[2]);
                auto resident = session.getRecord(v1::RECORD_TYPE_RESIDENT, f[2]);
                if (!resident) {
                    return resident.error();
                }
                if (!resident->has_value()) {
                    problems.push_back("resident_id " + f[2].substr(0, 100) +
                                       " is not a known resident (import residents first)");
                }
                if (f[3] == "open") {
                    x.set_status(v1::CASE_STATUS_OPEN);
                } else if (f[3] == "closed") {
                    x.set_status(v1::CASE_STATUS_CLOSED);
                    // Closed now, unless it was closed already: the retention period that
                    // keeps it on officers' devices runs from the first closure.
                    auto existing = session.getRecord(v1::RECORD_TYPE_CASE, f[0]);
                    if (!existing) {
                        return existing.error();
                    }
                    if (existing->has_value() &&
                        (*existing)->case_().status() == v1::CASE_STATUS_CLOSED) {
                        *x.mutable_closed_at() = (*existing)->case_().closed_at();
                    } else {
                        *x.mutable_closed_at() = fromMs(nowMs);
                    }
                } else {
                    problems.push_back("status must be open or closed");
                }
                std::int64_t opened = 0;
                if (!isDate(f[4], &opened)) {
                    problems.push_back("opened_on must be a real date, YYYY-MM-DD");
                }
                *x.mutable_opened_at() = fromMs(opened);
                x.set_coordinator_user_id(f[5]);
                x.set_version(1);
            }
            for (const auto &p : problems) {
                report.errors.push_back(at + p);
            }
            if (problems.empty()) {
                records.push_back(std::move(r));
            }
        }
        if (!report.errors.empty()) {
            // Returning an error rolls back; the report says why.
            return makeError(v1::ERROR_CODE_VALIDATION_FAILED, "the file has errors");
        }
        for (auto &r : records) {
            // Re-importing a record updates it: versions carry on, so devices' merges stay
            // correct, and a case update re-decides who may see the whole case.
            const bool isCase = r.has_case_();
            const auto type = isCase ? v1::RECORD_TYPE_CASE : v1::RECORD_TYPE_RESIDENT;
            const std::string id = isCase ? r.case_().id() : r.resident().id();
            auto existing = session.getRecord(type, id);
            if (!existing) {
                return existing.error();
            }
            if (existing->has_value()) {
                if (isCase) {
                    r.mutable_case_()->set_version((*existing)->case_().version() + 1);
                } else {
                    r.mutable_resident()->set_version((*existing)->resident().version() + 1);
                }
            }
            auto put = session.putRecord(r, nowMs);
            if (!put) {
                return put.error();
            }
            if (isCase && existing->has_value()) {
                if (auto t = session.touchCase(id, nowMs); !t) {
                    return t;
                }
            }
        }
        report.imported = static_cast<int>(records.size());
        return {};
    });
    if (!s && report.errors.empty()) {
        return s.error();
    }
    if (!report.errors.empty()) {
        report.imported = 0;
    } else {
        store.analyze();
    }
    return report;
}

} // namespace doorstep::server
