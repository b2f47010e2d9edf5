#pragma once

// Builds a real encrypted store in a temporary directory, and the records tests put in it.

#include "db/statement.h"
#include "doorstep/v1/sync.pb.h"
#include "store/encryptedstore.h"

#include "fakeclock.h"

#include <QTemporaryDir>

#include <sodium.h>

#include <array>
#include <memory>
#include <optional>

namespace doorstep::mobile::test {

class StoreFixture
{
public:
    StoreFixture()
    {
        if (sodium_init() >= 0) {
            randombytes_buf(key.data(), key.size());
        }
        reopen();
    }

    std::filesystem::path path() const { return dir.filePath("store.db").toStdString(); }
    db::Database &db() { return store->database(); }
    bool ok() const { return store.has_value(); }

    // Closes and opens the store again, as an app restart would.
    void reopen()
    {
        store.reset();
        auto opened = EncryptedStore::open(path(), key, clock);
        if (opened) {
            store.emplace(std::move(opened).value());
        }
    }

    std::int64_t count(const std::string &sql)
    {
        auto q = db().prepare(sql);
        if (!q || !q->step().ok()) {
            return -1;
        }
        return q->int64(0);
    }

    QTemporaryDir dir;
    std::array<std::uint8_t, 32> key{};
    FakeClock clock;
    std::optional<EncryptedStore> store;
};

inline v1::Resident resident(const std::string &id, const std::string &given,
                             const std::string &family, const std::string &street = "1 Mill Lane",
                             const std::string &postcode = "EM1 1AA")
{
    v1::Resident r;
    r.set_id(id);
    r.set_given_name(given);
    r.set_family_name(family);
    r.mutable_address()->set_line1(street);
    r.mutable_address()->set_town("Eastmoor");
    r.mutable_address()->set_postcode(postcode);
    r.set_version(1);
    return r;
}

inline v1::Case caseFor(const std::string &id, const std::string &residentId,
                        const std::string &number)
{
    v1::Case c;
    c.set_id(id);
    c.set_resident_id(residentId);
    c.set_case_number(number);
    c.set_status(v1::CASE_STATUS_OPEN);
    c.set_version(1);
    return c;
}

inline v1::Visit visitFor(const std::string &id, const std::string &caseId)
{
    v1::Visit v;
    v.set_id(id);
    v.set_case_id(caseId);
    v.set_officer_user_id("u-officer");
    v.set_status(v1::VISIT_STATUS_SCHEDULED);
    v.mutable_window()->mutable_start()->set_seconds(1'790'000'000);
    v.mutable_window()->mutable_end()->set_seconds(1'790'003'600);
    v.set_version(1);
    return v;
}

inline v1::CaseEvent noteFor(const std::string &id, const std::string &caseId,
                             const std::string &text, std::int64_t atSeconds = 1'790'000'000)
{
    v1::CaseEvent e;
    e.set_id(id);
    e.set_case_id(caseId);
    e.set_kind(v1::CASE_EVENT_KIND_NOTE);
    e.mutable_occurred_at()->set_seconds(atSeconds);
    e.mutable_note()->set_text(text);
    return e;
}

class PageBuilder
{
public:
    explicit PageBuilder(std::int64_t firstSeq) : m_seq(firstSeq) {}
    PageBuilder &add(const v1::Resident &r)
    {
        return upsert([&](v1::Record &x) { *x.mutable_resident() = r; });
    }
    PageBuilder &add(const v1::Case &c)
    {
        return upsert([&](v1::Record &x) { *x.mutable_case_() = c; });
    }
    PageBuilder &add(const v1::Visit &v)
    {
        return upsert([&](v1::Record &x) { *x.mutable_visit() = v; });
    }
    PageBuilder &add(const v1::CaseEvent &e)
    {
        return upsert([&](v1::Record &x) { *x.mutable_case_event() = e; });
    }
    PageBuilder &add(const v1::Referral &f)
    {
        return upsert([&](v1::Record &x) { *x.mutable_referral() = f; });
    }
    PageBuilder &evict(v1::RecordType type, const std::string &id)
    {
        v1::Change *c = m_page.add_changes();
        c->set_seq(m_seq++);
        c->mutable_evict()->set_record_type(type);
        c->mutable_evict()->set_record_id(id);
        c->mutable_evict()->set_reason(v1::EVICTION_REASON_REASSIGNED);
        return *this;
    }
    v1::PullResponse page() const
    {
        v1::PullResponse p = m_page;
        p.set_next_cursor(m_seq - 1);
        return p;
    }

private:
    template <typename F> PageBuilder &upsert(F fill)
    {
        v1::Change *c = m_page.add_changes();
        c->set_seq(m_seq++);
        fill(*c->mutable_upsert());
        return *this;
    }
    std::int64_t m_seq;
    v1::PullResponse m_page;
};

} // namespace doorstep::mobile::test
