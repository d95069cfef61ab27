using HazardMm.Schemes;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.SystematicTests;

/// <summary>
/// Every real scheme passes every scenario under every registered memory model at the CI budget: a fixed
/// seed and a fixed number of iterations, so a run is repeatable. The long exploration is
/// <c>hazardmm explore</c> (README). A failure saves its trace and says how to replay it.
/// </summary>
public sealed class ScenarioTests
{
    public const int CiIterations = 100;
    public const uint CiSeed = 20261126;

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (Scenario scenario in ScenarioCatalog.All)
        {
            foreach (string scheme in SchemeRegistry.Real.Select(d => d.Name))
            {
                foreach (MemoryModelDescriptor model in MemoryModels.All)
                {
                    data.Add(scenario.Name, scheme, model.Name);
                }
            }
        }

        return data;
    }

    public static TheoryData<string> Models => [.. MemoryModels.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void RealScheme_PassesScenario(string scenario, string scheme, string model)
    {
        Assert.True(ScenarioCatalog.TryFind(scenario, out Scenario s));
        SystematicResult result = CiExploration.Of(s, scheme, MemoryModels.Get(model));
        string? trace = result.FoundBug ? TraceFile.From(result).Save(Path.Combine(AppContext.BaseDirectory, "traces")) : null;
        Assert.False(result.FoundBug, $"{result.Case.Label}: {result.Bug} (replay: hazardmm replay {trace})");
        Assert.True(result.MaxControlledOperations >= s.Cpus + 1, $"only {result.MaxControlledOperations} controlled operations: the CPUs ran uncontrolled");
        Assert.Equal(CiIterations, result.IterationsRun);
        Assert.Equal(CiIterations, result.IterationsCompleted);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TheBrokenScheme_IsCaughtByEveryScenarioWhereNoFlushSavesIt(string model)
    {
        foreach (Scenario scenario in ScenarioCatalog.All.Where(s => s.Arch.Name == "arm64"))
        {
            SystematicResult result = SystematicRunner.Run(new SystematicCase(scenario, "busted", MemoryModels.Get(model), CiIterations, CiSeed));
            Assert.True(result.FoundBug, $"{scenario.Name}: busted survived {result.IterationsRun} iterations");
            Assert.Contains("use-after-free", result.Bug, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AnIterationCutOffAtTheStepBound_IsNotCountedAsCompleted()
    {
        // The completed count is what proves the scenario's final checks ran; show it can say no.
        Assert.True(ScenarioCatalog.TryFind("stale-lazy-mm", out Scenario s));
        SystematicResult result = SystematicRunner.Run(new SystematicCase(s, "hazard", MemoryModels.Get("sc"), 5, CiSeed) { MaxSteps = 10 });
        Assert.Equal(5, result.IterationsRun);
        Assert.Equal(0, result.IterationsCompleted);
    }
}
