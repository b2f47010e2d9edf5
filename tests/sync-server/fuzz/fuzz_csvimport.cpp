// libFuzzer target for the administrator's CSV import: the file comes from outside the
// server (a spreadsheet exported by another council system), so no byte sequence may crash,
// hang or half-import it. The first input byte picks residents or cases; the rest is the file.
// Any report with errors must have imported nothing. Run with scripts/fuzz, or:
//   build-fuzz/tests/sync-server/fuzz/fuzz_csvimport tests/sync-server/fuzz/corpus/csvimport

#include "admin/csvimporter.h"
#include "store/sqlitestore.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace doorstep;
using namespace doorstep::server;

namespace {

constexpr std::int64_t fixedNowMs = 1795392000000;

// Successful imports accumulate, so a fresh store now and then keeps each input's cost
// independent of the run's length.
constexpr int inputsPerStore = 2000;

// A store holding what valid rows refer to: a ward, a coordinator and a resident.
std::unique_ptr<SqliteStore> freshStore()
{
    auto dir = std::filesystem::temp_directory_path() /
               ("doorstep-fuzz-csv-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = SqliteStore::open(dir, true);
    if (!opened) {
        std::abort();
    }
    auto seeded = (*opened)->write([](StoreSession &session) -> Status {
        v1::Record r;
        r.mutable_ward()->set_id("ward-1");
        r.mutable_ward()->set_name("Eastmoor");
        if (auto p = session.putRecord(r, 1); !p) {
            return p.error();
        }
        r.mutable_user()->set_id("coo-1");
        r.mutable_user()->set_username("coo-1");
        r.mutable_user()->set_role(v1::ROLE_COORDINATOR);
        if (auto p = session.putRecord(r, 1); !p) {
            return p.error();
        }
        r.mutable_resident()->set_id("res-1");
        r.mutable_resident()->set_version(1);
        auto p = session.putRecord(r, 1);
        return p ? Status() : Status(p.error());
    });
    if (!seeded) {
        std::abort();
    }
    return std::move(opened).value();
}

Store &store()
{
    static std::unique_ptr<SqliteStore> s;
    static int used = 0;
    if (!s || ++used > inputsPerStore) {
        s.reset();
        s = freshStore();
        used = 0;
    }
    return *s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0) {
        return 0;
    }
    const auto kind = (data[0] & 1) ? CsvImporter::Kind::Cases : CsvImporter::Kind::Residents;
    std::istringstream csv(std::string(reinterpret_cast<const char *>(data + 1), size - 1));
    auto report = CsvImporter::import(store(), kind, csv, fixedNowMs);
    if (report && !report->errors.empty() && report->imported != 0) {
        std::abort();
    }
    return 0;
}
