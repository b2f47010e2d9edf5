#include "textsize.h"

#include <QSettings>

#include <algorithm>

#ifdef Q_OS_ANDROID
#include <QCoreApplication>
#include <QJniObject>
#endif

namespace doorstep::mobile {

namespace {

constexpr double kSmallest = 1.0;
constexpr double kLargest = 2.0; // WCAG 1.4.4: text resized up to 200% without loss
const char kKey[] = "text/percent";

} // namespace

TextSize::TextSize(QObject *parent) : QObject(parent), m_platformScale(systemScale()) {}

double TextSize::systemScale()
{
#ifdef Q_OS_ANDROID
    const QJniObject context = QNativeInterface::QAndroidApplication::context();
    const QJniObject config =
        context.callObjectMethod("getResources", "()Landroid/content/res/Resources;")
            .callObjectMethod("getConfiguration", "()Landroid/content/res/Configuration;");
    if (config.isValid()) {
        return config.getField<jfloat>("fontScale");
    }
#endif
    return 1.0;
}

double TextSize::scale() const
{
    const double wanted = m_preview > 0   ? m_preview
                          : m_percent > 0 ? m_percent / 100.0
                                          : m_platformScale;
    return std::clamp(wanted, kSmallest, kLargest);
}

void TextSize::setPercent(int percent)
{
    const QList<int> allowed = steps();
    if (percent != 0 && !allowed.contains(percent)) {
        return;
    }
    if (percent == m_percent) {
        return;
    }
    m_percent = percent;
    if (!m_file.isEmpty()) {
        QSettings settings(m_file, QSettings::IniFormat);
        settings.setValue(kKey, m_percent);
    }
    emit changed();
}

void TextSize::setPlatformScale(double scale)
{
    if (scale > 0 && scale != m_platformScale) {
        m_platformScale = scale;
        emit changed();
    }
}

void TextSize::setPreview(double scale)
{
    const double preview = scale > 0 ? scale : 0;
    if (preview != m_preview) {
        m_preview = preview;
        emit changed();
    }
}

void TextSize::load(const QString &file)
{
    m_file = file;
    const int kept = QSettings(file, QSettings::IniFormat).value(kKey, 0).toInt();
    const int percent = steps().contains(kept) ? kept : 0;
    if (percent != m_percent) {
        m_percent = percent;
        emit changed();
    }
}

} // namespace doorstep::mobile
