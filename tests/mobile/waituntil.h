#pragma once

// Runs the event loop until a condition holds, sleeping in the event dispatcher between
// events. QCoreApplication::processEvents(flags, maxtime) drops WaitForMoreEvents and so
// spins; a timer that ticks a few times a second wakes the blocking form instead, and the
// deadline is checked on each wake. The benchmarks wait this way so that the waiting costs
// them no CPU next to the server and the app core they measure.

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

namespace doorstep::mobile::test {

template <typename Done> bool waitUntil(Done &&done, int timeoutMs)
{
    QElapsedTimer elapsed;
    elapsed.start();
    QTimer tick;
    tick.start(50);
    while (!done()) {
        if (elapsed.elapsed() > timeoutMs) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

} // namespace doorstep::mobile::test
