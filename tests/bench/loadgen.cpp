// doorstep-loadgen: plays N devices doing delta syncs against a sync server, for W3 of the
// benchmark suite. Plain C++ on Boost.Asio/Beast (not the Qt app), one thread, one kept-alive
// connection per device, each device syncing back to back for the whole run.
//
//   doorstep-loadgen doorstep|couch --port P --devices FILE --seconds S [--mutations K]
//                    [--server-pid PID[,PID+...]]   (+: with its children)
//                    [--tag T]
//
// FILE has one device per line:
//   doorstep:  <bearer token> <cursor to start from> <case id>[,<case id>...]
//   couch:     <database> <since> <case id>[,<case id>...]
//
// One sync is what each protocol needs to bring a device up to date after a local change:
//   doorstep:  POST /v1/push with K notes, then POST /v1/pull from the stored cursor until
//              has_more is false;
//   couch:     POST /<db>/_bulk_docs with K note documents, then GET /<db>/_changes from the
//              stored since (include_docs, 500 a page) until a page comes back short.
// Each device first syncs once untimed (warm-up), then syncs until the time is up. A 503 is
// the server shedding load: the device backs off and retries, as the protocol asks
// (exponential with full jitter, like the app, but from 100 ms up to 5 s rather than the
// app's 5 s up to 10 minutes), and it is counted as shed. Any other answer, or a broken connection,
// fails the request and is counted. Prints one JSON object on stdout.

#include "doorstep/v1/sync.pb.h"
#include "wire/zstdcoding.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;

namespace {

enum class Protocol { Doorstep, Couch };

struct Device
{
    std::string credential; // bearer token, or the database name
    std::string position;   // pull cursor, or _changes since
    std::vector<std::string> cases;
};

struct Totals
{
    std::vector<double> latenciesMs;
    long long requests = 0;
    long long failed = 0;
    long long shed = 0;
    long long pushed = 0;
    long long pulledChanges = 0;
    long long bytesIn = 0;
    long long bytesOut = 0;
    std::string firstFailure;
};

struct Run
{
    Protocol protocol = Protocol::Doorstep;
    asio::ip::tcp::endpoint endpoint;
    int mutations = 20;
    // Makes mutation ids unique across runs against the same server.
    std::string tag = "lg";
    Clock::time_point measureFrom;
    Clock::time_point deadline;
    Totals totals;
    int warm = 0;
    int devices = 0;
};

struct Answer
{
    unsigned status = 0;
    std::string body;
};

class Failure : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

awaitable<Answer> exchange(Run &run, beast::tcp_stream &stream, beast::flat_buffer &buffer,
                           http::request<http::string_body> request)
{
    std::mt19937 jitter(static_cast<unsigned>(reinterpret_cast<std::uintptr_t>(&stream)));
    int shedInARow = 0;
    for (;;) {
        request.prepare_payload();
        stream.expires_after(std::chrono::seconds(60));
        run.totals.bytesOut += static_cast<long long>(request.body().size());
        co_await http::async_write(stream, request, use_awaitable);
        http::response_parser<http::string_body> parser;
        parser.body_limit(256 * 1024 * 1024);
        co_await http::async_read(stream, buffer, parser, use_awaitable);
        http::response<http::string_body> response = parser.release();
        ++run.totals.requests;
        run.totals.bytesIn += static_cast<long long>(response.body().size());
        if (response.result_int() == 503) {
            ++run.totals.shed;
            asio::steady_timer wait(stream.get_executor());
            const long long bound = std::min(5000LL, 100LL << std::min(shedInARow++, 6));
            wait.expires_after(std::chrono::milliseconds(
                std::uniform_int_distribution<long long>(0, bound)(jitter)));
            co_await wait.async_wait(use_awaitable);
            continue;
        }
        // Doorstep's answers come zstd-encoded, as the app asks for them (the decoding is the
        // device's work, counted here as the app would do it).
        if (response[http::field::content_encoding] == "zstd") {
            auto plain = doorstep::wire::zstdDecompress(response.body(), 256u << 20);
            if (!plain) {
                throw Failure("answer could not be decoded: " + plain.error().message);
            }
            co_return Answer{response.result_int(), std::move(*plain)};
        }
        co_return Answer{response.result_int(), std::move(response.body())};
    }
}

// `zstd`: the request asks for a zstd-encoded answer, as the app's do.
http::request<http::string_body> post(const std::string &target, std::string body,
                                      const std::string &contentType, const std::string &token,
                                      bool zstd = false)
{
    http::request<http::string_body> r{http::verb::post, target, 11};
    r.set(http::field::host, "127.0.0.1");
    r.set(http::field::content_type, contentType);
    if (zstd) {
        r.set(http::field::accept_encoding, "zstd");
    }
    if (!token.empty()) {
        r.set(http::field::authorization, "Bearer " + token);
    }
    r.body() = std::move(body);
    return r;
}

// The number after `"key":` in a JSON text, as written (CouchDB sequences may be strings).
std::string jsonScalar(const std::string &json, const std::string &key)
{
    const std::string needle = "\"" + key + "\":";
    const auto at = json.rfind(needle);
    if (at == std::string::npos) {
        return {};
    }
    auto p = at + needle.size();
    while (p < json.size() && json[p] == ' ') {
        ++p;
    }
    if (p < json.size() && json[p] == '"') {
        const auto end = json.find('"', p + 1);
        return end == std::string::npos ? std::string() : json.substr(p + 1, end - p - 1);
    }
    auto end = p;
    while (end < json.size() && (std::isdigit(static_cast<unsigned char>(json[end])) != 0)) {
        ++end;
    }
    return json.substr(p, end - p);
}

long long countOf(const std::string &text, const std::string &needle)
{
    long long n = 0;
    for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) {
        ++n;
    }
    return n;
}

