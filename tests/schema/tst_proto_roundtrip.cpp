// Every message of doorstep.v1 survives binary, JSON and text round trips with every field
// set, and the schema follows the Buf style guide's naming.

#include "doorstep/v1/admin.pb.h"
#include "doorstep/v1/casework.pb.h"
#include "doorstep/v1/common.pb.h"
#include "doorstep/v1/errors.pb.h"
#include "doorstep/v1/forms.pb.h"
#include "doorstep/v1/identity.pb.h"
#include "doorstep/v1/resident.pb.h"
#include "doorstep/v1/sync.pb.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <QDir>
#include <QRegularExpression>
#include <QTest>

#include <memory>
#include <set>

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

namespace {

// One message from each .proto file, so the linker keeps every file's descriptors.
std::vector<const FileDescriptor *> schemaFiles()
{
    namespace v1 = doorstep::v1;
    return {v1::GeoPosition::descriptor()->file(),    v1::Council::descriptor()->file(),
            v1::Resident::descriptor()->file(),       v1::Case::descriptor()->file(),
            v1::FormDefinition::descriptor()->file(), v1::Error::descriptor()->file(),
            v1::PullRequest::descriptor()->file(),    v1::CouncilSnapshot::descriptor()->file()};
}

std::vector<const Descriptor *> allMessages()
{
    std::vector<const Descriptor *> out;
    std::function<void(const Descriptor *)> add = [&](const Descriptor *d) {
        out.push_back(d);
        for (int i = 0; i < d->nested_type_count(); ++i) {
            add(d->nested_type(i));
        }
    };
    for (const FileDescriptor *f : schemaFiles()) {
        for (int i = 0; i < f->message_type_count(); ++i) {
            add(f->message_type(i));
        }
    }
    return out;
}

// Sets every field to a value unlike its default. `variant` picks which member of each
// oneof is set, so that across variants every oneof member is exercised.
void fill(Message *m, int variant, int depth)
{
    const Descriptor *d = m->GetDescriptor();
    const Reflection *r = m->GetReflection();
    if (d->full_name() == "google.protobuf.Timestamp") {
        r->SetInt64(m, d->FindFieldByName("seconds"), 1795000000 + depth);
        r->SetInt32(m, d->FindFieldByName("nanos"), 123000000);
        return;
    }
    for (int i = 0; i < d->field_count(); ++i) {
        const FieldDescriptor *f = d->field(i);
        if (const auto *oneof = f->real_containing_oneof()) {
            if (oneof->field(variant % oneof->field_count()) != f) {
                continue;
            }
        }
        const int copies = f->is_repeated() ? 2 : 1;
        for (int c = 0; c < copies; ++c) {
            switch (f->cpp_type()) {
            case FieldDescriptor::CPPTYPE_INT32:
                f->is_repeated() ? r->AddInt32(m, f, -7 - c) : r->SetInt32(m, f, -7);
                break;
            case FieldDescriptor::CPPTYPE_INT64:
                f->is_repeated() ? r->AddInt64(m, f, (int64_t{1} << 40) + c)
                                 : r->SetInt64(m, f, int64_t{1} << 40);
                break;
            case FieldDescriptor::CPPTYPE_UINT32:
                f->is_repeated() ? r->AddUInt32(m, f, 4000000000u)
                                 : r->SetUInt32(m, f, 4000000000u);
                break;
            case FieldDescriptor::CPPTYPE_UINT64:
                f->is_repeated() ? r->AddUInt64(m, f, ~uint64_t{0})
                                 : r->SetUInt64(m, f, ~uint64_t{0});
                break;
            case FieldDescriptor::CPPTYPE_DOUBLE:
                f->is_repeated() ? r->AddDouble(m, f, -1.25 * (c + 1)) : r->SetDouble(m, f, 52.625);
                break;
            case FieldDescriptor::CPPTYPE_FLOAT:
                f->is_repeated() ? r->AddFloat(m, f, 0.5f) : r->SetFloat(m, f, 0.5f);
                break;
            case FieldDescriptor::CPPTYPE_BOOL:
                f->is_repeated() ? r->AddBool(m, f, c == 0) : r->SetBool(m, f, true);
                break;
            case FieldDescriptor::CPPTYPE_ENUM: {
                const EnumDescriptor *e = f->enum_type();
                const auto *v = e->value(e->value_count() - 1 - (c % e->value_count()));
                f->is_repeated() ? r->AddEnum(m, f, v) : r->SetEnum(m, f, v);
                break;
            }
            case FieldDescriptor::CPPTYPE_STRING: {
                const std::string s =
                    f->type() == FieldDescriptor::TYPE_BYTES
                        ? std::string("\0\x01\xff bytes", 9)
                        : "Zoë O'Brien, 12 Millbrook Rd\n\"quoted\" " + std::to_string(c);
                f->is_repeated() ? r->AddString(m, f, s) : r->SetString(m, f, s);
                break;
            }
            case FieldDescriptor::CPPTYPE_MESSAGE:
                if (depth < 4) {
                    Message *child =
                        f->is_repeated() ? r->AddMessage(m, f) : r->MutableMessage(m, f);
                    fill(child, variant + c, depth + 1);
                }
                break;
            }
        }
    }
}

int maxOneofWidth(const Descriptor *d)
{
    int w = 1;
    for (int i = 0; i < d->oneof_decl_count(); ++i) {
        w = std::max(w, d->oneof_decl(i)->field_count());
    }
    return w;
}

bool isLowerSnake(const std::string &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9]*(_[a-z0-9]+)*$"));
    return re.match(QString::fromStdString(s)).hasMatch();
}

