using System.Collections.Concurrent;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.SystematicTests;

/// <summary>
/// The CI-budget exploration of each scenario × scheme × model, run once per test process: a seeded
/// run is deterministic, so <see cref="ScenarioTests"/> (its verdict) and <see cref="BranchCensusTests"/>
/// (its census) read the same result instead of exploring twice.
/// </summary>
internal static class CiExploration
{
    private static readonly ConcurrentDictionary<(string Scenario, string Scheme, string Model), Lazy<SystematicResult>> Runs = new();

    public static SystematicResult Of(Scenario scenario, string scheme, MemoryModelDescriptor model) =>
        Runs.GetOrAdd(
            (scenario.Name, scheme, model.Name),
            _ => new Lazy<SystematicResult>(() => SystematicRunner.Run(
                new SystematicCase(scenario, scheme, model, ScenarioTests.CiIterations, ScenarioTests.CiSeed)))).Value;
}
