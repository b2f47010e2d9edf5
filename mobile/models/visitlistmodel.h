#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

class AppController;

// Today's and upcoming visits (the next `days` days from the start of today), with the
// resident's contact needs and address risk markers, sorted by time or by distance from the
// officer's current position. Reloads itself when the store's records change.
class VisitListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(doorstep::mobile::AppController *app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(SortOrder sortOrder READ sortOrder WRITE setSortOrder NOTIFY sortOrderChanged)
    Q_PROPERTY(int days READ days WRITE setDays NOTIFY daysChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    enum SortOrder { ByTime, ByDistance };
    Q_ENUM(SortOrder)

    enum Role {
        VisitIdRole = Qt::UserRole + 1,
        CaseIdRole,
        CaseNumberRole,
        ResidentIdRole,
        ResidentNameRole,
        AddressRole,
        PostcodeRole,
        WindowStartRole,
        WindowEndRole,
        TimeTextRole,
        DayTextRole,
        StatusRole,
        StatusTextRole,
        PurposeRole,
        NeedsRole,
        RisksRole,
        DistanceMetresRole,
        DistanceTextRole,
        IsTodayRole,
    };

    explicit VisitListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    AppController *app() const { return m_app; }
    void setApp(AppController *app);
    SortOrder sortOrder() const { return m_sort; }
    void setSortOrder(SortOrder order);
    int days() const { return m_days; }
    void setDays(int days);
    bool loading() const { return m_loading; }
    QString error() const { return m_error; }

    Q_INVOKABLE void reload();
    // The row's data by role name, for tests and for opening a visit.
    Q_INVOKABLE QVariantMap get(int row) const;

    // Great-circle distance in metres (haversine); the sort needs no more than that.
    static double distanceMetres(double lat1, double lon1, double lat2, double lon2);

signals:
    void appChanged();
    void sortOrderChanged();
    void daysChanged();
    void countChanged();
    void loadingChanged();
    void errorChanged();

private:
    void resort();
    double distanceOf(const QVariantMap &visit) const;

    QPointer<AppController> m_app;
    SortOrder m_sort = ByTime;
    int m_days = 7;
    bool m_loading = false;
    QString m_error;
    QVariantList m_rows;
};

} // namespace doorstep::mobile
