#include "testrig.h"

#include "democouncil.h"

#include <QDesktopServices>

#include "models/appcontroller.h"

#include "doorstep/v1/sync.pb.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QQmlContext>
#include <QQmlProperty>
#include <QQuickWindow>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <vector>

using doorstep::mobile::AppController;
namespace v1 = doorstep::v1;

namespace {

constexpr int kTouch = 48;

bool interactive(const QQuickItem *item)
{
    for (const char *cls : {"QQuickAbstractButton", "QQuickTextInput", "QQuickTextEdit",
                            "QQuickComboBox", "QQuickSlider", "QQuickSpinBox"}) {
        if (item->inherits(cls)) {
            return true;
        }
    }
    return false;
}

// Inner editors of a control (the TextInput inside a SpinBox) are named by their control.
bool insideControl(const QQuickItem *item)
{
    for (const QQuickItem *p = item->parentItem(); p; p = p->parentItem()) {
        if (p->inherits("QQuickComboBox") || p->inherits("QQuickSpinBox")) {
            return true;
        }
    }
    return false;
}

QString describe(const QQuickItem *item)
{
    const QString name =
        item->objectName().isEmpty() ? QStringLiteral("(unnamed)") : item->objectName();
    QString text = item->property("text").toString();
    if (text.isEmpty()) {
        text = item->property("placeholderText").toString();
    }
    return QStringLiteral("%1 %2 \"%3\"").arg(name, item->metaObject()->className(), text);
}

// The walk over the item tree behind TestRig::accessibilityProblems. Each check is something a
// person would see go wrong on a screen, at any text size and in either orientation.
struct Walk
{
    Walk(const QRectF &w, QStringList &p) : window(w), problems(p) {}
    QRectF window;
    QStringList &problems;
    struct Placed
    {
        QQuickItem *item;
        QRectF seen; // on screen: its rectangle cut by the window and every clipping ancestor
    };
    std::vector<Placed> controls;
    std::vector<QQuickItem *> scrollers;

    void report(const QQuickItem *item, const QString &problem)
    {
        const QString line = QStringLiteral("%1: %2").arg(describe(item), problem);
        if (!problems.contains(line)) {
            problems << line;
        }
    }

    static QRectF sceneRect(const QQuickItem *item)
    {
        return item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
    }

    // The part of the item a person can see: cut by the window and by every ancestor that clips.
    static QRectF seenRect(const QQuickItem *item, const QRectF &window)
    {
        QRectF r = sceneRect(item) & window;
        for (const QQuickItem *p = item->parentItem(); p && !r.isEmpty(); p = p->parentItem()) {
            if (p->clip()) {
                r &= sceneRect(p);
            }
        }
        return r;
    }

    static bool inside(const QRectF &inner, const QRectF &outer)
    {
        return inner.left() >= outer.left() - 1 && inner.right() <= outer.right() + 1 &&
               inner.top() >= outer.top() - 1 && inner.bottom() <= outer.bottom() + 1;
    }

    // Inside something that scrolls sideways and shows a horizontal scroll bar or indicator,
    // so a person can tell there is more to the side (a table or the board's columns).
    static bool scrollsSideways(const QQuickItem *item)
    {
        for (const QQuickItem *p = item->parentItem(); p; p = p->parentItem()) {
            if (!p->inherits("QQuickFlickable") ||
                p->property("contentWidth").toReal() <= p->width() + 1) {
                continue;
            }
            for (const QQuickItem *child : p->childItems()) {
                if ((child->inherits("QQuickScrollBar") ||
                     child->inherits("QQuickScrollIndicator")) &&
                    child->isVisible() &&
                    child->property("orientation").toInt() == Qt::Horizontal) {
                    return true;
                }
            }
        }
        return false;
    }

    // Sticking out of the window to a side, where nothing shows there is more to see.
    void checkSideways(const QQuickItem *item, const QString &problem)
    {
        const QRectF r = sceneRect(item);
        if (!scrollsSideways(item) &&
            (r.left() < window.left() - 1 || r.right() > window.right() + 1)) {
            report(item, QStringLiteral("%1 (%2 to %3 of %4)")
                             .arg(problem)
                             .arg(r.left())
                             .arg(r.right())
                             .arg(window.width()));
        }
    }

