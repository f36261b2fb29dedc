using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ActorMessenger.Bench;

/// <summary>One scenario's figure beside its same-run baseline.</summary>
public sealed record ScenarioResult(
    string Id,
    string Scenario,
    double Value,
    string Unit,
    double? Baseline,
    string BaselineName,
    double? Ratio,
    string Target,
    bool? Met,
    IReadOnlyList<double> Runs,
    IReadOnlyList<double> BaselineRuns,
    string Note)
{
    /// <summary>At the fixed rate every 1:1 server passes: server CPU time per message, in µs.</summary>
    public double? CpuPerMessageMicros { get; init; }

    /// <summary>At the fixed rate: bytes the server allocated per message.</summary>
    public double? AllocatedBytesPerMessage { get; init; }

    /// <summary>At the fixed rate: median send-to-receive latency.</summary>
    public double? P50Ms { get; init; }

    /// <summary>At the fixed rate: 99th percentile of send-to-receive latency.</summary>
    public double? P99Ms { get; init; }

    /// <summary>S3: resident memory (VmRSS) growth per idle user, in KiB, of the subject and of its baseline.</summary>
    public double? ResidentKiB { get; init; }

    public double? BaselineResidentKiB { get; init; }
}

public static class Report
{
    /// <summary>
    /// A scenario's result from its runs and its baseline's runs: medians, their ratio, and whether
    /// <paramref name="met"/> (given value and ratio) holds.
    /// </summary>
    public static ScenarioResult Compare(
        string id,
        string scenario,
        string unit,
        IReadOnlyList<double> runs,
        IReadOnlyList<double> baselineRuns,
        string baselineName,
        string target,
        Func<double, double, bool> met,
        string note)
    {
        var value = Median(runs);
        var baseline = Median(baselineRuns);
        return new ScenarioResult(id, scenario, value, unit, baseline, baselineName, value / baseline, target, met(value, value / baseline), runs, baselineRuns, note);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
    }

    public static object Machine() => new
    {
        os = RuntimeInformation.OSDescription,
        cpu = CpuModel(),
        cores = Environment.ProcessorCount,
        memoryGiB = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        dotnet = RuntimeInformation.FrameworkDescription,
        date = DateTimeOffset.UtcNow,
    };

    public static string Markdown(IEnumerable<ScenarioResult> results, bool quick)
    {
        var machine = JsonSerializer.Serialize(Machine());
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}  ");
        md.AppendLine(CultureInfo.InvariantCulture, $"Mode: {(quick ? "--quick" : "full")}; each figure is the median of the runs listed, baseline and subject alternating.");
        md.AppendLine();
        md.AppendLine("| id | scenario | value | baseline | ratio | target | met | runs (subject / baseline) |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Id} | {r.Scenario} | {F(r.Value)} {r.Unit} | {(r.Baseline is { } b ? $"{F(b)} {r.Unit} ({r.BaselineName})" : r.BaselineName)} | {(r.Ratio is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "—")} | {r.Target} | {(r.Met is { } m ? (m ? "yes" : "**no**") : "—")} | {string.Join(", ", r.Runs.Select(F))} / {string.Join(", ", r.BaselineRuns.Select(F))} |");
        }

        var fixedRate = results.Where(r => r.CpuPerMessageMicros is not null).ToList();
        if (fixedRate.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| id | server CPU per message | allocated per message | p50 | p99 |");
            md.AppendLine("| --- | --- | --- | --- | --- |");
            foreach (var r in fixedRate)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Id} | {F(r.CpuPerMessageMicros ?? double.NaN)} µs | {F((r.AllocatedBytesPerMessage ?? double.NaN) / 1024)} KiB | {F(r.P50Ms ?? double.NaN)} ms | {F(r.P99Ms ?? double.NaN)} ms |");
            }

            md.AppendLine();
        }

        foreach (var r in results.Where(r => r.Note.Length > 0))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {r.Id}: {r.Note}");
        }

        return md.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Json(IEnumerable<ScenarioResult> results, bool quick) =>
        JsonSerializer.Serialize(new { machine = Machine(), mode = quick ? "quick" : "full", results }, JsonOptions);

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v >= 100 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
