// The administrator's subcommands: users, CSV import with errors by line, CSV export, backup
// while the server runs, and the demo council.

#include "db/database.h"
#include "db/statement.h"
#include "doorstep/v1/sync.pb.h"
#include "serverprocess.h"
#include "smtprelay.h"
#include "store/openstore.h"
#include "store/pgconnection.h"
#include "testdatabase.h"
#include "testworld.h"

#include <QFile>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstring>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace doorstep::v1;
using doorstep::server::test::Relay;

class TestAdmin : public QObject
{
    Q_OBJECT

private slots:
    void usersAddListDisable();
    void usersEnabledAgainAndALeaversDevicesRevoked();
    void restoreAfterDamageLosesNothingAcknowledgedBeforeTheBackup();
    void csvImportReportsErrorsByLine();
    void csvImportResidentsAndCases();
    void exportAndBackupWhileServing();
    void copyStoreMovesEveryRowToPostgres();
    void postgresBackupKeepsThePasswordOffTheCommandLine();
    void demoCouncilLoads();
    void councilTimeZoneAndBankHolidays();
    void councilLoneWorkingSettings();
    void outcomeNotifiesTheReferringWardMember();
    void serveReadsItsConfigurationFileAndTellsSystemdItIsReady();
    void serveRefusesAConfigurationFileItCannotRead();

private:
    static void write(const QString &path, const QByteArray &text);
    // The HTTP status of a token renewal by an enrolled device.
    static int renewed(TestClient &client, const EnrolledDevice &d);
    // A new store with the test world loaded, served.
    static bool serveTestWorld(ServerProcess &s, const QTemporaryDir &dir);
};

int TestAdmin::renewed(TestClient &client, const EnrolledDevice &d)
{
    TokenRequest r;
    r.set_device_id(d.deviceId.toStdString());
    r.set_device_secret(d.secret.toStdString());
    return client.call("/v1/token", r).status;
}

bool TestAdmin::serveTestWorld(ServerProcess &s, const QTemporaryDir &dir)
{
    return s.admin({"init"}).exitCode == 0 && testworld::writeSnapshot(dir.filePath("world.pb")) &&
           s.admin({"load-snapshot", dir.filePath("world.pb")}).exitCode == 0 && s.start();
}

void TestAdmin::write(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

void TestAdmin::usersAddListDisable()
{
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    QCOMPARE(s.admin({"user", "list"}).exitCode, 1); // no store yet: a clear error
    QCOMPARE(s.admin({"init"}).exitCode, 0);
    const auto add = s.admin({"user", "add", "sam", "--role", "officer", "--name", "Sam Taylor"});
    QCOMPARE(add.exitCode, 0);
    QVERIFY(add.out.startsWith("usr-"));
    QVERIFY(s.admin({"user", "add", "sam", "--role", "officer"}).exitCode != 0); // duplicate
    QCOMPARE(s.admin({"user", "add", "x", "--role", "emperor"}).exitCode, 2);
    QCOMPARE(s.admin({"user", "disable", "sam"}).exitCode, 0);
    const auto list = s.admin({"user", "list"});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains("sam\tROLE_OFFICER"));
    QVERIFY(list.out.contains("disabled"));
    // A disabled user gets no enrolment code.
    QVERIFY(s.admin({"device", "enrol-code", "sam"}).exitCode != 0);
    QVERIFY(s.admin({"device", "enrol-code", "nobody"}).exitCode != 0);
}

void TestAdmin::usersEnabledAgainAndALeaversDevicesRevoked()
{
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    QCOMPARE(s.admin({"init"}).exitCode, 0);
    QCOMPARE(s.admin({"user", "add", "sam", "--role", "officer"}).exitCode, 0);
    QCOMPARE(s.admin({"user", "add", "kim", "--role", "coordinator"}).exitCode, 0);
    QVERIFY(s.start());
    TestClient client(s.port());
    const auto tablet = enrolDevice(s, client, "sam");
    const auto spare = enrolDevice(s, client, "sam");
    const auto desk = enrolDevice(s, client, "kim");
    QVERIFY(!tablet.deviceId.isEmpty() && !spare.deviceId.isEmpty() && !desk.deviceId.isEmpty());
    auto renew = [&](const EnrolledDevice &d) { return renewed(client, d); };
    QCOMPARE(renew(tablet), 200);

    // Listed by role.
    const auto coordinators = s.admin({"user", "list", "--role", "coordinator"});
    QCOMPARE(coordinators.exitCode, 0);
    QVERIFY(coordinators.out.contains("kim\tROLE_COORDINATOR"));
    QVERIFY(!coordinators.out.contains("sam"));
    QCOMPARE(s.admin({"user", "list", "--role", "emperor"}).exitCode, 2);

    // Devices, all or one user's, with when each was enrolled and last seen.
    const auto all = s.admin({"device", "list"});
    QCOMPARE(all.exitCode, 0);
    QCOMPARE(all.out.count('\n'), 3);
    const auto sams = s.admin({"device", "list", "--user", "sam"});
    QCOMPARE(sams.out.count('\n'), 2);
    QVERIFY(sams.out.contains(QString::fromUtf8(tablet.deviceId) + "\tsam\tactive\t"));
    QVERIFY2(sams.out.contains("last seen 20"), qPrintable(sams.out));
    QVERIFY(!sams.out.contains("never"));
    QCOMPARE(s.admin({"device", "list", "--user", "nobody"}).exitCode, 1);

    // Disabled, sam's tablet cannot sync; enabled again, it can.
    QCOMPARE(s.admin({"user", "disable", "sam"}).exitCode, 0);
    QVERIFY(renew(tablet) != 200);
    const auto enabled = s.admin({"user", "enable", "sam"});
    QCOMPARE(enabled.exitCode, 0);
    QVERIFY(enabled.out.contains("enabled sam"));
    QCOMPARE(renew(tablet), 200);
    QCOMPARE(s.admin({"user", "enable", "nobody"}).exitCode, 1);

    // Sam leaves: every one of sam's devices is revoked at once, and kim's is not.
    const auto leaver = s.admin({"device", "revoke", "--user", "sam"});
    QCOMPARE(leaver.exitCode, 0);
    QVERIFY2(leaver.out.contains("2 device(s) of sam revoked"), qPrintable(leaver.out));
    QVERIFY(renew(tablet) != 200);
    QVERIFY(renew(spare) != 200);
    QCOMPARE(renew(desk), 200);
    const auto after = s.admin({"device", "list"});
    QCOMPARE(after.out.count("\trevoked\t"), 2);
    QCOMPARE(after.out.count("\tactive\t"), 1);
    // Revoking again finds nothing left to revoke.
    QVERIFY(s.admin({"device", "revoke", "--user", "sam"}).out.contains("0 device(s)"));
}

