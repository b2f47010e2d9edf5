#include "readingorder.h"

#include <algorithm>

namespace doorstep::ui {

void ReadingOrder::setView(QQuickItem *view)
{
    if (view == m_view) {
        return;
    }
    if (m_content) {
        disconnect(m_content, nullptr, this, nullptr);
    }
    m_view = view;
    // A Flickable (ListView, GridView) holds its rows in its content item; any other item
    // holds them itself.
    m_content = view ? view->property("contentItem").value<QQuickItem *>() : nullptr;
    if (!m_content) {
        m_content = view;
    }
    if (m_content) {
        connect(m_content, &QQuickItem::childrenChanged, this, &ReadingOrder::watchChildren);
        watchChildren();
    }
    emit viewChanged();
}

void ReadingOrder::watchChildren()
{
    if (!m_content) {
        return;
    }
    for (QQuickItem *child : m_content->childItems()) {
        connect(child, &QQuickItem::yChanged, this, &ReadingOrder::schedule, Qt::UniqueConnection);
        connect(child, &QQuickItem::xChanged, this, &ReadingOrder::schedule, Qt::UniqueConnection);
    }
    schedule();
}

// Once per turn of the event loop, however many rows moved: inserting a row at the top moves
// every row under it.
void ReadingOrder::schedule()
{
    if (m_pending) {
        return;
    }
    m_pending = true;
    QMetaObject::invokeMethod(this, &ReadingOrder::restack, Qt::QueuedConnection);
}

void ReadingOrder::restack()
{
    m_pending = false;
    if (!m_content) {
        return;
    }
    const QList<QQuickItem *> kids = m_content->childItems();
    QList<QQuickItem *> shown = kids;
    std::stable_sort(shown.begin(), shown.end(), [](const QQuickItem *a, const QQuickItem *b) {
        return a->y() != b->y() ? a->y() < b->y() : a->x() < b->x();
    });
    if (shown == kids) {
        return;
    }
    for (qsizetype i = 1; i < shown.size(); ++i) {
        shown[i]->stackAfter(shown[i - 1]);
    }
}

} // namespace doorstep::ui
