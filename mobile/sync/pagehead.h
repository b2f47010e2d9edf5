#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace doorstep::mobile {

// What the sync client needs of a PullResponse before the store has applied it: where the
// next page starts, whether there is one, and the few small fields it shows. Read straight
// from the wire format, stepping over each change without decoding it, so the GUI thread
// spends microseconds on a page of 2,000 records; the store's worker decodes the whole page.
struct PageHead
{
    int changes = 0;
    std::int64_t nextCursor = 0;
    bool hasMore = false;
    std::int64_t logEnd = 0;
    int openAlerts = 0;
    // The serialized Council when the page carries one; empty otherwise.
    std::string council;

    // Nothing when `bytes` is not a well-formed PullResponse at the top level.
    static std::optional<PageHead> read(std::string_view bytes);
};

} // namespace doorstep::mobile