void TestAdmin::restoreAfterDamageLosesNothingAcknowledgedBeforeTheBackup()
{
    if (qEnvironmentVariableIsSet("DOORSTEP_TEST_PG_DIR")) {
        QSKIP("SQLite's own restore; a PostgreSQL store's backup goes back with pg_restore "
              "(exportAndBackupWhileServing)");
    }
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    QVERIFY(serveTestWorld(s, dir));
    TestClient client(s.port());
    const auto device = enrolDevice(s, client, "off-a");
    const auto lost = enrolDevice(s, client, "off-a");
    auto note = [&](const std::string &id) {
        PushRequest push;
        Mutation *m = push.add_mutations();
        m->set_mutation_id("m-" + id);
        m->mutable_append_case_event()->set_id(id);
        m->mutable_append_case_event()->set_case_id("case-1");
        m->mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
        m->mutable_append_case_event()->mutable_note()->set_text("note " + id);
        return client.call("/v1/push", push, device.token).status;
    };
    QCOMPARE(note("evt-before-backup"), 200);
    const QString backup = dir.filePath("nightly.sqlite3");
    QCOMPARE(s.admin({"backup", "--to", backup}).exitCode, 0);
    QCOMPARE(note("evt-after-backup"), 200);
    // A tablet is lost after the backup.
    QCOMPARE(s.admin({"device", "revoke", QString::fromUtf8(lost.deviceId)}).exitCode, 0);

    // Never under a running server.
    const auto live = s.admin({"restore", "--from", backup, "--replace", "yes"});
    QCOMPARE(live.exitCode, 1);
    QVERIFY2(live.err.contains("a server is serving"), qPrintable(live.err));
    s.kill();

    // The disk goes bad: the store's pages are overwritten.
    const QString store = s.dataDir() + "/doorstep.sqlite3";
    {
        QFile f(store);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.size() > 8192);
        f.seek(4096);
        f.write(QByteArray(f.size() - 4096, '\xAB'));
    }
    // A damaged backup, or a file that is no Doorstep store, is refused and changes nothing.
    const QString bad = dir.filePath("bad.sqlite3");
    QVERIFY(QFile::copy(store, bad));
    const auto damaged = s.admin({"restore", "--from", bad, "--replace", "yes"});
    QCOMPARE(damaged.exitCode, 1);
    QVERIFY2(damaged.err.contains("nothing restored") && damaged.err.contains("damaged"),
             qPrintable(damaged.err));
    write(dir.filePath("notes.txt"), "not a database at all, just words");
    QCOMPARE(s.admin({"restore", "--from", dir.filePath("notes.txt"), "--replace", "yes"}).exitCode,
             1);
    // Without --replace the store there is not touched.
    const auto occupied = s.admin({"restore", "--from", backup});
    QCOMPARE(occupied.exitCode, 1);
    QVERIFY2(occupied.err.contains("already has a store"), qPrintable(occupied.err));

    const auto restored = s.admin({"restore", "--from", backup, "--replace", "yes"});
    QCOMPARE(restored.exitCode, 0);
    QVERIFY2(restored.out.contains("the store it replaced is kept as"), qPrintable(restored.out));
    // The damaged store could not say who was revoked since: the administrator is told.
    QVERIFY2(restored.out.contains("revoke again"), qPrintable(restored.out));
    QDir data(s.dataDir());
    // The old store, its log beside it under the same new name.
    QCOMPARE(data.entryList({"doorstep.sqlite3.replaced-*Z"}, QDir::Files).size(), 1);
    QCOMPARE(data.entryList({"doorstep.sqlite3.replaced-*Z-wal"}, QDir::Files).size(), 1);
    QVERIFY(QFile::exists(backup)); // the backup itself is untouched

    // The server starts on it with everything acknowledged before the backup.
    QVERIFY(s.start());
    QCOMPARE(s.admin({"export", "events", "--to", dir.filePath("events.csv")}).exitCode, 0);
    QFile events(dir.filePath("events.csv"));
    QVERIFY(events.open(QIODevice::ReadOnly));
    const QByteArray csv = events.readAll();
    QVERIFY(csv.contains("evt-before-backup"));
    QVERIFY(!csv.contains("evt-after-backup"));
    TestClient again(s.port());
    QCOMPARE(renewed(again, device), 200); // the tablet enrolled before it syncs on

    // Restored again over a healthy store: what was revoked since the backup stays revoked.
    QCOMPARE(s.admin({"device", "revoke", QString::fromUtf8(lost.deviceId)}).exitCode, 0);
    s.kill();
    const auto second = s.admin({"restore", "--from", backup, "--replace", "yes"});
    QCOMPARE(second.exitCode, 0);
    QVERIFY2(second.out.contains("1 revocation(s) made since the backup kept"),
             qPrintable(second.out));
    QCOMPARE(data.entryList({"doorstep.sqlite3.replaced-*Z"}, QDir::Files).size(), 2);
    QVERIFY(s.start());
    TestClient third(s.port());
    QCOMPARE(renewed(third, device), 200);
    QVERIFY(renewed(third, lost) != 200);

    // A leftover write-ahead log with no store beside it still counts as a store there.
    s.kill();
    for (const QString &f : data.entryList({"doorstep.sqlite3", "doorstep.sqlite3-shm"})) {
        QVERIFY(data.rename(f, f + ".moved-by-hand"));
    }
    QFile wal(s.dataDir() + "/doorstep.sqlite3-wal");
    QVERIFY(wal.open(QIODevice::WriteOnly));
    wal.write("left over");
    wal.close();
    QCOMPARE(s.admin({"restore", "--from", backup}).exitCode, 1);
}

