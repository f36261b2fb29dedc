using System.Globalization;

namespace ActorMessenger.Bench.Scenarios;

/// <summary>One step of a rate ladder: its rate, its p99 latency, and whether it passed (no loss, p99 under the limit).</summary>
public sealed record LadderStep(int Rate, double P99, bool Passed);

/// <summary>One climb of the rate ladder, stopped at the first failing step.</summary>
public sealed record Ladder(IReadOnlyList<LadderStep> Steps)
{
    /// <summary>The highest rate passed before the first failure; 0 if the lowest step failed.</summary>
    public int Best => Steps.TakeWhile(s => s.Passed).Select(s => s.Rate).DefaultIfEmpty(0).Max();

    /// <summary>
    /// No periodic stalls: no passing step has a p99 above that of a higher passing step, beyond
    /// noise (5 ms and a quarter both).
    /// </summary>
    public bool Steady
    {
        get
        {
            var passed = Steps.TakeWhile(s => s.Passed).ToList();
            return !passed.Where((low, i) => passed.Skip(i + 1).Any(high => low.P99 > high.P99 + 5 && low.P99 > high.P99 * 1.25)).Any();
        }
    }

    public double? P99At(int rate) => Steps.FirstOrDefault(s => s.Rate == rate)?.P99;

    public override string ToString() =>
        string.Join(", ", Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Rate}: {s.P99:0.#}{(s.Passed ? "" : " ✗")}")));
}

/// <summary>A server's figures at the fixed rate.</summary>
public sealed record FixedRateFigures(double CpuPerMessageMicros, double AllocatedBytesPerMessage, double P50Ms, double P99Ms, int Lost)
{
    public static FixedRateFigures From(int messages, TimeSpan cpu, long allocatedBytes, double p50Ms, double p99Ms, int lost) =>
        new(cpu.TotalMicroseconds / messages, (double)allocatedBytes / messages, p50Ms, p99Ms, lost);

    /// <summary>Each figure's median over the runs.</summary>
    public static FixedRateFigures Median(IReadOnlyList<FixedRateFigures> runs) =>
        new(Report.Median([.. runs.Select(r => r.CpuPerMessageMicros)]),
            Report.Median([.. runs.Select(r => r.AllocatedBytesPerMessage)]),
            Report.Median([.. runs.Select(r => r.P50Ms)]),
            Report.Median([.. runs.Select(r => r.P99Ms)]),
            runs.Sum(r => r.Lost));
}

public static class FixedRateReporting
{
    public static ScenarioResult With(this ScenarioResult result, FixedRateFigures figures)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(figures);
        return result with
        {
            CpuPerMessageMicros = figures.CpuPerMessageMicros,
            AllocatedBytesPerMessage = figures.AllocatedBytesPerMessage,
            P50Ms = figures.P50Ms,
            P99Ms = figures.P99Ms,
        };
    }
}

/// <summary>B1, B1d and S1 from their ladders and fixed-rate runs.</summary>
public static class RelayResults
{
    /// <summary>The rate at which S1's latency target is set (an office's busy hour, many times over).</summary>
    public const int LatencyTargetRate = 1000;

    public const double LatencyTargetMs = 50;

    public static List<ScenarioResult> From(BenchContext ctx, IReadOnlyDictionary<string, List<Ladder>> ladders, IReadOnlyDictionary<string, List<FixedRateFigures>> fixedRuns)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(ladders);
        ArgumentNullException.ThrowIfNull(fixedRuns);
        List<double> Runs(string id) => [.. ladders[id].Select(l => (double)l.Best)];
        var (b1, b1d, s1) = (Runs("B1"), Runs("B1d"), Runs("S1"));
        var (b, bd, s) = (Report.Median(b1), Report.Median(b1d), Report.Median(s1));
        var fixedRate = fixedRuns.ToDictionary(f => f.Key, f => FixedRateFigures.Median(f.Value));

        // A baseline that passed the top step was not measured, only bounded: a ratio against it is
        // then an upper bound, which can show a miss but never a pass.
        var top = ctx.Rates[^1];
        var cpuRatio = fixedRate["S1"].CpuPerMessageMicros / fixedRate["B1d"].CpuPerMessageMicros;
        // A baseline that passed no step measured nothing either (a loaded machine stalled it): no verdict.
        bool? met = bd == 0 ? null : s / bd >= 0.5 && cpuRatio <= 2 ? (bd >= top ? null : true) : false;
        string Bound(double value, string id) => value >= top ? $"; {id} passed the top step, so it is a lower bound (run without --quick or with higher --rates)" : "";

