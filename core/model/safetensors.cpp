#include "core/model/safetensors.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstring>

namespace mirlo {

namespace {

bool parseDType(const QString &s, DType &t)
{
    static const std::pair<const char *, DType> table[] = {
        {"F32", DType::F32}, {"F64", DType::F64}, {"I32", DType::I32},
        {"I16", DType::I16}, {"I64", DType::I64}, {"U8", DType::U8}};
    for (const auto &e : table) {
        if (s == QLatin1String(e.first)) {
            t = e.second;
            return true;
        }
    }
    return false;
}

template <class Out>
std::vector<Out> convert(const TensorView &v)
{
    const int64_t n = v.elementCount();
    std::vector<Out> out(size_t(std::max<int64_t>(n, 0)));
    // Copy element-wise through memcpy: the buffer is only guaranteed to be
    // aligned to the element size when the writer followed the convention.
    for (int64_t i = 0; i < n; ++i) {
        const char *p = v.data + i * dtypeSize(v.dtype);
        switch (v.dtype) {
        case DType::F32: { float x; std::memcpy(&x, p, 4); out[size_t(i)] = Out(x); break; }
        case DType::F64: { double x; std::memcpy(&x, p, 8); out[size_t(i)] = Out(x); break; }
        case DType::I32: { int32_t x; std::memcpy(&x, p, 4); out[size_t(i)] = Out(x); break; }
        case DType::I16: { int16_t x; std::memcpy(&x, p, 2); out[size_t(i)] = Out(x); break; }
        case DType::I64: { int64_t x; std::memcpy(&x, p, 8); out[size_t(i)] = Out(x); break; }
        case DType::U8: { uint8_t x; std::memcpy(&x, p, 1); out[size_t(i)] = Out(x); break; }
        }
    }
    return out;
}

QString shapeText(const std::vector<int64_t> &shape)
{
    QStringList parts;
    for (int64_t d : shape)
        parts << QString::number(d);
    return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
}

} // namespace

int dtypeSize(DType type)
{
    switch (type) {
    case DType::F32: case DType::I32: return 4;
    case DType::F64: case DType::I64: return 8;
    case DType::I16: return 2;
    case DType::U8: return 1;
    }
    return 0;
}

const char *dtypeName(DType type)
{
    switch (type) {
    case DType::F32: return "F32";
    case DType::F64: return "F64";
    case DType::I32: return "I32";
    case DType::I16: return "I16";
    case DType::I64: return "I64";
    case DType::U8: return "U8";
    }
    return "?";
}

int64_t TensorView::elementCount() const
{
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

bool SafeTensors::load(const QString &path, QString *error)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot open (%2)").arg(name, file.errorString());
        return false;
    }
    return loadFromBytes(file.readAll(), name, error);
}

bool SafeTensors::loadFromBytes(QByteArray bytes, const QString &nameForErrors, QString *error)
{
    m_tensors.clear();
    m_metadata.clear();
    m_name = nameForErrors;
    auto fail = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(nameForErrors, why);
        m_tensors.clear();
        return false;
    };
    if (bytes.size() < 8)
        return fail(QStringLiteral("not a safetensors file (shorter than its 8-byte header length)"));
    uint64_t headerLen = 0;
    for (int i = 7; i >= 0; --i)
        headerLen = (headerLen << 8) | uint8_t(bytes[i]);
    if (headerLen > uint64_t(bytes.size() - 8) || headerLen > (100u << 20))
        return fail(QStringLiteral("damaged safetensors header (claims %1 bytes, file has %2)")
                        .arg(headerLen).arg(bytes.size()));
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes.mid(8, int(headerLen)), &parseError);
    if (!doc.isObject())
        return fail(QStringLiteral("damaged safetensors header (%1)").arg(parseError.errorString()));

    m_bytes = std::move(bytes);
    const int64_t dataStart = 8 + int64_t(headerLen);
    const int64_t dataSize = m_bytes.size() - dataStart;
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() == QLatin1String("__metadata__")) {
            const QJsonObject meta = it.value().toObject();
            for (auto m = meta.begin(); m != meta.end(); ++m)
                m_metadata.insert(m.key(), m.value().toString());
            continue;
        }
        const QJsonObject t = it.value().toObject();
        TensorView view;
        if (!parseDType(t.value(QLatin1String("dtype")).toString(), view.dtype))
            return fail(QStringLiteral("tensor %1 has unsupported dtype %2")
                            .arg(it.key(), t.value(QLatin1String("dtype")).toString()));
        for (const QJsonValue &d : t.value(QLatin1String("shape")).toArray()) {
            if (!d.isDouble() || d.toDouble() < 0)
                return fail(QStringLiteral("tensor %1 has an invalid shape").arg(it.key()));
            view.shape.push_back(int64_t(d.toDouble()));
        }
        const QJsonArray offsets = t.value(QLatin1String("data_offsets")).toArray();
        if (offsets.size() != 2)
            return fail(QStringLiteral("tensor %1 has no data_offsets").arg(it.key()));
        const int64_t begin = int64_t(offsets[0].toDouble());
        const int64_t end = int64_t(offsets[1].toDouble());
        view.byteSize = end - begin;
        if (begin < 0 || end < begin || end > dataSize)
            return fail(QStringLiteral("tensor %1 lies outside the file (truncated?)").arg(it.key()));
        if (view.byteSize != view.elementCount() * dtypeSize(view.dtype))
            return fail(QStringLiteral("tensor %1: %2 bytes do not match shape %3 of %4")
                            .arg(it.key()).arg(view.byteSize).arg(shapeText(view.shape), dtypeName(view.dtype)));
        view.data = m_bytes.constData() + dataStart + begin;
        m_tensors.emplace(it.key().toStdString(), view);
    }
    return true;
}

