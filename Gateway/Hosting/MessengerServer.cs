using ActorMessenger.Admin;
using ActorMessenger.Admin.Api;
using ActorMessenger.Admin.Live;
using ActorMessenger.Admin.Updates;
using ActorMessenger.Admin.Backups;
using ActorMessenger.Admin.Members;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Api;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Cluster;
using ActorMessenger.Gateway.Hubs;
using ActorMessenger.Persistence;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>Builds the whole server: configuration, data directory, Akka, auth, hub and endpoints.</summary>
public static class MessengerServer
{
    /// <summary>
    /// Builds and runs the server. A refused <c>--restore</c> ends with a one-line error and exit code 2,
    /// a data directory another server holds, one that cannot be written, a damaged database, a database
    /// server that cannot be reached or a port in use with one sentence saying what to do and exit code 1; none changes anything. A start
    /// refused for unchanged demo passwords ends with its reason and exit code 3, before listening.
    /// <c>--migrate-to</c> copies the data into PostgreSQL and exits instead (see <see cref="StorageMigrationCommand"/>).
    /// A restart asked by an admin ends with <see cref="ServerRestart.ExitCode"/> under a supervisor,
    /// or builds and starts the server again in this process (see <see cref="ServerRestart"/>).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? errors = null)
    {
        errors ??= Console.Error;
        if (ServerCommandLine.AsksForHelp(args))
        {
            Console.Write(ServerCommandLine.HelpText());
            return 0;
        }

        if (ServerCommandLine.AsksForVersion(args))
        {
            Console.WriteLine(ServerVersion.Line);
            return 0;
        }

        if (StorageMigrationCommand.IsAsked(args))
        {
            return await StorageMigrationCommand.RunAsync(args, Console.Out, errors);
        }

        while (true)
        {
            WebApplication app;
            try
            {
                app = Build(args);
            }
            catch (BackupRefusedException refused)
            {
                await errors.WriteLineAsync($"Not restored: {refused.Message} Nothing was changed.");
                return 2;
            }
            catch (Exception refused) when (refused is DataDirectoryInUseException or DataUnusableException or PortInUseException or ClusterSettingsException)
            {
                await errors.WriteLineAsync(refused.Message);
                return 1;
            }
            catch (StorageUnavailableException unavailable)
            {
                await errors.WriteLineAsync(unavailable.Message);
                return 1;
            }

            var lifecycle = app.Services.GetRequiredService<ServerLifecycle>();
            var clusterNode = app.Services.GetRequiredService<ClusterNode>();
            var urls = string.Join(", ", app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessengerOptions>>().Value.ListenUrls);
            try
            {
                await app.RunAsync();
            }
            catch (DemoPasswordsRefusedException refused)
            {
                await errors.WriteLineAsync(refused.Message);
                return 3;
            }
            catch (IOException bind) when (bind.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await errors.WriteLineAsync(ListenPortCheck.Refusal(urls));
                return 1;
            }
            catch (DataUnusableException refused)
            {
                await errors.WriteLineAsync(refused.Message);
                return 1;
            }
            catch (OperationCanceledException) when (clusterNode.Topology.Shared)
            {
                // Akka.Remote stops the actor system when a peer refuses its TLS handshake (another certificate);
                // the start's questions to the actors are then cancelled.
                await errors.WriteLineAsync("This node could not join the cluster: its actor system stopped while starting (the lines above say why; a peer that refused the TLS handshake has another cluster certificate).");
                return 1;
            }

            if (clusterNode.Downed)
            {
                // Downed by the cluster (it lost a split, or was taken for dead): a fresh process rejoins.
                await errors.WriteLineAsync($"This node was removed from the cluster; exit code {ServerRestart.ExitCode} asks the service manager to start it again, and it rejoins.");
                Environment.ExitCode = ServerRestart.ExitCode;
                return ServerRestart.ExitCode;
            }

            if (lifecycle.Requested != ServerStopReasons.Restart)
            {
                return 0;
            }

            if (lifecycle.Supervised)
            {
                Console.WriteLine($"Stopped for a restart: exit code {ServerRestart.ExitCode} asks the start script or service manager to start the server again.");

                // A Windows service reports the process's exit code to the service manager from here.
                Environment.ExitCode = ServerRestart.ExitCode;
                return ServerRestart.ExitCode;
            }

            Console.WriteLine("Stopped for a restart: starting again in this process.");
            args = ServerRestart.ArgumentsForRestart(args);
        }
    }

