using System.Reflection;
using BenchmarkDotNet.Attributes;
using HazardMm.Benchmarks;

namespace HazardMm.BenchmarkTests;

/// <summary>
/// Benchmarks are not tests, but each must run: for every benchmark class and every combination of
/// its parameters, GlobalSetup, each benchmark method a few times, the oracle's check where the class
/// has one, and GlobalCleanup, called directly on this thread (no BenchmarkDotNet process). Nothing
/// here looks at a time.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    private const int Invocations = 3;

    public static TheoryData<string> Classes => [.. BenchmarkClasses.All.Select(t => t.Name)];

    [Fact]
    public void EveryClassHasOneBaselineAndMeasuresAllocation()
    {
        Assert.NotEmpty(BenchmarkClasses.All);
        foreach (Type type in BenchmarkClasses.All)
        {
            Assert.True(type.GetCustomAttribute<MemoryDiagnoserAttribute>() is not null, $"{type.Name} has no [MemoryDiagnoser]");
            bool byCategory = type.GetCustomAttribute<GroupBenchmarksByAttribute>() is not null;
            var baselines = Benchmarks(type).Where(m => m.GetCustomAttribute<BenchmarkAttribute>()!.Baseline).ToList();
            var groups = byCategory ? Benchmarks(type).Select(Category).Distinct().ToList() : [string.Empty];
            foreach (string group in groups)
            {
                Assert.True(baselines.Count(m => !byCategory || Category(m) == group) == 1, $"{type.Name} {group}: not exactly one baseline");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void EachBenchmarkRuns(string name)
    {
        Type type = BenchmarkClasses.All.Single(t => t.Name == name);
        if (BenchmarkClasses.Unavailable(type) is string why)
        {
            Assert.Equal(typeof(RealIpiBenchmarks), type);
            Assert.False(string.IsNullOrWhiteSpace(why));
            return;
        }

        List<MethodInfo> benchmarks = Benchmarks(type);
        Assert.NotEmpty(benchmarks);
        foreach (IReadOnlyList<(PropertyInfo Property, object? Value)> combination in ParamCombinations(type))
        {
            object instance = Activator.CreateInstance(type)!;
            foreach ((PropertyInfo property, object? value) in combination)
            {
                property.SetValue(instance, value);
            }

            Invoke<GlobalSetupAttribute>(instance);
            try
            {
                foreach (MethodInfo benchmark in benchmarks)
                {
                    for (int i = 0; i < Invocations; i++)
                    {
                        benchmark.Invoke(instance, null);
                    }
                }

                (instance as IOracleChecked)?.CheckOracle();
            }
            finally
            {
                Invoke<GlobalCleanupAttribute>(instance);
            }
        }
    }

    /// <summary>
    /// The switch path allocates nothing: 0 B/switch, as the MemoryDiagnoser column should show. Any
    /// allocation per switch is at least one object (24 bytes or more) per round trip; fewer bytes than
    /// round trips in all means none is per switch. (The runtime's own one-off allocations while it
    /// tiers a method up, a few dozen bytes on this thread, are not the switch's.)
    /// </summary>
    [Fact]
    public void TheSwitchBenchmarksAllocateNothingPerSwitch()
    {
        const int roundTrips = 100_000;
        var switches = new SwitchBenchmarks();
        switches.Setup();
        try
        {
            foreach (MethodInfo benchmark in Benchmarks(typeof(SwitchBenchmarks)))
            {
                var run = (Action)Delegate.CreateDelegate(typeof(Action), switches, benchmark);
                for (int i = 0; i < 10_000; i++)
                {
                    run();
                }

                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < roundTrips; i++)
                {
                    run();
                }

                long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(bytes < roundTrips, $"{benchmark.Name}: {bytes} bytes over {roundTrips} round trips");
            }

            switches.CheckOracle();
        }
        finally
        {
            switches.Dispose();
        }
    }

    private static List<MethodInfo> Benchmarks(Type type) =>
        [.. type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)];

    private static string Category(MethodInfo method) =>
        method.GetCustomAttribute<BenchmarkCategoryAttribute>()?.Categories.Single() ?? string.Empty;

    private static void Invoke<TAttribute>(object instance)
        where TAttribute : Attribute
    {
        foreach (MethodInfo method in instance.GetType().GetMethods().Where(m => m.GetCustomAttribute<TAttribute>() is not null))
        {
            method.Invoke(instance, null);
        }
    }

    private static IEnumerable<IReadOnlyList<(PropertyInfo Property, object? Value)>> ParamCombinations(Type type)
    {
        IEnumerable<IReadOnlyList<(PropertyInfo, object?)>> combinations = [[]];
        foreach (PropertyInfo property in type.GetProperties().Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null))
        {
            object?[] values = property.GetCustomAttribute<ParamsAttribute>()!.Values;
            combinations = combinations.SelectMany(c => values.Select(v => (IReadOnlyList<(PropertyInfo, object?)>)[.. c, (property, v)])).ToList();
        }

        return combinations;
    }
}
