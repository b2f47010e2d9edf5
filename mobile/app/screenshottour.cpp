#include "screenshottour.h"

#include "models/appcontroller.h"

#include <QImage>
#include <QMetaObject>
#include <QQmlProperty>
#include <QTextStream>
#include <QTimer>

#include <iterator>

namespace doorstep::mobile {

namespace {

// Long enough for a queued store read and a re-layout; this is a renderer, not a test.
constexpr int kSettleMs = 900;
const QSize kLandscape(1280, 800);
const QSize kPortrait(800, 1280);

} // namespace

ScreenshotTour::ScreenshotTour(QQuickWindow *window, AppController *app, const QString &directory,
                               QObject *parent)
    : QObject(parent), m_window(window), m_app(app), m_dir(directory)
{
    m_dir.mkpath(".");
}

void ScreenshotTour::officerSteps()
{
    auto firstVisit = [this]() -> QVariantMap {
        QObject *today = page();
        auto *model = today ? qvariant_cast<QObject *>(today->property("visits")) : nullptr;
        QVariantMap row;
        if (model) {
            QMetaObject::invokeMethod(model, "get", Q_RETURN_ARG(QVariantMap, row), Q_ARG(int, 0));
        }
        return row;
    };
    auto visitId = std::make_shared<QString>();
    auto caseId = std::make_shared<QString>();
    m_steps = {
        {"01-today", [] {}},
        {"02-case",
         [this, firstVisit, visitId, caseId] {
             const QVariantMap v = firstVisit();
             *visitId = v.value("visitId").toString();
             *caseId = v.value("caseId").toString();
             call("showCase", {*caseId, QString()});
         }},
        {{}, [this] { call("goHome"); }},
        {"03-search", [this] { call("showSearch", {QStringLiteral("road")}); }},
        {{}, [this] { call("goHome"); }},
        {"04-visit-check-in", [this, visitId] { call("showVisit", {*visitId}); }},
        {"05-visit-consent",
         [this] {
             if (QObject *p = page()) {
                 if (auto *flow = qvariant_cast<QObject *>(p->property("flow"))) {
                     QMetaObject::invokeMethod(flow, "checkIn");
                 }
             }
         }},
        {"06-visit-checklist",
         [this] {
             // Consent answered as a resident agreeing to everything, to reach the checklist.
             QObject *p = page();
             auto *flow = p ? qvariant_cast<QObject *>(p->property("flow")) : nullptr;
             if (!flow) {
                 return;
             }
             for (int i = 0; i < 20; ++i) {
                 const QVariantMap q = flow->property("question").toMap();
                 if (flow->property("atCheckAnswers").toBool()) {
                     QMetaObject::invokeMethod(flow, "finishForm");
                     break;
                 }
                 const QString type = q.value("type").toString();
                 QVariant value;
                 if (type == "consent" || type == "yes_no") {
                     value = q.value("id").toString() != "can_sign";
                 } else if (type == "single_choice") {
                     value = q.value("choices").toList().value(0).toMap().value("value");
                 } else if (type == "long_text" || type == "text") {
                     value = QStringLiteral("Resident prefers to give verbal consent.");
                 }
                 QMetaObject::invokeMethod(flow, "answer", Q_ARG(QVariant, value),
                                           Q_ARG(QString, QString()));
                 QMetaObject::invokeMethod(flow, "next");
             }
         }},
        {{}, [this] { call("goHome"); }},
        {"07-today-after-check-in", [] {}},
        {"08-locked", [this] { m_app->lock(); }},
        // The lock screen's Alert, which needs no PIN: a real alert to the demo server, so the
        // coordinator's board has it at the top too.
        {{}, [this] { m_app->loneWorker()->raiseAlert(); }},
        {{}, [] {}},
        {"09-locked-alert-sent", [] {}},
    };
}

void ScreenshotTour::coordinatorSteps()
{
    auto tab = [this](int index) {
        if (QObject *p = page()) {
            p->setProperty("tab", index);
        }
    };
    m_steps = {
        {"20-coordinator-inbox", [tab] { tab(0); }},
        {"21-coordinator-board", [tab] { tab(1); }},
        {"23-coordinator-workload", [tab] { tab(2); }},
        {"24-coordinator-kpis",
         [this, tab] {
             tab(5);
             // The last quarter, so the charts have the demo council's history in them.
             if (QObject *p = page()) {
                 if (auto *actions = qvariant_cast<QObject *>(p->property("actions"))) {
                     const QDate today = m_app->clockNow().date();
                     actions->setProperty("kpiTo", today.addDays(1));
                     actions->setProperty("kpiFrom", today.addDays(-90));
                 }
             }
         }},
    };
}

void ScreenshotTour::wardMemberSteps()
{
    m_steps = {
        {"30-ward-member-referrals", [] {}},
        {"31-ward-member-new-referral",
         [this] {
             if (QObject *p = page()) {
                 if (auto *form = qvariant_cast<QObject *>(p->property("form"))) {
                     form->setProperty("visible", true);
                 }
             }
         }},
    };
}

QObject *ScreenshotTour::page()
{
    return qvariant_cast<QObject *>(call("currentPage"));
}

QVariant ScreenshotTour::call(const char *function, const QVariantList &args)
{
    QVariant result;
    QGenericArgument a[3];
    for (int i = 0; i < args.size() && i < 3; ++i) {
        a[i] = Q_ARG(QVariant, args[i]);
    }
    QMetaObject::invokeMethod(m_window, function, Q_RETURN_ARG(QVariant, result), a[0], a[1], a[2]);
    return result;
}

void ScreenshotTour::start()
{
    switch (m_app->role()) {
    case AppController::Coordinator:
        coordinatorSteps();
        break;
    case AppController::WardMember:
        wardMemberSteps();
        break;
    default:
        officerSteps();
    }
    runNext();
}

void ScreenshotTour::runNext()
{
    if (m_next >= m_steps.size() || !m_window) {
        emit done(m_shots);
        return;
    }
    const Step step = m_steps[m_next++];
    m_window->resize(kLandscape);
    step.action();
    if (step.name.isEmpty()) {
        QTimer::singleShot(kSettleMs, this, [this] { runNext(); });
        return;
    }
    shootVariants(step.name, 0);
}

void ScreenshotTour::shootVariants(const QString &name, int variant)
{
    struct Variant
    {
        const char *suffix;
        QSize size;
        double textScale;
    };
    static const Variant variants[] = {{"landscape", kLandscape, 1.0},
                                       {"portrait", kPortrait, 1.0},
                                       {"portrait-text-200", kPortrait, 2.0}};
    if (variant >= int(std::size(variants))) {
        call("setTextScale", {0.0});
        m_window->resize(kLandscape);
        QTimer::singleShot(kSettleMs, this, [this] { runNext(); });
        return;
    }
    const Variant &v = variants[variant];
    m_window->resize(v.size);
    call("setTextScale", {v.textScale});
    QTimer::singleShot(kSettleMs, this, [this, name, variant, &v] {
        const QString file = m_dir.filePath(name + "-" + v.suffix + ".png");
        if (m_window && m_window->grabWindow().save(file)) {
            ++m_shots;
            QTextStream(stdout) << file << "\n";
        }
        shootVariants(name, variant + 1);
    });
}

} // namespace doorstep::mobile