void TestAdmin::csvImportReportsErrorsByLine()
{
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    QCOMPARE(s.admin({"init"}).exitCode, 0);
    QVERIFY(testworld::writeSnapshot(dir.filePath("world.pb")));
    QCOMPARE(s.admin({"load-snapshot", dir.filePath("world.pb")}).exitCode, 0);
    const QString csv = dir.filePath("residents.csv");
    write(csv, "id,given_name,family_name,date_of_birth,address_line1,address_line2,town,"
               "postcode,uprn,phone,email,ward_id,hearing_loss,preferred_channel\n"
               "r-ok,Ann,Smith,1940-02-29,1 High St,,Eastmoor,EM1 1AA,,,,ward-1,yes,TEXT\n"
               "r-bad-date,Bob,Jones,1941-02-30,2 High St,,Eastmoor,EM1 1AB,,,,,no,\n"
               "r-short,Cy\n"
               "r-ok,Dup,Licate,,3 High St,,Eastmoor,EM1 1AC,,,,,,\n"
               "\"r-multi\",\"Eve\",\"Line\nBreak\",,4 High St,,Eastmoor,EM1 1AD,,,,ward-9,maybe,"
               "PIGEON\n");
    const auto run = s.admin({"import", "residents", csv});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("line 3: date_of_birth must be a real date"), qPrintable(run.err));
    QVERIFY(run.err.contains("line 4: expected 14 fields, found 2"));
    QVERIFY(run.err.contains("line 5: id r-ok appears earlier in the file"));
    QVERIFY(run.err.contains("line 6: ward_id ward-9 is not a known ward"));
    QVERIFY(run.err.contains("line 6: hearing_loss must be yes, no or empty"));
    QVERIFY(run.err.contains("line 6: preferred_channel must be"));
    QVERIFY(!run.err.contains("line 2:"));
    QVERIFY(run.err.contains("nothing imported"));
    // Nothing was imported, not even the good row.
    QVERIFY(s.admin({"export", "events", "--to", dir.filePath("e.csv")}).exitCode == 0);

    write(csv, "id,name\nx,y\n");
    const auto header = s.admin({"import", "residents", csv});
    QCOMPARE(header.exitCode, 1);
    QVERIFY(header.err.contains("line 1: the header must be exactly"));

    const QString cases = dir.filePath("cases.csv");
    write(cases, "id,case_number,resident_id,status,opened_on,coordinator_user_id\n"
                 "c-1,HV-2026-100001,res-does-not-exist,open,2026-01-05,coo-1\n"
                 "c-2,bad number,res-1,pending,yesterday,coo-1\n");
    const auto c = s.admin({"import", "cases", cases});
    QCOMPARE(c.exitCode, 1);
    QVERIFY(c.err.contains("line 2: resident_id res-does-not-exist is not a known resident"));
    QVERIFY(c.err.contains("line 3: case_number must look like"));
    QVERIFY(c.err.contains("line 3: status must be open or closed"));
    QVERIFY(c.err.contains("line 3: opened_on must be a real date"));
}

void TestAdmin::csvImportResidentsAndCases()
{
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    QCOMPARE(s.admin({"init"}).exitCode, 0);
    QVERIFY(testworld::writeSnapshot(dir.filePath("world.pb")));
    QCOMPARE(s.admin({"load-snapshot", dir.filePath("world.pb")}).exitCode, 0);
    const QString csv = dir.filePath("residents.csv");
    write(csv, "id,given_name,family_name,date_of_birth,address_line1,address_line2,town,"
               "postcode,uprn,phone,email,ward_id,hearing_loss,preferred_channel\r\n"
               "r-1,Ann,\"O'Neil, Jr\",1940-02-29,1 High St,,Eastmoor,EM1 1AA,,,,ward-1,yes,"
               "VIDEO_CALL\r\n");
    const auto run = s.admin({"import", "residents", csv});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("imported 1 residents"));
    const QString cases = dir.filePath("cases.csv");
    write(cases, "id,case_number,resident_id,status,opened_on,coordinator_user_id\n"
                 "c-1,HV-2026-100001,r-1,open,2026-01-05,coo-1\n");
    QCOMPARE(s.admin({"import", "cases", cases}).exitCode, 0);

    // A case number is one case's for good: reusing it, in the file or from the store, is an
    // error by line, and nothing is imported.
    write(cases, "id,case_number,resident_id,status,opened_on,coordinator_user_id\n"
                 "c-2,HV-2026-100002,r-1,open,2026-01-06,coo-1\n"
                 "c-3,HV-2026-100002,r-1,open,2026-01-07,coo-1\n"
                 "c-4,HV-2026-100001,r-1,open,2026-01-08,coo-1\n"
                 "c-1,HV-2026-100001,r-1,open,2026-01-05,coo-1\n");
    const auto dup = s.admin({"import", "cases", cases});
    QCOMPARE(dup.exitCode, 1);
    QVERIFY2(dup.err.contains("line 3: case_number HV-2026-100002 is already used on line 2"),
             qPrintable(dup.err));
    QVERIFY2(dup.err.contains("line 4: case_number HV-2026-100001 already belongs to case c-1"),
             qPrintable(dup.err));
    QVERIFY(dup.err.contains("line 5: case_number HV-2026-100001 is already used on line 4"));
    QVERIFY(dup.err.contains("nothing imported"));

    // The coordinator's device receives them.
    QVERIFY(s.start());
    TestClient client(s.port());
    const auto device = enrolDevice(s, client, "coo-1");
    PullRequest pull;
    pull.set_page_size(2000);
    const auto reply = client.call("/v1/pull", pull, device.token);
    bool resident = false, kase = false;
    const auto parsed1 = parseAs<PullResponse>(reply.body);
    for (const Change &c : parsed1.changes()) {
        if (c.upsert().has_resident() && c.upsert().resident().id() == "r-1") {
            resident = true;
            QCOMPARE(c.upsert().resident().family_name(), std::string("O'Neil, Jr"));
            QVERIFY(c.upsert().resident().contact_needs().hearing_loss());
            QCOMPARE(c.upsert().resident().contact_needs().preferred_channel(),
                     CONTACT_CHANNEL_VIDEO_CALL);
        }
        kase = kase || (c.upsert().has_case_() && c.upsert().case_().id() == "c-1");
    }
    QVERIFY(resident && kase);
}

