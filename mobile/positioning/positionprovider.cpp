#include "positioning/positionprovider.h"

#include "store/prototime.h"

#include <QFileInfo>
#include <QGeoPositionInfoSource>
#include <QVariantMap>

namespace doorstep::mobile {

PositionProvider::PositionProvider(const QString &nmeaFile, QObject *parent) : QObject(parent)
{
    if (!nmeaFile.isEmpty()) {
        // A file source replays its sentences at the pace of their own timestamps.
        const QVariantMap params{{"nmea.source", QFileInfo(nmeaFile).absoluteFilePath()}};
        m_source = QGeoPositionInfoSource::createSource("nmea", params, this);
    } else {
        m_source = QGeoPositionInfoSource::createDefaultSource(this);
    }
    if (!m_source) {
        qWarning("doorstep: no position source (%s); visits show no distance and check-in "
                 "records \"no fix\"",
                 nmeaFile.isEmpty() ? "no default source on this device" : "NMEA plugin missing");
        return;
    }
    connect(m_source, &QGeoPositionInfoSource::positionUpdated, this,
            [this](const QGeoPositionInfo &info) {
                if (info.isValid()) {
                    m_last = info;
                    m_received.start();
                    emit positionChanged();
                }
            });
    connect(m_source, &QGeoPositionInfoSource::errorOccurred, this,
            [this](QGeoPositionInfoSource::Error e) {
                if (e != QGeoPositionInfoSource::NoError) {
                    // Check-in goes on without a fix; the log says why there was none.
                    qWarning("doorstep: the position source reported error %d", int(e));
                }
            });
    m_source->startUpdates();
}

QString PositionProvider::sourceName() const
{
    return m_source ? m_source->sourceName() : QString();
}

v1::GeoPosition PositionProvider::current(qint64 nowMs, qint64 maxAgeMs) const
{
    v1::GeoPosition out;
    if (!m_last.isValid()) {
        return out;
    }
    // Age is how long ago the fix arrived here, not the receiver's own timestamp: a replayed
    // recording (and a receiver with a wrong clock) carries times from elsewhere.
    if (m_received.elapsed() > maxAgeMs) {
        return out;
    }
    const qint64 fixedAt = nowMs - m_received.elapsed();
    out.set_has_fix(true);
    out.set_latitude(m_last.coordinate().latitude());
    out.set_longitude(m_last.coordinate().longitude());
    if (m_last.hasAttribute(QGeoPositionInfo::HorizontalAccuracy)) {
        out.set_accuracy_m(m_last.attribute(QGeoPositionInfo::HorizontalAccuracy));
    }
    *out.mutable_fixed_at() = timestampOf(fixedAt);
    return out;
}

} // namespace doorstep::mobile