const TensorView *SafeTensors::find(const std::string &name) const
{
    auto it = m_tensors.find(name);
    return it == m_tensors.end() ? nullptr : &it->second;
}

std::vector<std::string> SafeTensors::names() const
{
    std::vector<std::string> out;
    for (const auto &e : m_tensors)
        out.push_back(e.first);
    return out;
}

std::vector<float> SafeTensors::floats(const std::string &name) const
{
    const TensorView *v = find(name);
    return v ? convert<float>(*v) : std::vector<float>{};
}

std::vector<double> SafeTensors::doubles(const std::string &name) const
{
    const TensorView *v = find(name);
    return v ? convert<double>(*v) : std::vector<double>{};
}

std::vector<int32_t> SafeTensors::ints(const std::string &name) const
{
    const TensorView *v = find(name);
    return v ? convert<int32_t>(*v) : std::vector<int32_t>{};
}

bool SafeTensors::expectFloats(const std::string &name, const std::vector<int64_t> &shape,
                               std::vector<float> &out, QString *error) const
{
    const TensorView *v = find(name);
    if (!v) {
        if (error)
            *error = QStringLiteral("%1: tensor %2 is missing").arg(m_name, QString::fromStdString(name));
        return false;
    }
    if (v->shape != shape) {
        if (error)
            *error = QStringLiteral("%1: tensor %2 has shape %3, expected %4")
                         .arg(m_name, QString::fromStdString(name), shapeText(v->shape), shapeText(shape));
        return false;
    }
    out = convert<float>(*v);
    return true;
}

namespace {
template <class T>
QByteArray rawBytes(const std::vector<T> &values)
{
    return QByteArray(reinterpret_cast<const char *>(values.data()), int(values.size() * sizeof(T)));
}
} // namespace

void SafeTensorsWriter::add(const std::string &name, const std::vector<int64_t> &shape,
                            const std::vector<float> &values)
{
    m_entries[name] = Entry{DType::F32, shape, rawBytes(values)};
}

void SafeTensorsWriter::add(const std::string &name, const std::vector<int64_t> &shape,
                            const std::vector<double> &values)
{
    m_entries[name] = Entry{DType::F64, shape, rawBytes(values)};
}

void SafeTensorsWriter::add(const std::string &name, const std::vector<int64_t> &shape,
                            const std::vector<int32_t> &values)
{
    m_entries[name] = Entry{DType::I32, shape, rawBytes(values)};
}

QByteArray SafeTensorsWriter::toBytes() const
{
    // 8-byte dtypes first keeps every tensor aligned to its element size.
    std::vector<const std::pair<const std::string, Entry> *> order;
    for (const auto &e : m_entries)
        order.push_back(&e);
    std::stable_sort(order.begin(), order.end(), [](auto *a, auto *b) {
        return dtypeSize(a->second.dtype) > dtypeSize(b->second.dtype);
    });
    QJsonObject header;
    if (!m_metadata.isEmpty()) {
        QJsonObject meta;
        for (auto it = m_metadata.begin(); it != m_metadata.end(); ++it)
            meta.insert(it.key(), it.value());
        header.insert(QStringLiteral("__metadata__"), meta);
    }
    QByteArray data;
    for (const auto *e : order) {
        QJsonArray shape;
        for (int64_t d : e->second.shape)
            shape.append(double(d));
        QJsonObject t;
        t.insert(QStringLiteral("dtype"), QLatin1String(dtypeName(e->second.dtype)));
        t.insert(QStringLiteral("shape"), shape);
        t.insert(QStringLiteral("data_offsets"), QJsonArray{double(data.size()), double(data.size() + e->second.data.size())});
        header.insert(QString::fromStdString(e->first), t);
        data += e->second.data;
    }
    QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    while (json.size() % 8 != 0)
        json.append(' ');
    QByteArray out(8, '\0');
    uint64_t len = uint64_t(json.size());
    for (int i = 0; i < 8; ++i)
        out[i] = char((len >> (8 * i)) & 0xff);
    return out + json + data;
}

bool SafeTensorsWriter::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toBytes()) < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot write (%2)").arg(QFileInfo(path).fileName(), file.errorString());
        return false;
    }
    return true;
}

} // namespace mirlo