void TestAdmin::exportAndBackupWhileServing()
{
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    QVERIFY(serveTestWorld(s, dir));
    TestClient client(s.port());
    const auto device = enrolDevice(s, client, "off-a");
    PushRequest push;
    Mutation *m = push.add_mutations();
    m->set_mutation_id("exp-1");
    m->mutable_append_case_event()->set_id("evt-exp");
    m->mutable_append_case_event()->set_case_id("case-1");
    m->mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    m->mutable_append_case_event()->mutable_note()->set_text("=HYPERLINK(\"x\"), said \"hi\"");
    QCOMPARE(client.call("/v1/push", push, device.token).status, 200);

    const auto outcomes = s.admin({"export", "outcomes", "--to", dir.filePath("outcomes.csv")});
    QCOMPARE(outcomes.exitCode, 0);
    QFile o(dir.filePath("outcomes.csv"));
    QVERIFY(o.open(QIODevice::ReadOnly));
    const QByteArray ocsv = o.readAll();
    QVERIFY(ocsv.startsWith("case_number,case_id,event_id,visit_id,recorded_at"));
    QVERIFY(ocsv.contains("HV-2026-000001,case-1,evt-1"));
    QVERIFY(ocsv.contains("private summary 2"));
    QCOMPARE(ocsv.count('\n'), 3);

    QCOMPARE(s.admin({"export", "events", "--to", dir.filePath("events.csv")}).exitCode, 0);
    QFile e(dir.filePath("events.csv"));
    QVERIFY(e.open(QIODevice::ReadOnly));
    const QByteArray ecsv = e.readAll();
    // A formula is defused and quotes are escaped.
    QVERIFY2(ecsv.contains("\"'=HYPERLINK(\"\"x\"\"), said \"\"hi\"\"\""), ecsv.constData());
    QVERIFY(ecsv.contains("CASE_EVENT_KIND_NOTE"));

    // The KPIs for a period, as the council reports them: two council days; to standard
    // output, or to a file with --out. A period that runs backwards or a date that is not
    // one is refused with the reason and writes nothing.
    const auto kpis = s.admin({"export", "kpis", "--from", "2026-01-01", "--to", "2026-12-31"});
    QCOMPARE(kpis.exitCode, 0);
    QVERIFY2(kpis.out.startsWith("period_from,period_to,measure,breakdown,value\r\n"
                                 "2026-01-01,2026-12-31,referrals_received,,"),
             qPrintable(kpis.out));
    QVERIFY(s.admin({"export", "kpis", "--from", "2026-01-01", "--to", "2026-12-31", "--out",
                     dir.filePath("kpis.csv")})
                .out.contains("rows to"));
    QFile k(dir.filePath("kpis.csv"));
    QVERIFY(k.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(k.readAll()), kpis.out);
    const auto backwards = s.admin({"export", "kpis", "--from", "2026-12-31", "--to", "2026-01-01",
                                    "--out", dir.filePath("bad.csv")});
    QCOMPARE(backwards.exitCode, 1);
    QVERIFY2(backwards.err.contains("--to is before --from"), qPrintable(backwards.err));
    QVERIFY(!QFile::exists(dir.filePath("bad.csv")));
    QVERIFY(!QFile::exists(dir.filePath("bad.csv.part")));
    const auto notADate = s.admin({"export", "kpis", "--from", "2026-02-30", "--to", "2026-03-01"});
    QCOMPARE(notADate.exitCode, 1);
    QVERIFY(notADate.err.contains("2026-07-01"));
    QCOMPARE(s.admin({"export", "kpis", "--from", "2026-01-01"}).exitCode, 2);

    const QString copy = dir.filePath("backup.sqlite3");
    const auto backup = s.admin({"backup", "--to", copy});
    QCOMPARE(backup.exitCode, 0);
    QVERIFY(QFile::exists(copy));
    QVERIFY(s.admin({"backup", "--to", copy}).exitCode != 0); // never overwrites
    // The copy is a complete store: a server starts on it and has the pushed event. A SQLite
    // backup is the store's file; a PostgreSQL one is pg_dump's, which pg_restore puts back.
    QTemporaryDir restored;
    QString restoredStore;
    if (s.postgresStore().isEmpty()) {
        QVERIFY(QFile::copy(copy, restored.filePath("doorstep.sqlite3")));
    } else {
        const auto how = s.admin({"restore", "--from", copy});
        QCOMPARE(how.exitCode, 2);
        QVERIFY2(how.err.contains("pg_restore"), qPrintable(how.err));
        restoredStore = QString::fromStdString(newTestDatabase());
        QProcess pgRestore;
        pgRestore.start("pg_restore", {"--no-owner", "--dbname", restoredStore, copy});
        QVERIFY(pgRestore.waitForFinished(60000));
        QVERIFY2(pgRestore.exitCode() == 0, pgRestore.readAllStandardError().constData());
    }
    ServerProcess second(restored.path(), restoredStore);
    const auto users = second.admin({"user", "list"});
    QCOMPARE(users.exitCode, 0);
    QVERIFY(users.out.contains("off-a"));
    QVERIFY(second.start());
    TestClient again(second.port());
    PullRequest pull;
    pull.set_page_size(2000);
    const auto reply = again.call("/v1/pull", pull, device.token);
    QCOMPARE(reply.status, 200);
    bool found = false;
    const auto parsed2 = parseAs<PullResponse>(reply.body);
    for (const Change &c : parsed2.changes()) {
        found = found || (c.upsert().has_case_event() && c.upsert().case_event().id() == "evt-exp");
    }
    QVERIFY(found);
}

