namespace HazardMm.Cpus;

/// <summary>
/// Runs the simulated CPUs' bodies, one execution context each: dedicated pinned OS threads in
/// production, a systematic tester's controlled threads in tests. The bodies are synchronous.
/// </summary>
public interface ICpuHost
{
    /// <summary>Starts <paramref name="cpus"/> bodies, <paramref name="body"/>(i) for CPU i.</summary>
    IRunningCpus Start(int cpus, Action<int> body);
}

/// <summary>The started CPUs.</summary>
public interface IRunningCpus
{
    /// <summary>Waits for every body to return; false if some are still running after <paramref name="timeout"/>.</summary>
    bool Join(TimeSpan timeout);

    /// <summary>One line on how the CPUs were placed on the host (pinned, oversubscribed, failures).</summary>
    string Placement { get; }
}
