namespace ActorMessenger.Gateway.Hosting;

/// <summary>The <c>Messenger</c> configuration section (appsettings, environment, command line).</summary>
public sealed class MessengerOptions
{
    public const string Section = "Messenger";

    /// <summary>Where the databases (messenger.db, snapshots.db, history.db), the signing key, uploads and later backups live.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>
    /// A PostgreSQL connection string (<c>--db</c>): everything is stored there, shared by every node
    /// that names it. Empty: SQLite files in <see cref="DataDir"/>.
    /// </summary>
    public string? Db { get; set; }

    /// <summary>Pool sizes and timeouts for <see cref="Db"/>.</summary>
    public Persistence.Postgres.PostgresSettings Postgres { get; set; } = new();

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5000;

    /// <summary>Create the old server's demo accounts on first start.</summary>
    public bool DemoUsers { get; set; } = true;

    /// <summary>Listen beyond loopback even while a demo account keeps its demo password (<c>--allow-demo-passwords</c>).</summary>
    public bool AllowDemoPasswords { get; set; }

    /// <summary>
    /// The addresses browsers reach this node on directly (e.g. <c>http://10.0.0.5:5000</c>), for the
    /// cluster view and the web client's failover; empty: what it listens on, a wildcard host replaced
    /// by the cluster host.
    /// </summary>
    public string[] PublicUrls { get; set; } = [];

    /// <summary>What the server listens on: the <c>urls</c> setting if given, else Host and Port (filled in at start).</summary>
    public IReadOnlyList<string> ListenUrls { get; set; } = [];

    /// <summary>How long a session (and its token) lasts after login.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A node asks a session's user entity again after this long (and reports the session's last
    /// seen with it); in between it trusts its cache, which ended sessions leave at once.
    /// </summary>
    public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed logins (and password changes) allowed per client address per minute, over all accounts (see <c>LoginThrottle</c>).</summary>
    public int AuthAttemptsPerMinute { get; set; } = 30;

    /// <summary>Registrations (attempts, whatever their outcome) allowed per client address per hour.</summary>
    public int RegistrationsPerAddressPerHour { get; set; } = 20;

    /// <summary>Whether anyone may register; if not, accounts are made by admins (<c>POST /admin/users</c>).</summary>
    public bool OpenRegistration { get; set; } = true;

    public LoginSettings Login { get; set; } = new();

    public LimitSettings Limits { get; set; } = new();

    public ConnectionSettings Connections { get; set; } = new();

    /// <summary>Hub calls one connection may have running at once (sends keep their order regardless).</summary>
    public int ParallelCallsPerConnection { get; set; } = 16;

    /// <summary>Largest attachment accepted by <c>POST /api/files</c>.</summary>
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>
    /// How often deleted and edited-away message content is removed from the journal and snapshots,
    /// and the databases' logs truncated after it: old text leaves every file within about two of these.
    /// </summary>
    public TimeSpan RedactionInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Refused calls are logged one line each at Information; of one kind (hub or REST × error code), at
    /// most this many lines a minute, the rest counted on the next line.
    /// </summary>
    public int RefusalLogLinesPerMinute { get; set; } = 60;

    /// <summary>Several nodes on one shared database: ports, seeds, certificate, heartbeats.</summary>
    public Cluster.ClusterSettings Cluster { get; set; } = new();

    /// <summary>Growing delays per account after failed logins (see <c>LoginThrottle</c>).</summary>
    public sealed class LoginSettings
    {
        /// <summary>Failures for one account from one address before each further one adds a delay there.</summary>
        public int FreeFailures { get; set; } = 5;

        /// <summary>Failures for one account from all addresses before addresses it never logged in from wait too.</summary>
        public int FreeFailuresEverywhere { get; set; } = 20;

        /// <summary>The first delay; each further failure doubles it.</summary>
        public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The longest delay: an attacker can make the owner wait this long at most, and only from the attacker's own address or new ones.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Failures are forgotten this long after the last one.</summary>
        public TimeSpan FailureMemory { get; set; } = TimeSpan.FromHours(1);

        /// <summary>An address an account logged in from stays exempt from the address and everywhere limits this long.</summary>
        public TimeSpan TrustFor { get; set; } = TimeSpan.FromDays(30);
    }

    /// <summary>Per-user quotas and rates (see <c>UserLimits</c>); each node counts its own clients.</summary>
    public sealed class LimitSettings
    {
        /// <summary>Messages (sends and forwards) per user per second, on average.</summary>
        public double SendsPerSecond { get; set; } = 10;

        /// <summary>Messages a user may send at once before the per-second rate applies.</summary>
        public int SendBurst { get; set; } = 30;

        /// <summary>Files a user may upload per hour.</summary>
        public int UploadsPerHour { get; set; } = 120;

        /// <summary>Bytes of uploaded files a user may keep on the server in all.</summary>
        public long UploadBytesPerUser { get; set; } = 2L * 1024 * 1024 * 1024;

        /// <summary>Uploads are refused while the data directory's disk has less free space than this.</summary>
        public long MinFreeDiskBytes { get; set; } = 512L * 1024 * 1024;

        /// <summary>An upload no message refers to is removed this long after it was uploaded.</summary>
        public TimeSpan UnreferencedUploadGrace { get; set; } = TimeSpan.FromHours(24);

        /// <summary>How often unreferenced uploads are looked for.</summary>
        public TimeSpan UploadSweepInterval { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>Groups and channels a user may create per hour.</summary>
        public int ChatsCreatedPerHour { get; set; } = 20;
    }

    /// <summary>Connection limits: Kestrel's, per client address and per user.</summary>
    public sealed class ConnectionSettings
    {
        /// <summary>Open connections in all; 0 sizes it below the process's file-descriptor limit.</summary>
        public long MaxConnections { get; set; }

        /// <summary>Open TCP connections from one client address (0: no limit).</summary>
        public int PerAddress { get; set; } = 500;

        /// <summary>Hub connections of one user on one node (0: no limit).</summary>
        public int HubConnectionsPerUser { get; set; } = 50;

        /// <summary>A connection that has not sent a whole request head by then is closed.</summary>
        public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>An idle keep-alive connection between requests is closed after this.</summary>
        public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(60);
    }
}