    // A control has to be reachable: on screen whole, or inside something that scrolls and is
    // itself on screen, so a finger can bring it into view.
    void checkReach(QQuickItem *item)
    {
        const QRectF r = sceneRect(item);
        bool clippedAway = !inside(r, window);
        for (const QQuickItem *p = item->parentItem(); p; p = p->parentItem()) {
            if (p->inherits("QQuickFlickable")) {
                if (inside(sceneRect(p), window)) {
                    return;
                }
                break;
            }
            if (p->clip() && !inside(r, sceneRect(p))) {
                clippedAway = true;
            }
        }
        if (clippedAway) {
            report(item, QStringLiteral("cut off and in nothing that scrolls, so out of reach"));
        }
    }

    void checkText(QQuickItem *item)
    {
        if (item->property("text").toString().trimmed().isEmpty()) {
            return;
        }
        if (item->width() <= 0 || item->height() <= 0) {
            report(item, QStringLiteral("text squeezed to nothing (%1x%2)")
                             .arg(item->width())
                             .arg(item->height()));
            return;
        }
        if (item->property("truncated").toBool()) {
            report(item, QStringLiteral("text cut short (%1 px wide for %2)")
                             .arg(item->width())
                             .arg(item->property("contentWidth").toReal()));
            return;
        }
        const qreal contentWidth = item->property("contentWidth").toReal();
        if (contentWidth > item->width() + 1) {
            report(item, QStringLiteral("text %1 px wide in a box of %2")
                             .arg(contentWidth)
                             .arg(item->width()));
            return;
        }
        const qreal contentHeight = item->property("contentHeight").toReal();
        if (contentHeight > item->height() + 1) {
            report(item, QStringLiteral("text %1 px tall in a box of %2")
                             .arg(contentHeight)
                             .arg(item->height()));
            return;
        }
        checkSideways(item, QStringLiteral("text outside the window sideways"));
    }

    void visit(QQuickItem *item)
    {
        if (!item->isVisible() || item->opacity() <= 0.0) {
            return;
        }
        // The service's word is "resident", on every screen and in every record's wording.
        const QString text = item->property("text").toString();
        if (text.contains(QStringLiteral("customer"), Qt::CaseInsensitive)) {
            report(item, QStringLiteral("says \"customer\""));
        }
        if (item->inherits("QQuickText")) {
            checkText(item);
        }
        // What was typed in a text area, taller than the area: the end of it is hidden, or
        // spills over what is under it. (A single-line field scrolls sideways as it should.)
        if (item->inherits("QQuickTextEdit") &&
            item->property("contentHeight").toReal() > item->height() + 1) {
            report(item, QStringLiteral("typed text taller than its box (%1 px for %2)")
                             .arg(item->property("contentHeight").toReal())
                             .arg(item->height()));
        }
        // A combo box shows its choice in a text input: a choice wider than that is cut.
        if (item->inherits("QQuickTextInput") && item->parentItem() &&
            item->parentItem()->inherits("QQuickComboBox") &&
            item->property("contentWidth").toReal() > item->width() + 1) {
            report(item->parentItem(), QStringLiteral("choice \"%1\" cut short (%2 px for %3)")
                                           .arg(item->property("text").toString())
                                           .arg(item->width())
                                           .arg(item->property("contentWidth").toReal()));
        }
        if (item->inherits("QQuickFlickable") && item->height() > 0 &&
            item->property("contentHeight").toReal() > item->height() + 1) {
            scrollers.push_back(item);
        }
        if (interactive(item) && !insideControl(item)) {
            checkControl(item);
        }
        for (QQuickItem *child : item->childItems()) {
            visit(child);
        }
    }

