#include "crypto/securefile.h"

#include <QFile>
#include <QSaveFile>

#include <sodium.h>
#include <unistd.h>

#include <vector>

namespace doorstep::mobile {

namespace {

QString qpath(const std::filesystem::path &path)
{
    return QString::fromStdString(path.string());
}

Error ioError(const std::string &doing, const std::filesystem::path &path, const QString &why)
{
    return makeError(v1::ERROR_CODE_IO, "Could not " + doing + " " + path.filename().string() +
                                            ": " + why.toStdString());
}

} // namespace

Status SecureFile::writeDurably(const std::filesystem::path &path, std::string_view bytes)
{
    // QSaveFile writes beside the target, fsyncs, and renames over it on commit().
    QSaveFile file(qpath(path));
    if (!file.open(QIODevice::WriteOnly)) {
        return ioError("write", path, file.errorString());
    }
    if (file.write(bytes.data(), static_cast<qint64>(bytes.size())) !=
            static_cast<qint64>(bytes.size()) ||
        !file.commit()) {
        return ioError("write", path, file.errorString());
    }
    return {};
}

Result<std::optional<std::string>> SecureFile::read(const std::filesystem::path &path)
{
    QFile file(qpath(path));
    if (!file.exists()) {
        return std::optional<std::string>();
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return ioError("read", path, file.errorString());
    }
    const QByteArray data = file.readAll();
    return std::optional<std::string>(std::string(data.constData(), data.size()));
}

Status SecureFile::shred(const std::filesystem::path &path)
{
    QFile file(qpath(path));
    if (!file.exists()) {
        return {};
    }
    if (file.open(QIODevice::ReadWrite)) {
        std::vector<char> noise(static_cast<std::size_t>(file.size()));
        randombytes_buf(noise.data(), noise.size());
        file.write(noise.data(), static_cast<qint64>(noise.size()));
        file.flush();
        ::fsync(file.handle());
        file.close();
    }
    if (!file.remove()) {
        return ioError("erase", path, file.errorString());
    }
    return {};
}

Status SecureFile::remove(const std::filesystem::path &path)
{
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (ec) {
        return ioError("delete", path, QString::fromStdString(ec.message()));
    }
    return {};
}

} // namespace doorstep::mobile
