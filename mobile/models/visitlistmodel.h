#pragma once

#include "models/maplistmodel.h"

#include "calendar/councilcalendar.h"

#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <utility>

namespace doorstep::mobile {

class AppController;

// Today's and upcoming visits (the next `days` days from the start of today), with the
// resident's contact needs and address risk markers, sorted by time or by distance from the
// officer's current position. Reloads itself when the store's records change.
class VisitListModel : public doorstep::mobile::MapListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(SortOrder sortOrder READ sortOrder WRITE setSortOrder NOTIFY sortOrderChanged)
    Q_PROPERTY(int days READ days WRITE setDays NOTIFY daysChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    enum SortOrder { ByTime, ByDistance };
    Q_ENUM(SortOrder)

    explicit VisitListModel(QObject *parent = nullptr);

    SortOrder sortOrder() const { return m_sort; }
    void setSortOrder(SortOrder order);
    int days() const { return m_days; }
    void setDays(int days);
    bool loading() const { return m_loading; }
    QString error() const { return m_error; }

    void reload() override;

    // The instants [from, to) of `days` council days from the one `nowMs` falls on: what the
    // officer's Today and the days after it cover, whatever the tablet's zone.
    static std::pair<qint64, qint64> window(const calendar::CouncilCalendar &calendar, qint64 nowMs,
                                            int days);

    // Great-circle distance in metres (haversine); the sort needs no more than that.
    static double distanceMetres(double lat1, double lon1, double lat2, double lon2);

signals:
    void sortOrderChanged();
    void daysChanged();
    void loadingChanged();
    void errorChanged();

protected:
    void watch(AppController *app) override;
    QVariant derived(const QVariantMap &row, const QByteArray &role) const override;

private:
    // Sorts the given rows (by distance or time) and shows them.
    void show(QVariantList rows);
    double distanceOf(const QVariantMap &visit) const;

    SortOrder m_sort = ByTime;
    int m_days = 7;
    bool m_loading = false;
    QString m_error;
};

} // namespace doorstep::mobile
