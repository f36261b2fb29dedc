using ActorMessenger.Bench;
using ActorMessenger.Bench.Scenarios;
using Xunit;

namespace ActorMessenger.Tests.Bench;

/// <summary>The bench's pure parts: how a rate ladder is read and how fixed-rate figures are made.</summary>
public class RelayResultSpecs
{
    [Fact]
    public void A_ladder_scores_the_highest_rate_passed_before_the_first_failure()
    {
        var ladder = new Ladder([new(1000, 10, true), new(2000, 20, true), new(4000, 400, false)]);
        Assert.Equal(2000, ladder.Best);
        Assert.Equal(0, new Ladder([new(1000, 300, false)]).Best);
    }

    [Fact]
    public void A_ladder_whose_lower_step_has_the_higher_p99_is_not_steady()
    {
        Assert.False(new Ladder([new(1000, 180, true), new(2000, 90, true)]).Steady);
        Assert.True(new Ladder([new(1000, 10, true), new(2000, 30, true), new(4000, 20, false)]).Steady);
    }

    [Fact]
    public void Noise_of_a_few_milliseconds_between_steps_does_not_count_as_a_stall()
    {
        Assert.True(new Ladder([new(1000, 4, true), new(2000, 3, true)]).Steady);
        Assert.True(new Ladder([new(1000, 100, true), new(2000, 90, true)]).Steady);
    }

    [Fact]
    public void Fixed_rate_figures_are_per_message_and_their_medians_are_taken_figure_by_figure()
    {
        var one = FixedRateFigures.From(2000, TimeSpan.FromMilliseconds(400), 4_000_000, 2, 8, 0);
        Assert.Equal(200, one.CpuPerMessageMicros, 6);
        Assert.Equal(2000, one.AllocatedBytesPerMessage, 6);

        var median = FixedRateFigures.Median([one, one with { CpuPerMessageMicros = 100, P99Ms = 50, Lost = 1 }, one with { CpuPerMessageMicros = 300 }]);
        Assert.Equal(200, median.CpuPerMessageMicros, 6);
        Assert.Equal(8, median.P99Ms, 6);
        Assert.Equal(1, median.Lost);
    }

    [Fact]
    public void S1_is_compared_with_the_durable_baseline_and_carries_its_fixed_rate_figures()
    {
        var ctx = new BenchContext(Quick: true, RatesOverride: [1000, 2000, 4000, 8000]);
        Ladder Passing(int upTo) => new([.. ctx.Rates.Where(r => r <= upTo * 2).Select(r => new LadderStep(r, r <= upTo ? 10 : 400, r <= upTo))]);
        var ladders = new Dictionary<string, List<Ladder>>
        {
            ["B1"] = [Passing(4000), Passing(4000), Passing(4000)],
            ["B1d"] = [Passing(2000), Passing(2000), Passing(2000)],
            ["S1"] = [Passing(1000), Passing(1000), Passing(2000)],
        };
        FixedRateFigures Cpu(double micros) => new(micros, 1024, 1, 5, 0);
        var fixedRuns = new Dictionary<string, List<FixedRateFigures>>
        {
            ["B1"] = [Cpu(50)],
            ["B1d"] = [Cpu(100)],
            ["S1"] = [Cpu(250)],
        };

        var results = RelayResults.From(ctx, ladders, fixedRuns).ToDictionary(r => r.Id);

        Assert.Equal(["B1", "B1d", "S1"], results.Keys);
        Assert.Equal(1000, results["S1"].Value);
        Assert.Equal(2000, results["S1"].Baseline);
        Assert.Equal(0.5, results["S1"].Ratio);
        Assert.False(results["S1"].Met, "CPU per message is 2.5 times the durable baseline's");
        Assert.Equal(250, results["S1"].CpuPerMessageMicros);
        Assert.Equal(4000, results["B1d"].Baseline);
        Assert.Null(results["B1"].Baseline);
    }

    [Fact]
    public void S1_gets_no_verdict_when_the_durable_baseline_passed_no_step()
    {
        var ctx = new BenchContext(Quick: true, RatesOverride: [1000, 2000]);
        Ladder Failing() => new([new LadderStep(1000, 700, false)]);
        Ladder Passing() => new([new LadderStep(1000, 10, true), new LadderStep(2000, 400, false)]);
        var ladders = new Dictionary<string, List<Ladder>>
        {
            ["B1"] = [Passing(), Passing(), Passing()],
            ["B1d"] = [Failing(), Failing(), Passing()],
            ["S1"] = [Passing(), Passing(), Passing()],
        };
        var figures = new FixedRateFigures(100, 1024, 1, 5, 0);
        var fixedRuns = new Dictionary<string, List<FixedRateFigures>> { ["B1"] = [figures], ["B1d"] = [figures], ["S1"] = [figures] };

        var s1 = RelayResults.From(ctx, ladders, fixedRuns).Single(r => r.Id == "S1");

        Assert.Equal(0, s1.Baseline);
        Assert.Null(s1.Ratio);
        Assert.Null(s1.Met);
    }
}
