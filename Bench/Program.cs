using System.Globalization;
using ActorMessenger.Bench;
using ActorMessenger.Bench.Scenarios;

// The bench starts servers as child processes; one of them is this program in bare-hub mode.
if (args.Contains("--bare-hub"))
{
    var port = int.Parse(args[Array.IndexOf(args, "--port") + 1], CultureInfo.InvariantCulture);
    var journal = args.SkipWhile(a => a != "--journal").Skip(1).FirstOrDefault();
    await BareHubServer.RunAsync(port, journal);
    return 0;
}

var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',').ToHashSet(StringComparer.OrdinalIgnoreCase);
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine(Paths.Root, "bench", "results", "latest.json");
var rates = args.SkipWhile(a => a != "--rates").Skip(1).FirstOrDefault()?.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
var step = args.SkipWhile(a => a != "--step").Skip(1).FirstOrDefault() is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)) : (TimeSpan?)null;
var fanOut = args.SkipWhile(a => a != "--fanout").Skip(1).FirstOrDefault()?.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
// --quick leaves S1-pg and S1-3n out unless --only names them: starting PostgreSQL's server and three
// nodes and climbing two more ladders took about half of a quick run.
bool Wanted(string id) => !quick || (only?.Contains(id) ?? false);
var ctx = new BenchContext(quick, rates, step, fanOut) {
    Postgres = Wanted("S1-pg") ? args.SkipWhile(a => a != "--pg").Skip(1).FirstOrDefault() : null,
    PostgresForThreeNodes = Wanted("S1-3n") ? args.SkipWhile(a => a != "--pg3").Skip(1).FirstOrDefault() : null,
};
var results = new List<ScenarioResult>();

var scenarios = new (string Ids, Func<BenchContext, Task<List<ScenarioResult>>> Run)[]
{
    ("B1,B1d,S1,S1-pg,S1-3n", RelayRates.Run),
    ("S2", FanOut.Run),
    ("S3", IdleMemory.Run),
    ("S4,S4a,S4b", ConnectStorm.Run),
    ("S5", Recovery.Run),
    ("S6", JournalThroughput.Run),
};

foreach (var (ids, run) in scenarios)
{
    if (only is not null && !ids.Split(',').Any(only.Contains))
    {
        continue;
    }

    Console.Error.WriteLine($"== {ids}");
    var started = System.Diagnostics.Stopwatch.GetTimestamp();
    try
    {
        results.AddRange(await run(ctx));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {ids} took {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0} s"));
    }
    catch (Exception ex) when (ex is not OutOfMemoryException)
    {
        Console.Error.WriteLine($"   {ids} failed: {ex}");
        results.Add(new ScenarioResult(ids, "failed to run", double.NaN, "", null, "", null, "", false, [], [], ex.Message));
    }
}

var markdown = Report.Markdown(results, quick);
Console.WriteLine(markdown);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, Report.Json(results, quick));
await File.WriteAllTextAsync(Path.ChangeExtension(output, ".md"), markdown);
Console.Error.WriteLine($"written: {output}");
return results.Any(r => double.IsNaN(r.Value)) ? 1 : 0;