        var p99AtTarget = ladders["S1"].Select(l => l.P99At(LatencyTargetRate)).OfType<double>().ToList();
        var latency = p99AtTarget.Count == 0
            ? $"the ladder has no {LatencyTargetRate} msg/s step"
            : string.Create(CultureInfo.InvariantCulture, $"p99 at {LatencyTargetRate} msg/s {Report.Median(p99AtTarget):0.#} ms (target < {LatencyTargetMs}; runs {string.Join(", ", p99AtTarget.Select(p => p.ToString("0.#", CultureInfo.InvariantCulture)))})");
        var steady = ladders["S1"].All(l => l.Steady) ? "yes" : "**no**";
        // The durable minimum's own ladders by the same rule: its commits wait for the same disk.
        var baselineSteady = ladders["B1d"].Count(l => l.Steady);
        var stepsOf = string.Join("; ", ladders["S1"].Select((l, i) => $"run {i + 1}: {l}"));
        var fixedNote = string.Create(CultureInfo.InvariantCulture, $"fixed rate {ctx.FixedRate} msg/s for {ctx.FixedRateDuration.TotalSeconds:0} s, medians of {ctx.Repeats}; lost there: {fixedRate["S1"].Lost}");

        return
        [
            new ScenarioResult("B1", "raw SignalR 1:1 relay, no actors, no storage", b, "msg/s", null, "— (the denominator)", null, "—", null, b1, [],
                $"{ctx.Pairs} sender/receiver pairs; rate steps {string.Join('/', ctx.Rates)} msg/s of {ctx.RateStep.TotalSeconds:0.#} s; pass = no loss and p99 < {RelayRates.LatencyLimitMs} ms{Bound(b, "B1")}{(b1.Count < ctx.Repeats ? $"; its ladder and fixed rate ran {b1.Count} time(s) (quick: it is no target's denominator)" : "")}")
            .With(fixedRate["B1"]),
            new ScenarioResult("B1d", "bare hub, each message first committed to SQLite (one writer, group commit, WAL, synchronous=FULL), then acknowledged and relayed", bd, "msg/s", b, "B1", bd / b, "— (the durable limit: S1's denominator)", null, b1d, b1,
                $"the journal's table shape and unique index, prepared insert, WAL checkpointed beside the writer as the server's is{Bound(bd, "B1d")}")
            .With(fixedRate["B1d"]),
            new ScenarioResult("S1", "persisted 1:1 delivery through the actors", s, "msg/s", bd, "B1d", bd > 0 ? s / bd : null, "≥ 0.50 of B1d, CPU per message ≤ 2× B1d's", met, s1, b1d,
                string.Create(CultureInfo.InvariantCulture, $"send_message → persisted → new_message at the recipient, same pass rule; {s / b:0.00} of B1; CPU per message {cpuRatio:0.0}× B1d's; {latency}; steady (no lower step's p99 above a higher passing step's): {steady} (B1d steady in {baselineSteady} of its {ladders["B1d"].Count} ladders); {fixedNote}; p99 ms by step, {stepsOf}"))
            .With(fixedRate["S1"]),
            .. ladders.ContainsKey("S1-pg")
                ? [Beside(ctx, "S1-pg", "S1 on one node with PostgreSQL (--db, a private server on this machine, fsync on) instead of SQLite", ladders["S1-pg"], fixedRate["S1-pg"], s, s1, "same pairs")]
                : Array.Empty<ScenarioResult>(),
            .. ladders.ContainsKey("S1-3n")
                ? [Beside(ctx, "S1-3n", "S1 on three nodes of one cluster sharing one PostgreSQL (all on this machine), each pair's sender and receiver on different nodes", ladders["S1-3n"], fixedRate["S1-3n"], s, s1, "as many pairs; CPU and allocations summed over the three nodes")]
                : Array.Empty<ScenarioResult>(),
        ];
    }

    /// <summary>A variant of S1 (another store, several nodes), against S1 (one node, SQLite) of the same run.</summary>
    private static ScenarioResult Beside(BenchContext ctx, string id, string scenario, List<Ladder> ladders, FixedRateFigures fixedRate, double s, List<double> s1, string how)
    {
        List<double> runs = [.. ladders.Select(l => (double)l.Best)];
        var value = Report.Median(runs);
        var p99AtTarget = ladders.Select(l => l.P99At(LatencyTargetRate)).OfType<double>().ToList();
        var latency = p99AtTarget.Count == 0 ? $"the ladder has no {LatencyTargetRate} msg/s step" : string.Create(CultureInfo.InvariantCulture, $"p99 at {LatencyTargetRate} msg/s {Report.Median(p99AtTarget):0.#} ms");
        return new ScenarioResult(id, scenario, value, "msg/s", s, "S1", s > 0 ? value / s : null, "— (beside S1)", null, runs, s1,
            string.Create(CultureInfo.InvariantCulture, $"{how}, same ladder and pass rule as S1; {latency}; fixed rate {ctx.FixedRate} msg/s, lost there: {fixedRate.Lost}; p99 ms by step, {string.Join("; ", ladders.Select((l, i) => $"run {i + 1}: {l}"))}"))
            .With(fixedRate);
    }
}
