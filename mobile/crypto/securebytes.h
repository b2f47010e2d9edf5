#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace doorstep::mobile {

// Key material in libsodium's guarded memory: sodium_malloc places it between guard pages and
// locks it out of swap, and sodium_free zeroes it before release. Move-only, so a key is never
// silently copied into ordinary heap memory.
class SecureBytes
{
public:
    // Throws std::bad_alloc when guarded memory cannot be had: there is no safe fallback.
    explicit SecureBytes(std::size_t size);
    SecureBytes(SecureBytes &&other) noexcept;
    SecureBytes &operator=(SecureBytes &&other) noexcept;
    SecureBytes(const SecureBytes &) = delete;
    SecureBytes &operator=(const SecureBytes &) = delete;
    ~SecureBytes();

    std::uint8_t *data() { return m_data; }
    const std::uint8_t *data() const { return m_data; }
    std::size_t size() const { return m_size; }
    std::span<const std::uint8_t> bytes() const { return {m_data, m_size}; }
    // The 256-bit view SQLCipher's raw key takes. Only valid for 32-byte buffers.
    std::span<const std::uint8_t, 32> key256() const;
    bool equals(const SecureBytes &other) const;

private:
    void release() noexcept;
    std::uint8_t *m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace doorstep::mobile