    void checkControl(QQuickItem *item)
    {
        if (item->width() < kTouch || item->height() < kTouch) {
            report(item,
                   QStringLiteral("%1x%2, under 48x48").arg(item->width()).arg(item->height()));
        }
        QString name = QQmlProperty(item, QStringLiteral("Accessible.name"), qmlContext(item))
                           .read()
                           .toString();
        // A button with no name of its own is read by its text, as Qt's accessibility does
        // (a dialog's standard buttons).
        if (name.trimmed().isEmpty() && item->inherits("QQuickAbstractButton")) {
            name = item->property("text").toString();
        }
        if (name.trimmed().isEmpty()) {
            report(item, QStringLiteral("no accessible name"));
        }
        checkSideways(item, QStringLiteral("outside the window sideways"));
        // A field labelled only by its placeholder loses its label once something is typed
        // (GOV.UK Design System, "Text input": do not use placeholder text in place of a label).
        if (!item->property("placeholderText").toString().isEmpty()) {
            report(item,
                   QStringLiteral("its label is placeholder text, which vanishes once typed in"));
        }
        checkReach(item);
        const QRectF seen = seenRect(item, window);
        if (!seen.isEmpty()) {
            controls.push_back({item, seen});
        }
    }

    static bool related(const QQuickItem *a, const QQuickItem *b)
    {
        return a->isAncestorOf(b) || b->isAncestorOf(a);
    }

    // Once the whole layer is walked: controls drawn over each other, and scroll boxes stacked
    // or nested, where the page should scroll as one.
    void finish()
    {
        for (std::size_t i = 0; i < controls.size(); ++i) {
            for (std::size_t j = i + 1; j < controls.size(); ++j) {
                const QRectF both = controls[i].seen & controls[j].seen;
                if (both.width() > 1 && both.height() > 1 &&
                    !related(controls[i].item, controls[j].item)) {
                    report(controls[i].item,
                           QStringLiteral("overlaps %1").arg(describe(controls[j].item)));
                }
            }
        }
        for (std::size_t i = 0; i < scrollers.size(); ++i) {
            for (std::size_t j = i + 1; j < scrollers.size(); ++j) {
                QQuickItem *a = scrollers[i];
                QQuickItem *b = scrollers[j];
                if (related(a, b)) {
                    report(b, QStringLiteral("a scroll box inside another, %1").arg(describe(a)));
                    continue;
                }
                const QRectF ra = sceneRect(a);
                const QRectF rb = sceneRect(b);
                const qreal shared =
                    std::min(ra.right(), rb.right()) - std::max(ra.left(), rb.left());
                if (shared > 0.5 * std::min(ra.width(), rb.width())) {
                    report(b, QStringLiteral("a scroll box stacked with another, %1: the page "
                                             "should scroll as one")
                                  .arg(describe(a)));
                }
            }
        }
    }
};

// Reading order: what a screen reader says, in the order it says it. Qt's accessibility tree
// (qtdeclarative, src/quick/accessible/qaccessiblequickitem.cpp) gives an item's children in
// the order of QQuickItem::childItems(), except that a Page puts its header first and its
// footer last (src/quicktemplates/accessible/qaccessiblequickpage.cpp, in Qt 6.4). This walks
// the items that way and takes each visible text and each control, read by its name. A screen
// is read out of order when something is read straight after a thing it sits wholly above, in
// the same column: a person hearing the page would meet the lower thing first.
struct Reading
{
    QRectF window;
    QStringList &problems;
    struct Said
    {
        const QQuickItem *item;
        QRectF rect;
    };
    std::vector<Said> said;