namespace {

// Every row of every table of a store, each as one line of its columns in text (bytes in
// hex), sorted: two stores with the same lines hold the same rows. The columns are the
// PostgreSQL store's, which copy-store checks cover every SQLite column.
QMap<QString, QStringList> rowsOf(doorstep::db::Database &sqlite,
                                  doorstep::server::pg::Connection &pg, bool fromPostgres)
{
    QMap<QString, QStringList> out;
    auto tables = pg.exec("SELECT table_name::text FROM information_schema.tables"
                          " WHERE table_schema = current_schema()"
                          " AND table_name <> 'schema_migrations' ORDER BY 1");
    if (!tables) {
        qWarning("%s", tables.error().message.c_str());
        return out;
    }
    for (int t = 0; t < tables->size(); ++t) {
        const std::string table = tables->text(t, 0);
        auto columns = pg.exec("SELECT column_name::text, data_type::text"
                               " FROM information_schema.columns WHERE table_name = $1"
                               " AND table_schema = current_schema() ORDER BY ordinal_position",
                               doorstep::server::pg::Params().text(table));
        std::string select;
        for (int c = 0; c < columns->size(); ++c) {
            const std::string name = columns->text(c, 0);
            const std::string type = columns->text(c, 1);
            std::string expr;
            if (type == "bytea") {
                expr = fromPostgres ? "encode(" + name + ", 'hex')" : "lower(hex(" + name + "))";
            } else {
                expr = "CAST(" + name + " AS TEXT)";
            }
            select += (c ? " || '|' || " : "") + ("coalesce(" + expr + ", '<null>')");
        }
        const std::string sql = "SELECT " + select + " FROM " + table;
        QStringList lines;
        if (fromPostgres) {
            auto rows = pg.exec(sql);
            for (int r = 0; rows && r < rows->size(); ++r) {
                lines << QString::fromStdString(rows->text(r, 0));
            }
        } else {
            auto st = sqlite.prepare(sql);
            if (st) {
                (void)st->forEach([&]() -> doorstep::Status {
                    lines << QString::fromStdString(st->text(0));
                    return {};
                });
            }
        }
        lines.sort();
        out.insert(QString::fromStdString(table), lines);
    }
    return out;
}

} // namespace

// Any user of the machine can read a process's command line (ps, /proc/PID/cmdline), so the
// database's password goes to pg_dump in its environment, never in its arguments. The pg_dump
// run here is a stand-in on PATH that writes down what it was given.
void TestAdmin::postgresBackupKeepsThePasswordOffTheCommandLine()
{
    const std::string database = newTestDatabase();
    if (database.empty()) {
        QSKIP("needs PostgreSQL: runs as tst_admin_pg, under the postgres label");
    }
    auto store = doorstep::server::openStore({database + "&password=cl0se-the-door"}, true);
    QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
    QTemporaryDir dir;
    QFile fake(dir.filePath("pg_dump"));
    QVERIFY(fake.open(QIODevice::WriteOnly));
    fake.write("#!/bin/sh\n"
               "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\n"
               "printf '%s' \"$PGPASSWORD\" > \"$(dirname \"$0\")/password\"\n"
               "for a in \"$@\"; do case \"$a\" in --file=*) : > \"${a#--file=}\";; esac; done\n");
    fake.close();
    QVERIFY(fake.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", dir.path().toUtf8() + ":" + path);
    const doorstep::Status backup = (*store)->backupTo(dir.filePath("copy.dump").toStdString());
    qputenv("PATH", path);
    QVERIFY2(backup.ok(), backup.ok() ? "" : backup.error().message.c_str());
    QFile args(dir.filePath("args"));
    QVERIFY(args.open(QIODevice::ReadOnly));
    const QByteArray given = args.readAll();
    QVERIFY2(!given.contains("cl0se-the-door"), given.constData());
    QVERIFY2(given.contains("dbname="), given.constData());
    QFile password(dir.filePath("password"));
    QVERIFY(password.open(QIODevice::ReadOnly));
    QCOMPARE(password.readAll(), QByteArray("cl0se-the-door"));
}

void TestAdmin::copyStoreMovesEveryRowToPostgres()
{
    const std::string target = newTestDatabase();
    if (target.empty()) {
        QSKIP("needs PostgreSQL: runs as tst_admin_pg, under the postgres label");
    }
    // A council that has been working on SQLite: devices enrolled, pushes applied and
    // audited, pulls recorded, notifications queued.
    QTemporaryDir dir;
    ServerProcess before(dir.filePath("data"), QString());
    QVERIFY(serveTestWorld(before, dir));
    TestClient client(before.port());
    const auto device = enrolDevice(before, client, "off-a");
    PushRequest push;
    Mutation *m = push.add_mutations();
    m->set_mutation_id("copy-1");
    m->mutable_append_case_event()->set_id("evt-copy");
    m->mutable_append_case_event()->set_case_id("case-1");
    m->mutable_append_case_event()->set_kind(CASE_EVENT_KIND_NOTE);
    m->mutable_append_case_event()->mutable_note()->set_text("before the move");
    QCOMPARE(client.call("/v1/push", push, device.token).status, 200);
    PullRequest pull;
    pull.set_page_size(2000);
    const auto first = client.call("/v1/pull", pull, device.token);
    QCOMPARE(first.status, 200);
    const auto firstPull = parseAs<PullResponse>(first.body);
    // Never from under a running server: what it acknowledged later would be left behind.
    const auto live = before.admin(
        {"copy-store", "--from", before.dataDir(), "--to", QString::fromStdString(target)});
    QCOMPARE(live.exitCode, 1);
    QVERIFY2(live.err.contains("a server is serving"), qPrintable(live.err));
    before.kill();

    const auto copied = before.admin(
        {"copy-store", "--from", before.dataDir(), "--to", QString::fromStdString(target)});
    QVERIFY2(copied.exitCode == 0, qPrintable(copied.err));
    QVERIFY2(copied.out.contains("copied ") && copied.out.contains("change_log\t"),
             qPrintable(copied.out));

    // Row for row, every table.
    auto sqlite =
        doorstep::db::Database::open((before.dataDir() + "/doorstep.sqlite3").toStdString(),
                                     doorstep::db::Database::Mode::ReadOnly);
    QVERIFY(sqlite.ok());
    auto pg = doorstep::server::pg::Connection::connect(target);
    QVERIFY(pg.ok());
    const auto was = rowsOf(*sqlite, *pg, false);
    const auto is = rowsOf(*sqlite, *pg, true);
    QVERIFY(was.size() >= 15);
    for (auto it = was.cbegin(); it != was.cend(); ++it) {
        QVERIFY2(is.value(it.key()) == it.value(), qPrintable("table " + it.key() + " differs"));
    }
    QVERIFY(!was.value("change_log").isEmpty());
    QVERIFY(!was.value("device_records").isEmpty());
    QVERIFY(!was.value("applied_mutations").isEmpty());
    QVERIFY(!was.value("audit_log").isEmpty());

    // A second copy into a store that holds something is refused, and changes nothing.
    const auto again = before.admin(
        {"copy-store", "--from", before.dataDir(), "--to", QString::fromStdString(target)});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains("already holds a store"), qPrintable(again.err));

    // The tablet carries on against PostgreSQL with the token it had: from its cursor nothing
    // is new, its push of the same mutation is a duplicate, and a new one applies.
    ServerProcess after(dir.filePath("unused"), QString::fromStdString(target));
    QVERIFY(after.start());
    TestClient moved(after.port());
    PullRequest onwards;
    onwards.set_cursor(firstPull.next_cursor());
    const auto next = moved.call("/v1/pull", onwards, device.token);
    QCOMPARE(next.status, 200);
    QCOMPARE(parseAs<PullResponse>(next.body).changes_size(), 0);
    const auto replay = parseAs<PushResponse>(moved.call("/v1/push", push, device.token).body);
    QCOMPARE(replay.results(0).status(), MUTATION_STATUS_DUPLICATE);
    m->set_mutation_id("copy-2");
    m->mutable_append_case_event()->set_id("evt-after-copy");
    const auto fresh = parseAs<PushResponse>(moved.call("/v1/push", push, device.token).body);
    QCOMPARE(fresh.results(0).status(), MUTATION_STATUS_APPLIED);
    const auto after2 = moved.call("/v1/pull", onwards, device.token);
    const auto changes = parseAs<PullResponse>(after2.body);
    QCOMPARE(changes.changes_size(), 1);
    QVERIFY(changes.next_cursor() > firstPull.next_cursor());
}

