#include "announcer.h"

#include <QAccessible>

namespace doorstep::mobile {

namespace {

constexpr int kKept = 50;

} // namespace

void Announcer::say(QObject *item, const QString &text)
{
    if (text.trimmed().isEmpty()) {
        return;
    }
    if (item) {
        QAccessibleEvent event(item, QAccessible::Alert);
        QAccessible::updateAccessibility(&event);
    }
    m_spoken.append(text);
    if (m_spoken.size() > kKept) {
        m_spoken.removeFirst();
    }
    emit spokenChanged();
}

} // namespace doorstep::mobile
