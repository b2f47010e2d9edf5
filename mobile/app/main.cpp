// doorstep: the officer's app.
//
//   doorstep [--data DIR] [--nmea FILE]
//   doorstep --server URL --enrol-code CODE --demo-pin PIN [--screenshots DIR]
//   doorstep --data DIR --demo-pin PIN --report-startup
//
// With --server and --enrol-code the app enrols itself and chooses --demo-pin as its PIN (the
// demo); with --demo-pin alone it unlocks. --screenshots renders the key screens to PNG files
// after the first sync and exits, for machines with no display. --report-startup prints how
// long the start took, to the first frame of Today with its visits, and exits (the benchmarks'
// cold start). With no display, --help, --screenshots and --report-startup run offscreen;
// anything else says that the app needs a display.

#include "models/appcontroller.h"
#include "models/visitlistmodel.h"
#include "qmlwarnings.h"
#include "screenshottour.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTextStream>
#include <QTimer>

#include <QtQml/qqmlextensionplugin.h>
#include <memory>

Q_IMPORT_QML_PLUGIN(Doorstep_CorePlugin)
Q_IMPORT_QML_PLUGIN(DoorstepPlugin)

using doorstep::mobile::AppController;

namespace {

// Prints the start-up figures once Today shows its visits: the first frame swapped after the
// store is open and the visit list has loaded.
void reportStartup(QQuickWindow *window, AppController *app, const QElapsedTimer *sinceStart)
{
    auto unlockStarted = std::make_shared<qint64>(-1);
    auto unlockMs = std::make_shared<qint64>(-1);
    auto nextFrameCounts = std::make_shared<bool>(false);
    QObject::connect(app, &AppController::busyChanged, app, [=] {
        if (app->busy() && app->stage() == AppController::Locked && *unlockStarted < 0) {
            *unlockStarted = sinceStart->elapsed();
        }
    });
    QObject::connect(app, &AppController::stageChanged, app, [=] {
        if (app->stage() == AppController::Ready && *unlockMs < 0 && *unlockStarted >= 0) {
            *unlockMs = sinceStart->elapsed() - *unlockStarted;
        }
    });
    QObject::connect(
        window, &QQuickWindow::frameSwapped, app,
        [=] {
            if (*nextFrameCounts) {
                QTextStream(stdout) << "startup first-frame-ms=" << sinceStart->elapsed()
                                    << " unlock-ms=" << *unlockMs << Qt::endl;
                QGuiApplication::exit(0);
                return;
            }
            if (app->stage() != AppController::Ready) {
                return;
            }
            const auto lists = window->findChildren<doorstep::mobile::VisitListModel *>();
            for (const auto *visits : lists) {
                if (!visits->loading() && visits->count() > 0) {
                    // This frame may predate the rows; the next one shows them.
                    *nextFrameCounts = true;
                    window->update();
                }
            }
        },
        Qt::QueuedConnection);
}

// With no display and no platform chosen, Qt would abort in its xcb plugin. The modes that
// need no screen (help, rendering the screens to files, the start-up figure) run offscreen;
// anything else is told plainly. Returns false when the app cannot run.
bool choosePlatform(int argc, char *argv[])
{
#if !defined(Q_OS_LINUX) || defined(Q_OS_ANDROID)
    // Elsewhere the platform always has a screen.
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return true;
#endif
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
        qEnvironmentVariableIsSet("WAYLAND_DISPLAY")) {
        return true;
    }
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v" ||
            arg == "--version" || arg == "--report-startup" || arg == "--screenshots" ||
            arg.startsWith("--screenshots=")) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return true;
        }
    }
    QTextStream(stderr)
        << "doorstep: the app needs a display, and this session has none (neither DISPLAY nor "
           "WAYLAND_DISPLAY is set). Run it in a desktop session, or render its key screens to "
           "PNG files with --screenshots DIR.\n";
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    if (!choosePlatform(argc, argv)) {
        return 2;
    }
    QGuiApplication application(argc, argv);
    QGuiApplication::setApplicationName("Doorstep");
    QGuiApplication::setOrganizationName("Doorstep");
    QQuickStyle::setStyle("Material");

    QCommandLineParser cli;
    cli.setApplicationDescription("Doorstep: offline-first home visiting for councils");
    cli.addHelpOption();
    const QCommandLineOption data("data", "Where the encrypted store lives.", "DIR");
    const QCommandLineOption nmea("nmea", "Read positions from a recorded NMEA file.", "FILE");
    const QCommandLineOption server("server", "The sync server, for enrolment.", "URL");
    const QCommandLineOption code("enrol-code", "One-time enrolment code.", "CODE");
    const QCommandLineOption pin("demo-pin", "Demo only: the PIN to choose or unlock with.", "PIN");
    const QCommandLineOption shots("screenshots", "Render the key screens here, then exit.", "DIR");
    const QCommandLineOption ca("ca-file",
                                "The council's certificate authorities (PEM), trusted besides the "
                                "system's (default: council-ca.pem in the data directory).",
                                "FILE");
    const QCommandLineOption startup("report-startup",
                                     "Print the time to the first frame of Today, then exit.");
    cli.addOptions({data, nmea, server, code, pin, shots, ca, startup});
    cli.process(application);

    AppController app;
    if (cli.isSet(data)) {
        app.setDataDir(cli.value(data));
    }
    app.setNmeaFile(cli.value(nmea));
    app.setCaFile(cli.value(ca));

    QQmlApplicationEngine engine;
    doorstep::mobile::QmlWarnings warnings;
    warnings.watch(&engine);
    warnings.watchMessages();
    engine.addImportPath("qrc:/qt/qml");
    engine.setInitialProperties({{"app", QVariant::fromValue(&app)}});
    engine.load(QUrl("qrc:/qt/qml/Doorstep/Main.qml"));
    if (engine.rootObjects().isEmpty()) {
        return 1;
    }
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first());

    // The demo signs itself in: enrol with the code and choose the PIN, or unlock with it.
    // Only the first unlock is automatic, so the Lock button still locks the demo.
    const QString demoPin = cli.value(pin);
    bool demoUnlocked = false;
    QObject::connect(&app, &AppController::stageChanged, &app, [&] {
        if (app.stage() == AppController::Ready) {
            demoUnlocked = true;
        }
        if (demoPin.isEmpty() || app.busy()) {
            return;
        }
        if (app.stage() == AppController::Enrol && cli.isSet(server) && cli.isSet(code) &&
            app.error().isEmpty()) {
            app.beginEnrolment(cli.value(server), cli.value(code));
        } else if (app.stage() == AppController::ChoosePin) {
            app.choosePin(demoPin, demoPin);
        } else if (app.stage() == AppController::Locked && app.error().isEmpty() && !demoUnlocked) {
            demoUnlocked = true;
            app.unlock(demoPin);
        }
    });
    QObject::connect(&app, &AppController::errorChanged, &app, [&] {
        if (!app.error().isEmpty()) {
            QTextStream(stderr) << "doorstep: " << app.error() << "\n";
        }
    });

    if (cli.isSet(startup)) {
        reportStartup(window, &app, &sinceStart);
    }

    if (cli.isSet(shots)) {
        auto *tour = new doorstep::mobile::ScreenshotTour(window, &app, cli.value(shots), &app);
        QObject::connect(
            tour, &doorstep::mobile::ScreenshotTour::done, &application, [&warnings](int count) {
                QTextStream(stdout) << count << " screens rendered\n";
                // A QML warning is a bug: the run that shows the screens fails.
                if (warnings.count() > 0) {
                    QTextStream(stderr)
                        << "doorstep: " << warnings.count() << " QML warnings while "
                        << "rendering the screens; the first: " << warnings.messages().first()
                        << "\n";
                }
                QGuiApplication::exit(count > 0 && warnings.count() == 0 ? 0 : 1);
            });
        bool started = false;
        auto begin = [&, tour] {
            if (!started) {
                started = true;
                tour->start();
            }
        };
        QObject::connect(&app, &AppController::synced, tour, begin);
        // Without a server (or when it refuses), render what the tablet holds.
        QTimer::singleShot(30000, tour, begin);
    }

    app.start();
    return QGuiApplication::exec();
}