void TestAdmin::councilTimeZoneAndBankHolidays()
{
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    QCOMPARE(s.admin({"init", "--time-zone", "Europe/Atlantis"}).exitCode, 2);
    QCOMPARE(s.admin({"init", "--bank-holidays", "wales"}).exitCode, 2);
    QCOMPARE(s.admin({"init", "--bank-holidays", "scotland"}).exitCode, 0);
    auto list = s.admin({"holidays", "list"});
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.out.contains("time zone Europe/London"), qPrintable(list.out));
    QVERIFY(list.out.contains("2026-11-30")); // St Andrew's Day
    const QString before = list.out;

    // A malformed file is refused with its line and reason, and nothing changes.
    const QString bad = dir.filePath("bad.json");
    write(bad, "{\n \"scotland\": {\n  \"division\": \"scotland\",\n  \"events\": [\n"
               "   {\"title\": \"St Andrew's Day\", \"date\": \"30/11/2027\"}\n  ]\n }\n}\n");
    const auto refused = s.admin({"holidays", "import", bad});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("line 5") && refused.err.contains("30/11/2027") &&
                 refused.err.contains("unchanged"),
             qPrintable(refused.err));
    QCOMPARE(s.admin({"holidays", "list"}).out, before);
    // So is a file without the council's division.
    const QString other = dir.filePath("other.json");
    write(other, "{\"northern-ireland\": {\"division\": \"northern-ireland\", \"events\": ["
                 "{\"title\": \"St Patrick's Day\", \"date\": \"2029-03-19\"}]}}\n");
    QCOMPARE(s.admin({"holidays", "import", other}).exitCode, 1);
    QCOMPARE(s.admin({"holidays", "list"}).out, before);

    // A newer file replaces the list; a division can be chosen with it.
    const QString good = dir.filePath("good.json");
    write(good, "{\"scotland\": {\"division\": \"scotland\", \"events\": ["
                "{\"title\": \"St Andrew's Day\", \"date\": \"2029-11-30\", \"notes\": \"\","
                " \"bunting\": true}]}}\n");
    const auto imported = s.admin({"holidays", "import", good});
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.out.contains("imported 1 bank holidays of scotland"),
             qPrintable(imported.out));
    list = s.admin({"holidays", "list"});
    QVERIFY(list.out.contains("2029-11-30"));
    QVERIFY(!list.out.contains("2026-11-30"));
    QCOMPARE(s.admin({"holidays", "import", other, "--division", "northern-ireland"}).exitCode, 0);
    QVERIFY(s.admin({"holidays", "list"}).out.contains("2029-03-19"));
}

void TestAdmin::councilLoneWorkingSettings()
{
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    QCOMPARE(s.admin({"council", "show"}).exitCode, 1); // no council yet
    QCOMPARE(s.admin({"init"}).exitCode, 0);
    auto shown = s.admin({"council", "show"});
    QCOMPARE(shown.exitCode, 0);
    QVERIFY2(shown.out.contains("after 5 minutes") && shown.out.contains("late 30 minutes"),
             qPrintable(shown.out));

    QCOMPARE(s.admin({"council", "set", "--late-grace-minutes", "45", "--alert-escalation-minutes",
                      "3", "--escalation-steps", "1. Call the officer. 2. Call 999."})
                 .exitCode,
             0);
    shown = s.admin({"council", "show"});
    QVERIFY2(shown.out.contains("after 3 minutes") && shown.out.contains("late 45 minutes") &&
                 shown.out.contains("1. Call the officer. 2. Call 999."),
             qPrintable(shown.out));
    const QString before = shown.out;

    // Bad settings are refused with the reason and change nothing.
    for (const QStringList &bad :
         {QStringList{"council", "set", "--late-grace-minutes", "0"},
          QStringList{"council", "set", "--alert-escalation-minutes", "soon"},
          QStringList{"council", "contact", "add", "Team leader"},
          QStringList{"council", "contact", "add", "Team leader", "--email", "not-an-address"},
          QStringList{"council", "contact", "add", "Team leader", "--phone", "call me"},
          QStringList{"council", "frobnicate"}}) {
        const auto refused = s.admin(bad);
        QVERIFY2(refused.exitCode == 2 && !refused.err.isEmpty(), qPrintable(bad.join(' ')));
    }
    QCOMPARE(s.admin({"council", "remove"}).exitCode, 2);
    QCOMPARE(s.admin({"council", "contact", "remove", "Nobody"}).exitCode, 1);
    QCOMPARE(s.admin({"council", "show"}).out, before);

    // Contacts: added, replaced by name, removed.
    QCOMPARE(s.admin({"council", "contact", "add", "Team leader", "--email",
                      "team.leader@eastmoor.example", "--phone", "07700 900900"})
                 .exitCode,
             0);
    QCOMPARE(
        s.admin({"council", "contact", "add", "Team leader", "--phone", "07700 900901"}).exitCode,
        0);
    shown = s.admin({"council", "show"});
    QCOMPARE(shown.out.count("contact: Team leader"), 1);
    QVERIFY2(shown.out.contains("07700 900901") && !shown.out.contains("07700 900900"),
             qPrintable(shown.out));
    QCOMPARE(s.admin({"council", "contact", "remove", "Team leader"}).exitCode, 0);
    QVERIFY(!s.admin({"council", "show"}).out.contains("Team leader"));
}

