// libFuzzer target for every request decoder: the first input byte picks the route and the
// encoding, the rest is the body, handed to the same Router the HTTP server uses. Any 5xx is
// a bug (the harness aborts so libFuzzer keeps the input). Run with scripts/fuzz, or:
//   build-fuzz/tests/sync-server/fuzz/fuzz_decoders tests/sync-server/fuzz/corpus/decoders

#include "routerharness.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

namespace {

doorstep::server::RouterHarness &harness()
{
    static std::unique_ptr<doorstep::server::RouterHarness> h = [] {
        auto dir = std::filesystem::temp_directory_path() /
                   ("doorstep-fuzz-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        auto made = std::make_unique<doorstep::server::RouterHarness>(dir);
        if (!made->ready()) {
            std::abort();
        }
        return made;
    }();
    return *h;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0) {
        return 0;
    }
    static const char *const routes[] = {"/v1/enrol", "/v1/token", "/v1/pull", "/v1/push"};
    const std::string route = routes[data[0] & 3];
    const std::string type = (data[0] & 4) ? "application/json" : "application/x-protobuf";
    const std::string body(reinterpret_cast<const char *>(data + 1), size - 1);
    const auto reply = harness().post(route, body, type);
    if (reply.status >= 500) {
        std::abort();
    }
    return 0;
}
