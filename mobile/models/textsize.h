#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace doorstep::mobile {

// How big the app's words are, as a factor on the theme's sizes (Theme.textScale): the tablet's
// own font size setting, unless the person has chosen a size in the app. The choice is kept in
// the app's data directory beside the store (display.ini, only this number in it), so it
// applies from the lock screen on, before the store is open.
class TextSize : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The app controller owns its text size.")
    // The size in effect, 1.0 to 2.0.
    Q_PROPERTY(double scale READ scale NOTIFY changed)
    // The size chosen in the app as a percentage, one of `steps`; 0 follows the tablet.
    Q_PROPERTY(int percent READ percent WRITE setPercent NOTIFY changed)
    // The tablet's own font scale, from the platform when the app starts.
    Q_PROPERTY(double platformScale READ platformScale WRITE setPlatformScale NOTIFY changed)
    Q_PROPERTY(QList<int> steps READ steps CONSTANT)
    // A size shown for now and not kept, for the screenshot tour and the tests that look at
    // each screen at 100% and 200%; 0 for none.
    Q_PROPERTY(double preview READ preview WRITE setPreview NOTIFY changed)

public:
    explicit TextSize(QObject *parent = nullptr);

    // The platform's font scale: on Android the "Font size" of its display settings
    // (android.content.res.Configuration.fontScale, developer.android.com); other platforms
    // hand Qt no such factor, and get 1.0.
    static double systemScale();

    double scale() const;
    int percent() const { return m_percent; }
    void setPercent(int percent);
    double platformScale() const { return m_platformScale; }
    void setPlatformScale(double scale);
    QList<int> steps() const { return {100, 125, 150, 175, 200}; }
    double preview() const { return m_preview; }
    void setPreview(double scale);

    // Reads the choice kept in `file`, and keeps later choices there.
    void load(const QString &file);

signals:
    void changed();

private:
    QString m_file;
    int m_percent = 0;
    double m_platformScale = 1.0;
    double m_preview = 0;
};

} // namespace doorstep::mobile
