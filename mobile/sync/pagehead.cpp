#include "sync/pagehead.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

namespace doorstep::mobile {

std::optional<PageHead> PageHead::read(std::string_view bytes)
{
    using google::protobuf::internal::WireFormatLite;
    google::protobuf::io::CodedInputStream in(reinterpret_cast<const std::uint8_t *>(bytes.data()),
                                              static_cast<int>(bytes.size()));
    PageHead head;
    // Field numbers of PullResponse (schema/proto/doorstep/v1/sync.proto).
    constexpr int kChanges = 1, kNextCursor = 2, kHasMore = 3, kCouncil = 5, kOpenAlerts = 6,
                  kLogEnd = 7;
    for (;;) {
        if (in.CurrentPosition() == static_cast<int>(bytes.size())) {
            return head;
        }
        // Zero: a tag cut off, or the zero tag, which no message has.
        const std::uint32_t tag = in.ReadTag();
        if (tag == 0) {
            return std::nullopt;
        }
        const int field = WireFormatLite::GetTagFieldNumber(tag);
        const auto type = WireFormatLite::GetTagWireType(tag);
        std::uint64_t varint = 0;
        std::uint32_t length = 0;
        bool ok = true;
        if (field == kChanges && type == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
            ok = in.ReadVarint32(&length) && in.Skip(static_cast<int>(length));
            ++head.changes;
        } else if (field == kCouncil && type == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
            ok = in.ReadVarint32(&length) && in.ReadString(&head.council, static_cast<int>(length));
        } else if ((field == kNextCursor || field == kHasMore || field == kOpenAlerts ||
                    field == kLogEnd) &&
                   type == WireFormatLite::WIRETYPE_VARINT) {
            ok = in.ReadVarint64(&varint);
            if (field == kNextCursor) {
                head.nextCursor = static_cast<std::int64_t>(varint);
            } else if (field == kHasMore) {
                head.hasMore = varint != 0;
            } else if (field == kOpenAlerts) {
                head.openAlerts = static_cast<int>(static_cast<std::int32_t>(varint));
            } else {
                head.logEnd = static_cast<std::int64_t>(varint);
            }
        } else {
            // Fields this version does not read (server_time, newer ones) are stepped over.
            ok = WireFormatLite::SkipField(&in, tag);
        }
        if (!ok) {
            return std::nullopt;
        }
    }
}

} // namespace doorstep::mobile
