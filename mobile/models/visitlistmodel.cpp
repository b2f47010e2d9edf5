#include "models/visitlistmodel.h"

#include "models/appcontroller.h"

#include "doorstep/v1/casework.pb.h"
#include "visits/late.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace doorstep::mobile {

VisitListModel::VisitListModel(QObject *parent)
    : MapListModel({"visitId", "caseId", "caseNumber", "residentId", "residentName", "address",
                    "postcode", "status", "statusText", "purpose", "needs", "vulnerabilities",
                    "risks"},
                   {"windowStart", "windowEnd", "timeText", "dayText", "isToday", "distanceMetres",
                    "distanceText", "timerText", "lateText"},
                   parent)
{}

void VisitListModel::watch(AppController *app)
{
    connect(app, &AppController::dataChanged, this, &VisitListModel::reload);
    connect(app, &AppController::positionChanged, this, [this] {
        if (m_sort == ByDistance) {
            show(rows());
        } else if (count() > 0) {
            emit dataChanged(index(0), index(count() - 1),
                             {roleOf("distanceMetres"), roleOf("distanceText")});
        }
    });
}

void VisitListModel::setSortOrder(SortOrder order)
{
    if (order != m_sort) {
        m_sort = order;
        emit sortOrderChanged();
        show(rows());
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
    if (!app() || !app()->store() || app()->stage() != AppController::Ready) {
        return;
    }
    const auto [from, to] = window(app()->councilClock().calendar(), app()->nowMs(), m_days);
    m_loading = true;
    emit loadingChanged();
    app()->store()->then(
        app()->store()->visits(from, to), this,
        [this](const QVariant &v) {
            m_loading = false;
            m_error.clear();
            show(v.toList());
            emit loadingChanged();
            emit errorChanged();
        },
        [this](int, const QString &message) {
            m_loading = false;
            m_error = message;
            emit loadingChanged();
            emit errorChanged();
        });
}

std::pair<qint64, qint64> VisitListModel::window(const calendar::CouncilCalendar &calendar,
                                                 qint64 nowMs, int days)
{
    const std::int64_t today = calendar.dayOf(nowMs);
    return {calendar.startOfDay(today), calendar.startOfDay(today + days)};
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
    if (!app() || !app()->hasFix() || !visit.value("hasLocation").toBool()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return distanceMetres(app()->latitude(), app()->longitude(), visit.value("latitude").toDouble(),
                          visit.value("longitude").toDouble());
}

void VisitListModel::show(QVariantList list)
{
    // Each row's distance and start worked out once, not in every comparison.
    struct Key
    {
        double distance;
        QDateTime start;
        qsizetype row;
    };
    std::vector<Key> keys;
    keys.reserve(std::size_t(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QVariantMap v = list.at(i).toMap();
        keys.push_back(
            {m_sort == ByDistance ? distanceOf(v) : std::numeric_limits<double>::quiet_NaN(),
             v.value("windowStart").toDateTime(), i});
    }
    std::stable_sort(keys.begin(), keys.end(), [](const Key &a, const Key &b) {
        // Visits with no known distance go last, in time order.
        if (std::isnan(a.distance) != std::isnan(b.distance)) {
            return std::isnan(b.distance);
        }
        if (!std::isnan(a.distance) && a.distance != b.distance) {
            return a.distance < b.distance;
        }
        return a.start < b.start;
    });
    QVariantList sorted;
    sorted.reserve(list.size());
    for (const Key &k : keys) {
        sorted.append(list.at(k.row));
    }
    setRows(std::move(sorted));
}

QVariant VisitListModel::derived(const QVariantMap &v, const QByteArray &role) const
{
    if (role == "distanceMetres" || role == "distanceText") {
        const double d = distanceOf(v);
        if (role == "distanceMetres") {
            return std::isnan(d) ? QVariant() : QVariant(d);
        }
        if (std::isnan(d)) {
            return tr("Distance unknown");
        }
        // UK officers think in miles.
        const double miles = d / 1609.344;
        return miles < 0.1 ? tr("Under 0.1 miles") : tr("%1 miles").arg(miles, 0, 'f', 1);
    }
    const QDateTime end = v.value("windowEnd").toDateTime();
    if (role == "windowEnd") {
        return end;
    }
    const QDateTime start = v.value("windowStart").toDateTime();
    if (role == "windowStart") {
        return start;
    }
    if (!app()) {
        return {};
    }
    const CouncilClock &clock = app()->councilClock();
    if (role == "lateText") {
        // Not started by the window's start plus the grace: the office will be wondering.
        const auto status = v1::VisitStatus(v.value("status").toInt());
        const std::int64_t grace = clock.lateGraceMs();
        return visits::isLate(status, start.toMSecsSinceEpoch(), app()->nowMs(), grace)
                   ? tr("Late: not started by %1")
                         .arg(clock.format(visits::lateSince(start.toMSecsSinceEpoch(), grace),
                                           QStringLiteral("HH:mm")))
                   : QString();
    }
    if (role == "timerText") {
        // The lone-working timer of a visit under way: when it runs out, and how long is left.
        const int status = v.value("status").toInt();
        const bool out = status == v1::VISIT_STATUS_EN_ROUTE ||
                         status == v1::VISIT_STATUS_IN_PROGRESS ||
                         status == v1::VISIT_STATUS_OVERDUE || status == v1::VISIT_STATUS_ALERT;
        const QDateTime deadline = v.value("loneWorkerDeadline").toDateTime();
        if (!out || !deadline.isValid()) {
            return QString();
        }
        const qint64 left = (deadline.toMSecsSinceEpoch() - app()->nowMs()) / 60000;
        const QString until = clock.format(deadline, "HH:mm");
        return left >= 0 ? tr("Lone-working timer until %1 (%2 min left)").arg(until).arg(left)
                         : tr("Lone-working timer ran out at %1").arg(until);
    }
    if (role == "timeText") {
        // The zone, when the tablet's differs, is named once, after the end.
        return clock.local(start.toMSecsSinceEpoch()).toString("HH:mm") + QStringLiteral("–") +
               clock.format(end, "HH:mm");
    }
    const std::int64_t today = clock.calendar().dayOf(app()->nowMs());
    const std::int64_t day = clock.calendar().dayOf(start.toMSecsSinceEpoch());
    if (role == "isToday") {
        return day == today;
    }
    if (role == "dayText") {
        if (day == today) {
            return tr("Today");
        }
        if (day == today + 1) {
            return tr("Tomorrow");
        }
        return clock.format(start, "dddd d MMMM");
    }
    return {};
}

} // namespace doorstep::mobile