bool isPascal(const std::string &s)
{
    static const QRegularExpression re(QStringLiteral("^[A-Z][A-Za-z0-9]*$"));
    return re.match(QString::fromStdString(s)).hasMatch();
}

std::string upperSnake(const std::string &pascal)
{
    std::string out;
    for (std::size_t i = 0; i < pascal.size(); ++i) {
        const char ch = pascal[i];
        if (std::isupper(static_cast<unsigned char>(ch)) && i > 0) {
            out += '_';
        }
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    return out;
}

} // namespace

class TestProtoRoundTrip : public QObject
{
    Q_OBJECT

private slots:
    void everyProtoFileIsCovered();
    void roundTrips_data();
    void roundTrips();
    void followsBufNaming();
    void truncatedBytesAreRejected();
};

void TestProtoRoundTrip::everyProtoFileIsCovered()
{
    const QDir dir(qEnvironmentVariable("DOORSTEP_SOURCE_DIR") +
                   QStringLiteral("/schema/proto/doorstep/v1"));
    QVERIFY2(dir.exists(), qPrintable(dir.path()));
    std::set<std::string> onDisk;
    for (const QString &f : dir.entryList({QStringLiteral("*.proto")}, QDir::Files)) {
        onDisk.insert("doorstep/v1/" + f.toStdString());
    }
    std::set<std::string> covered;
    for (const FileDescriptor *f : schemaFiles()) {
        covered.insert(f->name());
        QCOMPARE(QString::fromStdString(f->package()), QStringLiteral("doorstep.v1"));
    }
    // A new .proto file must be added to schemaFiles() so its messages are tested.
    QCOMPARE(covered, onDisk);
}

void TestProtoRoundTrip::roundTrips_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("variant");
    for (const Descriptor *d : allMessages()) {
        for (int v = 0; v < maxOneofWidth(d); ++v) {
            QTest::addRow("%s/%d", d->full_name().c_str(), v)
                << QString::fromStdString(d->full_name()) << v;
        }
    }
}

void TestProtoRoundTrip::roundTrips()
{
    QFETCH(QString, type);
    QFETCH(int, variant);
    const Descriptor *d = google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
        type.toStdString());
    QVERIFY(d);
    const Message *prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(d);
    std::unique_ptr<Message> original(prototype->New());
    fill(original.get(), variant, 0);
    QVERIFY(original->ByteSizeLong() > 0 || d->field_count() == 0);

    // Binary.
    std::string bytes;
    QVERIFY(original->SerializeToString(&bytes));
    std::unique_ptr<Message> fromBinary(prototype->New());
    QVERIFY(fromBinary->ParseFromString(bytes));
    QVERIFY2(google::protobuf::util::MessageDifferencer::Equals(*original, *fromBinary),
             fromBinary->DebugString().c_str());

    // JSON, the debugging mapping the server also speaks.
    std::string json;
    QVERIFY(google::protobuf::util::MessageToJsonString(*original, &json).ok());
    std::unique_ptr<Message> fromJson(prototype->New());
    const auto status = google::protobuf::util::JsonStringToMessage(json, fromJson.get());
    QVERIFY2(status.ok(), std::string(status.message()).c_str());
    QVERIFY2(google::protobuf::util::MessageDifferencer::Equals(*original, *fromJson),
             json.c_str());

    // Text format, used for the standard content in schema/content.
    std::string text;
    QVERIFY(google::protobuf::TextFormat::PrintToString(*original, &text));
    std::unique_ptr<Message> fromText(prototype->New());
    QVERIFY(google::protobuf::TextFormat::ParseFromString(text, fromText.get()));
    QVERIFY(google::protobuf::util::MessageDifferencer::Equals(*original, *fromText));
}

void TestProtoRoundTrip::followsBufNaming()
{
    for (const FileDescriptor *f : schemaFiles()) {
        std::vector<const EnumDescriptor *> enums;
        for (int i = 0; i < f->enum_type_count(); ++i) {
            enums.push_back(f->enum_type(i));
        }
        for (int i = 0; i < f->message_type_count(); ++i) {
            const Descriptor *d = f->message_type(i);
            QVERIFY2(isPascal(d->name()), d->full_name().c_str());
            for (int j = 0; j < d->field_count(); ++j) {
                QVERIFY2(isLowerSnake(d->field(j)->name()), d->field(j)->full_name().c_str());
            }
            for (int j = 0; j < d->enum_type_count(); ++j) {
                enums.push_back(d->enum_type(j));
            }
        }
        for (const EnumDescriptor *e : enums) {
            QVERIFY2(isPascal(e->name()), e->full_name().c_str());
            const std::string prefix = upperSnake(e->name()) + "_";
            QCOMPARE(QString::fromStdString(e->value(0)->name()),
                     QString::fromStdString(prefix + "UNSPECIFIED"));
            QCOMPARE(e->value(0)->number(), 0);
            for (int j = 0; j < e->value_count(); ++j) {
                QVERIFY2(e->value(j)->name().rfind(prefix, 0) == 0, e->value(j)->name().c_str());
            }
        }
    }
}

void TestProtoRoundTrip::truncatedBytesAreRejected()
{
    doorstep::v1::PushRequest req;
    fill(&req, 0, 0);
    std::string bytes;
    QVERIFY(req.SerializeToString(&bytes));
    QVERIFY(bytes.size() > 100);
    // Cutting inside a length-delimited field must fail to parse, never yield a partial
    // request that looks whole.
    doorstep::v1::PushRequest cut;
    QVERIFY(!cut.ParseFromString(bytes.substr(0, bytes.size() - 3)));
}

QTEST_GUILESS_MAIN(TestProtoRoundTrip)
#include "tst_proto_roundtrip.moc"
