// libFuzzer target for the app's page applier: a pulled page is the server's word, but the app
// treats it as untrusted input all the same. Any bytes must either fail to parse or be applied
// (or refused) without a crash, and a refused page must leave the store exactly as it was, the
// pull cursor included. Applying a page that was accepted a second time must also be accepted.
// The sync client's PageHead must read the same head as the whole parse.
// Run with scripts/fuzz, or:
//   build-fuzz/tests/mobile/fuzz/fuzz_pullpage tests/mobile/fuzz/corpus/pullpage

#include "db/statement.h"
#include "store/encryptedstore.h"
#include "store/recordstore.h"
#include "sync/pagehead.h"
#include "time/clock.h"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <unistd.h>

using namespace doorstep;
using namespace doorstep::mobile;

namespace {

class FixedClock final : public Clock
{
public:
    TimePoint now() const override { return fromUnixMs(1'790'000'000'000); }
};

// A fresh store now and then keeps each input's cost independent of the run's length.
constexpr int inputsPerStore = 2000;

struct Fixture
{
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("doorstep-fuzz-page-" + std::to_string(::getpid()));
    std::array<std::uint8_t, 32> key{1, 2, 3, 4, 5, 6, 7, 8};
    FixedClock clock;
    std::optional<EncryptedStore> store;
    int used = 0;

    db::Database &db()
    {
        if (!store || ++used > inputsPerStore) {
            store.reset();
            std::filesystem::remove_all(dir);
            std::filesystem::create_directories(dir);
            auto opened = EncryptedStore::open(dir / "store.db", key, clock);
            if (!opened) {
                std::abort();
            }
            store.emplace(std::move(opened).value());
            used = 0;
        }
        return store->database();
    }
};

// Row counts of every table and the sync state, as one string.
std::string fingerprint(db::Database &db)
{
    auto q = db.prepare(
        "SELECT (SELECT count(*) FROM wards) || ',' || (SELECT count(*) FROM users) || ',' ||"
        " (SELECT count(*) FROM residents) || ',' || (SELECT count(*) FROM cases) || ',' ||"
        " (SELECT count(*) FROM referrals) || ',' || (SELECT count(*) FROM visits) || ',' ||"
        " (SELECT count(*) FROM case_events) || ',' || (SELECT count(*) FROM form_definitions)"
        " || ',' || (SELECT count(*) FROM drafts) || ',' ||"
        " coalesce((SELECT group_concat(key || '=' || value) FROM sync_state), '')");
    if (!q) {
        std::abort();
    }
    auto row = q->step();
    if (!row || !*row) {
        std::abort();
    }
    return q->text(0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static Fixture fixture;
    v1::PullResponse page;
    // The sync client reads a page's head on the GUI thread, stepping over its changes; what
    // it reads must be what the store's whole parse finds.
    const auto head = PageHead::read(std::string_view(reinterpret_cast<const char *>(data), size));
    if (!page.ParseFromArray(data, static_cast<int>(size))) {
        return 0;
    }
    if (!head || head->changes != page.changes_size() || head->nextCursor != page.next_cursor() ||
        head->hasMore != page.has_more() || head->logEnd != page.log_end() ||
        head->openAlerts != page.open_alerts()) {
        std::abort();
    }
    db::Database &db = fixture.db();
    // Start each page from an empty cursor so that its changes are applied, not skipped.
    if (!db.exec("DELETE FROM sync_state WHERE key = 'pull_cursor'")) {
        std::abort();
    }
    RecordStore records(db);
    const std::string before = fingerprint(db);
    if (!records.applyPullPage(page)) {
        if (fingerprint(db) != before) {
            std::abort();
        }
        return 0;
    }
    if (!records.applyPullPage(page)) {
        std::abort();
    }
    return 0;
}
