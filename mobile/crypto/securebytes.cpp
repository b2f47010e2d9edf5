#include "crypto/securebytes.h"

#include <sodium.h>

#include <cassert>
#include <new>
#include <utility>

namespace doorstep::mobile {

SecureBytes::SecureBytes(std::size_t size) : m_size(size)
{
    if (sodium_init() < 0) {
        throw std::bad_alloc();
    }
    m_data = static_cast<std::uint8_t *>(sodium_malloc(size == 0 ? 1 : size));
    if (!m_data) {
        throw std::bad_alloc();
    }
    sodium_memzero(m_data, size);
}

SecureBytes::SecureBytes(SecureBytes &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{}

SecureBytes &SecureBytes::operator=(SecureBytes &&other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecureBytes::~SecureBytes()
{
    release();
}

void SecureBytes::release() noexcept
{
    if (m_data) {
        sodium_free(m_data); // zeroes before freeing
        m_data = nullptr;
        m_size = 0;
    }
}

std::span<const std::uint8_t, 32> SecureBytes::key256() const
{
    assert(m_size == 32);
    return std::span<const std::uint8_t, 32>(m_data, 32);
}

bool SecureBytes::equals(const SecureBytes &other) const
{
    return m_size == other.m_size && sodium_memcmp(m_data, other.m_data, m_size) == 0;
}

} // namespace doorstep::mobile
