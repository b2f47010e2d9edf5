// The KPI view's period (from, to, last quarter, last year) and its CSV export.

#include "models/deskactions.h"

#include "models/appcontroller.h"
#include "store/deskreader.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>

namespace doorstep::mobile {

void DeskActions::setKpisShown(bool shown)
{
    if (shown == m_kpisShown) {
        return;
    }
    m_kpisShown = shown;
    emit kpisShownChanged();
    if (shown && m_kpisStale) {
        reloadKpis();
    }
}

void DeskActions::setKpiFrom(const QDate &d)
{
    if (d != m_kpiFrom) {
        m_kpiFrom = d;
        reloadKpis();
    }
}

void DeskActions::setKpiTo(const QDate &d)
{
    if (d != m_kpiTo) {
        m_kpiTo = d;
        reloadKpis();
    }
}

void DeskActions::reloadKpis()
{
    if (!m_app || !m_app->store() || m_app->stage() != AppController::Ready) {
        return;
    }
    // Periods are whole council days.
    const CouncilClock &clock = m_app->councilClock();
    const QDate today = clock.dateOf(nowMs());
    const QDate to = m_kpiTo.isValid() ? m_kpiTo : today.addDays(1);
    const QDate from = m_kpiFrom.isValid() ? m_kpiFrom : to.addDays(-28);
    const qint64 fromMs = clock.startOf(from);
    const qint64 toMs = clock.startOf(to);
    m_kpisStale = false;
    m_app->store()->then(m_app->store()->desk([fromMs, toMs](DeskReader &d, const DeskContext &) {
        return asVariant(d.kpis(fromMs, toMs));
    }),
                         this, [this, from, to](const QVariant &v) {
                             m_kpis = v.toMap();
                             m_kpis["from"] = from;
                             m_kpis["to"] =
                                 to.addDays(-1); // the last day included, for the heading
                             emit kpisChanged();
                         });
}

QString DeskActions::kpiFileName() const
{
    const QDate from = m_kpis.value("from").toDate();
    const QDate to = m_kpis.value("to").toDate();
    if (!from.isValid() || !to.isValid()) {
        return {};
    }
    return QStringLiteral("doorstep-kpis-%1-to-%2.csv")
        .arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate));
}

QString DeskActions::kpiFolder() const
{
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void DeskActions::exportKpis(const QString &path)
{
    const QDate first = m_kpis.value("from").toDate();
    const QDate last = m_kpis.value("to").toDate();
    if (!m_app || !m_app->store() || !first.isValid() || !last.isValid()) {
        emit done(false, tr("The KPIs are still being worked out. Try again in a moment."));
        return;
    }
    QString file = path.trimmed();
    if (file.startsWith(QLatin1String("file:"))) {
        file = QUrl(file).toLocalFile();
    }
    if (file.isEmpty()) {
        emit done(false, tr("Say where to save the file."));
        return;
    }
    if (QFileInfo(file).isRelative()) {
        file = QDir(kpiFolder()).filePath(file);
    }
    const qint64 epoch = QDate(1970, 1, 1).toJulianDay();
    const qint64 firstDay = first.toJulianDay() - epoch;
    const qint64 lastDay = last.toJulianDay() - epoch;
    StoreHost *store = m_app->store();
    store->then(
        store->desk([firstDay, lastDay](DeskReader &d, const DeskContext &c) {
            return asVariant(d.kpiCsv(c.days, firstDay, lastDay));
        }),
        this,
        [this, file](const QVariant &v) {
            QDir().mkpath(QFileInfo(file).absolutePath());
            QSaveFile out(file);
            if (!out.open(QIODevice::WriteOnly) || out.write(v.toByteArray()) < 0 ||
                !out.commit()) {
                emit done(false, tr("Could not save %1: %2").arg(file, out.errorString()));
                return;
            }
            emit done(true, tr("Saved the KPIs to %1").arg(QDir::toNativeSeparators(file)));
        },
        [this](int, const QString &message) { emit done(false, message); });
}

QString DeskActions::choosePeriod(const QString &from, const QString &to)
{
    const QDate first = QDate::fromString(from.trimmed(), Qt::ISODate);
    const QDate last = QDate::fromString(to.trimmed(), Qt::ISODate);
    if (!first.isValid() || !last.isValid()) {
        return tr("Write each date as year-month-day, for example 2026-09-01");
    }
    if (last < first) {
        return tr("The period ends before it starts");
    }
    m_kpiFrom = first;
    m_kpiTo = last.addDays(1);
    m_kpiPreset = QStringLiteral("period");
    reloadKpis();
    return {};
}

std::pair<QDate, QDate> DeskActions::previousFinancialQuarter(const QDate &today)
{
    // Quarters start in April, July, October and January.
    const int startMonth = ((today.month() - 1) / 3) * 3 + 1;
    const QDate thisQuarter(today.year(), startMonth, 1);
    const QDate first = thisQuarter.addMonths(-3);
    return {first, thisQuarter.addDays(-1)};
}

void DeskActions::chooseLastQuarter()
{
    if (!m_app) {
        return;
    }
    const auto [first, last] = previousFinancialQuarter(m_app->councilClock().dateOf(nowMs()));
    m_kpiFrom = first;
    m_kpiTo = last.addDays(1);
    m_kpiPreset = QStringLiteral("quarter");
    reloadKpis();
}

void DeskActions::chooseLastYear()
{
    if (!m_app) {
        return;
    }
    m_kpiTo = m_app->councilClock().dateOf(nowMs()).addDays(1);
    m_kpiFrom = m_kpiTo.addYears(-1);
    m_kpiPreset = QStringLiteral("year");
    reloadKpis();
}

void DeskActions::choosePastDays(int days)
{
    if (!m_app || days <= 0) {
        return;
    }
    m_kpiTo = m_app->councilClock().dateOf(nowMs()).addDays(1);
    m_kpiFrom = m_kpiTo.addDays(-days);
    m_kpiPreset = QString::number(days);
    reloadKpis();
}

} // namespace doorstep::mobile
