#pragma once

#include "doorstep/v1/common.pb.h"

#include <QElapsedTimer>
#include <QGeoPositionInfo>
#include <QObject>
#include <QString>

class QGeoPositionInfoSource;

namespace doorstep::mobile {

// The officer's position, for check-in, check-out and "nearest first". It never blocks: a
// caller asks for the latest fix and gets one, or an explicit "no fix", at once.
//
// The source is the platform's default, or Qt's `nmea` plugin reading a recorded NMEA file
// (tests and the demo), chosen by passing the file.
class PositionProvider : public QObject
{
    Q_OBJECT

public:
    // `nmeaFile` empty: the platform's default source, if it has one.
    explicit PositionProvider(const QString &nmeaFile = {}, QObject *parent = nullptr);

    // True once a source exists (a tablet with location switched off has none).
    bool hasSource() const { return m_source != nullptr; }
    QString sourceName() const;
    // The latest fix, or an invalid QGeoPositionInfo when there is none yet.
    const QGeoPositionInfo &last() const { return m_last; }

    // The latest fix as a record position, with its accuracy, or has_fix = false when there
    // is none or it is older than `maxAgeMs` (a fix from the previous street is not a check-in).
    v1::GeoPosition current(qint64 nowMs, qint64 maxAgeMs = 5 * 60 * 1000) const;

signals:
    void positionChanged();

private:
    QGeoPositionInfoSource *m_source = nullptr;
    QGeoPositionInfo m_last;
    QElapsedTimer m_received;
};

} // namespace doorstep::mobile
