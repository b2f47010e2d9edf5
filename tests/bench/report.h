#pragma once

// The benchmark's results: each figure beside what it is compared with, measured in the same
// run, printed as a table and written as JSON so runs can be compared across changes.

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <vector>

namespace bench {

struct Figure
{
    QString workload; // "W1 S", "W3 N=500", ...
    QString name;     // what was measured
    double value = 0;
    QString unit;
    // What it is compared with; empty when the figure stands alone.
    QString versus;
    double versusValue = 0;
    // What the comparison means: "x limit" (value / limit) or "x faster" (peer / value).
    QString ratioKind;
    QString target; // the target, for the reader; never asserted
};

class Report
{
public:
    // Each figure and note is also printed as it comes, so a run cut short still says what it
    // measured.
    void add(Figure f);
    void note(const QString &text);
    void setMachine(QJsonObject machine) { m_machine = std::move(machine); }

    static double ratio(const Figure &f);
    void print() const;
    bool writeJson(const QString &path, const QJsonObject &settings) const;

private:
    std::vector<Figure> m_figures;
    QStringList m_notes;
    QJsonObject m_machine;
};

inline double percentile(std::vector<double> v, double p)
{
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

} // namespace bench
