#pragma once

// The demo council the UI tests run against: the app's own demo (seed 20261122), its visits
// laid out from the council's day at `nowMs` (Europe/London), which is the day the app shows.

#include "serverprocess.h"

#include "time/councilclock.h"

inline ServerProcess::Run loadDemoCouncil(const ServerProcess &server, qint64 nowMs)
{
    const QString today = doorstep::mobile::CouncilClock().dateOf(nowMs).toString(Qt::ISODate);
    return server.admin({"demo", "--seed", "20261122", "--base-day", today});
}
