#pragma once
// Reader and writer for the safetensors format (8-byte little-endian header
// length, JSON header, contiguous little-endian C-order tensor data), the
// weight format of every model folder (model.json + weights.safetensors).
// Load validates the header and every tensor's byte range, so a damaged or
// truncated file gives a clear error instead of reading out of bounds.
#include <QByteArray>
#include <QMap>
#include <QString>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mirlo {

enum class DType { F32, F64, I32, I16, I64, U8 };

int dtypeSize(DType type);
const char *dtypeName(DType type); // "F32", ...

struct TensorView {
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    const char *data = nullptr; // points into the owning SafeTensors' buffer
    int64_t byteSize = 0;
    int64_t elementCount() const;
};

class SafeTensors {
public:
    // Returns false and sets *error ("<file>: <problem>") on failure.
    bool load(const QString &path, QString *error = nullptr);
    bool loadFromBytes(QByteArray bytes, const QString &nameForErrors, QString *error = nullptr);

    bool contains(const std::string &name) const { return m_tensors.count(name) != 0; }
    const TensorView *find(const std::string &name) const;
    std::vector<std::string> names() const;
    const QMap<QString, QString> &metadata() const { return m_metadata; }

    // Typed copies; convert numeric dtypes to the requested type. Empty on a
    // missing name (check contains() first, or use the expect* helpers).
    std::vector<float> floats(const std::string &name) const;
    std::vector<double> doubles(const std::string &name) const;
    std::vector<int32_t> ints(const std::string &name) const;

    // Like floats() but fails with a clear error when the tensor is missing or its shape differs.
    bool expectFloats(const std::string &name, const std::vector<int64_t> &shape, std::vector<float> &out,
                      QString *error) const;

private:
    QByteArray m_bytes;
    QString m_name;
    std::map<std::string, TensorView> m_tensors;
    QMap<QString, QString> m_metadata;
};

// Collects tensors and writes one safetensors file (8-byte-aligned header, sorted by name).
class SafeTensorsWriter {
public:
    void add(const std::string &name, const std::vector<int64_t> &shape, const std::vector<float> &values);
    void add(const std::string &name, const std::vector<int64_t> &shape, const std::vector<double> &values);
    void add(const std::string &name, const std::vector<int64_t> &shape, const std::vector<int32_t> &values);
    void setMetadata(const QString &key, const QString &value) { m_metadata[key] = value; }
    bool save(const QString &path, QString *error = nullptr) const;
    QByteArray toBytes() const;

private:
    struct Entry {
        DType dtype;
        std::vector<int64_t> shape;
        QByteArray data;
    };
    std::map<std::string, Entry> m_entries;
    QMap<QString, QString> m_metadata;
};

} // namespace mirlo