awaitable<void> doorstepSync(Run &run, beast::tcp_stream &stream, beast::flat_buffer &buffer,
                             Device &device, int index, long long round)
{
    doorstep::v1::PushRequest push;
    for (int j = 0; j < run.mutations; ++j) {
        auto &m = *push.add_mutations();
        const std::string id = run.tag + "-" + std::to_string(index) + "-" + std::to_string(round) +
                               "-" + std::to_string(j);
        m.set_mutation_id(id);
        auto &e = *m.mutable_append_case_event();
        e.set_id("evt-" + id);
        e.set_case_id(device.cases[static_cast<std::size_t>(round + j) % device.cases.size()]);
        e.set_kind(doorstep::v1::CASE_EVENT_KIND_NOTE);
        e.mutable_note()->set_text("Rang the resident to confirm Thursday's visit; no answer.");
    }
    Answer a = co_await exchange(run, stream, buffer,
                                 post("/v1/push", push.SerializeAsString(),
                                      "application/x-protobuf", device.credential, true));
    if (a.status != 200) {
        throw Failure("push answered " + std::to_string(a.status) + ": " + a.body.substr(0, 200));
    }
    doorstep::v1::PushResponse pushed;
    if (!pushed.ParseFromString(a.body) || pushed.results_size() != run.mutations) {
        throw Failure("push answer does not hold a result per mutation");
    }
    for (const auto &r : pushed.results()) {
        if (r.status() != doorstep::v1::MUTATION_STATUS_APPLIED) {
            throw Failure("mutation " + r.mutation_id() + " not applied: " + r.error().message());
        }
    }
    run.totals.pushed += run.mutations;
    for (;;) {
        doorstep::v1::PullRequest pull;
        pull.set_cursor(std::stoll(device.position));
        pull.set_page_size(500);
        a = co_await exchange(run, stream, buffer,
                              post("/v1/pull", pull.SerializeAsString(), "application/x-protobuf",
                                   device.credential, true));
        doorstep::v1::PullResponse page;
        if (a.status != 200 || !page.ParseFromString(a.body)) {
            throw Failure("pull answered " + std::to_string(a.status) + ": " +
                          a.body.substr(0, 200));
        }
        run.totals.pulledChanges += page.changes_size();
        device.position = std::to_string(page.next_cursor());
        if (!page.has_more()) {
            break;
        }
    }
}

