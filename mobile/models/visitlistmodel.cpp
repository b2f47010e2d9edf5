#include "models/visitlistmodel.h"

#include "models/appcontroller.h"
#include "models/maplistmodel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace doorstep::mobile {

VisitListModel::VisitListModel(QObject *parent) : QAbstractListModel(parent) {}

void VisitListModel::setApp(AppController *app)
{
    if (app == m_app) {
        return;
    }
    if (m_app) {
        disconnect(m_app, nullptr, this, nullptr);
    }
    m_app = app;
    if (m_app) {
        connect(m_app, &AppController::dataChanged, this, &VisitListModel::reload);
        connect(m_app, &AppController::positionChanged, this, [this] {
            if (m_sort == ByDistance) {
                resort();
            } else if (!m_rows.isEmpty()) {
                emit dataChanged(index(0), index(int(m_rows.size()) - 1),
                                 {DistanceMetresRole, DistanceTextRole});
            }
        });
    }
    emit appChanged();
    reload();
}

void VisitListModel::setSortOrder(SortOrder order)
{
    if (order != m_sort) {
        m_sort = order;
        emit sortOrderChanged();
        resort();
    }
}

void VisitListModel::setDays(int days)
{
    if (days != m_days && days > 0) {
        m_days = days;
        emit daysChanged();
        reload();
    }
}

void VisitListModel::reload()
{
    if (!m_app || !m_app->store() || m_app->stage() != AppController::Ready) {
        return;
    }
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_app->nowMs());
    const QDateTime startOfToday = now.date().startOfDay();
    const qint64 from = startOfToday.toMSecsSinceEpoch();
    const qint64 to = startOfToday.addDays(m_days).toMSecsSinceEpoch();
    m_loading = true;
    emit loadingChanged();
    m_app->store()->then(
        m_app->store()->visits(from, to), this,
        [this](const QVariant &v) {
            beginResetModel();
            m_rows = v.toList();
            endResetModel();
            m_loading = false;
            m_error.clear();
            emit loadingChanged();
            emit errorChanged();
            emit countChanged();
            if (m_sort == ByDistance) {
                resort();
            }
        },
        [this](int, const QString &message) {
            m_loading = false;
            m_error = message;
            emit loadingChanged();
            emit errorChanged();
        });
}

double VisitListModel::distanceMetres(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double earthRadius = 6371000.0;
    constexpr double rad = 3.14159265358979323846 / 180.0;
    const double dLat = (lat2 - lat1) * rad;
    const double dLon = (lon2 - lon1) * rad;
    const double a =
        std::sin(dLat / 2) * std::sin(dLat / 2) +
        std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * earthRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

double VisitListModel::distanceOf(const QVariantMap &visit) const
{
    if (!m_app || !m_app->hasFix() || !visit.value("hasLocation").toBool()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return distanceMetres(m_app->latitude(), m_app->longitude(), visit.value("latitude").toDouble(),
                          visit.value("longitude").toDouble());
}

void VisitListModel::resort()
{
    if (m_rows.isEmpty()) {
        return;
    }
    beginResetModel();
    std::stable_sort(m_rows.begin(), m_rows.end(), [this](const QVariant &a, const QVariant &b) {
        const QVariantMap ma = a.toMap();
        const QVariantMap mb = b.toMap();
        if (m_sort == ByDistance) {
            const double da = distanceOf(ma);
            const double db = distanceOf(mb);
            // Visits with no known distance go last, in time order.
            if (std::isnan(da) != std::isnan(db)) {
                return std::isnan(db);
            }
            if (!std::isnan(da) && da != db) {
                return da < db;
            }
        }
        return ma.value("windowStart").toDateTime() < mb.value("windowStart").toDateTime();
    });
    endResetModel();
}

int VisitListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant VisitListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const QVariantMap v = m_rows.at(index.row()).toMap();
    const QDateTime start = v.value("windowStart").toDateTime().toLocalTime();
    const QDateTime end = v.value("windowEnd").toDateTime().toLocalTime();
    switch (role) {
    case VisitIdRole:
        return v.value("visitId");
    case CaseIdRole:
        return v.value("caseId");
    case CaseNumberRole:
        return v.value("caseNumber");
    case ResidentIdRole:
        return v.value("residentId");
    case ResidentNameRole:
        return v.value("residentName");
    case AddressRole:
        return v.value("address");
    case PostcodeRole:
        return v.value("postcode");
    case WindowStartRole:
        return start;
    case WindowEndRole:
        return end;
    case TimeTextRole:
        return start.toString("HH:mm") + QStringLiteral("–") + end.toString("HH:mm");
    case DayTextRole: {
        const QDate today = QDateTime::fromMSecsSinceEpoch(m_app ? m_app->nowMs() : 0).date();
        if (start.date() == today) {
            return tr("Today");
        }
        if (start.date() == today.addDays(1)) {
            return tr("Tomorrow");
        }
        return QLocale(QLocale::English, QLocale::UnitedKingdom)
            .toString(start.date(), "dddd d MMMM");
    }
    case IsTodayRole:
        return m_app && start.date() == QDateTime::fromMSecsSinceEpoch(m_app->nowMs()).date();
    case StatusRole:
        return v.value("status");
    case StatusTextRole:
        return v.value("statusText");
    case PurposeRole:
        return v.value("purpose");
    case NeedsRole:
        return v.value("needs");
    case RisksRole:
        return v.value("risks");
    case DistanceMetresRole: {
        const double d = distanceOf(v);
        return std::isnan(d) ? QVariant() : QVariant(d);
    }
    case DistanceTextRole: {
        const double d = distanceOf(v);
        if (std::isnan(d)) {
            return tr("Distance unknown");
        }
        // UK officers think in miles.
        const double miles = d / 1609.344;
        return miles < 0.1 ? tr("Under 0.1 miles") : tr("%1 miles").arg(miles, 0, 'f', 1);
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> VisitListModel::roleNames() const
{
    return {{VisitIdRole, "visitId"},
            {CaseIdRole, "caseId"},
            {CaseNumberRole, "caseNumber"},
            {ResidentIdRole, "residentId"},
            {ResidentNameRole, "residentName"},
            {AddressRole, "address"},
            {PostcodeRole, "postcode"},
            {WindowStartRole, "windowStart"},
            {WindowEndRole, "windowEnd"},
            {TimeTextRole, "timeText"},
            {DayTextRole, "dayText"},
            {StatusRole, "status"},
            {StatusTextRole, "statusText"},
            {PurposeRole, "purpose"},
            {NeedsRole, "needs"},
            {RisksRole, "risks"},
            {DistanceMetresRole, "distanceMetres"},
            {DistanceTextRole, "distanceText"},
            {IsTodayRole, "isToday"}};
}

QVariantMap VisitListModel::get(int row) const
{
    return rowByRoleName(*this, row);
}

} // namespace doorstep::mobile