    void visit(QQuickItem *item)
    {
        if (!item->isVisible() || item->opacity() <= 0.0) {
            return;
        }
        const bool control = interactive(item);
        const bool text =
            item->inherits("QQuickText") && !item->property("text").toString().isEmpty();
        if (control || text) {
            // Only what shows: an item scrolled out of its view has no place on screen to
            // be out of order with.
            const QRectF rect = Walk::seenRect(item, window);
            if (rect.width() > 1 && rect.height() > 1) {
                said.push_back({item, rect});
            }
        }
        if (control) {
            return; // a control is read by its name, not by the texts inside it
        }
        QList<QQuickItem *> kids = item->childItems();
        if (item->inherits("QQuickPage")) {
            auto *header = qvariant_cast<QQuickItem *>(item->property("header"));
            auto *footer = qvariant_cast<QQuickItem *>(item->property("footer"));
            if (kids.removeOne(header)) {
                kids.prepend(header);
            }
            if (kids.removeOne(footer)) {
                kids.append(footer);
            }
        }
        for (QQuickItem *child : kids) {
            visit(child);
        }
    }

    void check()
    {
        for (std::size_t i = 1; i < said.size(); ++i) {
            const Said &before = said[i - 1];
            const Said &after = said[i];
            const qreal shared = std::min(before.rect.right(), after.rect.right()) -
                                 std::max(before.rect.left(), after.rect.left());
            if (after.rect.bottom() <= before.rect.top() + 1 && shared > 1) {
                const QString line = QStringLiteral("%1: read after %2, which it sits above")
                                         .arg(describe(after.item), describe(before.item));
                if (!problems.contains(line)) {
                    problems << line;
                }
            }
        }
    }
};

// Sends `push` with `token`: whether the server applied its first mutation.
bool applied(TestClient &client, const v1::PushRequest &push, const QByteArray &token)
{
    const auto reply = client.call("/v1/push", push, token);
    return reply.status == 200 &&
           parseAs<v1::PushResponse>(reply.body).results(0).status() == v1::MUTATION_STATUS_APPLIED;
}

// `m` as a new case event on `caseId` happening at `nowMs`, the event's id the mutation's.
v1::CaseEvent &caseEventNow(v1::Mutation &m, const QString &caseId, v1::CaseEventKind kind,
                            qint64 nowMs)
{
    v1::CaseEvent &e = *m.mutable_append_case_event();
    e.set_id(m.mutation_id());
    e.set_case_id(caseId.toStdString());
    e.set_kind(kind);
    e.mutable_occurred_at()->set_seconds(nowMs / 1000);
    return e;
}

} // namespace

TestRig::TestRig() : m_clock(QDateTime::currentMSecsSinceEpoch())
{
    for (const char *scheme : {"tel", "sms", "https"}) {
        QDesktopServices::setUrlHandler(scheme, this, "openUrl");
    }
}

TestRig::~TestRig()
{
    for (const char *scheme : {"tel", "sms", "https"}) {
        QDesktopServices::unsetUrlHandler(scheme);
    }
    // A held server could not hear that it must stop.
    holdServer(false);
}

void TestRig::holdServer(bool held)
{
    if (m_server && m_server->pid() > 0 && held != m_held) {
        ::kill(pid_t(m_server->pid()), held ? SIGSTOP : SIGCONT);
        m_held = held;
    }
}

bool TestRig::start(QString *error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary directory");
        return false;
    }
    advanceMinutes(0);
    m_server = std::make_unique<ServerProcess>(m_dir.filePath("server"));
    const auto demo =
        loadDemoCouncil(*m_server, m_clock.now().time_since_epoch() / std::chrono::milliseconds(1));
    if (demo.exitCode != 0) {
        *error = QStringLiteral("doorstep-server demo failed: ") + demo.err;
        return false;
    }
    if (!m_server->start({"--clock-file", m_dir.filePath("clock"), "--token-ttl", "86400"})) {
        *error = QStringLiteral("doorstep-server did not start: ") + m_server->log();
        return false;
    }
    m_client = std::make_unique<TestClient>(m_server->port());
    return true;
}

QString TestRig::serverUrl() const
{
    return m_server ? QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()) : QString();
}

QString TestRig::enrolCode(const QString &user)
{
    const auto run = m_server->admin({"device", "enrol-code", user});
    return run.exitCode == 0 ? run.out.trimmed() : QString();
}