awaitable<void> couchSync(Run &run, beast::tcp_stream &stream, beast::flat_buffer &buffer,
                          Device &device, int index, long long round)
{
    std::string docs = "{\"docs\":[";
    for (int j = 0; j < run.mutations; ++j) {
        const std::string id = run.tag + "-" + std::to_string(index) + "-" + std::to_string(round) +
                               "-" + std::to_string(j);
        docs += (j ? "," : "");
        docs += "{\"_id\":\"evt-" + id + "\",\"type\":\"case_event\",\"case_id\":\"" +
                device.cases[static_cast<std::size_t>(round + j) % device.cases.size()] +
                "\",\"kind\":\"note\",\"note\":{\"text\":\"Rang the resident to confirm "
                "Thursday's visit; no answer.\"}}";
    }
    docs += "]}";
    Answer a = co_await exchange(
        run, stream, buffer,
        post("/" + device.credential + "/_bulk_docs", std::move(docs), "application/json", {}));
    if (a.status != 201 || countOf(a.body, "\"ok\":true") != run.mutations) {
        throw Failure("_bulk_docs answered " + std::to_string(a.status) + ": " +
                      a.body.substr(0, 200));
    }
    run.totals.pushed += run.mutations;
    for (;;) {
        http::request<http::string_body> get{
            http::verb::get,
            "/" + device.credential +
                "/_changes?include_docs=true&limit=500&since=" + device.position,
            11};
        get.set(http::field::host, "127.0.0.1");
        a = co_await exchange(run, stream, buffer, std::move(get));
        const std::string last = jsonScalar(a.body, "last_seq");
        if (a.status != 200 || last.empty()) {
            throw Failure("_changes answered " + std::to_string(a.status) + ": " +
                          a.body.substr(0, 200));
        }
        const long long changes = countOf(a.body, "\"changes\":[");
        run.totals.pulledChanges += changes;
        device.position = last;
        if (changes < 500) {
            break;
        }
    }
}

