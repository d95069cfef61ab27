using HazardMm.Cpus;
using HazardMm.Torture;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm torture</c>: every requested scheme on every requested architecture, one after the
/// other, with a progress line per second and a SUCCESS/FAILURE line per case at the end. Ctrl-C
/// stops the running case (its checks still run) and skips the rest; the summary so far is printed.
/// </summary>
public static class TortureCommand
{
    /// <summary>Exit status when Ctrl-C cut the run short and nothing failed.</summary>
    public const int Interrupted = 130;

    public static int Run(TortureOptions options, TextWriter output, CancellationToken stop)
    {
        output.WriteLine($"hazardmm torture: {options.Describe()}");
        output.WriteLine($"replay the workload with: hazardmm torture --seed {options.Seed} --cpus {options.Cpus} (add the same --scheme/--arch)");
        var host = new HardwareCpuHost(options.Pin);
        var results = new List<TortureResult>();
        bool placementShown = false;
        foreach (var arch in options.Arches)
        {
            foreach (string scheme in options.Schemes)
            {
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                var c = new TortureCase(scheme, arch, options.Cpus, options.Duration, options.Seed);
                TortureResult result = TortureRunner.Run(c, host, p => output.WriteLine(p.ToString()), stop);
                if (!placementShown)
                {
                    output.WriteLine($"placement: {result.Placement}");
                    placementShown = true;
                }

                output.WriteLine($"[{c.Label}] {(result.Success ? "done" : "failed")}");
                results.Add(result);
            }
        }

        output.WriteLine();
        foreach (TortureResult result in results)
        {
            output.WriteLine(result.Summary);
        }

        if (results.Any(r => !r.Success))
        {
            return 1;
        }

        return stop.IsCancellationRequested ? Interrupted : 0;
    }
}
