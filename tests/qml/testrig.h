#pragma once

// What the Qt Quick tests reach as `rig`: a real doorstep-server loaded with the demo council
// on loopback, app controllers on a clock the test moves, a coordinator's view of the server,
// and the accessibility walk over the item tree.

#include "fakeclock.h"
#include "serverprocess.h"

#include <QObject>
#include <QQuickItem>
#include <QTemporaryDir>
#include <QUrl>
#include <QVariantList>
#include <QVariantMap>

#include <memory>

namespace doorstep::mobile {
class AppController;
}

class TestRig : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString serverUrl READ serverUrl CONSTANT)
    Q_PROPERTY(QString demoPin READ demoPin CONSTANT)

public:
    TestRig();
    ~TestRig() override;

    // Loads the demo council for today and starts the server; false with a message on failure.
    bool start(QString *error);
    QString serverUrl() const;
    QString demoPin() const { return QStringLiteral("482916"); }

    // A one-time enrolment code for a demo user, from the admin CLI.
    Q_INVOKABLE QString enrolCode(const QString &user);
    // An app controller on the test clock, storing under `name` in the rig's directory, with
    // the fast key derivation, the demo route as its position source and a long idle time.
    // The same name opens the same tablet again, as after the app was killed.
    Q_INVOKABLE doorstep::mobile::AppController *createApp(const QString &name);
    Q_INVOKABLE void destroyApp(doorstep::mobile::AppController *app);
    // Moves the tablet's and the server's clocks forward together.
    Q_INVOKABLE void advanceMinutes(int minutes);

    // An officer's tablet elsewhere, through the real server: `username` checks in to the
    // visit now at the position, with the lone-working timer running out in `minutes`.
    Q_INVOKABLE bool checkInAs(const QString &username, const QString &visitId, int minutes,
                               double latitude, double longitude);
    // A coordinator's desk elsewhere, through the real server: demo.coordinator closes the
    // lone-working alert on the visit, "officer safe".
    // An officer raises a safeguarding concern on a visit of theirs; returns the event's id, or
    // "" when the server did not take it.
    Q_INVOKABLE QString raiseConcernAs(const QString &username, const QString &caseId,
                                       const QString &visitId, const QString &details);
    Q_INVOKABLE bool closeAlertAsCoordinator(const QString &caseId, const QString &visitId);
    // ... closes a safeguarding concern, saying what closed it.
    Q_INVOKABLE bool closeConcernAsCoordinator(const QString &caseId, const QString &concernId,
                                               const QString &text);
    // ... and books a visit on the case for the officer, its hour-long window opening now.
    // The new visit's id, or empty if the server refused it.
    Q_INVOKABLE QString bookVisitNowAsCoordinator(const QString &caseId, const QString &officerId);
    // Two desks elsewhere change the resident's phone from the same version, through the real
    // server: the first applies (`kept`), the second meets it and the server keeps a conflict.
    Q_INVOKABLE bool makePhoneConflict(const QString &residentId, const QString &kept,
                                       const QString &other);
    // The resident's phone as the server has it now.
    Q_INVOKABLE QString serverResidentPhone(const QString &residentId);
    // Where the UI tests save what they render, from DOORSTEP_SCREENSHOT_DIR (for docs/);
    // empty, and nothing is saved, when unset.
    Q_INVOKABLE QString screenshotDir() const;

    // Stops the server process where it stands (SIGSTOP), or lets it go on (SIGCONT): a
    // server that takes its time, with no timing in the test.
    Q_INVOKABLE void holdServer(bool held);
    // The server's `export kpis` for the council days `from` to `to` ("2026-09-01"), as the
    // administrator would run it: the CSV text, or "" when it failed.
    Q_INVOKABLE QString serverKpiCsv(const QString &from, const QString &to);
    // A path under the rig's own temporary directory, and a text file's contents ("" when
    // it cannot be read).
    Q_INVOKABLE QString tempPath(const QString &name) const;
    Q_INVOKABLE QString readText(const QString &path) const;

    // The coordinator's view: pulls everything demo.coordinator may see from the server.
    // Status of a visit (VisitStatus number, 0 when unseen), and the kinds of a case's events.
    Q_INVOKABLE int serverVisitStatus(const QString &visitId);
    Q_INVOKABLE QVariantList serverCaseEventKinds(const QString &caseId);
    // The kinds of the server's notification outbox, as `doorstep-server notifications` lists
    // them, newest first.
    Q_INVOKABLE QStringList serverNotificationKinds();

    // The tel:, sms: and https: URLs the app asked the system to open (QDesktopServices), in
    // order; nothing is opened.
    Q_INVOKABLE QStringList openedUrls() const { return m_openedUrls; }
    Q_INVOKABLE void openUrl(const QUrl &url) { m_openedUrls.append(url.toString()); }

    // Reads every file under the rig's "tablets" or "server" directory, as an attacker with
    // the disk would, and reports which of `needles` appear in it as UTF-8 or UTF-16:
    // {files: how many files were read, hits: ["tablets/x/store.db: Ann Smith", ...]}.
    Q_INVOKABLE QVariantMap scanFiles(const QString &which, const QStringList &needles);

    // What a person would find wrong on the screen under `root` and in the dialogs open over
    // it, one line each ("objectName class "text": problem"): an interactive item (button,
    // text field or area, combo box, slider) under 48x48, without an accessible name, outside
    // the window sideways, labelled only by placeholder text, cut off where nothing scrolls to
    // it, or drawn over another; text elided, wider or taller than its box, or outside the
    // window sideways; typed text taller than its text area; a scroll box stacked with or inside
    // another where the page should scroll as one; things a screen reader reads after something
    // they sit above (Qt's accessibility order, see Reading in testrig.cpp); and any visible text
    // saying "customer".
    Q_INVOKABLE QStringList accessibilityProblems(QQuickItem *root);
    // With DOORSTEP_WALK_REPORT set, the tests log what the walk finds and go on, so one run
    // lists every problem on every screen; unset, the first screen with a problem fails.
    // With DOORSTEP_WALK_ONCE set (the calendar passes, which test dates, not layout), the
    // walk looks at each screen as it stands instead of in both orientations at both sizes.
    Q_INVOKABLE bool walkOnce() const { return qEnvironmentVariableIsSet("DOORSTEP_WALK_ONCE"); }
    Q_INVOKABLE bool reportOnly() const
    {
        return qEnvironmentVariableIsSet("DOORSTEP_WALK_REPORT");
    }

private:
    bool pullAsCoordinator();
    QStringList m_openedUrls;

    QTemporaryDir m_dir;
    bool m_held = false;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<TestClient> m_client;
    doorstep::mobile::test::FakeClock m_clock;
    QByteArray m_coordinatorToken;
    qint64 m_cursor = 0;
    QHash<QString, int> m_visitStatus;
    QHash<QString, QVariantList> m_caseEvents;
    QHash<QString, QByteArray> m_residents; // serialized, from the coordinator's pulls
    QHash<QString, QByteArray> m_officerTokens;
};
