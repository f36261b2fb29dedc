namespace ActorMessenger.Bench.Scenarios;

/// <summary>Sizes of a run: <c>--quick</c> finishes in about three minutes on two cores; the full run measures at the sizes.</summary>
/// <remarks><c>--rates</c>, <c>--step</c> and <c>--fanout</c> hold a chosen load for as long as a profiler needs.</remarks>
public sealed record BenchContext(bool Quick, int[]? RatesOverride = null, TimeSpan? StepOverride = null, int[]? FanOutOverride = null)
{
    /// <summary>A PostgreSQL database for S1-pg (<c>--pg</c>, given by bench.sh when PostgreSQL is installed); none: S1-pg is left out.</summary>
    public string? Postgres { get; init; }

    /// <summary>An empty PostgreSQL database for S1-3n (<c>--pg3</c>): three nodes form their cluster in it; none: S1-3n is left out.</summary>
    public string? PostgresForThreeNodes { get; init; }

    public int Repeats => 3;

    /// <summary>
    /// Rate ladders per 1:1 subject. B1 is no target's denominator (B1d is S1's), and its ladder is the
    /// longest (it passes every quick step), so a quick run climbs it once.
    /// </summary>
    public int LadderRepeats(string id) => Quick && id == "B1" ? 1 : Repeats;

    /// <summary>Fixed-rate runs per 1:1 subject: B1's once when quick, for the same reason as its ladder.</summary>
    public int FixedRateRepeats(string id) => LadderRepeats(id);

    public TimeSpan RateStep => StepOverride ?? (Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3));

    public int Pairs => 20;

    /// <summary>
    /// The rate ladder. The quick one ends at 64,000: a 96,000 step sends more messages than S1's whole
    /// ladder and only ever told B1 apart, which is not a target; B1 is then a lower bound when it passes
    /// 64,000, and the report says so.
    /// </summary>
    public int[] Rates => RatesOverride ?? (Quick ? [1000, 2000, 4000, 8000, 16000, 32000, 64000] : [250, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 12000, 16000, 24000, 32000, 48000, 64000, 96000, 128000]);

    /// <summary>One rate every 1:1 server passes, at which CPU and allocations per message are read.</summary>
    public int FixedRate => 2000;

    public TimeSpan FixedRateDuration => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(20);

    public int[] FanOut => FanOutOverride ?? (Quick ? [100, 1000] : [100, 1000, 5000]);

    /// <summary>
    /// Posts per fan-out run: enough for about a quarter of a million deliveries (fifty thousand when
    /// quick), so a run lasts seconds at any channel size. Fifty posts to 100 subscribers lasted under
    /// a tenth of a second, and the same bare hub then scored anywhere from 56,000 to 137,000.
    /// </summary>
    public int FanOutPosts(int subscribers) => Math.Clamp((Quick ? 50_000 : 250_000) / subscribers, 10, 2_500);

    /// <summary>S3 at the size in both modes: a freshly started server that this many users log in to.</summary>
    public int IdleUsers => 1000;

    /// <summary>
    /// S3's rounds, each on freshly started servers: one when quick (its managed figures moved by under a tenth
    /// between rounds); five in a full run, whose median is the resident-memory figure, which single rounds
    /// spread over nine KiB per user (38.0 to 47.0 in one full run) around a target it sits near.
    /// </summary>
    public int IdleRounds => Quick ? 1 : 5;

    public int StormUsers => Quick ? 32 : 500;

    /// <summary>S4a's users (no password hash to pay): 32 connects lasted a few tens of milliseconds, too short to rank.</summary>
    public int ReconnectUsers => Quick ? 300 : 1000;

    /// <summary>
    /// How long S4 watches the idle servers after its storms: the check is a share of a core, which
    /// five seconds read as well as ten on a quiet machine.
    /// </summary>
    public TimeSpan IdleWindow => Quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(10);

    /// <summary>S5's restarts: two when quick (each is a stop and a start of the server, seconds of runtime start-up).</summary>
    public int RecoveryRestarts => Quick ? 2 : Repeats;

    public int RecoveryMessages => Quick ? 3_000 : 100_000;

    public int JournalChats => Quick ? 20 : 50;

    public int JournalMessages => Quick ? 2_000 : 20_000;

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "am-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
