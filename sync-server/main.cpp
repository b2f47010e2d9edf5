// doorstep-server: the sync server and its administrator's subcommands.

#include "admin/admincommands.h"
#include "admin/commandline.h"
#include "auth/authenticator.h"
#include "environment/fileclock.h"
#include "environment/randomidsource.h"
#include "environment/systemclock.h"
#include "environment/systemdnotify.h"
#include "http/healthgauges.h"
#include "http/httpserver.h"
#include "http/metrics.h"
#include "http/router.h"
#include "notify/dispatcher.h"
#include "notify/notifysender.h"
#include "notify/planner.h"
#include "notify/smtpsender.h"
#include "store/datadirlock.h"
#include "store/openstore.h"
#include "store/sqlitestore.h"
#include "sync/pullservice.h"
#include "sync/pushservice.h"

#include <google/protobuf/stubs/logging.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace doorstep;
using namespace doorstep::server;

constexpr const char *usage = R"(usage: doorstep-server COMMAND [options]

  Every command finds its store in --data DIR (the embedded SQLite store), or in
  --store postgresql://... (PostgreSQL 15; many servers may share one), or in DOORSTEP_STORE.

  serve [--config FILE] --data DIR [--listen ADDR] [--port N] [--port-file FILE]
        (--cert FILE --key FILE [--tls-profile intermediate|modern] | --insecure-loopback)
        [--threads N] [--store-threads N] [--token-ttl SECONDS] [--max-body BYTES]
        [--notify-every SECONDS]           how often the notification outbox is delivered (10)
        [--smtp-host HOST --smtp-from ADDR [--smtp-port 587] [--smtp-tls starttls|none]
         [--smtp-user USER --smtp-password-file FILE] [--smtp-ca FILE]]
                                           email through the council's relay (else the log)
        [--notify-key-file FILE --notify-templates FILE [--notify-url URL] [--notify-ca FILE]]
                                           texts (and email, without --smtp-host) through
                                           GOV.UK Notify; see docs/protocol.md, Notifications
  init --data DIR [--council-name NAME] [--case-prefix HV] [--time-zone Europe/London]
       [--bank-holidays england-and-wales|scotland|northern-ireland]
  council show | council set [--escalation-steps TEXT] [--alert-escalation-minutes N]
        [--late-grace-minutes N] [--video-call-link URL] | council contact add NAME [--email ADDR] [--phone NUMBER]
        | council contact remove NAME      lone working: who is told, what to do (with --data DIR)
  holidays import FILE [--division NAME] | holidays list      (with --data DIR)
                                           GOV.UK's bank-holidays.json; a bad file changes nothing
  user add USERNAME --role officer|coordinator|ward-member|admin [--name NAME] [--ward WARD_ID]
  user list [--role ROLE] | user disable USER | user enable USER          (all with --data DIR)
  device enrol-code USER [--count N] | device list [--user USER]         (all with --data DIR)
  device revoke DEVICE_ID | device revoke --user USER (every device of a leaver)
  demo --data DIR [--seed N] [--base-day YYYY-MM-DD] [--residents N] [--forms N]
                                           (the base day is today in Europe/London by default)
  load-snapshot --data DIR FILE            a CouncilSnapshot, binary or .textproto
  import residents|cases --data DIR FILE.csv
  export outcomes|events --data DIR --to FILE.csv
  export kpis --data DIR --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE.csv]
                                           the KPIs for those council days, as the desk saves them
  backup --data DIR --to FILE              a consistent copy, also while the server runs
                                           (on PostgreSQL: pg_dump's custom format)
  restore --from FILE --data DIR [--replace yes]
                                           with no server on DIR: checks the copy's integrity
                                           and schema, keeps any store it replaces aside
  copy-store --from DIR --to postgresql://...
                                           moves a council from SQLite to PostgreSQL, whole
  audit --data DIR [--user USER] [--device DEVICE_ID] [--action PREFIX] [--since YYYY-MM-DD]
        [--limit N]                        the audit log, newest first
  notifications --data DIR [--failed]      the notification outbox, newest first

--port 0 picks a free port; --port-file writes the bound port for scripts and tests.
--config FILE gives serve's options as "name = value" lines (packaging/doorstep-server.conf);
the command line wins.
)";