AppController *TestRig::createApp(const QString &name)
{
    auto *app = new AppController(this);
    app->setClock(&m_clock);
    app->setDataDir(m_dir.filePath("tablets/" + name));
    app->setFastKeys(true);
    app->setIdleLockMinutes(24 * 60);
    app->setNmeaFile(QStringLiteral(DOORSTEP_DEMO_ROUTE));
    return app;
}

QVariantMap TestRig::scanFiles(const QString &which, const QStringList &needles)
{
    int files = 0;
    QStringList hits;
    QDirIterator it(m_dir.filePath(which), QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            hits << path + ": unreadable";
            continue;
        }
        ++files;
        const QByteArray bytes = file.readAll();
        for (const QString &needle : needles) {
            const QByteArray utf16(reinterpret_cast<const char *>(needle.utf16()),
                                   needle.size() * 2);
            if (bytes.contains(needle.toUtf8()) || bytes.contains(utf16)) {
                hits << QDir(m_dir.path()).relativeFilePath(path) + ": " + needle;
            }
        }
    }
    return {{QStringLiteral("files"), files}, {QStringLiteral("hits"), hits}};
}

void TestRig::destroyApp(AppController *app)
{
    delete app;
}

void TestRig::advanceMinutes(int minutes)
{
    m_clock.advance(std::chrono::minutes(minutes));
    QFile clock(m_dir.filePath("clock"));
    if (clock.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        clock.write(QByteArray::number(qint64(doorstep::mobile::toUnixMs(m_clock.now()))));
    }
}

bool TestRig::pullAsCoordinator()
{
    if (m_coordinatorToken.isEmpty()) {
        const auto device = enrolDevice(*m_server, *m_client, QStringLiteral("demo.coordinator"));
        if (device.token.isEmpty()) {
            qWarning("could not enrol demo.coordinator");
            return false;
        }
        m_coordinatorToken = device.token;
    }
    for (int page = 0; page < 1000; ++page) {
        v1::PullRequest pull;
        pull.set_cursor(m_cursor);
        pull.set_page_size(2000);
        const auto reply = m_client->call(QStringLiteral("/v1/pull"), pull, m_coordinatorToken);
        if (reply.status != 200) {
            qWarning("coordinator pull failed: HTTP %d", reply.status);
            return false;
        }
        const auto response = parseAs<v1::PullResponse>(reply.body);
        for (const auto &change : response.changes()) {
            if (!change.has_upsert()) {
                continue;
            }
            const auto &record = change.upsert();
            if (record.has_visit()) {
                m_visitStatus[QString::fromStdString(record.visit().id())] =
                    record.visit().status();
            } else if (record.has_resident()) {
                m_residents[QString::fromStdString(record.resident().id())] =
                    QByteArray::fromStdString(record.resident().SerializeAsString());
            } else if (record.has_case_event()) {
                m_caseEvents[QString::fromStdString(record.case_event().case_id())].append(
                    int(record.case_event().kind()));
            }
        }
        m_cursor = response.next_cursor();
        if (!response.has_more()) {
            return true;
        }
    }
    return false;
}

int TestRig::serverVisitStatus(const QString &visitId)
{
    pullAsCoordinator();
    return m_visitStatus.value(visitId, 0);
}

QVariantList TestRig::serverCaseEventKinds(const QString &caseId)
{
    pullAsCoordinator();
    return m_caseEvents.value(caseId);
}

QStringList TestRig::serverNotificationKinds()
{
    QStringList kinds;
    for (const QString &line : m_server->admin({"notifications"}).out.split('\n')) {
        const QStringList columns = line.split('\t');
        if (columns.size() > 3) {
            kinds.append(columns[3]);
        }
    }
    return kinds;
}