awaitable<void> play(Run &run, Device &device, int index)
{
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    beast::flat_buffer buffer;
    bool warmedUp = false;
    try {
        co_await stream.async_connect(run.endpoint, use_awaitable);
        for (long long round = 0;; ++round) {
            const auto start = Clock::now();
            if (warmedUp && start >= run.deadline) {
                break;
            }
            if (run.protocol == Protocol::Doorstep) {
                co_await doorstepSync(run, stream, buffer, device, index, round);
            } else {
                co_await couchSync(run, stream, buffer, device, index, round);
            }
            const auto end = Clock::now();
            if (!warmedUp) {
                warmedUp = true;
                ++run.warm;
                // Everyone warms up before anyone is measured.
                while (run.warm < run.devices && Clock::now() < run.deadline) {
                    asio::steady_timer wait(stream.get_executor());
                    wait.expires_after(std::chrono::milliseconds(20));
                    co_await wait.async_wait(use_awaitable);
                }
                continue;
            }
            if (start >= run.measureFrom && end <= run.deadline) {
                run.totals.latenciesMs.push_back(
                    std::chrono::duration<double, std::milli>(end - start).count());
            }
        }
    } catch (const std::exception &e) {
        ++run.totals.failed;
        if (run.totals.firstFailure.empty()) {
            run.totals.firstFailure = e.what();
        }
        if (!warmedUp) {
            ++run.warm;
        }
    }
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

std::string escape(const std::string &s)
{
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

int usage()
{
    std::fprintf(stderr, "usage: doorstep-loadgen doorstep|couch --port P --devices FILE "
                         "--seconds S [--mutations K] [--tag T] [--server-pid PID]\n");
    return 2;
}

// CPU seconds (user + system) a process has used so far, from /proc; -1 when unknown.
double cpuSeconds(int pid)
{
    if (pid <= 0) {
        return -1;
    }
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Fields after the command name, which is in parentheses and may hold spaces.
    const auto close = text.rfind(')');
    if (close == std::string::npos) {
        return -1;
    }
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; fields >> field && i <= 15; ++i) {
        if (i == 14 || i == 15) { // utime, stime
            ticks += std::atof(field.c_str());
        }
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// CPU seconds of every process in `pids` ("1234,5678+": a trailing + adds the process's live
// children, such as PostgreSQL's backends under its postmaster); -1 when one is unknown.
double cpuSecondsOf(const std::string &pids)
{
    double total = 0;
    for (std::size_t p = 0; p < pids.size();) {
        const auto comma = std::min(pids.find(',', p), pids.size());
        std::string one = pids.substr(p, comma - p);
        p = comma + 1;
        const bool children = !one.empty() && one.back() == '+';
        if (children) {
            one.pop_back();
        }
        const int pid = std::atoi(one.c_str());
        const double own = cpuSeconds(pid);
        if (own < 0) {
            return -1;
        }
        total += own;
        if (children) {
            std::ifstream list("/proc/" + one + "/task/" + one + "/children");
            for (int child; list >> child;) {
                total += std::max(0.0, cpuSeconds(child));
            }
        }
    }
    return pids.empty() ? -1 : total;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        return usage();
    }
    Run run;
    const std::string mode = argv[1];
    if (mode != "doorstep" && mode != "couch") {
        return usage();
    }
    run.protocol = mode == "couch" ? Protocol::Couch : Protocol::Doorstep;
    int port = 0;
    double seconds = 10;
    std::string serverPids;
    std::string devicesFile;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--port") {
            port = std::atoi(value.c_str());
        } else if (flag == "--devices") {
            devicesFile = value;
        } else if (flag == "--seconds") {
            seconds = std::atof(value.c_str());
        } else if (flag == "--tag") {
            run.tag = value;
        } else if (flag == "--mutations") {
            run.mutations = std::max(1, std::atoi(value.c_str()));
        } else if (flag == "--server-pid") {
            serverPids = value;
        } else {
            return usage();
        }
    }
    std::vector<Device> devices;
    std::ifstream in(devicesFile);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        Device d;
        std::string cases;
        if (!(words >> d.credential >> d.position >> cases)) {
            continue;
        }
        for (std::size_t p = 0; p <= cases.size();) {
            const auto comma = std::min(cases.find(',', p), cases.size());
            d.cases.push_back(cases.substr(p, comma - p));
            p = comma + 1;
        }
        devices.push_back(std::move(d));
    }
    if (port <= 0 || devices.empty() || seconds <= 0) {
        return usage();
    }
    // One socket per device on each side of loopback.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }

    asio::io_context io(1);
    run.endpoint = {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)};
    run.devices = static_cast<int>(devices.size());
    // Warm-up has its own budget: measuring starts when every device has synced once.
    const auto runFor =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    run.measureFrom = Clock::time_point::max();
    run.deadline = Clock::now() + std::chrono::minutes(10);
    for (std::size_t i = 0; i < devices.size(); ++i) {
        asio::co_spawn(io, play(run, devices[i], static_cast<int>(i)), asio::detached);
    }
    Clock::time_point started;
    double serverCpuAtStart = -1;
    double serverCpu = -1;
    // Watches for the end of warm-up, then sets the measured window, and samples the server's
    // CPU at both ends of it.
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
            asio::steady_timer tick(io);
            while (run.warm < run.devices && Clock::now() < run.deadline) {
                tick.expires_after(std::chrono::milliseconds(10));
                co_await tick.async_wait(use_awaitable);
            }
            started = Clock::now();
            run.totals = Totals{{}, 0, run.totals.failed, 0, 0, 0, 0, 0, run.totals.firstFailure};
            run.measureFrom = started;
            run.deadline = started + runFor;
            serverCpuAtStart = cpuSecondsOf(serverPids);
            tick.expires_at(run.deadline);
            co_await tick.async_wait(use_awaitable);
            const double end = cpuSecondsOf(serverPids);
            serverCpu = serverCpuAtStart < 0 || end < 0 ? -1 : end - serverCpuAtStart;
        },
        asio::detached);
    io.run();
    const double elapsed = std::chrono::duration<double>(run.deadline - started).count();
    const auto &t = run.totals;
    std::printf("{\"protocol\":\"%s\",\"devices\":%zu,\"seconds\":%.3f,\"syncs\":%zu,"
                "\"syncs_per_s\":%.1f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"requests\":%lld,"
                "\"failed\":%lld,\"shed\":%lld,\"pushed\":%lld,\"pulled_changes\":%lld,"
                "\"bytes_in\":%lld,\"bytes_out\":%lld,\"server_cpu_s\":%.2f,"
                "\"first_failure\":\"%s\"}\n",
                mode.c_str(), devices.size(), elapsed, t.latenciesMs.size(),
                static_cast<double>(t.latenciesMs.size()) / elapsed,
                percentile(t.latenciesMs, 0.50), percentile(t.latenciesMs, 0.99), t.requests,
                t.failed, t.shed, t.pushed, t.pulledChanges, t.bytesIn, t.bytesOut, serverCpu,
                escape(t.firstFailure).c_str());
    return t.failed == 0 ? 0 : 1;
}
