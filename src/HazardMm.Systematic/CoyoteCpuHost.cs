using HazardMm.Cpus;
using HazardMm.Systematic.Memory;
using CTask = Microsoft.Coyote.Rewriting.Types.Threading.Tasks.Task;

namespace HazardMm.Systematic;

/// <summary>
/// Runs the same CPU bodies as the hardware host, as Coyote-controlled tasks: each body is spawned
/// through Coyote's public task shim (a plain Task.Run or new Thread would run silently
/// uncontrolled) and bound to its simulated CPU at the top, so the memory model can find its store
/// buffer. Coyote runs one body at a time and switches at every scheduling point of the seam.
/// </summary>
public sealed class CoyoteCpuHost : ICpuHost
{
    private readonly ModelMachine _machine;

    public CoyoteCpuHost(ModelMachine machine)
    {
        _machine = machine;
    }

    public IRunningCpus Start(int cpus, Action<int> body)
    {
        var tasks = new Task[cpus];
        for (int i = 0; i < cpus; i++)
        {
            int cpu = i;
            tasks[i] = CTask.Run(() =>
            {
                using SimulatedCpu.Binding binding = SimulatedCpu.Bind(_machine, cpu);
                body(cpu);
            });
        }

        return new ControlledCpus(tasks);
    }

    private sealed class ControlledCpus(Task[] tasks) : IRunningCpus
    {
        public string Placement => $"{tasks.Length} Coyote-controlled CPUs";

        /// <summary>Coyote decides when every body has finished; the timeout has no meaning under it.</summary>
        public bool Join(TimeSpan timeout)
        {
            CTask.WaitAll(tasks);
            return true;
        }
    }
}
