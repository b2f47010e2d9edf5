#include "announcer.h"

#include <QAccessible>

#ifdef Q_OS_ANDROID
#include <QCoreApplication>
#include <QJniObject>
#endif

namespace doorstep::mobile {

namespace {

constexpr int kKept = 50;

} // namespace

void Announcer::say(QObject *item, const QString &text)
{
    if (text.trimmed().isEmpty()) {
        return;
    }
#ifdef Q_OS_ANDROID
    // Qt 6.4's Android bridge passes focus, value and scroll changes to TalkBack but not
    // alerts, so the words go to the window's view directly (View.announceForAccessibility,
    // developer.android.com), on Android's main thread.
    Q_UNUSED(item);
    QNativeInterface::QAndroidApplication::runOnAndroidMainThread([text] {
        const QJniObject activity = QNativeInterface::QAndroidApplication::context();
        const QJniObject view = activity.callObjectMethod("getWindow", "()Landroid/view/Window;")
                                    .callObjectMethod("getDecorView", "()Landroid/view/View;");
        if (view.isValid()) {
            view.callMethod<void>("announceForAccessibility", "(Ljava/lang/CharSequence;)V",
                                  QJniObject::fromString(text).object<jstring>());
        }
    });
#else
    if (item) {
        QAccessibleEvent event(item, QAccessible::Alert);
        QAccessible::updateAccessibility(&event);
    }
#endif
    m_spoken.append(text);
    if (m_spoken.size() > kKept) {
        m_spoken.removeFirst();
    }
    emit spokenChanged();
}

} // namespace doorstep::mobile