// The mail relay, when --smtp-host is given: nullopt without it, an error for a bad setting.
Result<std::optional<SmtpOptions>> smtpOptions(const CommandLine &cl)
{
    if (!cl.has("smtp-host")) {
        return std::optional<SmtpOptions>();
    }
    SmtpOptions o;
    o.host = cl.value("smtp-host");
    auto from = cl.required("smtp-from");
    auto port = cl.number("smtp-port", 587, 1, 65535);
    if (!from || !port) {
        return !from ? from.error() : port.error();
    }
    o.from = *from;
    o.port = static_cast<unsigned short>(*port);
    const std::string tls = cl.value("smtp-tls", "starttls");
    if (tls != "starttls" && tls != "none") {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, "--smtp-tls is starttls or none");
    }
    o.tls = tls == "none" ? SmtpOptions::Tls::None : SmtpOptions::Tls::StartTls;
    o.caFile = cl.value("smtp-ca");
    o.user = cl.value("smtp-user");
    if (!o.user.empty()) {
        // Never on the command line, where every user of the machine can read it.
        std::ifstream in(cl.value("smtp-password-file"));
        if (!in || !std::getline(in, o.password) || o.password.empty()) {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                             "--smtp-user needs --smtp-password-file with the password on "
                             "its first line");
        }
        if (o.tls == SmtpOptions::Tls::None) {
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                             "--smtp-user would send the password in the clear with "
                             "--smtp-tls none");
        }
    }
    return std::optional<SmtpOptions>(std::move(o));
}

// GOV.UK Notify, when --notify-key-file is given: nullopt without it, an error for a bad
// setting. The templates must cover every kind of text, and every kind of email unless email
// goes through the relay.
Result<std::optional<NotifyOptions>> notifyOptions(const CommandLine &cl, bool relay)
{
    if (!cl.has("notify-key-file") && !cl.has("notify-templates")) {
        return std::optional<NotifyOptions>();
    }
    if (!cl.has("notify-key-file") || !cl.has("notify-templates")) {
        return makeError(v1::ERROR_CODE_INVALID_ARGUMENT,
                         "--notify-key-file and --notify-templates go together");
    }
    NotifyOptions o;
    std::ifstream in(cl.value("notify-key-file"));
    std::string key;
    if (!in || !std::getline(in, key)) {
        return makeError(v1::ERROR_CODE_IO,
                         "Cannot read the Notify API key from " + cl.value("notify-key-file"));
    }
    auto parsed = NotifyKey::parse(key);
    if (!parsed) {
        return Error{parsed.error().code,
                     cl.value("notify-key-file") + ": " + parsed.error().message};
    }
    o.key = *parsed;
    auto templates = NotifyTemplates::read(cl.value("notify-templates"));
    if (!templates) {
        return templates.error();
    }
    o.templates = std::move(*templates);
    for (const auto &[channel, kinds] :
         std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"sms", textNotificationKinds()},
             {"email", relay ? std::vector<std::string>() : notificationKinds()}}) {
        const auto missing = o.templates.missing(kinds, channel);
        if (!missing.empty()) {
            std::string list;
            for (const std::string &k : missing) {
                list += (list.empty() ? "" : ", ") + k;
            }
            return makeError(v1::ERROR_CODE_INVALID_ARGUMENT, cl.value("notify-templates") +
                                                                  " has no " + channel +
                                                                  " template for: " + list);
        }
    }
    o.baseUrl = cl.value("notify-url", o.baseUrl);
    o.caFile = cl.value("notify-ca");
    return std::optional<NotifyOptions>(std::move(o));
}

