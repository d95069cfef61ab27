using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using HazardMm.Benchmarks;

// dotnet run -c Release --project perf/HazardMm.Benchmarks -- --filter '*' [--job short]
// On a loaded host, single-threaded classes: add --inProcess --thread-cpu-clock (see ThreadCpuClock).
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

const string CpuClockFlag = "--thread-cpu-clock";
IConfig? config = args.Contains(CpuClockFlag)
    ? DefaultConfig.Instance.AddJob(Job.Default.WithClock(ThreadCpuClock.Instance).AsDefault())
    : null;
BenchmarkSwitcher.FromTypes([.. runnable]).Run([.. args.Where(a => a != CpuClockFlag)], config);
