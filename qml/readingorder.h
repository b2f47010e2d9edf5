#pragma once

#include <QObject>
#include <QPointer>
#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

namespace doorstep::ui {

// Keeps a scrolling view's rows in the order a screen reader reads them: the order they show,
// top to bottom, then left to right. Qt's accessibility tree gives an item's children in the
// order of QQuickItem::childItems() (qtdeclarative, src/quick/accessible/
// qaccessiblequickitem.cpp), and a ListView adds each row to its content item when it makes
// it, not where it shows: rows made as the list scrolls, or a row that arrives at the top, are
// read after the rows below them. This restacks the content item's children (stackAfter,
// which changes no position and, among rows that do not overlap, nothing drawn) whenever one
// is added or moves.
//   ListView { id: list; ReadingOrder { view: list } }
class ReadingOrder : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QQuickItem *view READ view WRITE setView NOTIFY viewChanged)

public:
    explicit ReadingOrder(QObject *parent = nullptr) : QObject(parent) {}

    QQuickItem *view() const { return m_view; }
    void setView(QQuickItem *view);

    // The content item's children put in reading order now; what the view does once changes
    // have settled (exposed for tests).
    Q_INVOKABLE void restack();

signals:
    void viewChanged();

private:
    void watchChildren();
    void schedule();

    QPointer<QQuickItem> m_view;
    QPointer<QQuickItem> m_content;
    bool m_pending = false;
};

} // namespace doorstep::ui