    /// <param name="customize">For tests: a last say on the builder (e.g. a logger provider that captures lines).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        (args, var allowDemoPasswords) = DemoPasswordGuard.TakeAllowSwitch(args);
        (args, var openBrowser) = BrowserLaunch.TakeSwitches(args);
        (args, var verbose) = ServerCommandLine.TakeVerbose(args);
        (args, var seeds) = ServerCommandLine.TakeSeeds(args);

        // appsettings.json ships beside the binary (it keeps request URLs, which may carry a token
        // for WebSockets and downloads, out of the console); relative data paths stay relative to
        // the folder the server is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, WebRootPath = WebClient.WebRoot });

        // Under systemd (Type=notify) or as a Windows service the host reports its start and stop to the
        // service manager; run any other way, both do nothing.
        builder.Host.UseSystemd();
        builder.Host.UseWindowsService(o => o.ServiceName = "ActorMessenger");

        // The old server read HOST and PORT; the command line still wins over them.
        builder.Configuration.AddInMemoryCollection(LegacyEnvironment());
        if (verbose)
        {
            builder.Configuration.AddInMemoryCollection(ServerCommandLine.VerboseSettings);
        }

        builder.Configuration.AddInMemoryCollection(seeds);
        builder.Configuration.AddCommandLine(args, ServerCommandLine.Switches);
        if (allowDemoPasswords)
        {
            builder.Configuration.AddInMemoryCollection([new("Messenger:AllowDemoPasswords", "true")]);
        }

        var options = builder.Configuration.GetSection(MessengerOptions.Section).Get<MessengerOptions>() ?? new MessengerOptions();
        var urls = builder.Configuration["urls"] is { Length: > 0 } given ? given : $"http://{options.Host}:{options.Port}";
        builder.Services.Configure<MessengerOptions>(builder.Configuration.GetSection(MessengerOptions.Section));
        builder.Services.PostConfigure<MessengerOptions>(o => o.ListenUrls = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(urls);
        }

        if (ListenPortCheck.FirstTaken(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) is { } taken)
        {
            throw new PortInUseException(ListenPortCheck.Refusal(taken));
        }

        PrivateFiles.RestrictNewFiles();
        var dataDirectory = new DataDirectory(options.DataDir);
        var dataLock = dataDirectory.Lock();
        ClusterNode clusterNode;
        try
        {
            clusterNode = new ClusterNode(ClusterTopology.From(options.Cluster, options.Host, sharedStore: !string.IsNullOrWhiteSpace(options.Db), StartupBanner.LanAddresses));
        }
        catch (ClusterSettingsException)
        {
            dataLock.Dispose();
            throw;
        }

        var storage = StorageBackends.Choose(dataDirectory, options.Db, options.Postgres);
        RestoreIfAsked(args, dataDirectory, storage.Backup, dataLock);
        try
        {
            storage.Initialize();
        }
        catch (StorageUnavailableException)
        {
            storage.Dispose();
            dataLock.Dispose();
            throw;
        }

        PrivateFiles.MakePrivate(dataDirectory.Path);