QStringList TestRig::accessibilityProblems(QQuickItem *root)
{
    QStringList problems;
    if (!root || !root->window()) {
        return {QStringLiteral("no item to check")};
    }
    const QRectF window(0, 0, root->window()->width(), root->window()->height());
    // The page, and the overlay its dialogs and menus open in, each a layer of its own, for
    // the layout and for the reading order: a modal dialog covers the page by design, and a
    // screen reader goes into it.
    QList<QQuickItem *> layers{root};
    for (QQuickItem *layer : root->window()->contentItem()->childItems()) {
        if (layer->inherits("QQuickOverlay") && !layer->isAncestorOf(root)) {
            layers << layer;
        }
    }
    for (QQuickItem *layer : layers) {
        Walk walk(window, problems);
        walk.visit(layer);
        walk.finish();
        Reading reading{window, problems, {}};
        reading.visit(layer);
        reading.check();
    }
    return problems;
}

bool TestRig::checkInAs(const QString &username, const QString &visitId, int minutes,
                        double latitude, double longitude)
{
    if (!m_officerTokens.contains(username)) {
        m_officerTokens[username] = enrolDevice(*m_server, *m_client, username).token;
    }
    const qint64 now = m_clock.now().time_since_epoch() / std::chrono::milliseconds(1);
    v1::PushRequest push;
    v1::Mutation &m = *push.add_mutations();
    m.set_mutation_id("rig-check-in-" + visitId.toStdString());
    v1::TransitionVisit &t = *m.mutable_transition_visit();
    t.set_visit_id(visitId.toStdString());
    t.set_to_status(v1::VISIT_STATUS_IN_PROGRESS);
    t.mutable_at()->set_seconds(now / 1000);
    t.mutable_position()->set_has_fix(true);
    t.mutable_position()->set_latitude(latitude);
    t.mutable_position()->set_longitude(longitude);
    t.mutable_lone_worker_deadline()->set_seconds(now / 1000 + minutes * 60);
    return applied(*m_client, push, m_officerTokens[username]);
}

QString TestRig::raiseConcernAs(const QString &username, const QString &caseId,
                                const QString &visitId, const QString &details)
{
    if (!m_officerTokens.contains(username)) {
        m_officerTokens[username] = enrolDevice(*m_server, *m_client, username).token;
    }
    const qint64 now = m_clock.now().time_since_epoch() / std::chrono::milliseconds(1);
    v1::PushRequest push;
    v1::Mutation &m = *push.add_mutations();
    static int raised = 0;
    m.set_mutation_id("rig-concern-" + visitId.toStdString() + "-" + std::to_string(++raised));
    v1::CaseEvent &e = caseEventNow(m, caseId, v1::CASE_EVENT_KIND_SAFEGUARDING, now);
    e.mutable_safeguarding()->set_visit_id(visitId.toStdString());
    e.mutable_safeguarding()->set_details(details.toStdString());
    return applied(*m_client, push, m_officerTokens[username]) ? QString::fromStdString(e.id())
                                                               : QString();
}

bool TestRig::closeAlertAsCoordinator(const QString &caseId, const QString &visitId)
{
    if (!pullAsCoordinator()) {
        return false;
    }
    static int answers = 0;
    const qint64 now = m_clock.now().time_since_epoch() / std::chrono::milliseconds(1);
    v1::PushRequest push;
    v1::Mutation &m = *push.add_mutations();
    m.set_mutation_id("rig-alert-answer-" + std::to_string(++answers));
    v1::CaseEvent &e = caseEventNow(m, caseId, v1::CASE_EVENT_KIND_OVERDUE_ACKNOWLEDGED, now);
    e.mutable_overdue_acknowledgement()->set_visit_id(visitId.toStdString());
    e.mutable_overdue_acknowledgement()->set_resolution(v1::ALERT_RESOLUTION_OFFICER_SAFE);
    e.mutable_overdue_acknowledgement()->set_action("Officer safe");
    return applied(*m_client, push, m_coordinatorToken);
}

