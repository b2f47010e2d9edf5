#pragma once

// Doorstep on PostgreSQL for the fault harness and the benchmarks: a throwaway cluster of its
// own (scripts/pg), one or more doorstep-server processes on its one database, each on a fixed
// loopback port so a restart keeps its address, and HAProxy in front of them, as
// scripts/cluster runs them. Every process it starts ends with the harness or bench, PostgreSQL
// included, however the harness or bench ends.

#include "serverprocess.h"

#include <QProcess>
#include <QString>

#include <memory>
#include <vector>

class PgCluster
{
public:
    // `durable`: PostgreSQL syncs every commit to disk, as SQLite's store does (benchmarks);
    // without, the harness's kills lose nothing either and run faster.
    PgCluster(QString dir, int servers, bool durable);
    ~PgCluster();

    // Starts PostgreSQL and makes the database; the servers come after, through server().
    bool startDatabase();
    // Starts server i on its port with these extra options; again after a kill.
    bool startServer(int i, const QStringList &extra);
    // Starts HAProxy over every server; its port is frontPort().
    bool startBalancer();

    ServerProcess &server(int i) { return *m_servers[static_cast<std::size_t>(i)]; }
    quint16 serverPort(int i) const { return m_ports[static_cast<std::size_t>(i)]; }
    quint16 frontPort() const { return m_frontPort; }
    QString url() const { return m_url; }
    int servers() const { return static_cast<int>(m_servers.size()); }
    qint64 balancerPid() const { return m_haproxy.processId(); }
    // The postmaster's pid (its backends are its children), 0 when not running.
    qint64 databasePid() const;

    // pg_terminate_backend on every connection to the database but this one: whatever
    // transaction a server had open dies mid-way. Returns how many were ended.
    int terminateBackends();
    // Stops PostgreSQL (a fast shutdown); resumeDatabase() starts it again on the same socket.
    bool stopDatabase();
    bool resumeDatabase();
    // Starts `scripts/pg restart` without waiting; waitRestarted() waits (bounded).
    void beginRestart();
    bool waitRestarted();

private:
    bool pg(const QStringList &args, QString *out = nullptr);

    QString m_dir;
    QString m_url;
    bool m_durable;
    std::vector<std::unique_ptr<ServerProcess>> m_servers;
    std::vector<quint16> m_ports;
    quint16 m_frontPort = 0;
    QProcess m_haproxy;
    QProcess m_restart;
    // Waits for its input to close, then stops PostgreSQL: pg_ctl detaches the postmaster, so
    // no death signal reaches it, but this process's end (even SIGKILL) closes the pipe.
    QProcess m_guard;
};