        var descriptors = FileDescriptorLimit.Raise();
        var connections = options.Connections;
        var connectionCap = FileDescriptorLimit.ConnectionCap(descriptors, FileDescriptorLimit.OpenNow(), connections.MaxConnections);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // The total is counted by ConnectionLimits (Kestrel's own cap logs a warning per refusal).
            kestrel.Limits.MaxConcurrentUpgradedConnections = connectionCap;
            kestrel.Limits.RequestHeadersTimeout = connections.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = connections.KeepAliveTimeout;
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => listen.ApplicationServices.GetRequiredService<ConnectionLimits>().Wrap(next)));
        });

        // Every failed hub invocation, refusals included, is logged there at Error with a trace;
        // HubErrorFilter logs refusals as one line and real faults with their trace instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.None);
        // Console only (plus what configuration adds): each further provider that takes scopes made every
        // request's log scopes a composite, kept by a hub socket's request for as long as it is open.
        foreach (var provider in builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider)
            && (d.ImplementationType == typeof(Microsoft.Extensions.Logging.Debug.DebugLoggerProvider)
                || d.ImplementationType == typeof(Microsoft.Extensions.Logging.EventSource.EventSourceLoggerProvider))).ToList())
        {
            builder.Services.Remove(provider);
        }

        builder.Logging.AddConsoleFormatter<CalmConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        // Under systemd the journal's own format (with each line's priority) is kept.
        if (!verbose && !Microsoft.Extensions.Hosting.Systemd.SystemdHelpers.IsSystemdService())
        {
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.FormatterName = CalmConsoleFormatter.FormatterName);
        }

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(dataDirectory);

        // The container disposes it when the host is disposed: the lock lives exactly as long as the server.
        services.AddSingleton(_ => new DataDirectoryLock(dataLock, storage));
        services.AddSingleton(storage);
        storage.AddServices(services);
        services.AddMessengerBackups(builder.Configuration);
        services.AddSingleton<UpdateBoard>();
        services.AddSingleton<IAdminCaller, TokenAdminCaller>();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<SessionGuard>();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<MessengerActors>();
        services.AddSingleton<UserLookup>();
        services.AddSingleton<UserConsent>();
        services.AddSingleton<SendGates>();
        services.AddSingleton<RefusalLog>();
        services.AddSingleton<UserLimits>();
        services.AddSingleton(sp => new ConnectionLimits(connectionCap, connections.PerAddress, connections.RequestHeadersTimeout, sp.GetRequiredService<RefusalLog>()));
        services.AddSingleton(new HubConnectionCaps(connections.HubConnectionsPerUser));
        services.AddSingleton(new AcceptGate(AcceptGate.SizeFor(connectionCap)));

        // Kestrel tries the factory registered last first: ours wraps its socket transport.
        services.AddSingleton<IConnectionListenerFactory>(sp => new GatedListenerFactory(
            new SocketTransportFactory(sp.GetRequiredService<IOptions<SocketTransportOptions>>(), sp.GetRequiredService<ILoggerFactory>()),
            sp.GetRequiredService<AcceptGate>()));
        services.AddMessengerAuth(options);
        services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = 64 * 1024;

            // A device may pipeline sends; their order is kept by the hub (see MessengerHub.InOrder).
            o.MaximumParallelInvocationsPerClient = Math.Clamp(options.ParallelCallsPerConnection, 1, 64);
        }).AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHubProtocol, OptionalArgumentHubProtocol>());

        // The filters as instances, not types: SignalR wraps a filter added by type in a factory that
        // makes it anew for every call (an async state machine and a service lookup per filter and call).
        services.AddOptions<HubOptions>().Configure<RefusalLog, ILogger<HubErrorFilter>, SessionGuard, TimeProvider, HubActivity>((o, refusals, errorLog, sessions, clock, activity) =>
        {
            o.AddFilter(new HubErrorFilter(refusals, errorLog));
            o.AddFilter(new SessionHubFilter(sessions, clock));
            o.AddFilter(new HubActivityFilter(activity));
        });
        services.AddSingleton<HubConnectionRegistry>();
        services.AddSingleton<HubLifetimeManager<MessengerHub>, RegisteringHubLifetimeManager<MessengerHub>>();
        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddNodeHealthChecks();
        services.AddSingleton(clusterNode);
        services.AddMessengerAkka(builder.Configuration, options, storage, clusterNode);
        services.AddHostedService<JournalRedaction>();
        services.AddHostedService<UploadSweeper>();
        services.AddSingleton<DemoPasswordReport>();
        services.AddHostedService<DemoUsersSeeder>();
        services.AddHostedService<StartupBanner>();
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<BrowserLaunch>(provider, openBrowser));
        services.AddSingleton<HubActivity>();
        services.AddSingleton<ServerLifecycle>();
        services.AddSingleton<IServerControl>(provider => provider.GetRequiredService<ServerLifecycle>());
        services.AddSingleton<INodeControl, NodeControl>();
        services.AddClusterCors();

        // After Akka's: registered later, its stopping callback runs first (see ServerLifecycle).
        services.AddHostedService(provider => provider.GetRequiredService<ServerLifecycle>());

        customize?.Invoke(builder);
        var app = builder.Build();

        // Made (or read) now, not at the first login: a missing or unreadable key should stop the start.
        app.Services.GetRequiredService<SigningKey>();
        app.Services.GetRequiredService<DataDirectoryLock>();
        app.UseSecurityHeaders();
        app.UseMessengerErrorHandling();
        app.UseStoppingRefusal();
        app.UseWebClientFiles();
        app.UseClusterCors();
        app.UseHubAuthentication();
        app.UseWhen(http => !HubAuthentication.Handled(http), scheme =>
        {
            scheme.UseAuthentication();
            scheme.UseAuthorization();

            // What the branch marks as used counts for the whole pipeline: the host would otherwise add
            // both middlewares again, at the start, for every request.
            foreach (var (key, value) in scheme.Properties)
            {
                ((IApplicationBuilder)app).Properties.TryAdd(key, value);
            }
        });
        app.UseHubConnectionCaps();
        app.UseRateLimiter();
        app.MapHealthChecks(HealthAnswer.Path, HealthAnswer.Liveness).AllowAnonymous();
        app.MapHealthChecks(HealthAnswer.ReadyPath, HealthAnswer.Readiness).AllowAnonymous();
        app.MapAuthEndpoints();
        app.MapMessengerEndpoints();
        app.MapSearchEndpoints();
        app.MapProfileEndpoints();
        app.MapPrivacyEndpoints();
        app.MapSessionEndpoints();
        app.MapClusterNodeEndpoints();
        app.MapFileEndpoints();
        app.MapAdminEndpoints().WithMessengerErrors();
        app.MapAdminUserEndpoints();
        app.MapUpdateCheck().WithMessengerErrors();
        // Our outbox closes a connection shortly before its token expires, saying why; SignalR's own
        // check is the backstop.
        app.MapHub<MessengerHub>("/hub", o => o.CloseOnAuthenticationExpiration = true);
        app.MapHub<AdminHub>(AdminHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        app.MapWebClient();
        return app;
    }

    /// <summary>Before anything opens the data: a backup named by <c>--restore</c> is checked and put in place, or the start is refused.</summary>
    private static void RestoreIfAsked(string[] args, DataDirectory data, IDataBackup dataBackup, IDisposable dataLock)
    {
        try
        {
            if (BackupRestorer.RequestedIn(args) is not { } file)
            {
                return;
            }

            var restored = new BackupRestorer(data, dataBackup, TimeProvider.System).Restore(file);
            Console.WriteLine($"Restored {restored.Manifest.Name} (taken {restored.Manifest.CreatedAt:u}) into {data.Path}."
                + (restored.ReplacedFolder is { } aside ? $" The data it replaced is in {aside}." : string.Empty));
        }
        catch
        {
            dataLock.Dispose();
            throw;
        }
    }

    /// <summary>Disposed with the host, after the actor system stopped: the storage is closed before the directory is let go.</summary>
    private sealed class DataDirectoryLock(IDisposable held, IStorageBackend storage) : IDisposable
    {
        public void Dispose()
        {
            storage.Dispose();
            held.Dispose();
        }
    }

    private static Dictionary<string, string?> LegacyEnvironment()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (Environment.GetEnvironmentVariable("HOST") is { Length: > 0 } host)
        {
            values["Messenger:Host"] = host;
        }

        if (Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } port)
        {
            values["Messenger:Port"] = port;
        }

        return values;
    }
}