bool TestRig::closeConcernAsCoordinator(const QString &caseId, const QString &concernId,
                                        const QString &text)
{
    if (!pullAsCoordinator()) {
        return false;
    }
    static int closed = 0;
    const qint64 now = m_clock.now().time_since_epoch() / std::chrono::milliseconds(1);
    v1::PushRequest push;
    v1::Mutation &m = *push.add_mutations();
    m.set_mutation_id("rig-concern-close-" + std::to_string(++closed));
    v1::CaseEvent &e = caseEventNow(m, caseId, v1::CASE_EVENT_KIND_SAFEGUARDING_ACTION, now);
    e.mutable_safeguarding_action()->set_concern_event_id(concernId.toStdString());
    e.mutable_safeguarding_action()->set_step(v1::SAFEGUARDING_STEP_CLOSED);
    e.mutable_safeguarding_action()->set_text(text.toStdString());
    return applied(*m_client, push, m_coordinatorToken);
}

QString TestRig::bookVisitNowAsCoordinator(const QString &caseId, const QString &officerId)
{
    if (!pullAsCoordinator()) {
        return {};
    }
    static int booked = 0;
    const qint64 now = m_clock.now().time_since_epoch() / std::chrono::milliseconds(1);
    const std::string id = "rig-visit-" + std::to_string(++booked);
    v1::PushRequest push;
    v1::Mutation &m = *push.add_mutations();
    m.set_mutation_id("rig-book-" + std::to_string(booked));
    v1::Visit &v = *m.mutable_assign_visit()->mutable_visit();
    v.set_id(id);
    v.set_case_id(caseId.toStdString());
    v.set_officer_user_id(officerId.toStdString());
    v.set_status(v1::VISIT_STATUS_SCHEDULED);
    v.set_version(1);
    v.mutable_window()->mutable_start()->set_seconds(now / 1000);
    v.mutable_window()->mutable_end()->set_seconds(now / 1000 + 3600);
    v.set_purpose("Follow-up visit: checking in after the referral");
    return applied(*m_client, push, m_coordinatorToken) ? QString::fromStdString(id) : QString();
}

bool TestRig::makePhoneConflict(const QString &residentId, const QString &kept,
                                const QString &other)
{
    if (!pullAsCoordinator() || !m_residents.contains(residentId)) {
        return false;
    }
    v1::Resident r;
    r.ParseFromString(m_residents.value(residentId).toStdString());
    const auto change = [&](const QByteArray &token, const QString &phone, int n) {
        v1::PushRequest push;
        v1::Mutation &m = *push.add_mutations();
        m.set_mutation_id("rig-phone-" + residentId.toStdString() + "-" + std::to_string(n));
        v1::UpdateResident &u = *m.mutable_update_resident();
        u.set_resident_id(residentId.toStdString());
        u.set_base_version(r.version());
        u.mutable_values()->set_phone(phone.toStdString());
        u.add_fields("phone");
        const auto reply = m_client->call("/v1/push", push, token);
        return reply.status == 200 ? parseAs<v1::PushResponse>(reply.body).results(0).status()
                                   : v1::MUTATION_STATUS_UNSPECIFIED;
    };
    // A second desk of the same service, on its own device.
    const QByteArray otherDesk =
        enrolDevice(*m_server, *m_client, QStringLiteral("demo.coordinator")).token;
    return change(m_coordinatorToken, kept, 1) == v1::MUTATION_STATUS_APPLIED &&
           change(otherDesk, other, 2) == v1::MUTATION_STATUS_CONFLICT;
}

QString TestRig::serverResidentPhone(const QString &residentId)
{
    pullAsCoordinator();
    v1::Resident r;
    r.ParseFromString(m_residents.value(residentId).toStdString());
    return QString::fromStdString(r.phone());
}

QString TestRig::serverKpiCsv(const QString &from, const QString &to)
{
    const auto run = m_server->admin({"export", "kpis", "--from", from, "--to", to});
    if (run.exitCode != 0) {
        qWarning("export kpis failed: %s", qPrintable(run.err));
        return {};
    }
    return run.out;
}

QString TestRig::tempPath(const QString &name) const
{
    return m_dir.filePath(name);
}

QString TestRig::readText(const QString &path) const
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QString TestRig::screenshotDir() const
{
    // Made here: the suites may save before anything else has made it.
    const QString dir = qEnvironmentVariable("DOORSTEP_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
    }
    return dir;
}
