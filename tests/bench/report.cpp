#include "report.h"

#include <algorithm>

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace bench {

double Report::ratio(const Figure &f)
{
    if (f.versus.isEmpty() || f.ratioKind.isEmpty() || f.value <= 0 || f.versusValue <= 0) {
        return 0;
    }
    return f.ratioKind == "x faster" ? f.versusValue / f.value : f.value / f.versusValue;
}

namespace {

QString number(double v)
{
    if (v == 0) {
        return "0";
    }
    if (v >= 1000) {
        return QString::number(v, 'f', 0);
    }
    if (v >= 10) {
        return QString::number(v, 'f', 1);
    }
    return QString::number(v, 'f', 2);
}

} // namespace

void Report::add(Figure f)
{
    QTextStream out(stdout);
    out << "   " << f.workload << ": " << f.name << " " << number(f.value) << " " << f.unit;
    if (!f.versus.isEmpty()) {
        out << " (" << f.versus << " " << number(f.versusValue) << ")";
    }
    out << Qt::endl;
    m_figures.push_back(std::move(f));
}

void Report::note(const QString &text)
{
    QTextStream(stdout) << "   " << text << Qt::endl;
    m_notes << text;
}

void Report::print() const
{
    QTextStream out(stdout);
    const auto pad = [](QString s, int width) { return s.leftJustified(width, ' ', true); };
    // The workload column fits the longest name ("W3 N=2000 pg x2"), with a space after it.
    int workloadWidth = 12;
    for (const Figure &f : m_figures) {
        workloadWidth = std::max(workloadWidth, int(f.workload.size()) + 1);
    }
    out << "\n"
        << pad("workload", workloadWidth) << pad("figure", 44) << pad("value", 16)
        << pad("compared with", 42) << pad("ratio", 16) << "target\n";
    out << QString(138 + workloadWidth, '-') << "\n";
    for (const Figure &f : m_figures) {
        const QString value = number(f.value) + " " + f.unit;
        QString versus = f.versus.isEmpty() ? "-" : f.versus + " " + number(f.versusValue);
        if (!f.versus.isEmpty()) {
            versus += " " + f.unit;
        }
        const double r = ratio(f);
        const QString ratioText = r > 0 ? number(r) + " " + f.ratioKind : "-";
        out << pad(f.workload, workloadWidth) << pad(f.name, 44) << pad(value, 16)
            << pad(versus, 42) << pad(ratioText, 16) << f.target << "\n";
    }
    for (const QString &n : m_notes) {
        out << "note: " << n << "\n";
    }
    out.flush();
}

bool Report::writeJson(const QString &path, const QJsonObject &settings) const
{
    QJsonArray figures;
    for (const Figure &f : m_figures) {
        QJsonObject o{
            {"workload", f.workload}, {"figure", f.name}, {"value", f.value}, {"unit", f.unit}};
        if (!f.versus.isEmpty()) {
            o.insert("versus", f.versus);
            o.insert("versus_value", f.versusValue);
            o.insert("ratio", ratio(f));
            o.insert("ratio_kind", f.ratioKind);
        }
        if (!f.target.isEmpty()) {
            o.insert("target", f.target);
        }
        figures.append(o);
    }
    const QJsonObject doc{{"date", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                          {"machine", m_machine},
                          {"settings", settings},
                          {"figures", figures},
                          {"notes", QJsonArray::fromStringList(m_notes)}};
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return false;
    }
    return file.write(QJsonDocument(doc).toJson()) > 0;
}

} // namespace bench
