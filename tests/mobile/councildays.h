#pragma once

// The council's calendar in the tests: as a new council gets it (Europe/London, England and
// Wales' bank holidays), and the instant its clocks read a given time.

#include "calendar/civildate.h"
#include "calendar/councilcalendar.h"
#include "doorstep/v1/identity.pb.h"

#include <cstdint>

namespace doorstep::mobile::test {

inline const calendar::CouncilCalendar &london()
{
    static const calendar::CouncilCalendar days = [] {
        auto c = calendar::CouncilCalendar::of(v1::Council());
        return c ? std::move(*c) : calendar::CouncilCalendar();
    }();
    return days;
}

// The instant the council's clocks read hh:mm on the date.
inline std::int64_t councilTime(int y, unsigned m, unsigned d, int hh, int mm)
{
    return london().at(calendar::daysFromCivil(y, m, d), hh * 60 + mm);
}

} // namespace doorstep::mobile::test
