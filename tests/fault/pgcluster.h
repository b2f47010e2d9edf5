#pragma once

// The fault harness's PostgreSQL mode: a throwaway cluster of its own (scripts/pg), two
// doorstep-server processes on one database, each on a fixed loopback port so a restart
// keeps its address, and HAProxy in front of them, as scripts/cluster runs them. Every
// process it starts ends with the harness.

#include "serverprocess.h"

#include <QProcess>
#include <QString>

#include <array>
#include <memory>

class PgCluster
{
public:
    explicit PgCluster(QString dir);
    ~PgCluster();

    // Starts PostgreSQL and makes the database; the servers come after, through server().
    bool startDatabase();
    // Starts server i (0 or 1) on its port; again after a kill.
    bool startServer(int i);
    // Starts HAProxy over both servers; its port is frontPort().
    bool startBalancer();

    ServerProcess &server(int i) { return *m_servers[static_cast<std::size_t>(i)]; }
    quint16 serverPort(int i) const { return m_ports[static_cast<std::size_t>(i)]; }
    quint16 frontPort() const { return m_frontPort; }
    QString url() const { return m_url; }

    // pg_terminate_backend on every connection to the database but this one: whatever
    // transaction a server had open dies mid-way. Returns how many were ended.
    int terminateBackends();
    // Starts `scripts/pg restart` without waiting; waitRestarted() waits (bounded).
    void beginRestart();
    bool waitRestarted();

private:
    bool pg(const QStringList &args, QString *out = nullptr);

    QString m_dir;
    QString m_url;
    std::array<std::unique_ptr<ServerProcess>, 2> m_servers;
    std::array<quint16, 2> m_ports{};
    quint16 m_frontPort = 0;
    QProcess m_haproxy;
    QProcess m_restart;
};
