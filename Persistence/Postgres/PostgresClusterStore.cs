using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>
/// The cluster's rows in the shared database (tables in <see cref="PostgresSchema.Cluster"/>). Every time is
/// the database's <c>now()</c>, so nodes with unsynchronised clocks agree on who is alive and who holds the lease.
/// </summary>
public sealed class PostgresClusterStore(PostgresDatabase database) : IClusterStore
{
    /// <summary>Arbitrary, fixed, not the schema's: every node deciding whom to join takes this one.</summary>
    private const long JoinLockKey = 0x4D5347_434C_5553;

    public Task<ClusterJoinPlan> EnrollAsync(string address, TimeSpan expiry, CancellationToken cancellationToken) =>
        database.RunAsync(
            async (connection, ct) =>
            {
                await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

                // Held to the end of this transaction: the next node decides after this one's row is visible.
                await Execute(connection, $"SELECT pg_advisory_xact_lock({JoinLockKey});", ct).ConfigureAwait(false);
                await Execute(connection, "DELETE FROM cluster_members WHERE heartbeat < now() - @expiry AND address <> @address;", ct, ("expiry", expiry), ("address", address)).ConfigureAwait(false);

                // A restarted node (same address) gets a fresh place at the end of the start order.
                await Execute(
                    connection,
                    """
                    INSERT INTO cluster_members (address, started_at, heartbeat, up) VALUES (@address, now(), now(), false)
                    ON CONFLICT (address) DO UPDATE SET
                        heartbeat = now(),
                        started_at = CASE WHEN cluster_members.heartbeat < now() - @expiry THEN now() ELSE cluster_members.started_at END,
                        join_order = CASE WHEN cluster_members.heartbeat < now() - @expiry THEN nextval('cluster_members_join_order_seq') ELSE cluster_members.join_order END,
                        up = CASE WHEN cluster_members.heartbeat < now() - @expiry THEN false ELSE cluster_members.up END;
                    """,
                    ct,
                    ("address", address),
                    ("expiry", expiry)).ConfigureAwait(false);
                var members = await Strings(connection, "SELECT address FROM cluster_members WHERE up AND address <> @address AND heartbeat >= now() - @expiry ORDER BY join_order;", ct, ("address", address), ("expiry", expiry)).ConfigureAwait(false);
                var first = (string)(await Scalar(connection, "SELECT address FROM cluster_members WHERE heartbeat >= now() - @expiry ORDER BY join_order LIMIT 1;", ct, ("expiry", expiry)).ConfigureAwait(false) ?? address);
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return new ClusterJoinPlan(members, first);
            },
            cancellationToken);

    public Task HeartbeatAsync(string address, bool up, CancellationToken cancellationToken) =>
        database.RunAsync(
            (connection, ct) => Execute(
                connection,
                """
                INSERT INTO cluster_members (address, started_at, heartbeat, up) VALUES (@address, now(), now(), @up)
                ON CONFLICT (address) DO UPDATE SET heartbeat = now(), up = @up;
                """,
                ct,
                ("address", address),
                ("up", up)),
            cancellationToken);

    public Task LeaveAsync(string address, CancellationToken cancellationToken) =>
        database.RunAsync((connection, ct) => Execute(connection, "DELETE FROM cluster_members WHERE address = @address;", ct, ("address", address)), cancellationToken);

    public Task<IReadOnlyList<string>> ShareOriginsAsync(string address, IReadOnlyCollection<string> origins, TimeSpan forgetAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origins);
        return database.RunAsync<IReadOnlyList<string>>(
            async (connection, ct) =>
            {
                await Execute(
                    connection,
                    """
                    INSERT INTO cluster_origins (origin, node, seen_at) SELECT o, @address, now() FROM unnest(@origins) AS o
                    ON CONFLICT (origin) DO UPDATE SET node = @address, seen_at = now();
                    DELETE FROM cluster_origins WHERE seen_at < now() - @forget;
                    """,
                    ct,
                    ("address", address),
                    ("origins", origins.ToArray()),
                    ("forget", forgetAfter)).ConfigureAwait(false);
                return await Strings(connection, "SELECT origin FROM cluster_origins ORDER BY origin;", ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<bool> TryAcquireLeaseAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken) =>
        database.RunAsync(
            async (connection, ct) => await Scalar(
                connection,
                """
                INSERT INTO cluster_leases (name, owner, expires_at) VALUES (@name, @owner, now() + @ttl)
                ON CONFLICT (name) DO UPDATE SET owner = @owner, expires_at = now() + @ttl
                    WHERE cluster_leases.owner = @owner OR cluster_leases.expires_at < now()
                RETURNING owner;
                """,
                ct,
                ("name", name),
                ("owner", owner),
                ("ttl", ttl)).ConfigureAwait(false) is string,
            cancellationToken);

    public Task<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken) =>
        database.RunAsync(
            async (connection, ct) =>
            {
                await Execute(connection, "DELETE FROM cluster_leases WHERE name = @name AND owner = @owner;", ct, ("name", name), ("owner", owner)).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
}
