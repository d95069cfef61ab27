using BenchmarkDotNet.Running;
using HazardMm.Benchmarks;

// dotnet run -c Release --project perf/HazardMm.Benchmarks -- --filter '*' [--job short]
// Classes the host cannot run (no membarrier) are left out with one line saying why.
var runnable = new List<Type>();
foreach (Type type in BenchmarkClasses.All)
{
    if (BenchmarkClasses.Unavailable(type) is string why)
    {
        Console.WriteLine($"skipped {type.Name}: {why}");
        continue;
    }

    runnable.Add(type);
}

BenchmarkSwitcher.FromTypes([.. runnable]).Run(args);