void TestAdmin::demoCouncilLoads()
{
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    const auto demo =
        s.admin({"demo", "--seed", "7", "--residents", "60", "--base-day", "2026-11-23"});
    QCOMPARE(demo.exitCode, 0);
    QVERIFY2(demo.out.contains("60 residents"), qPrintable(demo.out + demo.err));
    QVERIFY(s.admin({"user", "list"}).out.contains("demo.officer"));
    if (!s.postgresStore().isEmpty()) {
        // The planner has statistics for what was loaded (Store::analyze): without them the
        // first minute of pulls each read the whole change log.
        auto pg = doorstep::server::pg::Connection::connect(s.postgresStore().toStdString());
        QVERIFY(pg.ok());
        auto analysed = pg->exec("SELECT count(*) FROM pg_stat_user_tables WHERE relname IN"
                                 " ('change_log', 'case_events', 'visits')"
                                 " AND last_analyze IS NOT NULL");
        QVERIFY(analysed.ok());
        QCOMPARE(analysed->int64(0, 0), std::int64_t(3));
    }
    QCOMPARE(s.admin({"demo", "--base-day", "2026-13-40"}).exitCode, 2);
    QVERIFY(s.start());
    TestClient client(s.port());
    const auto device = enrolDevice(s, client, "demo.officer");
    QVERIFY(!device.token.isEmpty());
    const auto reply = client.call("/v1/pull", PullRequest(), device.token);
    QCOMPARE(reply.status, 200);
    int visits = 0;
    const auto parsed3 = parseAs<PullResponse>(reply.body);
    for (const Change &c : parsed3.changes()) {
        if (c.upsert().has_visit()) {
            ++visits;
        }
    }
    QVERIFY(visits > 0);

    // A batch of tablets: one code per line, each spent by its own enrolment, none twice.
    const auto batch = s.admin({"device", "enrol-code", "demo.officer", "--count", "3"});
    QCOMPARE(batch.exitCode, 0);
    const QStringList codes = batch.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(codes.size(), 3);
    QCOMPARE(QSet<QString>(codes.begin(), codes.end()).size(), 3);
    for (const QString &code : codes) {
        EnrolRequest enrol;
        enrol.set_enrolment_code(code.toStdString());
        enrol.set_device_label("Batch tablet");
        QCOMPARE(client.call("/v1/enrol", enrol).status, 200);
        QCOMPARE(client.call("/v1/enrol", enrol).status, 401);
    }
    QCOMPARE(s.admin({"device", "enrol-code", "demo.officer", "--count", "0"}).exitCode, 2);

    // As a link (pasted, or in a QR code), a code still spent only once; never a link to a
    // plain http address beyond loopback, and a pin only with https and a readable key.
    const auto link =
        s.admin({"device", "enrol-code", "demo.officer", "--link", "https://sync.example.gov.uk"});
    QCOMPARE(link.exitCode, 0);
    QVERIFY2(link.out.startsWith("doorstep:https://sync.example.gov.uk#"), qPrintable(link.out));
    EnrolRequest linked;
    linked.set_enrolment_code(link.out.trimmed().section('#', 1).toStdString());
    QCOMPARE(client.call("/v1/enrol", linked).status, 200);
    const auto plain =
        s.admin({"device", "enrol-code", "demo.officer", "--link", "http://10.0.0.7:8080"});
    QCOMPARE(plain.exitCode, 2);
    QVERIFY(plain.err.contains("https://"));
    QCOMPARE(s.admin({"device", "enrol-code", "demo.officer", "--pin-key", "cert.pem"}).exitCode,
             2);
    const auto unreadable = s.admin({"device", "enrol-code", "demo.officer", "--link",
                                     "https://sync.example.gov.uk", "--pin-key", "missing.pem"});
    QCOMPARE(unreadable.exitCode, 2);
    QVERIFY(unreadable.err.contains("missing.pem"));
    QVERIFY(unreadable.out.isEmpty()); // no code was issued
}

