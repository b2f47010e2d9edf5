#pragma once

#include <string>

namespace doorstep::mobile {

// Why the store is closed, for the UI to say so.
enum class LockReason {
    None,
    // No activity for the configured idle time: the PIN opens it again.
    Idle,
    // The officer locked it (the Lock button): the PIN opens it again.
    Manual,
    // Too many days without contacting the server: only a successful sync opens it again.
    OfflineTooLong,
    // Crypto-erased after too many wrong PINs.
    Wiped,
    // Crypto-erased because an administrator revoked the device.
    Revoked,
};

std::string describeLockReason(LockReason reason);

} // namespace doorstep::mobile
