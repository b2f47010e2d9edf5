#pragma once

#include <QDir>
#include <QObject>
#include <QPointer>
#include <QQuickWindow>

#include <functional>
#include <vector>

namespace doorstep::mobile {

class AppController;

// Renders the app's key screens to PNG files, for machines with no display (the demo) and for
// people reviewing the UI. For an officer: Today in landscape and portrait, a resident's case,
// search, a visit from check-in through consent and the checklist, the lock screen, and Today
// at 200% text. For a coordinator: the inbox, the live board, workload and KPIs. For a ward
// member: their referrals and the referral form.
// Each step acts through the same QML functions a tap would reach, then waits for the models
// to settle before grabbing the window.
class ScreenshotTour : public QObject
{
    Q_OBJECT

public:
    ScreenshotTour(QQuickWindow *window, AppController *app, const QString &directory,
                   QObject *parent = nullptr);
    void start();

signals:
    void done(int shots);

private:
    struct Step
    {
        QString name; // file name stem; empty for an action only
        std::function<void()> action;
    };
    // The screens worth seeing for the signed-in user's role.
    void officerSteps();
    void coordinatorSteps();
    void wardMemberSteps();
    void runNext();
    // Shoots the screen on show in landscape, in portrait, and in portrait at 200% text.
    void shootVariants(const QString &name, int variant);
    QVariant call(const char *function, const QVariantList &args = {});
    QObject *page();

    QPointer<QQuickWindow> m_window;
    AppController *m_app;
    QDir m_dir;
    std::vector<Step> m_steps;
    std::size_t m_next = 0;
    int m_shots = 0;
};

} // namespace doorstep::mobile
