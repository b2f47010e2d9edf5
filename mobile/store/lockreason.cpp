#include "store/lockreason.h"

namespace doorstep::mobile {

std::string describeLockReason(LockReason reason)
{
    switch (reason) {
    case LockReason::None:
        return "Unlocked.";
    case LockReason::Idle:
        return "Locked because the device was not used for a while. Enter your PIN to continue.";
    case LockReason::Manual:
        return "You locked Doorstep. Enter your PIN to continue.";
    case LockReason::OfflineTooLong:
        return "Locked because this device has not synced for too long. Connect to the internet "
               "and sync to continue.";
    case LockReason::Wiped:
        return "The data on this device was erased because the wrong PIN was entered too many "
               "times.";
    case LockReason::Revoked:
        return "The data on this device was erased because the device was withdrawn from service.";
    }
    return "Locked.";
}

} // namespace doorstep::mobile
