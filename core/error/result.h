#pragma once

// Errors cross boundaries as values. An Error carries a stable code (the same codes the
// server sends on the wire) and a plain-English message a person can act on.

#include "doorstep/v1/errors.pb.h"

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace doorstep {

using ErrorCode = v1::ErrorCode;

struct Error
{
    ErrorCode code = v1::ERROR_CODE_UNSPECIFIED;
    std::string message;

    // The stable name of the code, for example "ERROR_CODE_SCHEMA_TOO_NEW".
    std::string codeName() const { return v1::ErrorCode_Name(code); }
    v1::Error toProto() const
    {
        v1::Error e;
        e.set_code(code);
        e.set_message(message);
        return e;
    }
};

template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }

    T &value() &
    {
        assert(ok());
        return std::get<T>(m_v);
    }
    const T &value() const &
    {
        assert(ok());
        return std::get<T>(m_v);
    }
    T &&value() &&
    {
        assert(ok());
        return std::get<T>(std::move(m_v));
    }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const
    {
        assert(!ok());
        return std::get<Error>(m_v);
    }

private:
    std::variant<T, Error> m_v;
};

// Result of an operation that produces nothing but may fail.
template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const
    {
        assert(!ok());
        return *m_error;
    }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

inline Error makeError(ErrorCode code, std::string message)
{
    return Error{code, std::move(message)};
}

} // namespace doorstep