// Through the real server: a coordinator records an outcome on a case a ward member referred;
// `serve` emails it through the council's relay (STARTTLS, the relay's certificate trusted
// with --smtp-ca) and `notifications` shows it delivered.
void TestAdmin::outcomeNotifiesTheReferringWardMember()
{
    QTemporaryDir dir;
    const std::string cert = dir.filePath("relay.pem").toStdString();
    const std::string key = dir.filePath("relay.key").toStdString();
    QVERIFY(Relay::makeCertificate(cert, key));
    Relay relay({true, cert, key, 250});
    ServerProcess s(dir.filePath("data"));
    QCOMPARE(
        s.admin({"demo", "--seed", "7", "--residents", "200", "--base-day", "2026-11-23"}).exitCode,
        0);
    QVERIFY(s.start({"--notify-every", "1", "--smtp-host", "localhost", "--smtp-port",
                     QString::number(relay.port()), "--smtp-from", "home-visiting@eastmoor.example",
                     "--smtp-ca", QString::fromStdString(cert)}));
    TestClient client(s.port());
    const auto device = enrolDevice(s, client, "demo.coordinator");
    std::vector<Referral> referrals;
    PullRequest pull;
    for (bool more = true; more;) {
        const auto reply = client.call("/v1/pull", pull, device.token);
        QCOMPARE(reply.status, 200);
        const auto page = parseAs<PullResponse>(reply.body);
        for (const Change &c : page.changes()) {
            if (c.upsert().has_referral()) {
                referrals.push_back(c.upsert().referral());
            }
        }
        pull.set_cursor(page.next_cursor());
        more = page.has_more();
    }
    const auto referral = std::find_if(referrals.begin(), referrals.end(), [&](const Referral &r) {
        return !r.case_id().empty() && r.source() == REFERRAL_SOURCE_WARD_MEMBER &&
               !r.referrer_user_id().empty();
    });
    QVERIFY2(referral != referrals.end(), "the demo council has a ward member's referral");

    PushRequest push;
    Mutation &m = *push.add_mutations();
    m.set_mutation_id("mut-admin-outcome");
    CaseEvent &e = *m.mutable_append_case_event();
    e.set_id("evt-admin-outcome");
    e.set_case_id(referral->case_id());
    e.set_kind(CASE_EVENT_KIND_OUTCOME);
    e.mutable_outcome()->set_shareable_summary("Signposted to the hearing-loss service.");
    QCOMPARE(client.call("/v1/push", push, device.token).status, 200);

    QString listing;
    const QString about = QString::fromStdString(referral->id());
    QVERIFY(QTest::qWaitFor(
        [&] {
            listing = s.admin({"notifications"}).out;
            for (const QString &line : listing.split('\n')) {
                if (line.contains(about) && line.contains("delivered")) {
                    return true;
                }
            }
            return false;
        },
        20000));
    // The email itself, at the relay: to the ward member, with the summary only if consented.
    std::string email;
    for (const std::string &m : relay.messages()) {
        if (m.find("Subject: Home Visiting Service: ") != std::string::npos &&
            m.find("referral") != std::string::npos) {
            email = m;
        }
    }
    QVERIFY2(!email.empty(), relay.transcript().c_str());
    QCOMPARE(email.find("Signposted to the hearing-loss service.") != std::string::npos,
             referral->consent_to_share_outcome());
    QVERIFY(listing.contains(referral->consent_to_share_outcome() ? "outcome_ready"
                                                                  : "referral_closed"));
    QVERIFY(!listing.contains("hearing-loss")); // never the body
    QCOMPARE(s.admin({"notifications", "--failed"}).out, QString());
    QCOMPARE(s.admin({"notifications", "extra"}).exitCode, 2);
}

QTEST_GUILESS_MAIN(TestAdmin)
// As the packaged service runs it: every option from --config (the command line's --data
// besides), and readiness told to systemd over $NOTIFY_SOCKET (sd_notify(3)), here a datagram
// socket the test listens on.
void TestAdmin::serveReadsItsConfigurationFileAndTellsSystemdItIsReady()
{
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    QCOMPARE(s.admin({"init"}).exitCode, 0);
    const QString portFile = dir.filePath("port#1"); // a "#" inside a value is not a comment
    write(dir.filePath("doorstep-server.conf"),
          QStringLiteral("# as /etc/doorstep/doorstep-server.conf\n"
                         "listen = 127.0.0.1\n"
                         "port = 8443\n"
                         "port = 0   # any free one: a later line wins\n"
                         "port-file = %1\n"
                         "insecure-loopback = yes\n"
                         "notify-every = 5\n")
              .arg(portFile)
              .toUtf8());

    const QByteArray socketPath = dir.filePath("notify.sock").toUtf8();
    const int listener = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    QVERIFY(listener >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    QVERIFY2(size_t(socketPath.size()) < sizeof address.sun_path, "TMPDIR is too long a path");
    std::memcpy(address.sun_path, socketPath.constData(), size_t(socketPath.size()));
    QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);

    QProcess serve;
    endWithParent(serve);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("NOTIFY_SOCKET", QString::fromUtf8(socketPath));
    serve.setProcessEnvironment(env);
    QStringList args{"serve", "--config", dir.filePath("doorstep-server.conf"), "--data",
                     dir.filePath("data")};
    if (!s.postgresStore().isEmpty()) {
        args << "--store" << s.postgresStore();
    }
    serve.start(ServerProcess::binary(), args);
    QByteArray told;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     char buffer[512];
                     const ssize_t n = ::recv(listener, buffer, sizeof buffer, MSG_DONTWAIT);
                     if (n > 0) {
                         told = QByteArray(buffer, int(n));
                     }
                     return !told.isEmpty();
                 },
                 20000),
             "serve told systemd nothing within 20 s");
    ::close(listener);
    QFile port(portFile);
    QVERIFY(port.open(QIODevice::ReadOnly));
    const quint16 bound = quint16(port.readAll().trimmed().toUInt());
    QVERIFY(bound != 0);
    QCOMPARE(told, "READY=1\nSTATUS=Serving on port " + QByteArray::number(bound));
    TestClient client(bound);
    QCOMPARE(client.get("/healthz").status, 200);
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
}

void TestAdmin::serveRefusesAConfigurationFileItCannotRead()
{
    QTemporaryDir dir;
    ServerProcess s(dir.filePath("data"));
    QCOMPARE(s.admin({"init"}).exitCode, 0);
    const auto refusedWith = [&](const QByteArray &text) {
        write(dir.filePath("bad.conf"), text);
        QProcess serve;
        endWithParent(serve);
        serve.start(ServerProcess::binary(), {"serve", "--config", dir.filePath("bad.conf"),
                                              "--data", dir.filePath("data")});
        if (!serve.waitForFinished(10000)) {
            serve.kill();
            return QString("still running");
        }
        return QString::number(serve.exitCode()) + " " +
               QString::fromUtf8(serve.readAllStandardError());
    };
    QString said = refusedWith("listen = 127.0.0.1\nprot = 8443\n");
    QVERIFY2(said.startsWith("2 ") && said.contains("bad.conf line 2: unknown option \"prot\""),
             qPrintable(said));
    said = refusedWith("insecure-loopback = maybe\n");
    QVERIFY2(said.startsWith("2 ") && said.contains("insecure-loopback is yes or no"),
             qPrintable(said));
    said = refusedWith("config = /etc/other.conf\n");
    QVERIFY2(said.startsWith("2 ") && said.contains("unknown option \"config\""), qPrintable(said));
    said = refusedWith("just words\n");
    QVERIFY2(said.startsWith("2 ") && said.contains("expected \"name = value\""), qPrintable(said));
    QProcess missing;
    endWithParent(missing);
    missing.start(ServerProcess::binary(), {"serve", "--config", dir.filePath("nowhere.conf"),
                                            "--data", dir.filePath("data")});
    QVERIFY(missing.waitForFinished(10000));
    QCOMPARE(missing.exitCode(), 2);
    QVERIFY(missing.readAllStandardError().contains("Cannot read the configuration file"));
}

#include "tst_admin.moc"
