#pragma once

// Tells systemd how the service is (Type=notify units): "READY=1" once the server listens,
// "STOPPING=1" as it stops, with a STATUS= line for `systemctl status`. The protocol, from
// sd_notify(3) (NOTES): one datagram with the state as its payload, to the AF_UNIX socket
// named by $NOTIFY_SOCKET; a name starting with "@" is in Linux's abstract namespace. Without
// $NOTIFY_SOCKET (not started by systemd) nothing is sent and nothing fails.

#include "error/result.h"

#include <string>

namespace doorstep::server {

Status notifySystemd(const std::string &state);

} // namespace doorstep::server
