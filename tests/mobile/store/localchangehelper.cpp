// Test helper for tst_localchanges: records local changes in a real store until it is killed.
//   localchangehelper <db path> <hex key> once   record one change, say "written", wait
//   localchangehelper <db path> <hex key> loop   record changes without end, saying each
// The test kills it with SIGKILL and checks the store afterwards.

#include "store/encryptedstore.h"
#include "store/localchanges.h"
#include "time/systemclock.h"

#include <QByteArray>

#include <array>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

using namespace doorstep;
using namespace doorstep::mobile;

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: localchangehelper <db> <hex key> once|loop\n");
        return 2;
    }
    const QByteArray raw = QByteArray::fromHex(argv[2]);
    if (raw.size() != 32) {
        return 2;
    }
    std::array<std::uint8_t, 32> key{};
    std::memcpy(key.data(), raw.constData(), key.size());
    SystemClock clock;
    auto store = EncryptedStore::open(argv[1], key, clock);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    LocalChanges changes(store->database(), clock);
    const bool loop = std::strcmp(argv[3], "loop") == 0;
    for (int i = 0;; ++i) {
        v1::Mutation m;
        m.set_mutation_id("m-" + std::to_string(i));
        v1::CaseEvent *e = m.mutable_append_case_event();
        e->set_id("e-" + std::to_string(i));
        e->set_case_id("c1");
        e->set_kind(v1::CASE_EVENT_KIND_NOTE);
        e->mutable_note()->set_text("Resident asked for a call back");
        if (auto s = changes.record(m); !s) {
            std::fprintf(stderr, "%s\n", s.error().message.c_str());
            return 1;
        }
        std::printf("written %d\n", i);
        std::fflush(stdout);
        if (!loop) {
            break;
        }
    }
    // Wait to be killed: the test decides when this process dies.
    for (;;) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}
