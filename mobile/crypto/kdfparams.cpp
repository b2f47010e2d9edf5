#include "crypto/kdfparams.h"

#include <sodium.h>

namespace doorstep::mobile {

KdfParams KdfParams::recommended()
{
    return {3, 64ull * 1024 * 1024};
}

KdfParams KdfParams::minimal()
{
    return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

} // namespace doorstep::mobile
