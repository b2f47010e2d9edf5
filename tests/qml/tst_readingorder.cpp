// ReadingOrder (qml/readingorder.h): a ListView's rows, as a screen reader meets them (the
// order of its content item's children), follow the order they show, after rows arrive at the
// top and after the list scrolls and makes rows afresh.

#include "readingorder.h"

#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QtTest>

using doorstep::ui::ReadingOrder;

namespace {

// Rows of 40 px in a list 400 px high: put(at, name) inserts one, add(name) appends one.
const char *kList = R"(
import QtQuick
ListView {
    width: 200; height: 400
    property ListModel rows: ListModel {}
    model: rows
    function put(at, name) { rows.insert(at, { name: name }) }
    function add(name) { rows.append({ name: name }) }
    delegate: Rectangle {
        required property string name
        objectName: "row " + name
        width: 200; height: 40
    }
}
)";

// The rows' names in the order a screen reader reads them.
QStringList readOrder(QQuickItem *list)
{
    QStringList names;
    const auto *content = list->property("contentItem").value<QQuickItem *>();
    for (const QQuickItem *child : content->childItems()) {
        if (child->objectName().startsWith(QLatin1String("row ")) && child->isVisible()) {
            names << child->objectName().mid(4);
        }
    }
    return names;
}

// The rows' names in the order they show, top to bottom.
QStringList shownOrder(QQuickItem *list)
{
    QList<const QQuickItem *> rows;
    const auto *content = list->property("contentItem").value<QQuickItem *>();
    for (const QQuickItem *child : content->childItems()) {
        if (child->objectName().startsWith(QLatin1String("row ")) && child->isVisible()) {
            rows << child;
        }
    }
    std::sort(rows.begin(), rows.end(),
              [](const QQuickItem *a, const QQuickItem *b) { return a->y() < b->y(); });
    QStringList names;
    for (const QQuickItem *row : rows) {
        names << row->objectName().mid(4);
    }
    return names;
}

void add(QQuickItem *list, const QString &name)
{
    QMetaObject::invokeMethod(list, "add", Q_ARG(QVariant, name));
}

void put(QQuickItem *list, int at, const QString &name)
{
    QMetaObject::invokeMethod(list, "put", Q_ARG(QVariant, at), Q_ARG(QVariant, name));
}

} // namespace

class TestReadingOrder : public QObject
{
    Q_OBJECT

    QQmlEngine m_engine;

    QQuickItem *makeList(QQuickWindow &window)
    {
        QQmlComponent component(&m_engine);
        component.setData(kList, QUrl(QStringLiteral("qrc:/tst/List.qml")));
        auto *list = qobject_cast<QQuickItem *>(component.create());
        if (!list) {
            qWarning() << component.errors();
            return nullptr;
        }
        list->setParentItem(window.contentItem());
        return list;
    }

    // Rows c and d, then b and a arriving at the top, as new referrals do; then a scroll to
    // the end and back, which makes the first rows again.
    static void arriveAndScroll(QQuickItem *list)
    {
        add(list, QStringLiteral("c"));
        add(list, QStringLiteral("d"));
        QTRY_COMPARE_WITH_TIMEOUT(shownOrder(list).size(), 2, 5000);
        put(list, 0, QStringLiteral("b"));
        put(list, 0, QStringLiteral("a"));
        QTRY_COMPARE_WITH_TIMEOUT(shownOrder(list).size(), 4, 5000);
    }

private slots:
    void initTestCase() { QVERIFY(QGuiApplication::platformName() == QLatin1String("offscreen")); }

    // What the type is for: without it, Qt's ListView reads rows that arrived at the top last.
    void aListViewReadsNewTopRowsLast()
    {
        QQuickWindow window;
        window.resize(200, 400);
        QQuickItem *list = makeList(window);
        QVERIFY(list);
        window.show();
        arriveAndScroll(list);
        QCOMPARE(shownOrder(list), (QStringList{"a", "b", "c", "d"}));
        // c and d, made first, are read before a and b, which show above them.
        QCOMPARE(readOrder(list).mid(0, 2), (QStringList{"c", "d"}));
        delete list;
    }

    void rowsAreReadInTheOrderTheyShow()
    {
        QQuickWindow window;
        window.resize(200, 400);
        QQuickItem *list = makeList(window);
        QVERIFY(list);
        ReadingOrder order;
        order.setView(list);
        QCOMPARE(order.view(), list);
        window.show();
        arriveAndScroll(list);
        QTRY_COMPARE_WITH_TIMEOUT(readOrder(list), (QStringList{"a", "b", "c", "d"}), 5000);

        // Forty rows: scroll to the end and back, and the rows made afresh read in order too.
        for (int i = 0; i < 36; ++i) {
            add(list, QStringLiteral("r%1").arg(i, 2, 10, QChar('0')));
        }
        QMetaObject::invokeMethod(list, "positionViewAtEnd");
        QTRY_VERIFY_WITH_TIMEOUT(readOrder(list).contains(QStringLiteral("r35")), 5000);
        QMetaObject::invokeMethod(list, "positionViewAtBeginning");
        QTRY_VERIFY_WITH_TIMEOUT(readOrder(list).contains(QStringLiteral("a")), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(readOrder(list), shownOrder(list), 5000);
        delete list;
    }
};

QTEST_MAIN(TestReadingOrder)
#include "tst_readingorder.moc"
