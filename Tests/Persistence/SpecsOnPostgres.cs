using ActorMessenger.Tests.Actors;
using ActorMessenger.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorMessenger.Tests.Persistence;

// The actor specs that persist, again on PostgreSQL through the same spec code: each test a database of
// its own in the private server (Akka.Persistence.Sql's PostgreSQL journal and snapshots, the PostgreSQL
// read model and redactor). Their SQLite runs are the base classes.

/// <summary><see cref="ChatActorSpecs"/> on PostgreSQL: ordering, retries, recovery from snapshots and events.</summary>
[Collection(UsesPostgres.Name)]
public sealed class ChatActorSpecsOnPostgres(PostgresInstance postgres, ITestOutputHelper output) : ChatActorSpecs(output, new PostgresSpecStore(postgres));

/// <summary><see cref="ClearHistorySpecs"/> on PostgreSQL: a cleared chat stays cleared after recovery.</summary>
[Collection(UsesPostgres.Name)]
public sealed class ClearHistorySpecsOnPostgres(PostgresInstance postgres, ITestOutputHelper output) : ClearHistorySpecs(output, new PostgresSpecStore(postgres));

/// <summary><see cref="UserSessionsSpecs"/> on PostgreSQL: sessions and the user entity's snapshots.</summary>
[Collection(UsesPostgres.Name)]
public sealed class UserSessionsSpecsOnPostgres(PostgresInstance postgres, ITestOutputHelper output) : UserSessionsSpecs(output, new PostgresSpecStore(postgres));

/// <summary><see cref="HistoryWriterActorSpecs"/> on PostgreSQL: the read model's batched writes.</summary>
[Collection(UsesPostgres.Name)]
public sealed class HistoryWriterActorSpecsOnPostgres(PostgresInstance postgres, ITestOutputHelper output) : HistoryWriterActorSpecs(output, new PostgresSpecStore(postgres));

/// <summary><see cref="JournalRedactorSpecs"/> on PostgreSQL: deleted and edited-away texts leave the journal and snapshots.</summary>
[Collection(UsesPostgres.Name)]
public sealed class JournalRedactorSpecsOnPostgres(PostgresInstance postgres, ITestOutputHelper output) : JournalRedactorSpecs(output, new PostgresSpecStore(postgres));