// Every option `serve` takes, which --config FILE may also give.
const std::set<std::string> kServeOptions = {"config",
                                             "data",
                                             "store",
                                             "listen",
                                             "port",
                                             "port-file",
                                             "cert",
                                             "key",
                                             "tls-profile",
                                             "threads",
                                             "store-threads",
                                             "token-ttl",
                                             "max-body",
                                             "notify-every",
                                             "smtp-host",
                                             "smtp-from",
                                             "smtp-port",
                                             "smtp-tls",
                                             "smtp-user",
                                             "smtp-password-file",
                                             "smtp-ca",
                                             "notify-key-file",
                                             "notify-templates",
                                             "notify-url",
                                             "notify-ca",
                                             "clock-file"};
const std::set<std::string> kServeFlags = {"insecure-loopback"};

int serve(const std::vector<std::string> &args)
{
    auto cl = CommandLine::parse(args, kServeFlags);
    if (!cl) {
        std::cerr << "doorstep-server: " << cl.error().message << '\n';
        return 2;
    }
    if (cl->has("config")) {
        if (auto read = cl->addFromFile(cl->value("config"), kServeOptions, kServeFlags); !read) {
            std::cerr << "doorstep-server: " << read.error().message << '\n';
            return 2;
        }
    }
    const auto where = chooseLocation(cl->value("store"), cl->value("data"));
    auto port = cl->number("port", 8443, 0, 65535);
    auto threads = cl->number("threads", 2, 1, 64);
    auto storeThreads = cl->number("store-threads", 2, 1, 64);
    auto ttl = cl->number("token-ttl", 15 * 60, 1, 7 * 24 * 3600);
    auto maxBody = cl->number("max-body", 4 * 1024 * 1024, 1024, 256 * 1024 * 1024);
    // Lone-working alerts go out within one tick: at most 15 s, so 10 by default.
    auto notifyEvery = cl->number("notify-every", 10, 1, 24 * 3600);
    auto smtp = smtpOptions(*cl);
    auto notify = notifyOptions(*cl, smtp && smtp->has_value());
    if (!where) {
        std::cerr << "doorstep-server: say where the store is: --data DIR, or --store "
                     "postgresql://... (or set DOORSTEP_STORE)\n";
        return 2;
    }
    for (const Error *e :
         {port ? nullptr : &port.error(), smtp ? nullptr : &smtp.error(),
          notify ? nullptr : &notify.error(), notifyEvery ? nullptr : &notifyEvery.error(),
          threads ? nullptr : &threads.error(), storeThreads ? nullptr : &storeThreads.error(),
          ttl ? nullptr : &ttl.error(), maxBody ? nullptr : &maxBody.error()}) {
        if (e) {
            std::cerr << "doorstep-server: " << e->message << '\n';
            return 2;
        }
    }
    HttpServer::Options options;
    options.address = cl->value("listen", "127.0.0.1");
    options.port = static_cast<std::uint16_t>(*port);
    options.portFile = cl->value("port-file");
    options.ioThreads = static_cast<int>(*threads);
    options.storeThreads = static_cast<int>(*storeThreads);
    options.maxBodyBytes = static_cast<std::size_t>(*maxBody);
    options.insecureLoopback = cl->has("insecure-loopback");
    options.certFile = cl->value("cert");
    options.keyFile = cl->value("key");
    auto profile = parseTlsProfile(cl->value("tls-profile"));
    if (!profile) {
        std::cerr << "doorstep-server: " << profile.error().message << '\n';
        return 2;
    }
    options.tlsProfile = *profile;
    // Under systemd (Type=notify): ready once listening, and saying so as it stops.
    options.onListening = [](std::uint16_t bound) {
        if (auto told = notifySystemd("READY=1\nSTATUS=Serving on port " + std::to_string(bound));
            !told) {
            std::cerr << "level=warn msg=systemd_notify error=\"" << told.error().message << "\"\n";
        }
    };
    options.onStopping = [] { (void)notifySystemd("STOPPING=1"); };

    // A test clock read from a file moves time without sleeping. Never on a real deployment:
    // it is accepted only with plain HTTP on loopback.
    std::unique_ptr<Clock> clock;
    if (cl->has("clock-file")) {
        if (!options.insecureLoopback) {
            std::cerr << "doorstep-server: --clock-file is for tests and needs "
                         "--insecure-loopback\n";
            return 2;
        }
        clock = std::make_unique<FileClock>(cl->value("clock-file"));
    } else {
        clock = std::make_unique<SystemClock>();
    }

    if (auto s = HttpServer::checkOptions(options); !s) {
        std::cerr << "doorstep-server: " << s.error().message << '\n';
        return 1;
    }
    // One transaction per store thread at a time: a PostgreSQL store's pool is as large.
    auto store = openStore(*where, false, static_cast<int>(*storeThreads));
    if (!store) {
        std::cerr << "doorstep-server: " << store.error().message << '\n';
        return 1;
    }
    // One server per SQLite data directory; any number of them share a PostgreSQL database.
    std::optional<DataDirLock> lock;
    if (!where->postgres()) {
        auto acquired = DataDirLock::acquire(where->where);
        if (!acquired) {
            std::cerr << "doorstep-server: " << acquired.error().message << '\n';
            return 1;
        }
        lock.emplace(std::move(*acquired));
    }
    RandomIdSource ids;
    Authenticator auth(**store, *clock, ids, {*ttl * 1000, 72 * 3600 * 1000});
    PullService pull(**store, *clock);
    PushService push(**store, *clock, ids);
    Metrics metrics;
    Router router(auth, pull, push, metrics);
    HealthGauges gauges(**store, *clock);
    router.setGauges([&gauges] { return gauges.render(); });
    HttpServer server(router, options);
    // The notification outbox is delivered beside the HTTP server: texts through Notify when
    // it is configured, email through the relay when one is (else through Notify), and what
    // has nowhere to go to the log.
    LogSender log(std::cerr);
    std::optional<SmtpSender> email;
    std::unique_ptr<NotifySender> notifySender;
    if (notify->has_value()) {
        auto created = NotifySender::create(std::move(**notify), *clock);
        if (!created) {
            std::cerr << "doorstep-server: " << created.error().message << '\n';
            return 2;
        }
        notifySender = std::move(*created);
    }
    if (smtp->has_value()) {
        email.emplace(**smtp);
    }
    NotificationSender &texts =
        notifySender ? *notifySender : static_cast<NotificationSender &>(log);
    NotificationSender &mail = email ? static_cast<NotificationSender &>(*email) : texts;
    RoutingSender sender(mail, texts);
    NotificationDispatcher dispatcher(**store, *clock, sender);
    NotificationPlanner planner(**store, *clock, ids);
    std::jthread delivery([&](std::stop_token stop) {
        while (!stop.stop_requested()) {
            // First what the time has made due (overdue alerts, reminders), then delivery.
            if (auto planned = planner.planDue(); !planned) {
                std::cerr << "level=error msg=notification_planning error=\""
                          << planned.error().message << "\"\n";
            }
            if (auto round = dispatcher.deliverDue(); !round) {
                std::cerr << "level=error msg=notifications error=\"" << round.error().message
                          << "\"\n";
            }
            // Then what Notify has to say about what it accepted.
            if (auto confirmed = dispatcher.confirmDelivered(); !confirmed) {
                std::cerr << "level=error msg=notification_receipts error=\""
                          << confirmed.error().message << "\"\n";
            }
            // Relative sleeps, not a timed wait on an absolute deadline: a clock moved by an
            // administrator (or by libfaketime in the calendar tests) must not stall delivery.
            for (long long tenths = 0; tenths < *notifyEvery * 10 && !stop.stop_requested();
                 ++tenths) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
    });
    if (auto s = server.run(); !s) {
        std::cerr << "doorstep-server: " << s.error().message << '\n';
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    // Protobuf logs every undecodable client body (for example invalid UTF-8) to stderr. The
    // request is already answered with an Error and logged as one line, so drop its chatter.
    google::protobuf::SetLogHandler(nullptr);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << usage;
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    if (command == "serve") {
        return serve(args);
    }
    SystemClock clock;
    RandomIdSource ids;
    AdminCommands admin(clock, ids, std::cout, std::cerr);
    return admin.run(command, args);
}
