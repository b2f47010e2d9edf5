#include "contact/videolink.h"

#include <cctype>

namespace doorstep::contact {

std::string videoCallLink(const v1::Council &council, const std::string &caseNumber)
{
    std::string link = council.video_call_link();
    if (link.empty()) {
        return {};
    }
    std::string room;
    for (const char c : caseNumber) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            room += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    const std::string placeholder = "{case}";
    for (auto at = link.find(placeholder); at != std::string::npos;
         at = link.find(placeholder, at + room.size())) {
        link.replace(at, placeholder.size(), room);
    }
    return link;
}

} // namespace doorstep::contact
